"""`python -m generator diff`: what a change to the plan changes for the public, in Markdown.

A reviewer of a pull request reads this instead of a YAML diff: tasks added, removed or
reworded, each task's shown status at each plan's own as-of date, new (or rewritten)
updates and evidence, KPI thresholds and measurements, and the as-of date. An unchanged
plan gives empty output.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from .errors import DiffError, UsageError
from .plan.check import check
from .plan.dates import end_of_year, vn_date
from .plan.english import english_places
from .plan.labels import (
    COMPARISON_LABELS,
    MARKER_ICON,
    MARKER_LABELS,
    SHOWN_ICONS,
    SHOWN_LABELS,
    STATUS_LABELS,
    Marker,
)
from .plan.load import load_text
from .plan.model import Deadline, Kpi, Measurement, PlacedTask, Plan, Target, Task, Update, walk
from .plan.status import task_state
from .plan.validate import validate

# Markdown syntax GitHub reads in running text: escaped with a backslash. `$` opens math;
# `<` and `>` become entities (not every Markdown reads a backslash before `<`).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#~!$])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# What GitHub links by itself, escaped or not: web and mail addresses, @mentions. A word
# holding one is shown as code, where GitHub links nothing.
_ADDRESS = re.compile(r"@|://|www\.", re.IGNORECASE)
_TICKS = re.compile(r"`+")
TITLE_WIDTH = 90
T = TypeVar("T")


def md_text(value: object) -> str:
    """Text from the plan on one line, for GitHub Markdown: shown as typed, never as markup.

    Every piece of plan text in the summary (titles, notes, names, ids, links) goes
    through here: nothing it returns opens a link, image, HTML tag or comment, table
    cell, heading, emphasis or math.
    """
    # `|` splits a table cell even inside code: escaped between the pieces, never inside.
    return " ".join(
        "\\|".join(_code(piece) if _ADDRESS.search(piece) else _escape(piece) for piece in word.split("|"))
        for word in str(value).split()
    )


def _escape(text: str) -> str:
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """A code span around `text` (no spaces): fenced by more backticks than it holds."""
    fence = "`" * (max((len(run) for run in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _yes(value: bool) -> str:
    return "có" if value else "không"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_WIDTH else text[: TITLE_WIDTH - 1].rstrip() + "…"


def _link(title: str, url: str | None) -> str:
    """A document and its address, which shows as code: a reviewer reads where it leads."""
    return f"{md_text(title)} ({md_text(url)})" if url else md_text(title)


# --- reading the two plans --------------------------------------------------------------


def plan_from_text(text: str, name: str) -> Plan:
    """Load and validate plan text; PlanError lists every problem, located in `name`."""
    return validate(load_text(text, name))


def plan_at_revision(rev: str, plan: Path) -> tuple[str, str]:
    """(name, text) of `plan` as committed at git revision `rev` (a commit, branch or tag)."""

    def git(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
        except OSError as err:
            raise DiffError(f"không chạy được git: {err.strerror} [git not found]") from None

    def output(*args: str, cwd: Path) -> str:
        done = git(*args, cwd=cwd)
        if done.returncode != 0:
            detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
            raise DiffError(
                f"không đọc được {plan} ở phiên bản {rev}: {detail} [git {' '.join(args[:1])} failed]"
            )
        return done.stdout

    folder = plan.resolve().parent
    top = Path(output("rev-parse", "--show-toplevel", cwd=folder).strip())
    rel = plan.resolve().relative_to(top.resolve()).as_posix()
    # `rev` is typed by a person or a workflow: after --end-of-options git reads it as a
    # revision even when it starts with "-" (`--output=FILE` would write a file), and
    # ^{commit} accepts a commit only.
    verified = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}", cwd=top)
    if verified.returncode != 0:
        raise DiffError(
            f"không đọc được {plan} ở phiên bản '{rev}': đó không phải một commit của kho git. "
            "Sau --git hãy gõ mã commit, tên nhánh hoặc thẻ, ví dụ --git main hoặc --git HEAD~1 "
            "[--git takes a commit, branch or tag]"
        )
    commit = verified.stdout.strip()
    return f"{rev}:{rel}", output("show", "--end-of-options", f"{commit}:{rel}", cwd=top)


# --- what the public sees of a task -------------------------------------------------------


def _tasks(plan: Plan) -> dict[str, PlacedTask]:
    return {placed.task.id: placed for placed in walk(plan)}


def _targets(plan: Plan) -> dict[str, Target]:
    return {target.id: target for target in plan.targets()}


def _kpis(plan: Plan) -> dict[tuple[str, str], Kpi]:
    return {(t.id, k.id): k for t in _targets(plan).values() for k in t.kpis}


def _shown(task: Task, plan: Plan) -> str:
    """A task's status as its page shows it: symbol and words, percent, overdue or done late."""
    state = task_state(task, plan.plan.as_of, end_of_year(plan.plan.year))
    text = f"{SHOWN_ICONS[state.shown]} {SHOWN_LABELS[state.shown]}"
    if state.latest is not None and state.latest.percent is not None:
        text += f", {state.latest.percent}%"
    marker = Marker.OVERDUE if state.overdue else Marker.LATE if state.done_late else None
    if marker is not None:
        text += f", {MARKER_ICON} {MARKER_LABELS[marker]}"
    return text


