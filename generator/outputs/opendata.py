"""Open data: the tasks and KPIs as CSV, XLSX and JSON, each with a JSON Schema, and a page.

Columns are declared once (name, type, description, how to read it from the site);
the CSV, the XLSX, the JSON, its schema and the "Dữ liệu mở" page all come from
that one list, so a column cannot be published without its description.

Files land under docs/du-lieu/ and MkDocs copies them into the site. Bytes are
deterministic: XLSX dates and ZIP times come from the as-of date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..derive import routes
from ..derive.views import KpiView, Site, TaskView
from ..office.cells import FORMULA_START, csv_text, set_cell
from ..office.export import DATE_FORMAT, page_setup, stamp, workbook_bytes
from ..pages.contexts import PlanPage, doc
from ..pages.render import front_matter, page_link, render
from ..plan.labels import KPI_LABELS, SHOWN_LABELS
from ..plan.model import Plan
from ..plan.schema import plan_schema

FOLDER = "du-lieu"
PAGE = routes.OPEN_DATA
SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Col:
    """One published column: its name, JSON type, description and value."""

    name: str
    kind: str  # "string", "integer", "number", "boolean", "date", "list"
    description: str
    get: Callable[[Any], Any]

    def schema(self) -> dict[str, Any]:
        types: dict[str, dict[str, Any]] = {
            "string": {"type": ["string", "null"]},
            "integer": {"type": ["integer", "null"]},
            "number": {"type": ["number", "null"]},
            "boolean": {"type": "boolean"},
            "date": {"type": ["string", "null"], "format": "date"},
            "list": {"type": "array", "items": {"type": "string"}},
        }
        return {**types[self.kind], "description": self.description}

    @property
    def kind_label(self) -> str:
        return {
            "string": "chữ",
            "integer": "số nguyên",
            "number": "số",
            "boolean": "true/false",
            "date": "ngày YYYY-MM-DD",
            "list": "danh sách",
        }[self.kind]


@dataclass(frozen=True)
class Dataset:
    name: str  # file stem, e.g. nhiem-vu
    title: str
    description: str
    columns: list[Col]
    rows: Callable[[Site, str], list[Any]]


def _latest(v: TaskView) -> Any:
    return v.state.history[-1] if v.state.history else None


def _names(site: Site, ids: list[str]) -> list[str]:
    return [site.unit_names[i].name for i in ids]


TASK_COLUMNS = [
    Col("ma", "string", "Mã nhiệm vụ, cố định (ví dụ II.1.3.b).", lambda r: r.v.task.id),
    Col("linh_vuc", "string", "Mã lĩnh vực (số La Mã).", lambda r: r.v.area.id),
    Col("ten_linh_vuc", "string", "Tên lĩnh vực.", lambda r: r.v.area.title),
    Col("nhom", "string", "Mã nhóm trong lĩnh vực, nếu có.", lambda r: r.v.group.id if r.v.group else None),
    Col("ma_muc_tieu", "string", "Mã mục tiêu mà nhiệm vụ phục vụ.", lambda r: r.v.target.id),
    Col("muc_tieu", "string", "Mục tiêu, đúng lời văn của kế hoạch.", lambda r: r.v.target.text),
    Col("nhiem_vu", "string", "Nhiệm vụ cụ thể, đúng lời văn của kế hoạch.", lambda r: r.v.task.title),
    Col("cac_y", "list", "Các ý liệt kê trong nhiệm vụ.", lambda r: list(r.v.task.items)),
    Col("san_pham", "list", "Sản phẩm phải có.", lambda r: list(r.v.task.products)),
    Col("chu_tri", "list", "Cơ quan, đơn vị chủ trì.", lambda r: _names(r.site, r.v.task.lead)),
    Col("phoi_hop", "list", "Cơ quan, đơn vị phối hợp.", lambda r: _names(r.site, r.v.task.partners)),
    Col(
        "thoi_han", "string", "Thời gian hoàn thành, ghi đúng như kế hoạch.", lambda r: r.v.task.deadline.text
    ),
    Col(
        "loai_thoi_han",
        "string",
        "Loại thời hạn: date, month, quarter, ongoing (thường xuyên), condition, schedule.",
        lambda r: r.v.task.deadline.kind.value,
    ),
    Col(
        "han_cuoi",
        "date",
        "Hạn cuối tính được tại ngày chốt số liệu; trống nếu thường xuyên hoặc chưa có hạn.",
        lambda r: r.v.state.due,
    ),
    Col(
        "trang_thai",
        "string",
        "Mã trạng thái: not_reported (chưa cập nhật), not_started, in_progress, done, paused, "
        "cancelled, waiting.",
        lambda r: r.v.state.shown.value,
    ),
    Col("trang_thai_ten", "string", "Trạng thái bằng lời.", lambda r: SHOWN_LABELS[r.v.state.shown]),
    Col(
        "qua_han",
        "boolean",
        "true nếu đã quá hạn mà chưa hoàn thành (hoặc hủy).",
        lambda r: r.v.state.overdue,
    ),
    Col("hoan_thanh_tre", "boolean", "true nếu hoàn thành sau hạn.", lambda r: r.v.state.done_late),
    Col(
        "so_lan_cap_nhat",
        "integer",
        "Số lần cập nhật đến ngày chốt số liệu.",
        lambda r: len(r.v.state.history),
    ),
    Col(
        "ngay_cap_nhat",
        "date",
        "Ngày của lần cập nhật mới nhất.",
        lambda r: _latest(r.v).date if _latest(r.v) else None,
    ),
    Col(
        "phan_tram",
        "integer",
        "Phần trăm khối lượng trong lần cập nhật mới nhất, nếu có.",
        lambda r: _latest(r.v).percent if _latest(r.v) else None,
    ),
    Col(
        "ghi_chu",
        "string",
        "Ghi chú của lần cập nhật mới nhất.",
        lambda r: (_latest(r.v).note or None) if _latest(r.v) else None,
    ),
    Col(
        "minh_chung",
        "list",
        "Địa chỉ các tài liệu minh chứng của lần cập nhật mới nhất.",
        lambda r: [e.url for e in _latest(r.v).evidence] if _latest(r.v) else [],
    ),
    Col(
        "lien_ket",
        "string",
        "Địa chỉ của nhiệm vụ trên trang này.",
        lambda r: f"{r.url}{routes.url(r.v.page)}#{routes.task_anchor(r.v.task.id)}",
    ),
]

KPI_COLUMNS = [
    Col("ma_muc_tieu", "string", "Mã mục tiêu nêu chỉ tiêu.", lambda r: r.v.target.id),
    Col("ma_chi_tieu", "string", "Mã chỉ tiêu trong mục tiêu.", lambda r: r.v.kpi.id),
    Col("linh_vuc", "string", "Mã lĩnh vực.", lambda r: r.v.area.id),
    Col("dai_luong", "string", "Đại lượng được đo.", lambda r: r.v.kpi.metric),
    Col(
        "so_sanh",
        "string",
        "Cách so sánh với ngưỡng: at_least (tối thiểu), at_most (tối đa), equal (bằng).",
        lambda r: r.v.kpi.comparison.value,
    ),
    Col("nguong", "number", "Ngưỡng phải đạt.", lambda r: r.v.kpi.value),
    Col("don_vi", "string", "Đơn vị của ngưỡng và số liệu, ví dụ %.", lambda r: r.v.kpi.unit),
    Col("so_lan_do", "integer", "Số lần có số liệu đến ngày chốt.", lambda r: len(r.v.state.measurements)),
    Col(
        "gia_tri_moi_nhat",
        "number",
        "Số liệu mới nhất đến ngày chốt.",
        lambda r: r.v.state.latest.value if r.v.state.latest else None,
    ),
    Col(
        "ngay_so_lieu",
        "date",
        "Ngày của số liệu mới nhất.",
        lambda r: r.v.state.latest.date if r.v.state.latest else None,
    ),
    Col(
        "nguon",
        "string",
        "Nguồn của số liệu mới nhất.",
        lambda r: r.v.state.latest.source if r.v.state.latest else None,
    ),
    Col(
        "lien_ket_nguon",
        "string",
        "Liên kết tới nguồn số liệu, nếu có.",
        lambda r: r.v.state.latest.url if r.v.state.latest else None,
    ),
    Col(
        "ket_qua",
        "string",
        "met (đạt), not_met (chưa đạt), not_measured (chưa có số liệu).",
        lambda r: r.v.state.result.value,
    ),
    Col("ket_qua_ten", "string", "Kết quả bằng lời.", lambda r: KPI_LABELS[r.v.state.result]),
]


@dataclass(frozen=True)
class _Ref:
    """What a column getter receives: the view, the site and the site's URL."""

    v: Any
    site: Site
    url: str


