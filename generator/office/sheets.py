"""The staff workbook's sheets and columns, each column declared once.

A column says its header, its width, the kind of value it holds, the plan field it
holds (dotted below the row's record: "deadline.trigger.date"), the codes it may
take and what goes in it (`help`, the note on its header, with what to type for its
kind, TYPING). `export` writes the headers, notes, widths, drop-down lists and values from here;
`import` finds each column by its header and reads its cells into its field; the
tests find their cells through it. Columns of kind SHOWN are
computed from the plan for reading: their header ends in "(chỉ xem)" and import
does not read them back. Columns are found by header, so staff may reorder them.

Evidence (a list of links) takes two columns per link, its title and its address, numbered
from 1: "Tên minh chứng 1", "Liên kết minh chứng 1", "Tên minh chứng 2"... A sheet declares
the first pairs (`link_pairs`); export adds pairs when a record has more links, and import
reads every numbered pair it finds, so staff add a third link by adding its two columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from openpyxl.utils import get_column_letter
from pydantic import BaseModel

from ..derive.views import KpiView, TaskView
from ..pages.charts import number
from ..plan.dates import vn_date
from ..plan.english import english_field
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
from ..plan.model import Area, Group, Kpi, Link, Measurement, PlanMeta, Target, Task, Unit, Update

READ_ONLY = " (chỉ xem)"
EVIDENCE_SEP = " — "  # a link on one line of text, "title — url", where one cell lists several
ITEM_MARK = "- "
YES = "Có"


class Kind(StrEnum):
    """How a column's value is written in a cell and read back."""

    TEXT = "text"  # text; a cell of spaces only is empty
    NOTE = "note"  # free text (a model `note`), kept exactly as typed, spaces included
    LINES = "lines"  # a list of texts, one a line
    UNITS = "units"  # unit ids, written as their names, one a line
    DATE = "date"  # a date: Excel's own, or typed DD/MM/YYYY
    WHOLE = "whole"  # a whole number
    PERCENT = "percent"  # a whole percent in a percent cell: 75 % is held as 0.75
    NUMBER = "number"  # a number, as Excel holds it
    YES = "yes"  # true as YES, false as an empty cell
    CODE = "code"  # one of `choices`, written as its code
    WORD = "word"  # one of `choices`, written as its Vietnamese word
    CODES = "codes"  # some of `choices`, one code a line
    LINK_TITLE = "link title"  # the title of link number `slot` of the list `field`
    LINK_URL = "link url"  # the address of link number `slot` of the list `field`
    TITLE = "title"  # a task's title, then its listed items (items_field) one a line after ITEM_MARK
    DUE = "due"  # a deadline's date, month or quarter: the one its kind names
    REF = "ref"  # the id of the record the row belongs to; `field` names that record
    SHOWN = "shown"  # computed from the plan for reading; import checks or ignores it