def _units(ids: list[str], plan: Plan) -> str:
    names = {u.id: u.short for u in plan.units}
    return ", ".join(names.get(i, i) for i in ids) or "(không có)"


def _deadline(deadline: Deadline) -> str:
    typed = deadline.date or deadline.month or deadline.quarter
    text = deadline.text + (f" ({typed})" if typed else "")
    if deadline.trigger is not None:
        trig = deadline.trigger
        text += f"; có văn bản ngày {vn_date(trig.date)}, hạn {vn_date(trig.due)}"
        if trig.note:
            text += f" ({trig.note})"
    return text


def _task_fields(placed: PlacedTask, plan: Plan) -> dict[str, str]:
    """The task as its row on the site reads, field by field."""
    t = placed.task
    return {
        "mục tiêu": placed.target.id,
        "nhiệm vụ": t.title,
        "các ý": "; ".join(t.items) or "(không có)",
        "sản phẩm": "; ".join(t.products),
        "chủ trì": _units(t.lead, plan),
        "phối hợp": _units(t.partners, plan),
        "thời hạn": _deadline(t.deadline),
        "ghi chú": t.note or "(không có)",
        "ghi chú chép lại": t.transcription_note or "(không có)",
    }


def _update(update: Update) -> str:
    text = f"{vn_date(update.date)}, {STATUS_LABELS[update.status]}"
    if update.percent is not None:
        text += f", {update.percent}%"
    if update.period:
        text += f", kỳ {md_text(update.period)}"
    if update.note:
        text += f": {md_text(update.note)}"
    if update.evidence:
        text += ". Minh chứng: " + ", ".join(_link(e.title, e.url) for e in update.evidence)
    return text


def _measurement(m: Measurement, kpi: Kpi) -> str:
    return f"{vn_date(m.date)}: {m.value:g}{md_text(kpi.unit)} ({_link(m.source, m.url)})"


def _threshold(kpi: Kpi) -> str:
    return f"{md_text(kpi.metric)}: {COMPARISON_LABELS[kpi.comparison]} {kpi.value:g}{md_text(kpi.unit)}"


def _only_in(first: list[T], second: list[T]) -> list[T]:
    """Items of `first` not in `second`, counting repeats (models are compared by value)."""
    rest = list(second)
    left: list[T] = []
    for item in first:
        if item in rest:
            rest.remove(item)
        else:
            left.append(item)
    return left


# --- the comparison -----------------------------------------------------------------------


def _section(title: str, lines: list[str], count: int | None = None) -> Iterator[str]:
    """A heading with how many items follow (`count` when items take several lines)."""
    if lines:
        yield f"### {title} ({len(lines) if count is None else count})"
        yield ""
        yield from lines
        yield ""


