"""The plan as an Excel workbook staff can read, print, edit and import back.

The first sheet follows the appendix's columns (STT, Mục tiêu, Nhiệm vụ cụ thể,
Sản phẩm, Cơ quan chủ trì, Cơ quan phối hợp, Thời gian hoàn thành), then the
status, the latest update and the KPI values at the as-of date. Every other part
of the plan has a sheet of its own, one row per record, so that `import` rebuilds
exactly the same plan. Columns whose header ends in "(chỉ xem)" are computed from
the plan and ignored on import. Columns are found by header, so their order may change.

Lists inside a cell are one line each ("- " before the listed items of a task,
"tên — địa chỉ" for evidence).
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import io
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..derive.views import KpiView, Site, TaskView
from ..pages.charts import number
from ..plan.dates import vn_date
from ..plan.labels import (
    COMPARISON_LABELS,
    KPI_LABELS,
    MARKER_LABELS,
    NO_MEASUREMENT,
    SHOWN_LABELS,
    STATUS_LABELS,
    Marker,
)
from ..plan.model import Comparison, DeadlineKind, Link, Unit
from .cells import SheetError, fixed_zip, set_cell

READ_ONLY = " (chỉ xem)"
DATE_FORMAT = "DD/MM/YYYY"
EVIDENCE_SEP = " — "
ITEM_MARK = "- "
YES = "Có"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, width in characters, and whether import reads it."""

    header: str
    width: int
    read_only: bool = False

    @property
    def title(self) -> str:
        return self.header + (READ_ONLY if self.read_only else "")


def cols(*spec: tuple[str, int] | tuple[str, int, bool]) -> list[Column]:
    return [Column(*s) for s in spec]


# One list per sheet: the export writes these headers and the import looks them up.
SHEETS: dict[str, list[Column]] = {
    "Nhiệm vụ": cols(
        ("STT", 10),
        ("Mục tiêu", 40, True),
        ("Nhiệm vụ cụ thể", 50),
        ("Sản phẩm", 24),
        ("Cơ quan chủ trì", 22),
        ("Cơ quan phối hợp", 22),
        ("Thời gian hoàn thành", 18),
        ("Trạng thái", 18, True),
        ("Cập nhật mới nhất", 36, True),
        ("Chỉ tiêu", 30, True),
        ("Mã mục tiêu", 12),
        ("Ghi chú", 30),
        ("Loại thời hạn", 14),
        ("Hạn", 12),
        ("Loại thời hạn khác", 16),
        ("Chủ trương: ngày", 14),
        ("Chủ trương: hạn", 14),
        ("Chủ trương: ghi chú", 30),
        ("Chủ trương: minh chứng", 40),
    ),
    "Cập nhật": cols(
        ("Mã nhiệm vụ", 12),
        ("Ngày", 12),
        ("Trạng thái", 18),
        ("Phần trăm", 10),
        ("Kỳ báo cáo", 12),
        ("Ghi chú", 50),
        ("Minh chứng", 50),
    ),
    "Chỉ tiêu": cols(
        ("Mã mục tiêu", 12),
        ("Mã chỉ tiêu", 24),
        ("Đại lượng", 44),
        ("So sánh", 12),
        ("Ngưỡng", 10),
        ("Đơn vị", 10),
        ("Số liệu mới nhất", 22, True),
        ("Kết quả", 18, True),
    ),
    "Số liệu chỉ tiêu": cols(
        ("Mã mục tiêu", 12),
        ("Mã chỉ tiêu", 24),
        ("Ngày", 12),
        ("Giá trị", 10),
        ("Nguồn", 40),
        ("Liên kết", 40),
    ),
    "Mục tiêu": cols(
        ("Lĩnh vực", 10),
        ("Nhóm", 10),
        ("Mã mục tiêu", 12),
        ("Tên nội dung", 36),
        ("Mục tiêu", 70),
    ),
    "Nhóm": cols(("Lĩnh vực", 10), ("Mã nhóm", 10), ("Tên nhóm", 80)),
    "Lĩnh vực": cols(("Mã", 8), ("Tên lĩnh vực", 60)),
    "Đơn vị": cols(("Mã", 16), ("Tên", 44), ("Tên ngắn", 22), ("Tập hợp", 10)),
    "Kế hoạch": cols(("Trường", 24), ("Giá trị", 80)),
}
# Rows of the "Kế hoạch" sheet: label -> field of plan.plan.
META_ROWS = {
    "Tên kế hoạch": "title",
    "Cơ quan": "organization",
    "Năm": "year",
    "Ngày chốt số liệu": "as_of",
    "Văn bản gốc": "source",
    "Dữ liệu minh họa": "sample",
}
HEADER_FILL = PatternFill("solid", fgColor="DDE3F0")
READ_ONLY_FILL = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")