def _task_rows(site: Site, url: str) -> list[_Ref]:
    return [_Ref(v, site, url) for v in site.tasks]


def _kpi_rows(site: Site, url: str) -> list[_Ref]:
    views: list[KpiView] = site.kpis
    return [_Ref(k, site, url) for k in views]


DATASETS = [
    Dataset(
        "nhiem-vu",
        "Nhiệm vụ",
        "Mỗi dòng một nhiệm vụ của kế hoạch, với trạng thái tính tại ngày chốt số liệu.",
        TASK_COLUMNS,
        _task_rows,
    ),
    Dataset(
        "chi-tieu",
        "Chỉ tiêu",
        "Mỗi dòng một chỉ tiêu số của các mục tiêu, với số liệu mới nhất và kết quả.",
        KPI_COLUMNS,
        _kpi_rows,
    ),
]


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


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


def _table(dataset: Dataset, site: Site, url: str) -> list[list[Any]]:
    return [[c.get(ref) for c in dataset.columns] for ref in dataset.rows(site, url)]


def dataset_csv(dataset: Dataset, rows: list[list[Any]]) -> bytes:
    """CSV with a BOM (Excel then reads UTF-8) and CRLF line ends (RFC 4180)."""
    out = bytearray("\ufeff".encode("utf-8"))
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.name for c in dataset.columns])
    # Encoded 1,000 rows at a time, as dataset_json does: never the whole file as one str.
    for start in range(0, len(rows), 1000):
        writer.writerows([_text_value(v) for v in row] for row in rows[start : start + 1000])
        out += text.getvalue().encode("utf-8")
        text.seek(0)
        text.truncate()
    out += text.getvalue().encode("utf-8")
    return bytes(out)


