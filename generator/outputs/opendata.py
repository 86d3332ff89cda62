"""Open data: the tasks and KPIs as CSV, XLSX and JSON, each with a JSON Schema, and a page.

Every file and the "Dữ liệu mở" page are written from the datasets declared in
datasets.py, column by column, so a column cannot be published without its description.
The same rows are published twice: du-lieu/nhiem-vu.csv with Vietnamese column names and
descriptions, du-lieu/en/tasks.csv with English ones (same columns, same order, same
values); the workbook's column list (mo-ta-cot) gives both names and both descriptions.

Files land under docs/du-lieu/ and MkDocs copies them into the site. Bytes are
deterministic: XLSX dates and ZIP times come from the as-of date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import field
from json.encoder import encode_basestring
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..derive import routes
from ..derive.views import Site
from ..office.cells import FORMULA_START, csv_text, set_cell
from ..office.export import DATE_FORMAT, page_setup, stamp, workbook_bytes
from ..pages.contexts import PlanPage, doc
from ..pages.i18n import VI, Lang, language
from ..pages.render import page_link, plan_front, render, with_editions
from ..plan.model import Plan
from ..plan.schema import plan_schema
from .datasets import DATASETS, Dataset
from .sheet_rows import Style, replace_sheet_data, sheet_data, styles_used

FOLDER = "du-lieu"
EN_FOLDER = f"{FOLDER}/en"  # the English-named copies of the datasets
PAGE = routes.OPEN_DATA
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _text_value(value: Any) -> str:
    """A value as CSV text: lists one item per line, booleans true/false, never a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "\n".join(csv_text(str(v)) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return csv_text(str(value))


def _names(dataset: Dataset, lang: str) -> list[str]:
    """The column names in `lang` ("vi" or "en")."""
    return [c.name_en if lang == "en" else c.name for c in dataset.columns]


def dataset_csv(dataset: Dataset, rows: list[list[Any]], lang: str = "vi") -> bytes:
    """CSV with a BOM (Excel then reads UTF-8) and CRLF line ends (RFC 4180); column names in `lang`."""
    out = bytearray("\ufeff".encode("utf-8"))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(_names(dataset, lang))
    # Encoded 1,000 rows at a time, as dataset_json does: never the whole file as one str.
    for start in range(0, len(rows), 1000):
        writer.writerows([_text_value(v) for v in row] for row in rows[start : start + 1000])
        out += text.getvalue().encode("utf-8")
        text.seek(0)
        text.truncate()
    out += text.getvalue().encode("utf-8")
    return bytes(out)


def dataset_json(dataset: Dataset, rows: list[list[Any]], lang: str = "vi") -> bytes:
    """The rows as a JSON array of objects, indented by two: the text of json.dumps(indent=2).

    Written here row by row (json's indented encoder is pure Python: 0.5 s at 5,000 tasks),
    its UTF-8 a megabyte at a time: the whole text as one str would hold Vietnamese at 2-4
    bytes a character beside its UTF-8."""
    if not rows:
        return b"[]\n"
    # Each column's key as it opens its line inside a record.
    keys = ["\n    " + encode_basestring(n) + ": " for n in _names(dataset, lang)]
    out = bytearray(b"[\n  ")
    pending: list[str] = []
    size = 0
    for number, row in enumerate(rows):
        record = "{" + ",".join([k + _json_text(v) for k, v in zip(keys, row, strict=True)]) + "\n  }"
        pending.append(record if number == 0 else ",\n  " + record)
        size += len(record)
        if size > 1 << 20:
            out += "".join(pending).encode("utf-8")
            pending.clear()
            size = 0
    out += ("".join(pending) + "\n]\n").encode("utf-8")
    return bytes(out)


def _json_text(value: Any, inner: bool = False) -> str:
    """A cell's value as json.dumps(ensure_ascii=False, indent=2) writes it inside a record
    (a list's items one level deeper)."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        # json's own: NaN and the infinities as JavaScript writes them.
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    if isinstance(value, dt.date):
        return encode_basestring(value.isoformat())
    if isinstance(value, list) and not inner:
        if not value:
            return "[]"
        return "[\n      " + ",\n      ".join(_json_text(v, True) for v in value) + "\n    ]"
    raise TypeError(f"{value!r} has no place in an open-data row")


def dataset_schema(dataset: Dataset, url: str, lang: str = "vi") -> bytes:
    english = lang == "en"
    names = _names(dataset, lang)
    schema = {
        "$schema": SCHEMA_DRAFT,
        "$id": f"{url}{dataset_path(dataset, lang)}.schema.json",
        "title": dataset.title_en if english else dataset.title,
        "description": dataset.description_en if english else dataset.description,
        "type": "array",
        "items": {
            "type": "object",
            "properties": {n: c.schema(lang) for n, c in zip(names, dataset.columns, strict=True)},
            "required": names,
            "additionalProperties": False,
        },
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _sheet(wb: Workbook, name: str, rows: int, width: int, cells: Callable[[Any], list[Any]]) -> None:
    """One sheet of a write-only workbook, laid out as export.printable() lays one out, for
    `rows` rows that sheet_rows writes; openpyxl writes `cells` only, one row of them, which
    make it number the cell styles as those rows use them."""
    ws = wb.create_sheet(name)
    ref = f"A1:{get_column_letter(width)}{rows}"
    # openpyxl writes a sheet's <dimension> when the sheet can say it; a streamed one
    # cannot, but these rows are all known: the file then says what a normal workbook says.
    ws.calculate_dimension = lambda: ref
    page_setup(ws)
    ws.append(cells(ws))
    if rows > 1:
        ws.auto_filter.ref = ref


def _styled(ws: Any, style: Style, bold: Font) -> Cell:
    """A cell of `style`, made as openpyxl makes one (its number format and font in this order)."""
    cell = WriteOnlyCell(ws)
    value: Any = dt.date(2000, 1, 1) if style[1] else FORMULA_START[0] if style[2] else "x"
    set_cell(cell, value)
    if style[0]:
        cell.font = bold
    if style[1]:
        cell.number_format = DATE_FORMAT
    return cell


# The column list of the workbook, in both languages: Vietnamese names first, then English.
DICTIONARY_HEADER = ["bo_du_lieu", "cot", "kieu", "mo_ta", "dataset", "column", "type", "description"]


def dataset_path(dataset: Dataset, lang: str = "vi") -> str:
    """The dataset's files without their ending: du-lieu/nhiem-vu, du-lieu/en/tasks."""
    return f"{EN_FOLDER}/{dataset.name_en}" if lang == "en" else f"{FOLDER}/{dataset.name}"


def datasets_xlsx(site: Site, tables: dict[str, list[list[Any]]]) -> bytes:
    """One workbook: a sheet per dataset and a sheet describing every column.

    The rows are written as XML by sheet_rows, the rest by openpyxl's write-only workbook."""
    described = [
        [d.name, c.name, c.kind_label, c.description, d.name_en, c.name_en, c.kind_label_en, c.description_en]
        for d in DATASETS
        for c in d.columns
    ]
    sheets: list[tuple[str, list[list[Any]], bool]] = [
        (d.name, [[c.name for c in d.columns], *tables[d.name]], True) for d in DATASETS
    ]
    sheets.append(("mo-ta-cot", [DICTIONARY_HEADER, *described], False))
    styles = styles_used((rows, bold) for _, rows, bold in sheets)
    # Written as the archive is: each sheet's XML a thousand rows at a time, never whole.
    data = {
        f"xl/worksheets/sheet{n}.xml": sheet_data(rows, bold, styles)
        for n, (_, rows, bold) in enumerate(sheets, start=1)
    }
    wb = Workbook(write_only=True)
    bold_font = Font(bold=True)

    def every_style(ws: Any) -> list[Any]:
        return [_styled(ws, style, bold_font) for style in styles]

    for n, (name, rows, _) in enumerate(sheets):
        # The first sheet's one row: a cell of every style, in the order the rows use them.
        _sheet(wb, name, len(rows), len(rows[0]), every_style if n == 0 else lambda ws: [])
    stamp(wb, site.as_of)
    return replace_sheet_data(workbook_bytes(wb, site.as_of), data)


class OpenDataPage(PlanPage, template="open-data.md.j2"):
    """The open-data page: every file, and each dataset's columns."""

    datasets: Sequence[Dataset] = field(metadata=doc("The datasets, each with its columns described."))
    files: Sequence[tuple[str, str]] = field(metadata=doc("(file in `folder`, what it holds), as listed."))
    folder: str = field(metadata=doc("The folder of the files, beside the page."))


def plan_json(plan: Plan) -> bytes:
    """The whole plan as JSON; it validates against ke-hoach.schema.json (the editor schema)."""
    # Bytes straight from pydantic's serializer (model_dump_json decodes these same bytes into
    # a str): 8 MB of JSON at 5,000 tasks without 16 MB of text beside it.
    return plan.__pydantic_serializer__.to_json(plan, indent=2) + b"\n"


def files_list() -> list[tuple[str, str]]:
    """(file under du-lieu/, what it holds), in the order the page lists them."""
    out = []
    for d in DATASETS:
        out += [
            (f"{d.name}.csv", f"{d.title}: CSV (UTF-8, dấu phẩy)"),
            (f"{d.name}.json", f"{d.title}: JSON (mảng đối tượng)"),
            (f"{d.name}.schema.json", f"{d.title}: JSON Schema, mô tả từng cột"),
        ]
    english = EN_FOLDER.removeprefix(FOLDER + "/")
    for d in DATASETS:
        out += [
            (f"{english}/{d.name_en}.csv", f"{d.title}: CSV, tên cột tiếng Anh"),
            (f"{english}/{d.name_en}.json", f"{d.title}: JSON, tên cột tiếng Anh"),
            (f"{english}/{d.name_en}.schema.json", f"{d.title}: JSON Schema, mô tả cột bằng tiếng Anh"),
        ]
    return [
        *out,
        (
            "du-lieu.xlsx",
            "Nhiệm vụ và chỉ tiêu: Excel, mỗi bộ dữ liệu một trang tính, kèm mô tả cột hai thứ tiếng",
        ),
        ("ke-hoach.json", "Toàn bộ kế hoạch (mục tiêu, nhiệm vụ, cập nhật, chỉ tiêu, số liệu): JSON"),
        ("ke-hoach.schema.json", "JSON Schema của toàn bộ kế hoạch"),
    ]


def open_data(site: Site, url: str, prefix: str = "") -> dict[str, bytes]:
    """The open-data files under du-lieu/ and the page that lists them (an output of the build)."""
    return dict(open_data_files(site, url, prefix))


def open_data_files(site: Site, url: str, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    """open_data's files one at a time, each let go by the build once written (270 MB of them
    at 50,000 tasks: held together they were most of the second process's peak)."""
    base = url.rstrip("/") + "/"
    tables = {d.name: d.table(site, base) for d in DATASETS}
    for d in DATASETS:
        for lang in ("vi", "en"):
            stem = dataset_path(d, lang)
            yield f"{stem}.csv", dataset_csv(d, tables[d.name], lang)
            yield f"{stem}.json", dataset_json(d, tables[d.name], lang)
            yield f"{stem}.schema.json", dataset_schema(d, base, lang)
    yield f"{FOLDER}/du-lieu.xlsx", datasets_xlsx(site, tables)
    del tables
    yield f"{FOLDER}/ke-hoach.json", plan_json(site.plan)
    yield f"{FOLDER}/ke-hoach.schema.json", plan_schema().encode("utf-8")
    yield PAGE, open_data_page(site, prefix, VI)


def open_data_page(site: Site, prefix: str, lang: Lang) -> bytes:
    """The page listing the open data, in `lang` (the files are one set, linked from both)."""
    with language(lang):
        page = OpenDataPage(
            site=site,
            plan=site.plan,
            link=page_link(PAGE, prefix, lang),
            datasets=DATASETS,
            files=files_list(),
            folder=FOLDER,
        )
        edition = routes.edition(lang)
        front = with_editions(edition + prefix + PAGE, plan_front(site, edition + prefix))
        return (front + render(page)).encode("utf-8")