def lines(values: Sequence[str]) -> str | None:
    return "\n".join(values) or None


def link_line(link: Link) -> str:
    """A link as one line of a cell; the URL never holds a space, so the last separator splits."""
    return f"{link.title}{EVIDENCE_SEP}{link.url}"


def unit_labels(units: list[Unit]) -> dict[str, str]:
    """Unit id -> the words written in the unit columns: the full name, or the id when
    that name is shared (or is another unit's id), so import can always tell them apart."""
    names = Counter(u.name.casefold() for u in units)
    ids = {u.id.casefold() for u in units}
    return {
        u.id: u.name if names[u.name.casefold()] == 1 and u.name.casefold() not in ids - {u.id} else u.id
        for u in units
    }


def task_cell(view: TaskView) -> str:
    return "\n".join([view.task.title, *(ITEM_MARK + item for item in view.task.items)])


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


def _check_text(value: Any, where: str) -> None:
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        raise SheetError(
            [f"{where}: có ký tự điều khiển không ghi được vào Excel [control character in text]"]
        )


def _sheet(wb: Workbook, name: str, rows: list[list[Any]], first: bool = False) -> Worksheet:
    ws: Worksheet = wb.worksheets[0] if first else wb.create_sheet(name)
    ws.title = name
    columns = SHEETS[name]
    for c, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=c)
        set_cell(cell, column.title)
        cell.font = Font(bold=True)
        cell.fill = READ_ONLY_FILL if column.read_only else HEADER_FILL
        cell.alignment = WRAP
        ws.column_dimensions[get_column_letter(c)].width = column.width
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            _check_text(value, f"trang tính '{name}', dòng {r}, cột {get_column_letter(c)}")
            cell = ws.cell(row=r, column=c)
            set_cell(cell, value)
            cell.alignment = WRAP
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            if columns[c - 1].read_only:
                cell.fill = READ_ONLY_FILL
    printable(ws)
    return ws


def page_setup(ws: Any) -> None:
    """Header frozen and repeated on every page, A4 landscape, one page wide (a normal or a
    write-only sheet: the open-data workbook streams its rows)."""
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def printable(ws: Worksheet) -> None:
    """Printable (page_setup), with a filter on the header when there are rows."""
    page_setup(ws)
    if ws.max_row > 1:
        ws.auto_filter.ref = ws.dimensions


def _choices(ws: Worksheet, column: int, values: list[str]) -> None:
    """A drop-down list for a column (staff may still type; import checks the value)."""
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.showErrorMessage = False
    dv.add(f"{letter}2:{letter}1048576")
    ws.add_data_validation(dv)


def _deadline_value(view: TaskView) -> Any:
    d = view.task.deadline
    return d.date or d.month or d.quarter


