"""The staff workbook's sheets and columns, each column declared once.

A column says its header, its width, the kind of value it holds, the plan field it
holds (dotted below the row's record: "deadline.trigger.date") and the codes it may
take. `export` writes the headers, widths, drop-down lists and values from here;
`import` finds each column by its header and reads its cells into its field; the
Word report's appendix table is the task sheet's columns that have a width in
millimetres; the tests find their cells through it. Columns of kind SHOWN are
computed from the plan for reading: their header ends in "(chỉ xem)" and import
does not read them back. Columns are found by header, so staff may reorder them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from openpyxl.utils import get_column_letter

from ..derive.views import KpiView, TaskView
from ..pages.charts import number
from ..plan.dates import vn_date
from ..plan.labels import (
    COMPARISON_LABELS,
    DEADLINE_LABELS,
    KPI_LABELS,
    MARKER_LABELS,
    NO_MEASUREMENT,
    SHOWN_LABELS,
    STATUS_LABELS,
    Marker,
)
from ..plan.model import Link

READ_ONLY = " (chỉ xem)"
EVIDENCE_SEP = " — "
ITEM_MARK = "- "
YES = "Có"


class Kind(StrEnum):
    """How a column's value is written in a cell and read back."""

    TEXT = "text"  # text; a cell of spaces only is empty
    NOTE = "note"  # free text (a model `note`), kept exactly as typed, spaces included
    LINES = "lines"  # a list of texts, one a line
    UNITS = "units"  # unit ids, written as their names, one a line
    DATE = "date"  # a date: Excel's own, or typed DD/MM/YYYY
    WHOLE = "whole"  # a whole number; "60%" as staff type it
    NUMBER = "number"  # a number, as Excel holds it
    YES = "yes"  # true as YES, false as an empty cell
    CODE = "code"  # one of `choices`, written as its code
    WORD = "word"  # one of `choices`, written as its Vietnamese word
    CODES = "codes"  # some of `choices`, one code a line
    LINKS = "links"  # links, one "title — url" a line
    TITLE = "title"  # a task's title, then its listed items one a line after ITEM_MARK
    DUE = "due"  # a deadline's date, month or quarter: the one its kind names
    REF = "ref"  # the id of the record the row belongs to; `field` names that record
    SHOWN = "shown"  # computed from the plan for reading; import checks or ignores it


@dataclass(frozen=True)
class Line:
    """What one row of a sheet is written from: the record whose fields its columns name,
    its derived view (a TaskView, a KpiView), and what it belongs to (a record or its view)."""

    record: Any
    view: Any = None
    owner: Any = None
    area: Any = None


@dataclass(frozen=True, eq=False)
class Col:
    """One column of a sheet."""

    header: str
    width: int  # in Excel, in characters
    kind: Kind
    field: str = ""  # the plan field, dotted below the row's record; for REF, the record's kind
    get: Callable[[Line], Any] | None = None  # the value of a REF or SHOWN column
    choices: Mapping[Any, str] | None = None  # code -> Vietnamese word, for CODE, WORD and CODES
    report_mm: int = 0  # its width in the Word report's appendix table; 0: not in that table

    @property
    def read_only(self) -> bool:
        return self.kind is Kind.SHOWN

    @property
    def title(self) -> str:
        """The header as written in the workbook."""
        return self.header + (READ_ONLY if self.read_only else "")

    @property
    def drop_down(self) -> list[str]:
        """The values offered in the cell's drop-down list; none for a free cell."""
        if self.kind is Kind.CODE and self.choices:
            return [code.value for code in self.choices]
        if self.kind is Kind.WORD and self.choices:
            return list(self.choices.values())
        return []


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and its columns, in the order export writes them."""

    name: str
    columns: tuple[Col, ...]

    def letter(self, col: Col) -> str:
        """The column's letter as export writes it."""
        return get_column_letter(self.columns.index(col) + 1)

    def field(self, name: str) -> Col:
        """The column that holds plan field `name`."""
        return next(c for c in self.columns if c.field == name and c.kind is not Kind.REF)

    def ref(self, record: str) -> Col:
        """The column that holds the id of the `record` ("target") a row belongs to."""
        return next(c for c in self.columns if c.kind is Kind.REF and c.field == record)


