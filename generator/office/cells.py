"""Cells and files every export shares: text that can never become a formula, fixed bytes.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` (and, after
a tab or carriage return, sometimes the same) as a formula: `=HYPERLINK(...)` in
a task title would become a live link in a staff member's Excel. So:

- XLSX: every text is stored with the string data type (never `f`) and the
  "quote prefix" style, so Excel shows it literally even after the cell is edited.
  The text itself is unchanged, which keeps export -> import exact.
- CSV: a text starting with one of those characters gets a leading apostrophe `'`
  (the OWASP advice); a CSV reader sees `'=1+1`. CSV is published, never imported.

Office files are ZIP archives stamped with the time of writing; `fixed_zip` rewrites
them with one fixed date so that two builds of the same plan give the same bytes.
Their document properties (title, subject, keywords) hold 255 characters at most
(python-docx raises past that, Word and Excel cut or refuse): `property_text` cuts.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl loads only when an office file is made
    from openpyxl.cell.cell import Cell, MergedCell

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PROPERTY_LIMIT = 255
# The fill of a header cell, and of what is shown but not edited (read-only columns, headings).
HEADER_COLOR = "DDE3F0"
SHADE_COLOR = "EEEEEE"


def csv_text(value: str) -> str:
    """Text for a CSV cell that no spreadsheet reads as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def set_cell(cell: Cell | MergedCell, value: Any) -> None:
    """Put a value in a cell; text always stays text, never a formula."""
    if isinstance(value, str):
        cell.value = value
        # openpyxl turns any text starting with "=" into a formula; undo that.
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value


def property_text(text: str) -> str:
    """`text` as a document property: cut to PROPERTY_LIMIT characters, never between a
    letter and its accents (Vietnamese typed as letter + combining mark)."""
    end = min(len(text), PROPERTY_LIMIT)
    while 0 < end < len(text) and unicodedata.combining(text[end]):
        end -= 1
    return text[:end]


def fixed_zip(data: bytes, when: dt.date) -> bytes:
    """The same ZIP archive with every entry (and the document's modified date) set to `when`."""
    stamp = (when.year, when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the clock while saving, whatever was set.
                day = f"{when.isoformat()}T00:00:00Z".encode()
                content = _MODIFIED.sub(rb"\g<1>" + day + rb"\g<2>", content)
            dst.writestr(entry, content)
    return out.getvalue()
