"""Start a new year's plan from the last one: the same structure, no progress.

Areas, groups, targets, tasks, units and KPI thresholds are kept; updates, KPI
measurements and deadline triggers are dropped (they belong to the old year). The
file is edited in place with ruamel.yaml's round trip, so the staff's comments,
key order, quotes and one-line `{...}` deadlines stay as they were written; an
unchanged plan comes back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..atomic import PLAN, check_target, write_whole
from . import yamledit
from .english import english_name
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


def _year_word(year: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!\d){year}(?!\d)")


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
        deadline[kind] = yamledit.restyled(value, f"{int(value[:4]) + year - old_year}{value[4:]}")
    else:
        return False
    for name in ("text", english_name("text")):  # the English says the same year
        if isinstance(deadline.get(name), str):
            deadline[name] = yamledit.restyled(
                deadline[name], _year_word(old_year).sub(str(year), str(deadline[name]))
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
        yamledit.remove(item, progress)


def new_year(
    text: str, old: Plan, year: int, as_of: dt.date | None = None, shift_deadlines: bool = False
) -> NewYear:
    """The plan `text`, valid and typed as `old`, made into the plan of `year`: its text and
    what changed."""
    data = yamledit.load(text)
    meta = data["plan"]
    old_year = int(meta["year"])
    result = NewYear(text="", old_year=old_year)
    meta["year"] = year
    meta["as_of"] = as_of or dt.date(year, 1, 1)
    for name in ("title", english_name("title"), "source"):
        value = meta.get(name)
        if isinstance(value, str) and _year_word(old_year).search(value):
            meta[name] = yamledit.restyled(value, _year_word(old_year).sub(str(year), value))
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
            yamledit.remove(deadline, "trigger")
        due_year = _deadline_year(deadline)
        if due_year is None or due_year >= year:
            continue
        before = str(deadline["text"])
        if shift_deadlines and due_year == old_year and _shift(deadline, old_year, year):
            result.shifted.append((task.task.id, before, str(deadline["text"])))
        else:
            result.stale.append(((*task.path, "deadline"), task.task.id, before))
    result.text = yamledit.dump(data)
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
    # What check will warn about in the new plan (titles still naming the old year): said now.
    lines += [str(notice) for notice in located.notices]
    lines.append("Ghi chú (#) của kế hoạch cũ được giữ nguyên: hãy đọc lại phần đầu tệp.")
    return lines
