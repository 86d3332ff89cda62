"""Start a new year's plan from the last one: the same structure, no progress.

Areas, groups, targets, tasks, units and KPI thresholds are kept; updates, KPI
measurements and deadline triggers are dropped (they belong to the old year). The
file is edited in place with ruamel.yaml's round trip, so the staff's comments,
key order, quotes and one-line `{...}` deadlines stay as they were written; an
unchanged plan comes back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from ..atomic import PLAN, check_target, write_whole
from .load import load_file, load_text
from .model import FieldPath, Plan, walk, walk_targets
from .validate import validate

# What a new year starts without: progress of the old year.
PROGRESS = {"task": "updates", "kpi": "measurements", "deadline": "trigger"}


@dataclass
class NewYear:
    """The new plan's text and what staff must look at before using it."""

    text: str
    old_year: int
    removed: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PROGRESS.values(), 0))
    stale: list[tuple[FieldPath, str, str]] = field(default_factory=list)  # (path, task id, deadline text)
    shifted: list[tuple[str, str, str]] = field(default_factory=list)  # (task id, old text, new text)
    retitled: list[str] = field(default_factory=list)  # plan fields whose year was changed


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quoting are kept
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long title
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of content/plan.yaml
    return yaml


def _last_chain(node: Any) -> list[tuple[Any, Any, int]]:
    """Block containers down the last-element path of `node`: (container, last key, slot).

    ruamel keeps the comment lines written after a block in the comment slot of its
    deepest last key, or in `ca.end` when that last element is a `{...}` item.
    """
    chain = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        chain.append((node, key, 2 if isinstance(node, CommentedMap) else 0))
        node = node[key]
    return chain


def _remove(item: Any, key: str) -> None:
    """Delete `item[key]`, keeping the comment lines after it: they belong to what follows."""
    chain = [(item, key, 2), *_last_chain(item[key])]
    following = ""
    for container, last, index in reversed(chain):  # innermost first, as in the file
        slots = container.ca.items.get(last)
        token = slots[index] if slots and len(slots) > index else None
        if container is not item and token is not None:
            following += token.value.partition("\n")[2]  # the line's own comment goes with it
        if container is not item:  # `ca.end` keeps whole lines without their indentation
            following += "".join(" " * t.column + t.value for t in container.ca.end or [])
    del item[key]
    target = _last_chain(item)
    if not following or not target:
        return
    container, last, index = target[-1]
    slots = container.ca.items.setdefault(last, [None, None, None, None])
    if slots[index] is None:
        slots[index] = CommentToken("\n" + following, CommentMark(0), None)
    else:
        slots[index].value = slots[index].value.rstrip("\n") + "\n" + following


def _year_word(year: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\d){year}(?!\d)")


def _same_type(old: Any, new: str) -> Any:
    # A quoted scalar stays quoted: ruamel's string subclasses take the new text.
    return type(old)(new) if isinstance(old, str) else new


def _shift(deadline: Any, old_year: int, year: int) -> bool:
    """Move a date, month or quarter deadline by whole years; False if it cannot move."""
    kind = deadline.get("kind")
    if kind == "date" and isinstance(deadline.get("date"), dt.date):
        try:
            deadline["date"] = deadline["date"].replace(year=deadline["date"].year + year - old_year)
        except ValueError:  # 29 February in a year without one: a person decides
            return False
    elif kind in ("month", "quarter") and isinstance(deadline.get(kind), str):
        value = deadline[kind]
        deadline[kind] = _same_type(value, f"{int(value[:4]) + year - old_year}{value[4:]}")
    else:
        return False
    deadline["text"] = _same_type(
        deadline["text"], _year_word(old_year).sub(str(year), str(deadline["text"]))
    )
    return True


def _deadline_year(deadline: Any) -> int | None:
    kind = deadline.get("kind")
    value = deadline.get(kind) if kind in ("date", "month", "quarter") else None
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4])
    return None


def _at(data: Any, path: FieldPath) -> Any:
    """The value at `path` of the round-trip data: the typed plan's paths are the file's."""
    for part in path:
        data = data[part]
    return data