@dataclass(frozen=True)
class Entry:
    """One row of the plan sheet: a field of `plan:` with its label."""

    label: str
    field: str
    kind: Kind


# --- the words of the read-only columns --------------------------------------------


def lines(values: Sequence[str]) -> str | None:
    return "\n".join(values) or None


def link_line(link: Link) -> str:
    """A link as one line of a cell; the URL never holds a space, so the last separator splits."""
    return f"{link.title}{EVIDENCE_SEP}{link.url}"


def status_text(view: TaskView) -> str:
    words = [SHOWN_LABELS[view.state.shown]]
    if view.state.overdue:
        words.append(MARKER_LABELS[Marker.OVERDUE])
    if view.state.done_late:
        words.append(MARKER_LABELS[Marker.LATE])
    return "; ".join(words)


def latest_text(view: TaskView) -> str | None:
    history = view.state.history
    if not history:
        return None
    last = history[-1]
    return f"{vn_date(last.date)}: {last.note}" if last.note else vn_date(last.date)


def kpi_text(kpis: list[KpiView]) -> str | None:
    rows = []
    for kv in kpis:
        latest = kv.state.latest
        value = f"{number(latest.value)}{kv.kpi.unit}" if latest else NO_MEASUREMENT
        threshold = f"{COMPARISON_LABELS[kv.kpi.comparison]} {number(kv.kpi.value)}{kv.kpi.unit}"
        rows.append(f"{kv.kpi.metric}: {value} ({threshold})")
    return lines(rows)


def target_words(target_id: Any, text: Any) -> str:
    """A target as the task sheet's "Mục tiêu" column and the appendix print it."""
    return f"{target_id}. {text}"


def _latest_measurement(kv: KpiView) -> str | None:
    latest = kv.state.latest
    return f"{number(latest.value)}{kv.kpi.unit} ({vn_date(latest.date)})" if latest else None


# --- the sheets, in the workbook's order ------------------------------------------------