def dataset_json(dataset: Dataset, rows: list[list[Any]]) -> bytes:
    records = [{c.name: _json_value(v) for c, v in zip(dataset.columns, row, strict=True)} for row in rows]
    # Encoded a megabyte at a time: the whole text as one str would hold Vietnamese at 2-4
    # bytes a character beside its UTF-8.
    out = bytearray()
    pending: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(records):
        pending.append(piece)
        size += len(piece)
        if size > 1 << 20:
            out += "".join(pending).encode("utf-8")
            pending.clear()
            size = 0
    out += ("".join(pending) + "\n").encode("utf-8")
    return bytes(out)


def dataset_schema(dataset: Dataset, url: str) -> bytes:
    schema = {
        "$schema": SCHEMA_DRAFT,
        "$id": f"{url}{FOLDER}/{dataset.name}.schema.json",
        "title": dataset.title,
        "description": dataset.description,
        "type": "array",
        "items": {
            "type": "object",
            "properties": {c.name: c.schema() for c in dataset.columns},
            "required": [c.name for c in dataset.columns],
            "additionalProperties": False,
        },
    }
    return (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    if isinstance(value, str):
        # Excel cannot hold control characters; the CSV and JSON keep them.
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _sheet(wb: Workbook, name: str, rows: list[list[Any]], width: int, header: Font | None) -> None:
    """One streamed sheet of a write-only workbook, laid out as export.printable() lays one out.

    Only cells that need a style (a header, a date, text starting like a formula) become
    cell objects; every other value goes to openpyxl as it is, which is what makes a
    write-only workbook cheap (5,000 tasks: 2.1 s -> 1.2 s CPU).
    """
    ws = wb.create_sheet(name)
    ref = f"A1:{get_column_letter(width)}{len(rows)}"
    # openpyxl writes a sheet's <dimension> when the sheet can say it; a streamed one
    # cannot, but these rows are all known: the file then says what a normal workbook says.
    ws.calculate_dimension = lambda: ref
    page_setup(ws)

    def styled(value: Any, font: Font | None = None) -> Cell:
        cell = WriteOnlyCell(ws)
        set_cell(cell, value)
        if font is not None:
            cell.font = font
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
        return cell

    def plain(value: Any) -> Any:
        value = _xlsx_value(value)
        if isinstance(value, str):
            return styled(value) if value.startswith(FORMULA_START) else value
        return styled(value) if isinstance(value, dt.date) else value

    ws.append([styled(v, header) for v in rows[0]])
    for row in rows[1:]:
        ws.append([plain(v) for v in row])
    if len(rows) > 1:
        ws.auto_filter.ref = ref


def datasets_xlsx(site: Site, tables: dict[str, list[list[Any]]]) -> bytes:
    """One workbook: a sheet per dataset and a sheet describing every column.

    Written with openpyxl's write-only workbook: rows are streamed, not kept as cells.
    """
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for dataset in DATASETS:
        head = [c.name for c in dataset.columns]
        _sheet(wb, dataset.name, [head, *tables[dataset.name]], len(head), bold)
    described = [[d.name, c.name, c.kind_label, c.description] for d in DATASETS for c in d.columns]
    _sheet(wb, "mo-ta-cot", [["bo_du_lieu", "cot", "kieu", "mo_ta"], *described], 4, None)
    stamp(wb, site.as_of)
    return workbook_bytes(wb, site.as_of)


class OpenDataPage(PlanPage, template="open-data.md.j2"):
    """The open-data page: every file, and each dataset's columns."""

    datasets: Sequence[Dataset] = field(metadata=doc("The datasets, each with its columns described."))
    files: Sequence[tuple[str, str]] = field(metadata=doc("(file in `folder`, what it holds), as listed."))
    folder: str = field(metadata=doc("The folder of the files, beside the page."))


def plan_json(plan: Plan) -> bytes:
    """The whole plan as JSON; it validates against ke-hoach.schema.json (the editor schema)."""
    # Bytes straight from pydantic's serializer (model_dump_json decodes these same bytes into
    # a str): 8 MB of JSON at 5,000 tasks no longer passes through 16 MB of text.
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
    return [
        *out,
        ("du-lieu.xlsx", "Nhiệm vụ và chỉ tiêu: Excel, mỗi bộ dữ liệu một trang tính, kèm mô tả cột"),
        ("ke-hoach.json", "Toàn bộ kế hoạch (mục tiêu, nhiệm vụ, cập nhật, chỉ tiêu, số liệu): JSON"),
        ("ke-hoach.schema.json", "JSON Schema của toàn bộ kế hoạch"),
    ]


def open_data(site: Site, url: str, prefix: str = "") -> dict[str, bytes]:
    """The open-data files under du-lieu/ and the page that lists them (an output of the build)."""
    base = url.rstrip("/") + "/"
    tables = {d.name: _table(d, site, base) for d in DATASETS}
    files: dict[str, bytes] = {}
    for d in DATASETS:
        files[f"{FOLDER}/{d.name}.csv"] = dataset_csv(d, tables[d.name])
        files[f"{FOLDER}/{d.name}.json"] = dataset_json(d, tables[d.name])
        files[f"{FOLDER}/{d.name}.schema.json"] = dataset_schema(d, base)
    files[f"{FOLDER}/du-lieu.xlsx"] = datasets_xlsx(site, tables)
    files[f"{FOLDER}/ke-hoach.json"] = plan_json(site.plan)
    files[f"{FOLDER}/ke-hoach.schema.json"] = plan_schema().encode("utf-8")
    page = OpenDataPage(
        site=site, plan=site.plan, link=page_link(PAGE), datasets=DATASETS, files=files_list(), folder=FOLDER
    )
    front = front_matter(site.plan.plan.organization, site.plan.plan.title, prefix)
    files[PAGE] = (front + render(page)).encode("utf-8")
    return files