# What to type in a cell of each kind: the second half of every header's note and the
# end of every message about a cell that could not be read.
DATE_TYPING = (
    "gõ ngày dạng 31/12/2022 hoặc chọn ô kiểu Ngày (nếu Excel hiểu nhầm ngày và tháng, gõ 2022-12-31)"
)
TYPING: dict[Kind, str] = {
    Kind.TEXT: "gõ chữ",
    Kind.NOTE: "gõ chữ; có thể để trống",
    Kind.LINES: "mỗi mục một dòng (Alt+Enter để xuống dòng trong ô)",
    Kind.UNITS: "gõ tên, tên ngắn hoặc mã đơn vị ở trang tính 'Đơn vị', mỗi đơn vị một dòng (Alt+Enter)",
    Kind.DATE: DATE_TYPING,
    Kind.WHOLE: "gõ một số nguyên, ví dụ 2022",
    Kind.PERCENT: "gõ số phần trăm nguyên từ 0 đến 100, ví dụ 75 hoặc 75% (ô kiểu Phần trăm)",
    Kind.NUMBER: "gõ một số, ví dụ 96 hoặc 96,5",
    Kind.YES: "gõ Có, hoặc để trống nếu không",
    Kind.CODE: "chọn trong danh sách thả xuống của ô",
    Kind.WORD: "chọn trong danh sách thả xuống của ô",
    Kind.CODES: "mỗi dòng một giá trị của danh sách (Alt+Enter để xuống dòng trong ô)",
    Kind.LINK_TITLE: "gõ tên văn bản, ví dụ Báo cáo số 12/BC-SCT; cột liên kết cùng số ghi địa chỉ của nó",
    Kind.LINK_URL: "gõ địa chỉ web đầy đủ, bắt đầu bằng https://",
    Kind.TITLE: "dòng đầu là tên nhiệm vụ; các ý liệt kê mỗi ý một dòng, bắt đầu bằng '- ' (Alt+Enter)",
    Kind.DUE: "theo cột 'Loại thời hạn': ngày 31/12/2022, tháng 2022-11 hoặc quý 2022-Q4",
    Kind.REF: "gõ mã, đúng như ở trang tính của nó",
    Kind.SHOWN: "chỉ để xem: tính từ kế hoạch, không được đọc lại khi nhập; sửa ở cột hoặc trang tính gốc",
}


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
    help: str = ""  # what goes in the column, in staff words: the header's note begins with it
    slot: int = 0  # for LINK_TITLE and LINK_URL: which link of `field`, from 1

    @property
    def read_only(self) -> bool:
        return self.kind is Kind.SHOWN

    @property
    def title(self) -> str:
        """The header as written in the workbook."""
        return self.header + (READ_ONLY if self.read_only else "")

    @property
    def note(self) -> str:
        """The note on the header: what goes in the column, then what to type."""
        typing = TYPING[self.kind]
        if self.kind in (Kind.CODE, Kind.WORD, Kind.CODES) and self.choices:
            typing += ": " + ", ".join(self.drop_down or [c.value for c in self.choices])
        return f"{self.help}\n{typing[0].upper()}{typing[1:]}." if self.help else typing

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

    def link(self, field: str, slot: int, kind: Kind = Kind.LINK_URL) -> Col:
        """The title (kind LINK_TITLE) or address column of link `slot` of the list `field`."""
        return next(c for c in self.columns if c.kind is kind and c.field == field and c.slot == slot)

    def links(self) -> dict[str, int]:
        """Each list of links the sheet holds, with how many pairs of columns it declares."""
        counts: dict[str, int] = {}
        for col in self.columns:
            if col.kind is Kind.LINK_URL:
                counts[col.field] = max(counts.get(col.field, 0), col.slot)
        return counts

    def widened(self, counts: Mapping[str, int]) -> Sheet:
        """The sheet with pairs of link columns up to `counts[field]` (more links than declared)."""
        columns = list(self.columns)
        for field, count in counts.items():
            last = self.links().get(field, 0)
            if count <= last:
                continue
            title, url = self.link(field, last, Kind.LINK_TITLE), self.link(field, last)
            at = columns.index(url) + 1
            columns[at:at] = [c for n in range(last + 1, count + 1) for c in _pair(title, url, n)]
        return replace(self, columns=tuple(columns))

    def found(self, header: str) -> Col | None:
        """The column whose header is `header` (its read-only mark optional), or a pair of link
        columns numbered past those declared ("Tên minh chứng 3")."""
        for col in self.columns:
            if header in (col.title, col.header):
                return col
        for col in self.columns:
            if col.slot == 1:
                match = re.fullmatch(re.escape(_unnumbered(col.header)) + r" ?(\d{1,3})", header)
                if match and int(match[1]) > 1:
                    return replace(col, header=header, slot=int(match[1]))
        return None


@dataclass(frozen=True)
class Entry:
    """One row of the plan sheet: a field of `plan:` with its label."""

    label: str
    field: str
    kind: Kind


def _unnumbered(header: str) -> str:
    return header.rsplit(" ", 1)[0]


def _pair(title: Col, url: Col, slot: int) -> tuple[Col, Col]:
    """The two columns of link `slot`, made like the pair (`title`, `url`) of another slot."""
    return tuple(  # type: ignore[return-value]
        replace(c, header=f"{_unnumbered(c.header)} {slot}", slot=slot) for c in (title, url)
    )


def link_pairs(title: str, url: str, field: str, count: int, help: str) -> tuple[Col, ...]:
    """`count` pairs of columns for the list of links `field`: "`title` 1", "`url` 1", ..."""
    first = (
        Col(f"{title} 1", 30, Kind.LINK_TITLE, field, help=help, slot=1),
        Col(f"{url} 1", 30, Kind.LINK_URL, field, help=help, slot=1),
    )
    return first + tuple(c for n in range(2, count + 1) for c in _pair(*first, n))


# --- English text beside the Vietnamese ---------------------------------------------
# Each column (or plan-sheet row) whose field has an English twin in the model
# (plan/english.py) gets one more, its header followed by ENGLISH: the task sheet's first
# columns stay those of the appendix, and a field the model translates cannot miss its column.