# The task sheet's "Mục tiêu": the target's words beside each task, as the appendix prints them.
TARGET_TEXT = Col(
    "Mục tiêu",
    40,
    Kind.SHOWN,
    get=lambda r: target_words(r.owner.target.id, r.owner.target.text),
    report_mm=44,
)
TASKS = Sheet(
    "Nhiệm vụ",
    (
        Col("STT", 10, Kind.TEXT, "id", report_mm=16),
        TARGET_TEXT,
        Col("Nhiệm vụ cụ thể", 50, Kind.TITLE, "title", report_mm=64),
        Col("Sản phẩm", 24, Kind.LINES, "products", report_mm=30),
        Col("Cơ quan chủ trì", 22, Kind.UNITS, "lead", report_mm=28),
        Col("Cơ quan phối hợp", 22, Kind.UNITS, "partners", report_mm=28),
        Col("Thời gian hoàn thành", 18, Kind.TEXT, "deadline.text", report_mm=25),
        Col("Trạng thái", 18, Kind.SHOWN, get=lambda r: status_text(r.view), report_mm=27),
        Col("Cập nhật mới nhất", 36, Kind.SHOWN, get=lambda r: latest_text(r.view)),
        Col("Chỉ tiêu", 30, Kind.SHOWN, get=lambda r: kpi_text(r.owner.kpis)),
        Col("Mã mục tiêu", 12, Kind.REF, "target", get=lambda r: r.owner.target.id),
        Col("Ghi chú", 30, Kind.NOTE, "note"),
        Col("Ghi chú chép lại", 30, Kind.NOTE, "transcription_note"),
        Col("Loại thời hạn", 14, Kind.CODE, "deadline.kind", choices=DEADLINE_LABELS),
        Col("Hạn", 12, Kind.DUE, "deadline"),
        Col("Loại thời hạn khác", 16, Kind.CODES, "deadline.also", choices=DEADLINE_LABELS),
        Col("Chủ trương: ngày", 14, Kind.DATE, "deadline.trigger.date"),
        Col("Chủ trương: hạn", 14, Kind.DATE, "deadline.trigger.due"),
        Col("Chủ trương: ghi chú", 30, Kind.NOTE, "deadline.trigger.note"),
        Col("Chủ trương: minh chứng", 40, Kind.LINKS, "deadline.trigger.evidence"),
    ),
)
UPDATES = Sheet(
    "Cập nhật",
    (
        Col("Mã nhiệm vụ", 12, Kind.REF, "task", get=lambda r: r.owner.id),
        Col("Ngày", 12, Kind.DATE, "date"),
        Col("Trạng thái", 18, Kind.WORD, "status", choices=STATUS_LABELS),
        Col("Phần trăm", 10, Kind.WHOLE, "percent"),
        Col("Kỳ báo cáo", 12, Kind.TEXT, "period"),
        Col("Ghi chú", 50, Kind.NOTE, "note"),
        Col("Minh chứng", 50, Kind.LINKS, "evidence"),
    ),
)
KPIS = Sheet(
    "Chỉ tiêu",
    (
        Col("Mã mục tiêu", 12, Kind.REF, "target", get=lambda r: r.view.target.id),
        Col("Mã chỉ tiêu", 24, Kind.TEXT, "id"),
        Col("Đại lượng", 44, Kind.TEXT, "metric"),
        Col("So sánh", 12, Kind.CODE, "comparison", choices=COMPARISON_LABELS),
        Col("Ngưỡng", 10, Kind.NUMBER, "value"),
        Col("Đơn vị", 10, Kind.TEXT, "unit"),
        Col("Số liệu mới nhất", 22, Kind.SHOWN, get=lambda r: _latest_measurement(r.view)),
        Col("Kết quả", 18, Kind.SHOWN, get=lambda r: KPI_LABELS[r.view.state.result]),
    ),
)
MEASUREMENTS = Sheet(
    "Số liệu chỉ tiêu",
    (
        Col("Mã mục tiêu", 12, Kind.REF, "target", get=lambda r: r.owner.target.id),
        Col("Mã chỉ tiêu", 24, Kind.REF, "kpi", get=lambda r: r.owner.kpi.id),
        Col("Ngày", 12, Kind.DATE, "date"),
        Col("Giá trị", 10, Kind.NUMBER, "value"),
        Col("Nguồn", 40, Kind.TEXT, "source"),
        Col("Liên kết", 40, Kind.TEXT, "url"),
    ),
)
TARGETS = Sheet(
    "Mục tiêu",
    (
        Col("Lĩnh vực", 10, Kind.REF, "area", get=lambda r: r.area.id),
        Col("Nhóm", 10, Kind.REF, "group", get=lambda r: r.owner.id if r.owner else None),
        Col("Mã mục tiêu", 12, Kind.TEXT, "id"),
        Col("Tên nội dung", 36, Kind.TEXT, "title"),
        Col("Mục tiêu", 70, Kind.TEXT, "text"),
    ),
)
GROUPS = Sheet(
    "Nhóm",
    (
        Col("Lĩnh vực", 10, Kind.REF, "area", get=lambda r: r.area.id),
        Col("Mã nhóm", 10, Kind.TEXT, "id"),
        Col("Tên nhóm", 80, Kind.TEXT, "title"),
    ),
)
AREAS = Sheet("Lĩnh vực", (Col("Mã", 8, Kind.TEXT, "id"), Col("Tên lĩnh vực", 60, Kind.TEXT, "title")))
UNITS = Sheet(
    "Đơn vị",
    (
        Col("Mã", 16, Kind.TEXT, "id"),
        Col("Tên", 44, Kind.TEXT, "name"),
        Col("Tên ngắn", 22, Kind.TEXT, "short"),
        Col("Tập hợp", 10, Kind.YES, "collective"),
    ),
)
# The plan sheet lists the fields of `plan:` one a row (Line(entry, owner=the plan's `plan:`)).
LABEL = Col("Trường", 24, Kind.TEXT, get=lambda r: r.record.label)
VALUE = Col(
    "Giá trị", 80, Kind.TEXT, get=lambda r: written(r.record.kind, dotted(r.owner, r.record.field), {})
)
PLAN = Sheet("Kế hoạch", (LABEL, VALUE))
PLAN_FIELDS = (
    Entry("Tên kế hoạch", "title", Kind.TEXT),
    Entry("Cơ quan", "organization", Kind.TEXT),
    Entry("Năm", "year", Kind.WHOLE),
    Entry("Ngày chốt số liệu", "as_of", Kind.DATE),
    Entry("Văn bản gốc", "source", Kind.TEXT),
    Entry("Dữ liệu minh họa", "sample", Kind.YES),
    Entry("Mã cơ quan", "agency", Kind.TEXT),
    Entry("Cơ quan cấp trên", "parent", Kind.TEXT),
    Entry("Tên viết tắt (ký hiệu)", "short_name", Kind.TEXT),
    Entry("Địa danh", "place", Kind.TEXT),
    Entry("Địa chỉ", "contact.address", Kind.TEXT),
    Entry("Điện thoại", "contact.phone", Kind.TEXT),
    Entry("Thư điện tử", "contact.email", Kind.TEXT),
    Entry("Trang thông tin", "contact.website", Kind.TEXT),
    Entry("Người đầu mối: họ tên", "contact.person.name", Kind.TEXT),
    Entry("Người đầu mối: chức vụ", "contact.person.title", Kind.TEXT),
    Entry("Người đầu mối: đơn vị", "contact.person.unit", Kind.TEXT),
    Entry("Người đầu mối: điện thoại", "contact.person.phone", Kind.TEXT),
    Entry("Người đầu mối: thư điện tử", "contact.person.email", Kind.TEXT),
    Entry("Biểu trưng (tệp)", "logo", Kind.TEXT),
    Entry("Văn bản ban hành: số, ký hiệu", "document.number", Kind.TEXT),
    Entry("Văn bản ban hành: ngày", "document.date", Kind.DATE),
    Entry("Văn bản ban hành: người ký", "document.signer", Kind.TEXT),
    Entry("Văn bản ban hành: đường dẫn", "document.url", Kind.TEXT),
    Entry("Góp ý: trang tiếp nhận", "feedback.url", Kind.TEXT),
    Entry("Góp ý: điện thoại", "feedback.phone", Kind.TEXT),
    Entry("Góp ý: thư điện tử", "feedback.email", Kind.TEXT),
    Entry("Góp ý: lời dặn", "feedback.note", Kind.TEXT),
    Entry("Báo cáo: nơi nhận", "report.recipients", Kind.LINES),
    Entry("Báo cáo: thẩm quyền ký", "report.signing_title", Kind.TEXT),
    Entry("Báo cáo: người ký", "report.signer", Kind.TEXT),
)
SHEETS = (TASKS, UPDATES, KPIS, MEASUREMENTS, TARGETS, GROUPS, AREAS, UNITS, PLAN)


