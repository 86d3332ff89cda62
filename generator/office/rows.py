"""A workbook's sheets read back as rows of values, and each value as the plan writes it.

Columns are found by header (sheets.py), so staff may reorder them. Formulas are
refused: the plan holds values, never something Excel computed. The workbook is read
row by row, once its size is known to be within limits.py: a zip bomb or a sheet of a
million rows is refused before it costs memory. Every problem is kept with its sheet,
row and column, and said in the order of the workbook.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from ..errors import SheetError
from ..plan.model import FieldPath
from .limits import MAX_ROWS, check_parts, too_many_rows
from .sheets import EVIDENCE_SEP, PLAN, READ_ONLY, SHEETS, VALUE, YES, Col, Kind, Sheet

ROW_START = "A"  # a problem with a whole row is shown at the row's first cell
_ORDER = [sheet.name for sheet in SHEETS]


@dataclass
class Reader:
    """The problems found reading a workbook, and the cell every value was read from."""

    file: str
    # (sheet position, row, column number, message): sorted so that problems read in sheet order
    found: list[tuple[int, int, int, str]] = field(default_factory=list)
    cells: set[tuple[str, int | None, str | None]] = field(default_factory=set)
    # Problem.col is an index into this list: validation reports (row, index).
    places: list[tuple[str, str]] = field(default_factory=lambda: [(PLAN.name, PLAN.letter(VALUE))])
    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def error(self, sheet: str, row: int | None, letter: str | None, message: str) -> None:
        where = f"trang tính '{sheet}'"
        if row is not None:
            where += f", dòng {row}"
        if letter is not None:
            where += f", cột {letter}"
        order = _ORDER.index(sheet) if sheet in _ORDER else len(_ORDER)
        column = column_index_from_string(letter) if letter else 0
        self.found.append((order, row or 0, column, f"{self.file}: {where}: {message}"))
        self.cells.add((sheet, row, letter))

    @property
    def problems(self) -> list[str]:
        return [message for *_, message in sorted(set(self.found))]

    def mark(self, path: FieldPath, sheet: str, row: int, letter: str) -> None:
        self.places.append((sheet, letter))
        self.values[path] = (row, len(self.places) - 1)


@dataclass
class Row:
    """A row that holds something: its values by column, and where each column is."""

    sheet: Sheet
    number: int
    cells: dict[Col, Any]
    letters: dict[Col, str]  # of the cells read
    columns: Mapping[Col, str]  # of the sheet's columns, found by header

    def has(self, col: Col) -> bool:
        return self.cells.get(col) is not None

    def letter(self, col: Col) -> str:
        """Where `col` is in this row; where export puts it when the sheet lacks it."""
        return self.letters.get(col) or self.columns.get(col) or self.sheet.letter(col)


def read_sheets(path: Path) -> tuple[dict[Sheet, list[Row]], Reader]:
    """Every sheet's rows, and the problems found reading them."""
    reader = Reader(path.name)
    try:
        check_parts(path)
        wb = load_workbook(path, read_only=True, data_only=False)
        try:
            return {sheet: _rows(reader, wb, sheet) for sheet in SHEETS}, reader
        finally:
            wb.close()
    except SheetError:
        raise
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetError([f"{path}: không mở được tệp Excel (.xlsx): {err} [not an xlsx file]"]) from None


def _columns(reader: Reader, sheet: Sheet, header: tuple[Any, ...]) -> list[tuple[int, Col]]:
    """The sheet's columns found in its header row, with their numbers; a missing one is an error."""
    wanted = {c.title: c for c in sheet.columns}
    found = []
    for number, cell in enumerate(header, start=1):
        title = str(cell.value).strip() if cell.value is not None else ""
        col = wanted.get(title) or wanted.get(title + READ_ONLY)
        if col is not None:
            found.append((number, col))
    for col in sheet.columns:
        if not col.read_only and col not in {c for _, c in found}:
            reader.error(sheet.name, 1, None, f"thiếu cột '{col.header}' [missing column]")
    return found


def _rows(reader: Reader, wb: Any, sheet: Sheet) -> list[Row]:
    """Non-empty rows of a sheet; formulas and missing columns are errors.

    Read row by row (the workbook is opened read-only), up to MAX_ROWS rows.
    """
    if sheet.name not in wb.sheetnames:
        reader.error(sheet.name, None, None, "không có trang tính này [missing sheet]")
        return []
    ws = wb[sheet.name]
    if (ws.max_row or 0) > MAX_ROWS:  # the size the sheet declares: refused before reading a row
        reader.error(sheet.name, None, None, too_many_rows(ws.max_row))
        raise SheetError(reader.problems)
    ws.reset_dimensions()  # a declared size smaller than the sheet must not hide rows
    cells_of = ws.iter_rows()
    columns = [
        (number, col, get_column_letter(number))
        for number, col in _columns(reader, sheet, next(cells_of, ()))
    ]
    found = {col: letter for _, col, letter in columns}
    rows = []
    for number, cells in enumerate(cells_of, start=2):
        if number > MAX_ROWS:
            reader.error(sheet.name, None, None, too_many_rows(number))
            raise SheetError(reader.problems)
        values: dict[Col, Any] = {}
        letters: dict[Col, str] = {}
        for column, col, letter in columns:
            cell = cells[column - 1] if column <= len(cells) else None
            if cell is None or cell.value is None:
                continue
            if cell.data_type == "f":
                reader.error(
                    sheet.name, number, letter, "ô chứa công thức; hãy nhập giá trị [formulas are not read]"
                )
                continue
            if isinstance(cell.value, str) and not cell.value.strip() and col.kind is not Kind.NOTE:
                continue  # a stray space in an empty cell; free-text notes keep theirs exactly
            values[col] = cell.value
            letters[col] = letter
        if values:
            rows.append(Row(sheet, number, values, letters, found))
    return rows


# --- values as the plan writes them ---------------------------------------------------


def split_lines(text: str) -> list[str]:
    """The lines of a cell that hold something: the reverse of sheets.lines."""
    return [line for line in re.split(r"\r\n|\n|\r", text) if line.strip()]


def text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value


def date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        typed = value.strip()
        found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", typed)
        if found:
            day, month, year = (int(x) for x in found.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return typed
        return typed
    return value


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*%?\s*", value):
        return int(value.strip().rstrip("%"))  # "60%" as staff type it
    return value


def choice(value: Any, labels: Mapping[Any, str]) -> Any:
    """A code typed as itself or as its Vietnamese label."""
    if not isinstance(value, str):
        return value
    typed = " ".join(value.split()).casefold()
    for code, label in labels.items():
        if typed in (code.value.casefold(), label.casefold()):
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
        typed = value.strip().casefold()
        if typed in (YES.casefold(), "x", "true"):
            return True
        if typed in ("không", "false"):
            return False
    return value


def read(kind: Kind, value: Any, choices: Mapping[Any, str] | None = None) -> Any:
    """A cell's value as the plan field of a column of `kind` holds it (validation judges it)."""
    match kind:
        case Kind.DATE:
            return date(value)
        case Kind.WHOLE:
            return _whole(value)
        case Kind.NUMBER:
            return value
        case Kind.YES:
            return _yes(value)
        case Kind.LINKS:
            return _links(value)
        case Kind.LINES:
            return [line.strip() for line in split_lines(str(text(value)))]
        case Kind.CODE | Kind.WORD if choices is not None:
            return choice(value, choices)
        case Kind.CODES if choices is not None:
            return [choice(line.strip(), choices) for line in split_lines(str(value))]
    return text(value)