def _name(placed: PlacedTask) -> str:
    return f"**{md_text(placed.task.id)}** {md_text(_short(placed.task.title))}"


def diff_plans(old: Plan, new: Plan) -> str:
    """Vietnamese Markdown of what changes for the public; '' when nothing does."""
    if old == new:
        return ""
    out: list[str] = []
    if old.plan.as_of != new.plan.as_of:
        out += [f"**Ngày chốt số liệu:** {vn_date(old.plan.as_of)} → {vn_date(new.plan.as_of)}", ""]

    general = []
    for label, a, b in (
        ("Tên kế hoạch", old.plan.title, new.plan.title),
        ("Cơ quan", old.plan.organization, new.plan.organization),
        ("Năm", old.plan.year, new.plan.year),
        ("Văn bản gốc", old.plan.source, new.plan.source),
        ("Dữ liệu minh họa", _yes(old.plan.sample), _yes(new.plan.sample)),
    ):
        if a != b:
            general.append(f"- {label}: {md_text(a)} → {md_text(b)}")
    out += _section("Thông tin chung", general)

    before, after = _tasks(old), _tasks(new)
    added = [f"- {_name(p)}: {_shown(p.task, new)}" for i, p in after.items() if i not in before]
    removed = [f"- {_name(p)}" for i, p in before.items() if i not in after]
    out += _section("Nhiệm vụ mới", added)
    out += _section("Nhiệm vụ bị xóa", removed)

    reworded, statuses, updates, rewritten = [], [], [], []
    for task_id, now in after.items():
        if task_id not in before:
            continue
        was = before[task_id]
        old_fields, new_fields = _task_fields(was, old), _task_fields(now, new)
        changes = [
            f"    - {field}: {md_text(old_fields[field])} → {md_text(new_fields[field])}"
            for field in new_fields
            if old_fields[field] != new_fields[field]
        ]
        if changes:
            reworded += [f"- {_name(now)}", *changes]
        old_shown, new_shown = _shown(was.task, old), _shown(now.task, new)
        if old_shown != new_shown:
            statuses.append(f"| {_name(now)} | {old_shown} | {new_shown} |")
        updates += [f"- {_name(now)}: {_update(u)}" for u in _only_in(now.task.updates, was.task.updates)]
        rewritten += [f"- {_name(now)}: {_update(u)}" for u in _only_in(was.task.updates, now.task.updates)]
    if statuses:
        statuses = ["| Nhiệm vụ | Trước | Sau |", "|---|---|---|", *statuses]
        out += [f"### Trạng thái thay đổi ({len(statuses) - 2})", "", *statuses, ""]
    out += _section("Cập nhật tiến độ mới", updates)
    out += _section("Cập nhật cũ bị xóa hoặc sửa (xem kỹ)", rewritten)
    out += _section("Nhiệm vụ sửa nội dung", reworded, sum(not line.startswith(" ") for line in reworded))

    out += _section("Chỉ tiêu (KPI)", list(_kpi_lines(old, new)))
    out += _section("Mục tiêu, lĩnh vực và đơn vị", list(_structure_lines(old, new)))
    out += _section("Lời tiếng Anh", list(_english_lines(old, new)))
    text = "\n".join(out).strip()
    # The models differ in what no section above compares (the order of tasks, areas or units).
    return text + "\n" if text else "Chỉ thứ tự các mục thay đổi; nội dung công khai giữ nguyên.\n"