def written(
    kind: Kind, value: Any, units: Mapping[str, str], choices: Mapping[Any, str] | None = None
) -> Any:
    """A plan value as its cell holds it, None for an empty cell; `units` words a unit id."""
    if value is None:
        return None
    match kind:
        case Kind.NOTE:
            return value or None
        case Kind.YES:
            return YES if value else None
        case Kind.LINES:
            return lines(value)
        case Kind.UNITS:
            return lines([units.get(u, u) for u in value])
        case Kind.LINKS:
            return lines([link_line(e) for e in value])
        case Kind.CODES:
            return lines([code.value for code in value])
        case Kind.CODE:
            return value.value
        case Kind.WORD if choices is not None:
            return choices[value]
    return value


def dotted(record: Any, field: str) -> Any:
    """The value of a dotted field below `record` ('contact.person.name'), None where a part is missing."""
    for name in field.split("."):
        record = getattr(record, name) if record is not None else None
    return record


def cell_value(col: Col, line: Line, units: Mapping[str, str]) -> Any:
    """What the cell of `col` holds in the row written from `line`."""
    if col.get is not None:
        return col.get(line)
    value = dotted(line.record, col.field)
    if col.kind is Kind.TITLE:
        return "\n".join([value, *(ITEM_MARK + item for item in line.record.items)])
    if col.kind is Kind.DUE:
        return value.date or value.month or value.quarter
    return written(col.kind, value, units, col.choices)
