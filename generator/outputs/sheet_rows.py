"""The open-data workbook's rows written as sheet XML directly, byte for byte as openpyxl does.

openpyxl spent about 1.3 s of CPU on the 140,000 cells of 5,000 tasks (a cell object and
lxml calls per cell: benchmarks/README.md, issue 18). It still lays out the workbook
(styles, sheet settings, workbook, properties), from a skeleton holding one cell of each
style in the order the real rows first use them, so its style numbers are the ones below;
each sheet's <sheetData> is then replaced by the rows written here, as openpyxl writes
them (inline strings, char references for non-ASCII text, numbers as "%.16g", dates as
Excel serial days). tests/test_opendata.py compares the bytes with openpyxl's own.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from ..office.cells import FORMULA_START

# A cell's style, as (bold header, date, text kept from reading as a formula).
Style = tuple[bool, bool, bool]
PLAIN: Style = (False, False, False)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_TEXT = 32767  # characters Excel holds in a cell: openpyxl cuts the rest


def cell_value(value: Any) -> Any:
    """A dataset's value as a cell holds it: a list one item a line, control characters
    (which Excel cannot hold; the CSV and JSON keep them) as U+FFFD."""
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def style_of(value: Any, bold: bool) -> Style:
    """The style a cell of `value` takes (after cell_value)."""
    quoted = isinstance(value, str) and value.startswith(FORMULA_START)
    return (bold, isinstance(value, dt.date), quoted)


def _text(value: str) -> str:
    """Escaped as libxml2 writes text into an ASCII document."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def styles_used(sheets: Iterable[tuple[Sequence[Sequence[Any]], bool]]) -> dict[Style, int]:
    """Each Style the rows of `sheets` (rows, first row bold) use, numbered as openpyxl numbers
    them: 1, 2... in the order first used (PLAIN has none)."""
    styles: dict[Style, int] = {}
    for rows, header_bold in sheets:
        for number, row in enumerate(rows):
            bold = header_bold and number == 0
            for raw in row:
                # The first character of cell_value's text: a list's first item's (none is
                # cut to U+FFFD that could start a formula).
                first = (
                    raw if isinstance(raw, str) else str(raw[0]) if isinstance(raw, list) and raw else None
                )
                style = (
                    bold,
                    isinstance(raw, dt.date),
                    first is not None and first.startswith(FORMULA_START),
                )
                if style != PLAIN and raw is not None and style not in styles:
                    styles[style] = len(styles) + 1
    return styles


def sheet_data(rows: Sequence[Sequence[Any]], header_bold: bool, styles: dict[Style, int]) -> Iterator[bytes]:
    """The <sheetData> of rows (the first is the header), each cell as openpyxl writes it, a
    thousand rows at a time (at 50,000 tasks the whole sheet is ~150 MB of XML).

    `styles`: styles_used() of the workbook's sheets."""
    letters = [get_column_letter(c) for c in range(1, max((len(r) for r in rows), default=0) + 1)]
    out = ["<sheetData>"]
    for number, row in enumerate(rows, start=1):
        bold = header_bold and number == 1
        r = str(number)
        out.append(f'<row r="{r}">')
        for letter, raw in zip(letters, row, strict=False):
            value = cell_value(raw)
            if value is None:
                continue
            style = style_of(value, bold)
            s = f' s="{styles[style]}"' if style != PLAIN else ""
            ref = letter + r
            if isinstance(value, str):
                value = value[:_MAX_TEXT]
                if value in ERROR_CODES and style == PLAIN:
                    out.append(f'<c r="{ref}" t="e"><v>{value}</v></c>')
                elif not value:
                    out.append(f'<c r="{ref}"{s} t="inlineStr"></c>')
                else:
                    space = ' xml:space="preserve"' if value != value.strip() else ""
                    out.append(f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>')
            elif isinstance(value, bool):
                out.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, dt.date):
                days = (value - _EXCEL_EPOCH).days
                out.append(f'<c r="{ref}"{s} t="n"><v>{days}</v></c>')
            elif isinstance(value, int | float):
                number_text = "" if math.isnan(value) or math.isinf(value) else f"{value:.16g}"  # safe_string
                out.append(f'<c r="{ref}"{s} t="n"><v>{number_text}</v></c>')
            else:
                raise TypeError(f"{value!r} cannot be written to a sheet")
        out.append("</row>")
        if number % 1000 == 0:
            yield "".join(out).encode("ascii", "xmlcharrefreplace")
            out.clear()
    out.append("</sheetData>")
    yield "".join(out).encode("ascii", "xmlcharrefreplace")


def replace_sheet_data(xlsx: bytes, sheets: Mapping[str, Iterable[bytes]]) -> bytes:
    """The same archive with the <sheetData> of each part in `sheets` (by its name in the
    archive) replaced, compressed as it comes; every entry keeps its name, time, attributes
    and compression (the bytes zipfile writes for the whole text at once)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename not in sheets:
                dst.writestr(info, content)
                continue
            start = content.index(b"<sheetData")
            empty = content.find(b"<sheetData/>")
            end = start + len(b"<sheetData/>") if empty == start else content.index(b"</sheetData>") + 12
            with dst.open(info, "w") as part:
                part.write(content[:start])
                for chunk in sheets[info.filename]:
                    part.write(chunk)
                part.write(content[end:])
    return out.getvalue()