def _kpi_lines(old: Plan, new: Plan) -> Iterator[str]:
    before, after = _kpis(old), _kpis(new)
    for key, kpi in after.items():
        where = f"**{md_text(key[0])}** {md_text(kpi.id)}"
        if key not in before:
            yield f"- {where}: chỉ tiêu mới, {_threshold(kpi)}"
            continue
        was = before[key]
        if _threshold(was) != _threshold(kpi):
            yield f"- {where}: {_threshold(was)} → {_threshold(kpi)}"
        for m in _only_in(kpi.measurements, was.measurements):
            yield f"- {where}: số liệu mới {_measurement(m, kpi)}"
        for m in _only_in(was.measurements, kpi.measurements):
            yield f"- {where}: số liệu bị xóa hoặc sửa {_measurement(m, was)}"
    for key, kpi in before.items():
        if key not in after:
            yield f"- **{md_text(key[0])}** {md_text(kpi.id)}: chỉ tiêu bị xóa ({_threshold(kpi)})"


def _structure_lines(old: Plan, new: Plan) -> Iterator[str]:
    old_areas, new_areas = {a.id: a for a in old.areas}, {a.id: a for a in new.areas}
    for area_id, area in new_areas.items():
        if area_id not in old_areas:
            yield f"- Lĩnh vực mới **{md_text(area_id)}** {md_text(area.title)}"
        elif (old_title := old_areas[area_id].title) != area.title:
            yield f"- Lĩnh vực **{md_text(area_id)}**: {md_text(old_title)} → {md_text(area.title)}"
    yield from (f"- Lĩnh vực bị xóa **{md_text(i)}**" for i in old_areas if i not in new_areas)
    old_targets, new_targets = _targets(old), _targets(new)
    for target_id, target in new_targets.items():
        was = old_targets.get(target_id)
        if was is None:
            yield f"- Mục tiêu mới **{md_text(target_id)}** {md_text(_short(target.text))}"
            continue
        for label, a, b in (("tên", was.title, target.title), ("lời văn", was.text, target.text)):
            if a != b:
                yield f"- Mục tiêu **{md_text(target_id)}**, {label}: {md_text(a or '')} → {md_text(b or '')}"
    yield from (f"- Mục tiêu bị xóa **{md_text(i)}**" for i in old_targets if i not in new_targets)
    old_units, new_units = {u.id: u for u in old.units}, {u.id: u for u in new.units}
    for unit_id, unit in new_units.items():
        if unit_id not in old_units:
            yield f"- Đơn vị mới: {md_text(unit.name)} ({md_text(unit.short)})"
        elif old_units[unit_id] != unit:
            was_unit = old_units[unit_id]
            yield (
                f"- Đơn vị {md_text(unit_id)}: {md_text(was_unit.name)} ({md_text(was_unit.short)}) → "
                f"{md_text(unit.name)} ({md_text(unit.short)})"
            )
    yield from (f"- Đơn vị bị xóa: {md_text(old_units[i].name)}" for i in old_units if i not in new_units)


def _english_lines(old: Plan, new: Plan) -> Iterator[str]:
    """The English texts (`_en` fields) added, changed or removed, each by its place and field."""
    before, after = english_places(old), english_places(new)
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        # A KPI's place is its target's id, then its own: bold only for the id, as elsewhere.
        record, _, kpi = key[0].partition(" ")
        where = " ".join(
            p for p in (f"**{md_text(record)}**" if record else "", md_text(kpi), _code(key[1])) if p
        )
        if was is None:
            yield f"- {where}: {md_text(now)}"
        elif now is None:
            yield f"- {where}: đã xóa ({md_text(was)})"
        else:
            yield f"- {where}: {md_text(was)} → {md_text(now)}"


def diff_command(files: list[Path], rev: str | None, plan: Path) -> None:
    """The `diff` subcommand: print the summary. Its errors (UsageError, DiffError, PlanError)
    are the caller's to print (errors.fail)."""
    if rev is None and len(files) != 2:
        raise UsageError("cần hai tệp (CŨ MỚI) hoặc --git REV [give OLD NEW or --git REV]")
    if rev is not None and files:
        raise UsageError("dùng --plan để chọn tệp khi so với --git [use --plan with --git]")
    if rev is not None:
        name, text = plan_at_revision(rev, plan)
        old, new = plan_from_text(text, name), check(plan)
    else:
        old, new = check(files[0]), check(files[1])
    sys.stdout.write(diff_plans(old, new))
