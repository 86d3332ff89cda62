"""A workbook's rows as the plan's data: the tree of a plan file, each value with its cell.

Each sheet holds one kind of record; a row names the record it belongs to by id (a
REF column: a task's target, an update's task), and each of its other columns fills
the plan field sheets.py gives it. A row whose owner does not exist is named, with the
nearest ids that do, and left out; a cell that cannot be read as its kind is named
with what to type (rows.read); everything else is judged by validation, which finds
each value's cell here.
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from ..plan.chars import quoted
from ..plan.labels import DEADLINE_LABELS
from ..plan.model import FieldPath
from .rows import ROW_START, CellProblem, Reader, Row, choice, date, read, read_sheets, split_lines, text
from .sheets import (
    AREAS,
    GROUPS,
    ITEM_MARK,
    KPIS,
    LABEL,
    MEASUREMENTS,
    PLAN,
    PLAN_FIELDS,
    TARGET_TEXT,
    TARGETS,
    TASKS,
    TYPING,
    UNITS,
    UPDATES,
    VALUE,
    Col,
    Kind,
    items_field,
    target_words,
)

# A record found by id, with its path in the tree.
Found = tuple[dict[str, Any], FieldPath]
# The words naming the kind of record a REF column points to, in "không có mục tiêu 'II.1'".
_NAMES = {"area": "lĩnh vực", "group": "nhóm", "target": "mục tiêu", "task": "nhiệm vụ"}
# The sheet where each kind of record has its id, for "không có nhiệm vụ 'II.1.3.x' ở trang tính ...".
_SHEETS = {"area": AREAS, "group": GROUPS, "target": TARGETS, "task": TASKS}
# The sheets whose rows are records of a kind with an id (the rows of other sheets have none).
_OWNED = {sheet.name: kind for kind, sheet in _SHEETS.items()}
_DUE_KINDS = ("date", "month", "quarter")


class _Tree:
    """The plan's data as it is built from the sheets, with the records found by id."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.data: dict[str, Any] = {"plan": {}, "units": [], "areas": []}
        self.found: dict[str, dict[str, Found]] = {name: {} for name in _NAMES}
        self.kpis: dict[tuple[str, str], Found] = {}
        self.unit_ids: dict[str, str] = {}
        # Records whose row was left out (its owner is missing), by kind and id: the row number.
        self.dropped: dict[str, dict[str, int]] = {name: {} for name in _NAMES}

    def put(self, out: dict[str, Any], name: str, value: Any, at: FieldPath, row: Row, col: Col) -> None:
        """`out[name] = value`, `name` dotted into the records below `out`, and its cell kept."""
        *parents, key = name.split(".")
        for parent in parents:
            out = out.setdefault(parent, {})
            at = (*at, parent)
        out[key] = value
        self.reader.mark((*at, key), row.sheet.name, row.number, row.letter(col), col.header)

    def record(self, row: Row, at: FieldPath) -> dict[str, Any]:
        """The record a row holds: each of its filled columns in its field."""
        out: dict[str, Any] = {}
        links: dict[str, dict[int, dict[Kind, Col]]] = {}
        for col in row.cells:  # those found by header, link pairs past the declared ones included
            if col.kind in (Kind.LINK_TITLE, Kind.LINK_URL):
                links.setdefault(col.field, {}).setdefault(col.slot, {})[col.kind] = col
            elif col.field and col.kind not in (Kind.REF, Kind.SHOWN):
                self.cell(out, col, row, at)
        for name, pairs in links.items():
            self.links(out, name, [pairs[slot] for slot in sorted(pairs)], row, at)
        self.reader.mark(at, row.sheet.name, row.number, ROW_START)
        return out

    def links(
        self, out: dict[str, Any], name: str, pairs: list[dict[Kind, Col]], row: Row, at: FieldPath
    ) -> None:
        """The list of links `name` from its pairs of columns, in their numbers' order; a pair
        with one of its two cells empty is named at the empty cell."""
        *parents, key = name.split(".")
        for parent in parents:
            out = out.setdefault(parent, {})
            at = (*at, parent)
        items: list[dict[str, str]] = []
        for pair in pairs:
            item_at = (*at, key, len(items))
            item = {}
            for part, kind in (("title", Kind.LINK_TITLE), ("url", Kind.LINK_URL)):
                col = pair.get(kind)
                if col is not None:
                    item[part] = read(kind, row.cells[col])
                    self.reader.mark(
                        (*item_at, part), row.sheet.name, row.number, row.letter(col), col.header
                    )
                    continue
                other = next(iter(pair.values()))
                empty = next(
                    (c for c in row.columns if c.kind is kind and c.field == name and c.slot == other.slot),
                    None,
                )
                if empty is not None:
                    row.error(
                        self.reader,
                        empty,
                        f"ô trống; mỗi minh chứng cần cả tên và liên kết: {TYPING[kind]}, "
                        f"hoặc xóa ô '{other.header}' [evidence needs a title and a link]",
                    )
                else:  # its column was deleted: said at the cell that is filled
                    half = "tên" if part == "title" else "liên kết"
                    missing = f"thiếu cột cùng số ghi {half} của minh chứng [missing column]"
                    row.error(self.reader, other, missing)
                item[part] = ""
            first = next(iter(pair.values()))
            self.reader.mark(item_at, row.sheet.name, row.number, row.letter(first), first.header)
            items.append(item)
        if items:
            out[key] = items
            first = next(iter(pairs[0].values()))
            self.reader.mark((*at, key), row.sheet.name, row.number, row.letter(first), first.header)

    def cell(self, out: dict[str, Any], col: Col, row: Row, at: FieldPath) -> None:
        try:
            self.read_cell(out, col, row, at)
        except CellProblem as problem:
            # Said here in the cell's words; the raw value fails validation, which stays silent
            # about this cell (importer.read_plan), and the import stops.
            row.error(self.reader, col, str(problem))
            name = f"{col.field}.date" if col.kind is Kind.DUE else col.field
            self.put(out, name, text(row.cells[col]), at, row, col)

    def read_cell(self, out: dict[str, Any], col: Col, row: Row, at: FieldPath) -> None:
        value = row.cells[col]
        if col.kind is Kind.TITLE:
            first, *rest = split_lines(str(value)) or [""]
            self.put(out, col.field, first, at, row, col)
            items = [line.strip().removeprefix(ITEM_MARK.strip()).strip() for line in rest]
            if items:
                self.put(out, items_field(col.field), items, at, row, col)
        elif col.kind is Kind.UNITS:
            self.put(out, col.field, self.units(row, col), at, row, col)
        elif col.kind is Kind.DUE:
            self.due(out, col, row, at)
        else:
            self.put(out, col.field, read(col.kind, value, col.choices), at, row, col)

    def units(self, row: Row, col: Col) -> list[str]:
        """The unit ids a cell names, each unknown unit named as a problem."""
        values = read(Kind.LINES, row.cells[col])
        for v in values:
            if v.casefold() not in self.unit_ids:
                row.error(
                    self.reader,
                    col,
                    f"không có đơn vị {quoted(v)} ở trang tính '{UNITS.name}' (ghi tên, tên ngắn "
                    "hoặc mã, mỗi đơn vị một dòng) [unknown unit]",
                )
        return [self.unit_ids[v.casefold()] for v in values if v.casefold() in self.unit_ids]

    def due(self, out: dict[str, Any], col: Col, row: Row, at: FieldPath) -> None:
        """The deadline's date, month or quarter, in the field its kind names."""
        kind_col = row.sheet.field(f"{col.field}.kind")
        kind = choice(row.cells[kind_col], DEADLINE_LABELS) if row.has(kind_col) else None
        value = row.cells[col]
        if kind == "month" and isinstance(value, dt.datetime):
            value = f"{value.year}-{value.month:02d}"  # Excel reads "2022-11" as a date
        name = kind if kind in _DUE_KINDS else "date"
        self.put(out, f"{col.field}.{name}", date(value) if name == "date" else text(value), at, row, col)

    def owner(self, row: Row, col: Col) -> Found | None:
        """The record a row belongs to, by the id in its REF column `col`; when there is none,
        the ids nearest to the one typed are suggested."""
        key = str(text(row.cells.get(col)))
        found = self.found[col.field].get(key)
        if found is None and row.sheet.name in _OWNED:
            self.dropped[_OWNED[row.sheet.name]].setdefault(
                str(text(row.cells.get(row.sheet.field("id")))), row.number
            )
        if found is None:
            kind, sheet = _NAMES[col.field], _SHEETS[col.field]
            if key in self.dropped[col.field]:
                # Its own row is named already; the nearest ids would only mislead.
                at = f"trang tính '{sheet.name}', dòng {self.dropped[col.field][key]}"
                gloss = f"[its {col.field} has an error]"
                row.error(
                    self.reader, col, f"{kind} {quoted(key)} chưa đọc được: hãy sửa lỗi ở {at} trước {gloss}"
                )
                return None
            if row.has(col):
                missing = f"không có {kind} {quoted(key)} ở trang tính '{sheet.name}'"
            else:
                missing = f"ô trống; hãy ghi mã {kind} mà dòng này thuộc về"
            near = difflib.get_close_matches(key.strip(), list(self.found[col.field]), n=3, cutoff=0.6)
            near = near if row.has(col) else []
            said = [quoted(n) for n in near]
            hint = (
                f"; có phải {', '.join(said[:-1]) + ' hoặc ' if said[:-1] else ''}{said[-1]}?" if said else ""
            )
            row.error(self.reader, col, f"{missing}{hint} [unknown {col.field} id]")
        return found

    def add(self, row: Row, owner: Found, into: str, **lists: list[Any]) -> Found:
        """The row's record, added to `owner[into]` with its empty lists of children."""
        at = (*owner[1], into, len(owner[0][into]))
        out = self.record(row, at)
        out.update(lists)
        owner[0][into].append(out)
        return out, at

    def keep(self, kind: str, found: Found) -> None:
        self.found[kind].setdefault(str(found[0].get("id")), found)