def _drop(item: Any, progress: str, result: NewYear) -> None:
    if progress in item:
        result.removed[progress] += len(item[progress])
        _remove(item, progress)


def new_year(
    text: str, old: Plan, year: int, as_of: dt.date | None = None, shift_deadlines: bool = False
) -> NewYear:
    """The plan `text`, valid and typed as `old`, made into the plan of `year`: its text and
    what changed."""
    yaml = _yaml()
    data = yaml.load(text)
    meta = data["plan"]
    old_year = int(meta["year"])
    result = NewYear(text="", old_year=old_year)
    meta["year"] = year
    meta["as_of"] = as_of or dt.date(year, 1, 1)
    for name in ("title", "source"):
        value = meta.get(name)
        if isinstance(value, str) and _year_word(old_year).search(value):
            meta[name] = _same_type(value, _year_word(old_year).sub(str(year), value))
            result.retitled.append(f"plan.{name}")
    for target in walk_targets(old):
        for k in range(len(target.target.kpis)):
            _drop(_at(data, (*target.path, "kpis", k)), PROGRESS["kpi"], result)
    for task in walk(old):
        item = _at(data, task.path)
        _drop(item, PROGRESS["task"], result)
        deadline = item["deadline"]
        if "trigger" in deadline:
            result.removed["trigger"] += 1
            _remove(deadline, "trigger")
        due_year = _deadline_year(deadline)
        if due_year is None or due_year >= year:
            continue
        before = str(deadline["text"])
        if shift_deadlines and due_year == old_year and _shift(deadline, old_year, year):
            result.shifted.append((task.task.id, before, str(deadline["text"])))
        else:
            result.stale.append(((*task.path, "deadline"), task.task.id, before))
    out = io.StringIO()
    yaml.dump(data, out)
    result.text = out.getvalue()
    return result


def write_new_year(
    source: Path,
    out: Path,
    year: int,
    as_of: dt.date | None = None,
    shift_deadlines: bool = False,
    force: bool = False,
) -> list[str]:
    """Write the new plan to `out` (over an existing file only with `force`); the lines to print."""
    check_target(out, PLAN, force, replace=False)  # before any work: the answer does not depend on it
    old = validate(load_file(source))  # an invalid old plan is reported as `check` reports it
    made = new_year(source.read_text(encoding="utf-8"), old, year, as_of, shift_deadlines)
    # The new plan must pass the same checks as any plan before it is written.
    located = load_text(made.text, str(out))
    plan = validate(located)
    write_whole(out, made.text.encode("utf-8"), PLAN, force, replace=False)
    removed = made.removed
    lines = [
        f"{out}: đã tạo kế hoạch năm {year} từ {source} ({len(plan.tasks())} nhiệm vụ; "
        f"bỏ {removed['updates']} cập nhật, {removed['measurements']} số liệu chỉ tiêu, "
        f"{removed['trigger']} mốc trigger; ngày chốt số liệu {plan.plan.as_of:%d/%m/%Y}) [new plan written]"
    ]
    if made.retitled:
        lines.append(
            f"Đã đổi năm {made.old_year} thành {year} trong {', '.join(made.retitled)}: hãy đối chiếu."
        )
    for task_id, before, after in made.shifted:
        lines.append(f"  {task_id}: thời hạn '{before}' -> '{after}'")
    if made.shifted:
        lines.append(f"Đã dời {len(made.shifted)} thời hạn sang năm {year} [deadlines shifted].")
    if made.stale:
        lines.append(
            f"{len(made.stale)} thời hạn vẫn ở năm cũ, cần sửa theo kế hoạch mới "
            f"(hoặc chạy lại với --shift-deadlines) [deadlines still in the old year]:"
        )
        for path, task_id, text in made.stale:
            line, col = located.where(path)
            lines.append(f"{out}:{line}:{col}: {task_id}: thời hạn '{text}'")
    lines.append("Ghi chú (#) của kế hoạch cũ được giữ nguyên: hãy đọc lại phần đầu tệp.")
    return lines