ENGLISH = " (tiếng Anh)"
ENGLISH_HELP = (
    "Bản tiếng Anh, không bắt buộc: chỉ ghi bản dịch chính thức hoặc đã duyệt; để trống nếu chưa có."
)


def with_english(record: type[BaseModel], *columns: Col) -> tuple[Col, ...]:
    """`columns`, then a "… (tiếng Anh)" column for each that holds a translated field of `record`."""
    english = []
    for col in columns:
        twin = english_field(record, col.field) if col.field and col.kind is not Kind.REF else None
        if twin is not None:
            english.append(replace(col, header=col.header + ENGLISH, field=twin, help=ENGLISH_HELP))
    return (*columns, *english)


def english_entries(record: type[BaseModel], *entries: Entry) -> tuple[Entry, ...]:
    """The plan sheet's rows, each translated field followed by its "… (tiếng Anh)" row."""
    out: list[Entry] = []
    for entry in entries:
        out.append(entry)
        twin = english_field(record, entry.field)
        if twin is not None:
            out.append(replace(entry, label=entry.label + ENGLISH, field=twin))
    return tuple(out)


def items_field(title_field: str) -> str:
    """The listed items written under a TITLE column's title: 'title_en' -> 'items_en'."""
    return "items" + title_field.removeprefix("title")


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
    help="Mục tiêu mà nhiệm vụ thuộc về, như phụ lục in (sửa ở trang tính 'Mục tiêu').",
)
EVIDENCE_TITLE, EVIDENCE_URL = "Tên minh chứng", "Liên kết minh chứng"
TASKS = Sheet(
    "Nhiệm vụ",
    with_english(
        Task,
        Col("STT", 10, Kind.TEXT, "id", help="Mã nhiệm vụ, ví dụ II.1.3.b."),
        TARGET_TEXT,
        Col("Nhiệm vụ cụ thể", 50, Kind.TITLE, "title", help="Tên nhiệm vụ như trong kế hoạch."),
        Col("Sản phẩm", 24, Kind.LINES, "products", help="Sản phẩm phải nộp."),
        Col("Cơ quan chủ trì", 22, Kind.UNITS, "lead", help="Đơn vị chủ trì."),
        Col("Cơ quan phối hợp", 22, Kind.UNITS, "partners", help="Đơn vị phối hợp, nếu có."),
        Col(
            "Thời gian hoàn thành",
            18,
            Kind.TEXT,
            "deadline.text",
            help="Thời hạn ghi đúng như trong kế hoạch, ví dụ Quý IV/2022.",
        ),
        Col(
            "Trạng thái",
            18,
            Kind.SHOWN,
            get=lambda r: status_text(r.view),
            help="Trạng thái theo lần cập nhật mới nhất (báo cáo ở trang tính 'Cập nhật').",
        ),
        Col(
            "Cập nhật mới nhất",
            36,
            Kind.SHOWN,
            get=lambda r: latest_text(r.view),
            help="Ngày và ghi chú của lần cập nhật mới nhất.",
        ),
        Col(
            "Chỉ tiêu",
            30,
            Kind.SHOWN,
            get=lambda r: kpi_text(r.owner.kpis),
            help="Số liệu mới nhất của các chỉ tiêu của mục tiêu.",
        ),
        Col(
            "Mã mục tiêu",
            12,
            Kind.REF,
            "target",
            get=lambda r: r.owner.target.id,
            help="Mã của mục tiêu ở trang tính 'Mục tiêu', ví dụ II.1.3.",
        ),
        Col("Ghi chú", 30, Kind.NOTE, "note", help="Ghi chú về nhiệm vụ."),
        Col(
            "Ghi chú chép lại",
            30,
            Kind.NOTE,
            "transcription_note",
            help="Ghi chú của người chép kế hoạch: ô nào của văn bản gốc bị hỏng, đã đọc thế nào.",
        ),
        Col(
            "Loại thời hạn",
            14,
            Kind.CODE,
            "deadline.kind",
            choices=DEADLINE_LABELS,
            help="Thời hạn là một ngày, một tháng, một quý, thường xuyên, khi có chủ trương "
            "hay theo tiến độ.",
        ),
        Col(
            "Hạn",
            12,
            Kind.DUE,
            "deadline",
            help="Hạn cuối, khi thời hạn là một ngày, một tháng hoặc một quý.",
        ),
        Col(
            "Loại thời hạn khác",
            16,
            Kind.CODES,
            "deadline.also",
            choices=DEADLINE_LABELS,
            help="Các loại thời hạn khác cùng ghi trong ô thời hạn, nếu có.",
        ),
        Col(
            "Chủ trương: ngày",
            14,
            Kind.DATE,
            "deadline.trigger.date",
            help="Ngày có chủ trương, hướng dẫn hoặc phê duyệt ấn định hạn.",
        ),
        Col(
            "Chủ trương: hạn",
            14,
            Kind.DATE,
            "deadline.trigger.due",
            help="Hạn được ấn định từ chủ trương đó.",
        ),
        Col("Chủ trương: ghi chú", 30, Kind.NOTE, "deadline.trigger.note", help="Văn bản nào ấn định hạn."),
        *link_pairs(
            f"Chủ trương: {EVIDENCE_TITLE.lower()}",
            f"Chủ trương: {EVIDENCE_URL.lower()}",
            "deadline.trigger.evidence",
            1,
            help="Văn bản chủ trương làm minh chứng: tên ở cột tên, địa chỉ web ở cột liên kết cùng số.",
        ),
    ),
)
UPDATES = Sheet(
    "Cập nhật",
    with_english(
        Update,
        Col(
            "Mã nhiệm vụ",
            12,
            Kind.REF,
            "task",
            get=lambda r: r.owner.id,
            help="Mã nhiệm vụ được báo cáo, như cột STT của trang tính 'Nhiệm vụ', ví dụ II.1.3.b.",
        ),
        Col("Ngày", 12, Kind.DATE, "date", help="Ngày báo cáo."),
        Col(
            "Trạng thái", 18, Kind.WORD, "status", choices=STATUS_LABELS, help="Trạng thái tại ngày báo cáo."
        ),
        Col("Phần trăm", 10, Kind.PERCENT, "percent", help="Phần trăm khối lượng đã làm, nếu có."),
        Col(
            "Kỳ báo cáo",
            12,
            Kind.TEXT,
            "period",
            help="Chỉ cho nhiệm vụ thường xuyên: quý được báo cáo, dạng 2022-Q3; "
            "để trống là quý của ngày báo cáo.",
        ),
        Col("Ghi chú", 50, Kind.NOTE, "note", help="Kết quả đạt được, ngắn gọn."),
        *link_pairs(
            EVIDENCE_TITLE,
            EVIDENCE_URL,
            "evidence",
            2,
            help="Văn bản minh chứng: tên ở cột tên, địa chỉ web ở cột liên kết cùng số; "
            "thêm minh chứng thứ ba bằng hai cột 'Tên minh chứng 3' và 'Liên kết minh chứng 3'.",
        ),
    ),
)
KPIS = Sheet(
    "Chỉ tiêu",
    with_english(
        Kpi,
        Col(
            "Mã mục tiêu",
            12,
            Kind.REF,
            "target",
            get=lambda r: r.view.target.id,
            help="Mã của mục tiêu có chỉ tiêu này.",
        ),
        Col("Mã chỉ tiêu", 24, Kind.TEXT, "id", help="Mã chỉ tiêu: chữ thường không dấu, ví dụ hs-dung-han."),
        Col(
            "Đại lượng", 44, Kind.TEXT, "metric", help="Điều được đo, ví dụ Tỷ lệ hồ sơ giải quyết đúng hạn."
        ),
        Col(
            "So sánh",
            12,
            Kind.CODE,
            "comparison",
            choices=COMPARISON_LABELS,
            help="Cách so số liệu với ngưỡng.",
        ),
        Col("Ngưỡng", 10, Kind.NUMBER, "value", help="Ngưỡng phải đạt."),
        Col("Đơn vị", 10, Kind.TEXT, "unit", help="Đơn vị đo, ví dụ %."),
        Col(
            "Số liệu mới nhất",
            22,
            Kind.SHOWN,
            get=lambda r: _latest_measurement(r.view),
            help="Số liệu mới nhất và ngày của nó.",
        ),
        Col(
            "Kết quả",
            18,
            Kind.SHOWN,
            get=lambda r: KPI_LABELS[r.view.state.result],
            help="Số liệu mới nhất có đạt ngưỡng không.",
        ),
    ),
)
MEASUREMENTS = Sheet(
    "Số liệu chỉ tiêu",
    with_english(
        Measurement,
        Col(
            "Mã mục tiêu",
            12,
            Kind.REF,
            "target",
            get=lambda r: r.owner.target.id,
            help="Mã của mục tiêu có chỉ tiêu.",
        ),
        Col(
            "Mã chỉ tiêu",
            24,
            Kind.REF,
            "kpi",
            get=lambda r: r.owner.kpi.id,
            help="Mã chỉ tiêu ở trang tính 'Chỉ tiêu'.",
        ),
        Col("Ngày", 12, Kind.DATE, "date", help="Ngày của số liệu."),
        Col("Giá trị", 10, Kind.NUMBER, "value", help="Số liệu đo được."),
        Col("Nguồn", 40, Kind.TEXT, "source", help="Nguồn số liệu, ví dụ hệ thống Một cửa điện tử."),
        Col("Liên kết", 40, Kind.TEXT, "url", help="Địa chỉ web của nguồn, bắt đầu bằng https://, nếu có."),
    ),
)
TARGETS = Sheet(
    "Mục tiêu",
    with_english(
        Target,
        Col("Lĩnh vực", 10, Kind.REF, "area", get=lambda r: r.area.id, help="Mã lĩnh vực, ví dụ II."),
        Col(
            "Nhóm",
            10,
            Kind.REF,
            "group",
            get=lambda r: r.owner.id if r.owner else None,
            help="Mã nhóm, ví dụ II.1; để trống khi mục tiêu thuộc thẳng lĩnh vực.",
        ),
        Col("Mã mục tiêu", 12, Kind.TEXT, "id", help="Mã mục tiêu, ví dụ II.1.3."),
        Col("Tên nội dung", 36, Kind.TEXT, "title", help="Tên ngắn của nội dung, nếu có."),
        Col("Mục tiêu", 70, Kind.TEXT, "text", help="Lời mục tiêu như trong kế hoạch."),
    ),
)
GROUPS = Sheet(
    "Nhóm",
    with_english(
        Group,
        Col("Lĩnh vực", 10, Kind.REF, "area", get=lambda r: r.area.id, help="Mã lĩnh vực, ví dụ II."),
        Col("Mã nhóm", 10, Kind.TEXT, "id", help="Mã nhóm, ví dụ II.1."),
        Col("Tên nhóm", 80, Kind.TEXT, "title", help="Tên nhóm như trong kế hoạch."),
    ),
)
AREAS = Sheet(
    "Lĩnh vực",
    with_english(
        Area,
        Col("Mã", 8, Kind.TEXT, "id", help="Mã lĩnh vực: số La Mã, ví dụ II."),
        Col("Tên lĩnh vực", 60, Kind.TEXT, "title", help="Tên lĩnh vực như trong kế hoạch."),
    ),
)
UNITS = Sheet(
    "Đơn vị",
    with_english(
        Unit,
        Col("Mã", 16, Kind.TEXT, "id", help="Mã đơn vị: chữ thường không dấu, ví dụ van-phong."),
        Col("Tên", 44, Kind.TEXT, "name", help="Tên đầy đủ của đơn vị."),
        Col("Tên ngắn", 22, Kind.TEXT, "short", help="Tên ngắn, nếu có."),
        Col(
            "Tập hợp",
            10,
            Kind.YES,
            "collective",
            help="Có khi dòng này là nhiều đơn vị, ví dụ các phòng thuộc Sở.",
        ),
    ),
)
# The plan sheet lists the fields of `plan:` one a row (Line(entry, owner=the plan's `plan:`)).
LABEL = Col("Trường", 24, Kind.TEXT, get=lambda r: r.record.label, help="Tên trường; giữ nguyên chữ.")
VALUE = Col(
    "Giá trị",
    80,
    Kind.TEXT,
    get=lambda r: written(r.record.kind, dotted(r.owner, r.record.field), {}),
    help="Giá trị của trường; ngày gõ dạng 31/12/2022, danh sách mỗi mục một dòng.",
)
PLAN = Sheet("Kế hoạch", (LABEL, VALUE))
PLAN_FIELDS = english_entries(
    PlanMeta,
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
        case Kind.PERCENT:
            return value / 100  # shown 75% in a percent cell, as Excel holds a typed 75 %
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
        items = [ITEM_MARK + item for item in dotted(line.record, items_field(col.field))]
        return "\n".join([value, *items]) if value is not None else None
    if col.kind is Kind.DUE:
        return value.date or value.month or value.quarter
    if col.kind in (Kind.LINK_TITLE, Kind.LINK_URL):
        link = value[col.slot - 1] if value is not None and col.slot <= len(value) else None
        return None if link is None else link.title if col.kind is Kind.LINK_TITLE else link.url
    return written(col.kind, value, units, col.choices)