def read_plan_data(path: Path) -> tuple[dict[str, Any], Reader]:
    """The plan as plain data with the cell of every value, and the problems found reading it."""
    sheets, reader = read_sheets(path)
    tree = _Tree(reader)
    root: Found = (tree.data, ())
    _plan_fields(tree, sheets[PLAN])
    for row in sheets[UNITS]:
        tree.add(row, root, "units")
    for row in sheets[AREAS]:
        tree.keep("area", tree.add(row, root, "areas", groups=[], targets=[]))
    for row in sheets[GROUPS]:
        owner = tree.owner(row, GROUPS.ref("area"))
        if owner is not None:
            tree.keep("group", tree.add(row, owner, "groups", targets=[]))
    in_group, in_area = TARGETS.ref("group"), TARGETS.ref("area")
    for row in sheets[TARGETS]:
        owner = tree.owner(row, in_group if row.has(in_group) else in_area)
        if owner is not None:
            tree.keep("target", tree.add(row, owner, "targets", kpis=[], tasks=[]))
    _kpis(tree, sheets[KPIS], sheets[MEASUREMENTS])
    tree.unit_ids = _unit_ids(tree.data["units"])
    for row in sheets[TASKS]:
        _task(tree, row)
    # By date: the plan lists a task's updates oldest first, and the sheet may be sorted or
    # filtered by any column (a row added at the bottom may be older than the rows above).
    for row in sorted(sheets[UPDATES], key=_day):
        owner = tree.owner(row, UPDATES.ref("task"))
        if owner is not None:
            tree.add(row, owner, "updates")
    return tree.data, reader