def workbook(site: Site) -> Workbook:
    """The whole plan as a workbook; derived columns reflect `site.as_of`."""
    plan = site.plan
    units = unit_labels(plan.units)
    kpis_of = {id(tv.target): tv.kpis for a in site.areas for tv in a.targets}
    wb = Workbook()
    task_rows = []
    for view in site.tasks:
        task, d = view.task, view.task.deadline
        trigger = d.trigger
        target = view.target
        task_rows.append(
            [
                task.id,
                f"{target.id}. {target.text}",
                task_cell(view),
                lines(task.products),
                lines([units.get(u, u) for u in task.lead]),
                lines([units.get(u, u) for u in task.partners]),
                d.text,
                status_text(view),
                latest_text(view),
                kpi_text(kpis_of[id(target)]),
                target.id,
                task.note or None,
                d.kind.value,
                _deadline_value(view),
                lines([k.value for k in d.also]),
                trigger.date if trigger else None,
                trigger.due if trigger else None,
                (trigger.note or None) if trigger else None,
                lines([link_line(e) for e in trigger.evidence]) if trigger else None,
            ]
        )
    ws = _sheet(wb, "Nhiệm vụ", task_rows, first=True)
    kinds = [k.value for k in DeadlineKind]
    _choices(ws, 13, kinds)

    update_rows = [
        [
            view.task.id,
            u.date,
            STATUS_LABELS[u.status],
            u.percent,
            u.period,
            u.note or None,
            lines([link_line(e) for e in u.evidence]),
        ]
        for view in site.tasks
        for u in view.task.updates
    ]
    ws = _sheet(wb, "Cập nhật", update_rows)
    _choices(ws, 3, list(STATUS_LABELS.values()))

    kpi_rows, measure_rows = [], []
    for kv in site.kpis:
        kpi, latest = kv.kpi, kv.state.latest
        kpi_rows.append(
            [
                kv.target.id,
                kpi.id,
                kpi.metric,
                kpi.comparison.value,
                kpi.value,
                kpi.unit,
                f"{number(latest.value)}{kpi.unit} ({vn_date(latest.date)})" if latest else None,
                KPI_LABELS[kv.state.result],
            ]
        )
        measure_rows += [[kv.target.id, kpi.id, m.date, m.value, m.source, m.url] for m in kpi.measurements]
    ws = _sheet(wb, "Chỉ tiêu", kpi_rows)
    _choices(ws, 4, [c.value for c in Comparison])
    _sheet(wb, "Số liệu chỉ tiêu", measure_rows)

    target_rows = [
        [area.id, group.id if group else None, t.id, t.title, t.text]
        for area in plan.areas
        for group, t in [(g, t) for g in area.groups for t in g.targets] + [(None, t) for t in area.targets]
    ]
    _sheet(wb, "Mục tiêu", target_rows)
    _sheet(wb, "Nhóm", [[a.id, g.id, g.title] for a in plan.areas for g in a.groups])
    _sheet(wb, "Lĩnh vực", [[a.id, a.title] for a in plan.areas])
    _sheet(wb, "Đơn vị", [[u.id, u.name, u.short, YES if u.collective else None] for u in plan.units])
    meta = plan.plan
    values: dict[str, Any] = {
        "title": meta.title,
        "organization": meta.organization,
        "year": meta.year,
        "as_of": meta.as_of,
        "source": meta.source,
        "sample": YES if meta.sample else None,
    }
    _sheet(wb, "Kế hoạch", [[label, values[field]] for label, field in META_ROWS.items()])
    stamp(wb, site.as_of)
    return wb


def stamp(wb: Workbook, day: dt.date) -> None:
    """Fixed document properties: the same plan gives the same bytes."""
    when = dt.datetime.combine(day, dt.time(0))
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "generator"
    wb.properties.lastModifiedBy = "generator"


def workbook_bytes(wb: Workbook, day: dt.date) -> bytes:
    """The workbook as XLSX bytes, identical for identical content."""
    buffer = io.BytesIO()
    try:
        wb.save(buffer)
    except etree.SerialisationError as err:
        # openpyxl writes each sheet to a file in the temporary folder first (removed at
        # exit); lxml names a failed write by its errno, e.g. "IO_ENOSPC" on a full disk.
        code = getattr(errno, str(err).removeprefix("IO_"), errno.EIO)
        failed = OSError(code, os.strerror(code), tempfile.gettempdir())
    else:
        return fixed_zip(buffer.getvalue(), day)
    # The half-written sheet's stream fails again when it is collected: already said once.
    hook, sys.unraisablehook = sys.unraisablehook, lambda _: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook
    raise failed


def xlsx(site: Site) -> bytes:
    """The staff workbook of `site` as bytes."""
    return workbook_bytes(workbook(site), site.as_of)


# Used by the importer: the reverse of `lines`.
def split_lines(text: str) -> list[str]:
    return [line for line in re.split(r"\r\n|\n|\r", text) if line.strip()]
