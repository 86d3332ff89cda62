"""A workbook's sheets read back as rows of values, and each value as the plan writes it.

Columns are found by header (sheets.py), so staff may reorder them. Formulas are
refused: the plan holds values, never something Excel computed. The workbook is read
row by row, once its size is known to be within limits.py: a zip bomb or a sheet of a
million rows is refused before it costs memory. Every problem is kept with its sheet,
row, column letter and header, and said in the order of the workbook.

A value is read as Excel or LibreOffice stores what staff typed or picked: a percent
cell holds 0.75 for 75 % (so a number from 0 to 1 is a fraction, above 1 the percent
itself), a date cell a date, a text cell the text ("31/12/2022", "75,5"). Percent is a
whole number, as in the plan: 75,5 and 75.5 alike are refused with the two whole numbers
to choose from. A value that cannot be read says, in the cell's words, what to type
(sheets.TYPING), never the plan file's syntax.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel

from ..errors import SheetError
from ..plan.chars import quoted
from ..plan.model import FieldPath
from ..plan.slug import fold
from .limits import MAX_ROWS, check_parts, too_many_rows
from .sheets import PLAN, SHEETS, TYPING, VALUE, YES, Col, Kind, Sheet

ROW_START = "A"  # a problem with a whole row is shown at the row's first cell
_ORDER = [sheet.name for sheet in SHEETS]


@dataclass
class Reader:
    """The problems found reading a workbook, and the cell every value was read from."""

    file: str
    # (sheet position, row, column number, message): sorted so that problems read in sheet order
    found: list[tuple[int, int, int, str]] = field(default_factory=list)
    cells: set[tuple[str, int | None, str | None]] = field(default_factory=set)
    # Problem.col is an index into this list (sheet, column letter, header or "" for a whole
    # row): validation reports (row, index).
    places: list[tuple[str, str, str]] = field(
        default_factory=lambda: [(PLAN.name, PLAN.letter(VALUE), VALUE.header)]
    )
    values: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def error(self, sheet: str, row: int | None, letter: str | None, message: str, header: str = "") -> None:
        where = f"trang tính '{sheet}'"
        if row is not None:
            where += f", dòng {row}"
        if letter is not None:
            where += f", cột {letter}"
        if header:
            where += f" ({header})"
        order = _ORDER.index(sheet) if sheet in _ORDER else len(_ORDER)
        column = column_index_from_string(letter) if letter else 0
        self.found.append((order, row or 0, column, f"{self.file}: {where}: {message}"))
        self.cells.add((sheet, row, letter))

    @property
    def problems(self) -> list[str]:
        return [message for *_, message in sorted(set(self.found))]

    def mark(self, path: FieldPath, sheet: str, row: int, letter: str, header: str = "") -> None:
        self.places.append((sheet, letter, header))
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

    def error(self, reader: Reader, col: Col, message: str) -> None:
        """A problem with the cell of `col` in this row, said at its letter and header."""
        reader.error(self.sheet.name, self.number, self.letter(col), message, col.header)


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
    found = []
    for number, cell in enumerate(header, start=1):
        title = " ".join(str(cell.value).split()) if cell.value is not None else ""
        col = sheet.found(title) if title else None
        if col is not None:
            found.append((number, col))
    for col in sheet.columns:
        # Link pairs past the first may be deleted when unused.
        if not col.read_only and col.slot <= 1 and col not in {c for _, c in found}:
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
                    sheet.name,
                    number,
                    letter,
                    "ô chứa công thức; hãy gõ giá trị [formulas are not read]",
                    col.header,
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


class CellProblem(ValueError):
    """A cell whose value cannot be read as its column's kind: the message says what to type."""


def _shown(value: Any) -> str:
    """A cell's value as staff see it in a message."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y}"
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def _refused(value: Any, kind: Kind, what: str = "", typing: bool = True) -> CellProblem:
    said = what or f"không đọc được {_shown(value)}"
    return CellProblem(
        f"{said}; {TYPING[kind]} [cannot read the cell]" if typing else f"{said} [cannot read the cell]"
    )


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


# A day typed as text: 31/12/2022, 31-12-2022, 31.12.2022 (day first, as in Vietnam; a
# two-digit year is this century), or 2022-12-31.
_DAY_FIRST = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})")
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# Excel's day numbers (serials) of 1 January 2000 and 31 December 2099: a date cell read as
# a number (its format lost) is a date in those years; 2022 alone is not a date.
_SERIALS = (36526, 73050)


def date(value: Any) -> dt.date:
    """A date cell, a day typed as text, or Excel's day number; CellProblem otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and _SERIALS[0] <= value <= _SERIALS[1]:
        stamp: dt.datetime = from_excel(value)
        return stamp.date()
    if isinstance(value, str):
        typed = unicodedata.normalize("NFKC", value).strip()
        day_first, year_first = _DAY_FIRST.fullmatch(typed), _YEAR_FIRST.fullmatch(typed)
        if day_first or year_first:
            if day_first:
                day, month, year = (int(x) for x in day_first.groups())
                year += 2000 if year < 100 else 0
            else:
                year, month, day = (int(x) for x in year_first.groups())  # type: ignore[union-attr]
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise _refused(value, Kind.DATE, f"không có ngày {_shown(value)}") from None
    raise _refused(value, Kind.DATE)