def _day(row: Row) -> dt.date:
    """The date of an update row; one that cannot be read sorts last (its cell is named)."""
    try:
        return date(row.cells.get(UPDATES.field("date")))
    except CellProblem:
        return dt.date.max


def _plan_fields(tree: _Tree, rows: list[Row]) -> None:
    """The plan sheet: one field of `plan:` a row, named by its label."""
    entries = {entry.label: entry for entry in PLAN_FIELDS}
    for row in rows:
        label = text(row.cells.get(LABEL))
        entry = entries.get(label) if isinstance(label, str) else None
        if entry is None:
            unknown = f"không biết trường {quoted(str(label))}"
            tree.reader.error(row.sheet.name, row.number, row.letters.get(LABEL), unknown)
        elif row.has(VALUE):
            try:
                value = read(entry.kind, row.cells[VALUE])
            except CellProblem as problem:
                row.error(tree.reader, VALUE, f"{entry.label}: {problem}")
                value = text(row.cells[VALUE])
            tree.put(tree.data["plan"], entry.field, value, ("plan",), row, VALUE)


def _kpis(tree: _Tree, kpi_rows: list[Row], measurement_rows: list[Row]) -> None:
    """KPIs under their targets, then their measurements, found by target and KPI id."""
    for row in kpi_rows:
        owner = tree.owner(row, KPIS.ref("target"))
        if owner is not None:
            kpi = tree.add(row, owner, "kpis", measurements=[])
            tree.kpis.setdefault((str(owner[0].get("id")), str(kpi[0].get("id"))), kpi)
    of_target, of_kpi = MEASUREMENTS.ref("target"), MEASUREMENTS.ref("kpi")
    for row in measurement_rows:
        pair = (str(text(row.cells.get(of_target))), str(text(row.cells.get(of_kpi))))
        if pair in tree.kpis:
            tree.add(row, tree.kpis[pair], "measurements")
        else:
            missing = f"không có chỉ tiêu {quoted(pair[1])} của mục tiêu {quoted(pair[0])}"
            row.error(tree.reader, of_kpi, missing)


