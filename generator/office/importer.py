"""A workbook made by `export --xlsx` (and edited by staff) back to a plan.

Every value is located by sheet, row and column; the plan is checked by the same
validation as the YAML file (`validate.validate`), so a mistake in a cell is
reported like a mistake in the file: "trang tính 'Cập nhật', dòng 5, cột C: ...".
Formulas are refused: the plan holds values, never something Excel computed.
The workbook is read row by row, once its size is known to be within limits.py:
a zip bomb or a sheet of a million rows is refused before it costs memory.

Writing into an existing plan file keeps its comments, order and quoting: the
file is read with ruamel.yaml (round-trip mode), only values that changed are
replaced, and the result goes through `atomic.write_whole`: a temporary file, checked, then renamed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap

from ..atomic import PLAN, check_target, write_whole
from ..errors import PlanError
from ..plan import yamledit
from ..plan.chars import quoted
from ..plan.check import check
from ..plan.labels import COMPARISON_LABELS, DEADLINE_LABELS, STATUS_LABELS
from ..plan.load import Located, Path_
from ..plan.model import Plan
from ..plan.validate import validate
from .cells import SheetError
from .export import EVIDENCE_SEP, ITEM_MARK, META_ROWS, READ_ONLY, SHEETS, YES, split_lines
from .limits import MAX_ROWS, check_parts, too_many_rows


@dataclass
class _Reader:
    file: str
    # (sheet position, row, column number, message): sorted so that problems read in sheet order
    found: list[tuple[int, int, int, str]] = field(default_factory=list)
    cells: set[tuple[str, int | None, str | None]] = field(default_factory=set)
    # Problem.col is an index into this list: validation reports (row, index).
    places: list[tuple[str, str]] = field(default_factory=lambda: [("Kế hoạch", "B")])
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def error(self, sheet: str, row: int | None, letter: str | None, message: str) -> None:
        where = f"trang tính '{sheet}'"
        if row is not None:
            where += f", dòng {row}"
        if letter is not None:
            where += f", cột {letter}"
        order = list(SHEETS).index(sheet) if sheet in SHEETS else len(SHEETS)
        column = column_index_from_string(letter) if letter else 0
        self.found.append((order, row or 0, column, f"{self.file}: {where}: {message}"))
        self.cells.add((sheet, row, letter))

    @property
    def problems(self) -> list[str]:
        return [message for *_, message in sorted(set(self.found))]

    def mark(self, path: Path_, sheet: str, row: int, letter: str) -> None:
        self.places.append((sheet, letter))
        self.values[path] = (row, len(self.places) - 1)


# Columns whose text is kept exactly as typed (the model's free-text `note` fields).
FREE_TEXT = {"Ghi chú", "Chủ trương: ghi chú"}


@dataclass
class _Row:
    sheet: str
    number: int
    cells: dict[str, Any]
    letters: dict[str, str]

    def has(self, header: str) -> bool:
        return self.cells.get(header) is not None


def _rows(reader: _Reader, wb: Any, name: str) -> list[_Row]:
    """Non-empty rows of a sheet as header -> value; formulas and missing columns are errors.

    Read row by row (the workbook is opened read-only), up to MAX_ROWS rows.
    """
    if name not in wb.sheetnames:
        reader.error(name, None, None, "không có trang tính này [missing sheet]")
        return []
    ws = wb[name]
    if (ws.max_row or 0) > MAX_ROWS:  # the size the sheet declares: refused before reading a row
        reader.error(name, None, None, too_many_rows(ws.max_row))
        raise SheetError(reader.problems)
    ws.reset_dimensions()  # a declared size smaller than the sheet must not hide rows
    sheet = ws.iter_rows()
    wanted = {c.title: c.header for c in SHEETS[name]}
    columns: dict[int, str] = {}
    for column, cell in enumerate(next(sheet, ()), start=1):
        title = str(cell.value).strip() if cell.value is not None else ""
        header = wanted.get(title) or wanted.get(title + READ_ONLY)
        if header is not None:
            columns[column] = header
    for spec in SHEETS[name]:
        if not spec.read_only and spec.header not in columns.values():
            reader.error(name, 1, None, f"thiếu cột '{spec.header}' [missing column]")
    rows = []
    for number, cells in enumerate(sheet, start=2):
        if number > MAX_ROWS:
            reader.error(name, None, None, too_many_rows(number))
            raise SheetError(reader.problems)
        values: dict[str, Any] = {}
        letters: dict[str, str] = {}
        for column, header in columns.items():
            cell = cells[column - 1] if column <= len(cells) else None
            if cell is None or cell.value is None:
                continue
            letter = get_column_letter(column)
            if cell.data_type == "f":
                reader.error(
                    name, number, letter, "ô chứa công thức; hãy nhập giá trị [formulas are not read]"
                )
                continue
            if isinstance(cell.value, str) and not cell.value.strip() and header not in FREE_TEXT:
                continue  # a stray space in an empty cell; free-text notes keep theirs exactly
            values[header] = cell.value
            letters[header] = letter
        if values:
            rows.append(_Row(name, number, values, letters))
    return rows


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if found:
            day, month, year = (int(x) for x in found.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return text
        return text
    return value


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*%?\s*", value):
        return int(value.strip().rstrip("%"))  # "60%" as staff type it
    return value


def _choice(value: Any, labels: dict[Any, str]) -> Any:
    """A code typed as itself or as its Vietnamese label."""
    if not isinstance(value, str):
        return value
    text = " ".join(value.split()).casefold()
    for code, label in labels.items():
        if text in (code.value.casefold(), label.casefold()):
            return code.value
    return value


def _links(value: Any) -> list[dict[str, str]]:
    out = []
    for line in split_lines(str(value)):
        title, sep, url = line.rpartition(EVIDENCE_SEP)
        out.append({"title": title, "url": url.strip()} if sep else {"title": "", "url": line.strip()})
    return out


def _yes(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip().casefold()
        if text in (YES.casefold(), "x", "true"):
            return True
        if text in ("không", "false"):
            return False
    return value


def read_plan_data(path: Path) -> tuple[dict[str, Any], _Reader]:
    """The plan as plain data with the cell of every value, and the problems found reading it."""
    reader = _Reader(path.name)
    try:
        check_parts(path)
        wb = load_workbook(path, read_only=True, data_only=False)
        try:
            sheets = {name: _rows(reader, wb, name) for name in SHEETS}
        finally:
            wb.close()
    except SheetError:
        raise
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetError([f"{path}: không mở được tệp Excel (.xlsx): {err} [not an xlsx file]"]) from None

    def put(target: dict[str, Any], key: str, value: Any, at: Path_, row: _Row, header: str) -> None:
        target[key] = value
        reader.mark((*at, key), row.sheet, row.number, row.letters[header])

    data: dict[str, Any] = {"plan": {}, "units": [], "areas": []}
    for row in sheets["Kế hoạch"]:
        label = _text(row.cells.get("Trường"))
        name = META_ROWS.get(label) if isinstance(label, str) else None
        if name is None:
            unknown = f"không biết trường {quoted(str(label))}"
            reader.error(row.sheet, row.number, row.letters.get("Trường"), unknown)
            continue
        if not row.has("Giá trị"):
            continue
        value = row.cells["Giá trị"]
        value = {"as_of": _date, "year": _whole, "sample": _yes}.get(name, _text)(value)
        put(data["plan"], name, value, ("plan",), row, "Giá trị")

    for row in sheets["Đơn vị"]:
        unit: dict[str, Any] = {}
        at: Path_ = ("units", len(data["units"]))
        for header, key in (("Mã", "id"), ("Tên", "name"), ("Tên ngắn", "short")):
            if row.has(header):
                put(unit, key, _text(row.cells[header]), at, row, header)
        if row.has("Tập hợp"):
            put(unit, "collective", _yes(row.cells["Tập hợp"]), at, row, "Tập hợp")
        data["units"].append(unit)
        reader.mark(at, row.sheet, row.number, "A")

    def record(row: _Row, at: Path_, pairs: tuple[tuple[str, str], ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for header, key in pairs:
            if row.has(header):
                put(out, key, _text(row.cells[header]), at, row, header)
        reader.mark(at, row.sheet, row.number, "A")
        return out

    areas: dict[str, tuple[dict[str, Any], Path_]] = {}
    for row in sheets["Lĩnh vực"]:
        at = ("areas", len(data["areas"]))
        area = record(row, at, (("Mã", "id"), ("Tên lĩnh vực", "title")))
        area.update(groups=[], targets=[])
        data["areas"].append(area)
        areas.setdefault(str(area.get("id")), (area, at))

    def parent(
        row: _Row, header: str, table: dict[str, tuple[dict[str, Any], Path_]], what: str
    ) -> tuple[dict[str, Any], Path_] | None:
        key = str(_text(row.cells.get(header)))
        if key not in table:
            missing = f"không có {what} {quoted(key)}"
            reader.error(row.sheet, row.number, row.letters.get(header, "A"), missing)
            return None
        return table[key]

    groups: dict[str, tuple[dict[str, Any], Path_]] = {}
    for row in sheets["Nhóm"]:
        owner = parent(row, "Lĩnh vực", areas, "lĩnh vực")
        if owner is None:
            continue
        at = (*owner[1], "groups", len(owner[0]["groups"]))
        group = record(row, at, (("Mã nhóm", "id"), ("Tên nhóm", "title")))
        group["targets"] = []
        owner[0]["groups"].append(group)
        groups.setdefault(str(group.get("id")), (group, at))

    targets: dict[str, tuple[dict[str, Any], Path_]] = {}
    for row in sheets["Mục tiêu"]:
        owner = (
            parent(row, "Nhóm", groups, "nhóm")
            if row.has("Nhóm")
            else parent(row, "Lĩnh vực", areas, "lĩnh vực")
        )
        if owner is None:
            continue
        at = (*owner[1], "targets", len(owner[0]["targets"]))
        target = record(row, at, (("Mã mục tiêu", "id"), ("Tên nội dung", "title"), ("Mục tiêu", "text")))
        target.update(kpis=[], tasks=[])
        owner[0]["targets"].append(target)
        targets.setdefault(str(target.get("id")), (target, at))

    kpis: dict[tuple[str, str], tuple[dict[str, Any], Path_]] = {}
    for row in sheets["Chỉ tiêu"]:
        owner = parent(row, "Mã mục tiêu", targets, "mục tiêu")
        if owner is None:
            continue
        at = (*owner[1], "kpis", len(owner[0]["kpis"]))
        kpi = record(row, at, (("Mã chỉ tiêu", "id"), ("Đại lượng", "metric"), ("Đơn vị", "unit")))
        if row.has("So sánh"):
            put(kpi, "comparison", _choice(row.cells["So sánh"], COMPARISON_LABELS), at, row, "So sánh")
        if row.has("Ngưỡng"):
            put(kpi, "value", row.cells["Ngưỡng"], at, row, "Ngưỡng")
        kpi["measurements"] = []
        owner[0]["kpis"].append(kpi)
        kpis.setdefault((str(owner[0].get("id")), str(kpi.get("id"))), (kpi, at))

    for row in sheets["Số liệu chỉ tiêu"]:
        pair = (str(_text(row.cells.get("Mã mục tiêu"))), str(_text(row.cells.get("Mã chỉ tiêu"))))
        if pair not in kpis:
            reader.error(
                row.sheet,
                row.number,
                row.letters.get("Mã chỉ tiêu", "B"),
                f"không có chỉ tiêu {quoted(pair[1])} của mục tiêu {quoted(pair[0])}",
            )
            continue
        kpi, kpi_at = kpis[pair]
        at = (*kpi_at, "measurements", len(kpi["measurements"]))
        measurement = record(row, at, (("Nguồn", "source"), ("Liên kết", "url")))
        if row.has("Ngày"):
            put(measurement, "date", _date(row.cells["Ngày"]), at, row, "Ngày")
        if row.has("Giá trị"):
            put(measurement, "value", row.cells["Giá trị"], at, row, "Giá trị")
        kpi["measurements"].append(measurement)

    units = _unit_ids(data["units"])
    tasks: dict[str, tuple[dict[str, Any], Path_]] = {}
    for row in sheets["Nhiệm vụ"]:
        owner = parent(row, "Mã mục tiêu", targets, "mục tiêu")
        if owner is None:
            continue
        at = (*owner[1], "tasks", len(owner[0]["tasks"]))
        task = record(row, at, (("STT", "id"),))
        shown = row.cells.get("Mục tiêu")
        wanted = f"{owner[0].get('id')}. {owner[0].get('text')}"
        if isinstance(shown, str) and " ".join(shown.split()) != " ".join(wanted.split()):
            # A read-only column: edits there would be lost silently, so say where they belong.
            reader.error(
                row.sheet,
                row.number,
                row.letters["Mục tiêu"],
                "cột 'Mục tiêu' chỉ để xem; hãy sửa lời mục tiêu ở trang tính 'Mục tiêu' "
                "và ghi mã mục tiêu ở cột 'Mã mục tiêu' [read-only column changed]",
            )
        if row.has("Nhiệm vụ cụ thể"):
            first, *rest = split_lines(str(row.cells["Nhiệm vụ cụ thể"])) or [""]
            put(task, "title", first, at, row, "Nhiệm vụ cụ thể")
            items = [line.strip().removeprefix(ITEM_MARK.strip()).strip() for line in rest]
            if items:
                put(task, "items", items, at, row, "Nhiệm vụ cụ thể")
        for header, key in (
            ("Sản phẩm", "products"),
            ("Cơ quan chủ trì", "lead"),
            ("Cơ quan phối hợp", "partners"),
        ):
            if row.has(header):
                values = [line.strip() for line in split_lines(str(_text(row.cells[header])))]
                if key != "products":
                    for v in values:
                        if v.casefold() not in units:
                            reader.error(
                                row.sheet,
                                row.number,
                                row.letters[header],
                                f"không có đơn vị {quoted(v)} ở trang tính 'Đơn vị' (ghi tên, tên ngắn "
                                "hoặc mã, mỗi đơn vị một dòng) [unknown unit]",
                            )
                    values = [units[v.casefold()] for v in values if v.casefold() in units]
                put(task, key, values, at, row, header)
        if row.has("Ghi chú"):
            put(task, "note", _text(row.cells["Ghi chú"]), at, row, "Ghi chú")
        deadline = _deadline(row, (*at, "deadline"), put)
        if deadline:
            task["deadline"] = deadline
            reader.mark(
                (*at, "deadline"), row.sheet, row.number, row.letters.get("Thời gian hoàn thành", "G")
            )
        task["updates"] = []
        owner[0]["tasks"].append(task)
        tasks.setdefault(str(task.get("id")), (task, at))

    for row in sheets["Cập nhật"]:
        owner = parent(row, "Mã nhiệm vụ", tasks, "nhiệm vụ")
        if owner is None:
            continue
        at = (*owner[1], "updates", len(owner[0]["updates"]))
        update = record(row, at, (("Kỳ báo cáo", "period"), ("Ghi chú", "note")))
        if row.has("Ngày"):
            put(update, "date", _date(row.cells["Ngày"]), at, row, "Ngày")
        if row.has("Trạng thái"):
            put(update, "status", _choice(row.cells["Trạng thái"], STATUS_LABELS), at, row, "Trạng thái")
        if row.has("Phần trăm"):
            put(update, "percent", _whole(row.cells["Phần trăm"]), at, row, "Phần trăm")
        if row.has("Minh chứng"):
            put(update, "evidence", _links(row.cells["Minh chứng"]), at, row, "Minh chứng")
        owner[0]["updates"].append(update)
    return data, reader


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


def _deadline(row: _Row, at: Path_, put: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if row.has("Thời gian hoàn thành"):
        put(out, "text", _text(row.cells["Thời gian hoàn thành"]), at, row, "Thời gian hoàn thành")
    kind = None
    if row.has("Loại thời hạn"):
        kind = _choice(row.cells["Loại thời hạn"], DEADLINE_LABELS)
        put(out, "kind", kind, at, row, "Loại thời hạn")
    if row.has("Hạn"):
        value = row.cells["Hạn"]
        if kind == "month" and isinstance(value, dt.datetime):
            value = f"{value.year}-{value.month:02d}"  # Excel reads "2022-11" as a date
        name = kind if kind in ("date", "month", "quarter") else "date"
        put(out, name, _date(value) if name == "date" else _text(value), at, row, "Hạn")
    if row.has("Loại thời hạn khác"):
        also = [
            _choice(line.strip(), DEADLINE_LABELS)
            for line in split_lines(str(row.cells["Loại thời hạn khác"]))
        ]
        put(out, "also", also, at, row, "Loại thời hạn khác")
    trigger_cells = ("Chủ trương: ngày", "Chủ trương: hạn", "Chủ trương: ghi chú", "Chủ trương: minh chứng")
    if any(row.has(h) for h in trigger_cells):
        trigger: dict[str, Any] = {}
        t_at = (*at, "trigger")
        for header, key in zip(trigger_cells, ("date", "due", "note", "evidence"), strict=True):
            if row.has(header):
                value = row.cells[header]
                value = (
                    _date(value)
                    if key in ("date", "due")
                    else _links(value)
                    if key == "evidence"
                    else _text(value)
                )
                put(trigger, key, value, t_at, row, header)
        out["trigger"] = trigger
    return out


def read_plan(path: Path) -> Plan:
    """The validated plan a workbook holds, or SheetError naming every bad cell."""
    data, reader = read_plan_data(path)
    try:
        plan = validate(Located(data, path.name, values=dict(reader.values)))
    except PlanError as err:
        explained = set(reader.cells)
        for p in err.problems:
            sheet, letter = reader.places[p.col] if 0 <= p.col < len(reader.places) else ("Kế hoạch", "A")
            if (sheet, p.line, letter) in explained:
                continue  # a cell read badly (e.g. an unknown unit) needs no second message
            # The cell already says where; the last part of the path names the field.
            name = re.split(r"\.(?![^\[]*\])", p.field)[-1] if p.field else ""
            field_words = f"{name}: " if name else ""
            reader.error(sheet, p.line, letter, field_words + p.message)
        raise SheetError(reader.problems) from None
    if reader.problems:
        raise SheetError(reader.problems)
    return plan


# --- writing the plan as YAML ---------------------------------------------------


def plain(value: Any) -> Any:
    """The plan as YAML-ready data: model field order, defaults left out, codes as text."""
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if not info.is_required() and item == info.get_default(call_default_factory=True):
                continue
            out[name] = plain(item)
        return out
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def plan_yaml(plan: Plan, base: str | None = None) -> str:
    """The plan as YAML text; with `base` (an existing file's text) its comments and layout stay."""
    data = yamledit.double_quoted(plain(plan))
    if base is not None:
        tree = yamledit.load(base)
        if not isinstance(tree, CommentedMap):
            raise SheetError(["tệp kế hoạch hiện có không phải một bảng YAML [not a YAML mapping]"])
        data = yamledit.merge(tree, data)
    return yamledit.dump(data)


def write_plan(plan: Plan, target: Path, force: bool = False) -> None:
    """Write `plan` into `target` through a checked temporary file; keep an existing file's comments."""
    check_target(target, PLAN, force)
    text = None
    if target.exists():
        try:
            base = target.read_text(encoding="utf-8")
            text = plan_yaml(plan, base) if base else None  # an empty file has no comments to keep
        except Exception as err:
            if not force:
                raise SheetError(
                    [
                        f"{target}: không đọc được tệp hiện có để giữ chú thích ({err}); "
                        "dùng --force để ghi đè toàn bộ [cannot update in place, use --force]"
                    ]
                ) from None
    text = text or plan_yaml(plan)

    def same_plan(written: Path) -> None:
        if check(written) != plan:
            raise SheetError([f"{target}: tệp ghi ra không khớp với bảng tính [round trip mismatch]"])

    write_whole(target, text.encode("utf-8"), PLAN, force, verify=same_plan)