def _number(value: Any, kind: Kind) -> float:
    """A number held by the cell or typed as text, with a decimal comma or point ("75,5")."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return value
    if isinstance(value, str):
        typed = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        if re.fullmatch(r"-?\d+([.,]\d+)?", typed):
            return float(typed.replace(",", "."))
    raise _refused(value, kind)


def _whole(value: Any) -> int:
    number = _number(value, Kind.WHOLE)
    if not float(number).is_integer():
        raise _refused(value, Kind.WHOLE, f"{_shown(value)} không phải số nguyên")
    return int(number)


def percent(value: Any) -> int:
    """A percent cell as the plan's whole percent: 0.75 (75 % in a percent cell) or 75 -> 75.

    A number Excel holds from 0 to 1 is a fraction, as a percent cell stores it (1 is 100 %);
    above 1 it is the percent itself (75 typed in a cell that is not a percent cell). Text is
    the percent as typed: "75", "75%", "75,5 %".
    """
    if isinstance(value, str):
        typed = unicodedata.normalize("NFKC", value).strip()
        number = (
            _number(typed.removesuffix("%").strip(), Kind.PERCENT) if typed else _number(value, Kind.PERCENT)
        )
    else:
        number = _number(value, Kind.PERCENT)
        number = number * 100 if 0 <= number <= 1 else number
    number = round(float(number), 6)  # 0.29 * 100 is 28.999999999999996
    shown = f"{number:g}".replace(".", ",") + "%"
    if not 0 <= number <= 100:
        raise _refused(value, Kind.PERCENT, f"phần trăm {shown} không nằm trong khoảng 0% đến 100%")
    if not number.is_integer():
        low, high = math.floor(number), math.ceil(number)
        raise _refused(
            value,
            Kind.PERCENT,
            f"phần trăm {shown} có phần lẻ, mà kế hoạch ghi phần trăm nguyên: hãy gõ {low}% hoặc {high}%",
            typing=False,
        )
    return int(number)


def _words(value: str) -> str:
    """A label as compared: case, spaces, diacritics and their placement ("huỷ", "hủy") aside."""
    return " ".join(fold(unicodedata.normalize("NFC", value)).casefold().split())


def choice(value: Any, labels: Mapping[Any, str]) -> Any:
    """A code picked or typed as itself or as its Vietnamese label; CellProblem otherwise."""
    typed = _words(str(text(value)))
    words = {_words(code.value): code for code in labels} | {
        _words(label): code for code, label in labels.items()
    }
    if typed in words:
        return words[typed].value
    listed = ", ".join(labels.values())
    near = difflib.get_close_matches(typed, list(words), n=1, cutoff=0.6)
    hint = f" Có phải {quoted(labels[words[near[0]]])}?" if near else ""
    raise CellProblem(
        f"{_shown(value)} không có trong danh sách;{hint} hãy chọn trong danh sách thả xuống của ô: "
        f"{listed} [not one of the listed values]"
    )


def _yes(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    typed = _words(str(value))
    if typed in (_words(YES), "x", "true"):
        return True
    if typed in ("khong", "false"):
        return False
    raise _refused(value, Kind.YES)


def read(kind: Kind, value: Any, choices: Mapping[Any, str] | None = None) -> Any:
    """A cell's value as the plan field of a column of `kind` holds it; CellProblem, saying
    what to type, when it cannot be read as that kind (validation judges the rest)."""
    match kind:
        case Kind.DATE:
            return date(value)
        case Kind.WHOLE:
            return _whole(value)
        case Kind.PERCENT:
            return percent(value)
        case Kind.NUMBER:
            return _number(value, kind)
        case Kind.YES:
            return _yes(value)
        case Kind.LINES:
            return [line.strip() for line in split_lines(str(text(value)))]
        case Kind.CODE | Kind.WORD if choices is not None:
            return choice(value, choices)
        case Kind.CODES if choices is not None:
            return [choice(line.strip(), choices) for line in split_lines(str(value))]
        case Kind.LINK_URL:
            return str(text(value)).strip()
    return text(value)