def _task(tree: _Tree, row: Row) -> None:
    """A task under its target; its deadline is located at the deadline's words."""
    owner = tree.owner(row, TASKS.ref("target"))
    if owner is None:
        return
    shown = row.cells.get(TARGET_TEXT)
    wanted = target_words(owner[0].get("id"), owner[0].get("text"))
    if isinstance(shown, str) and " ".join(shown.split()) != " ".join(wanted.split()):
        # A read-only column: edits there would be lost silently, so say where they belong.
        row.error(
            tree.reader,
            TARGET_TEXT,
            f"cột '{TARGET_TEXT.header}' chỉ để xem; hãy sửa lời mục tiêu ở trang tính '{TARGETS.name}' "
            f"và ghi mã mục tiêu ở cột '{TASKS.ref('target').header}' [read-only column changed]",
        )
    task, at = tree.add(row, owner, "tasks")
    if "deadline" in task:
        deadline = row.letter(TASKS.field("deadline.text"))
        tree.reader.mark((*at, "deadline"), row.sheet.name, row.number, deadline)
    task["updates"] = []
    tree.keep("task", (task, at))


def _unit_ids(units: list[dict[str, Any]]) -> dict[str, str]:
    """Name, short name or id (any case) -> id, for the unit columns of the task sheet."""
    ids = {str(u["id"]).casefold(): str(u["id"]) for u in units if isinstance(u.get("id"), str)}
    words: dict[str, set[str]] = {}
    for unit in units:
        for key in ("short", "name"):
            if isinstance(unit.get(key), str) and isinstance(unit.get("id"), str):
                words.setdefault(unit[key].casefold(), set()).add(unit["id"])
    # A name two units share is ambiguous: left as typed, validation names the cell.
    names = {w: next(iter(found)) for w, found in words.items() if len(found) == 1 and w not in ids}
    return {**names, **ids}
