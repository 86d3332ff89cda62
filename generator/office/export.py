"""The plan as an Excel workbook staff can read, print, edit and import back.

The sheets and their columns are declared in sheets.py. The first sheet follows the
appendix's columns, then the status, the latest update and the KPI values at the
as-of date. Every other part of the plan has a sheet of its own, one row per record,
so that `import` rebuilds exactly the same plan. Columns whose header ends in
"(chỉ xem)" are computed from the plan and ignored on import.

Lists inside a cell are one line each ("- " before the listed items of a task); each
piece of evidence takes two columns, its title and its address (sheets.py). Every header
carries a note saying what goes in the column and what to type; percent cells are
Excel's percent cells (75 % is held as 0.75) and date cells Excel's dates, down to the
empty rows below, so that what staff type there becomes a percent or a date too.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import io
import os
import sys
import tempfile
from collections import Counter
from typing import Any

from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..derive.views import Site
from ..errors import SheetError
from ..plan.model import Unit
from .cells import HEADER_COLOR, SHADE_COLOR, fixed_zip, set_cell
from .sheets import (
    AREAS,
    GROUPS,
    KPIS,
    MEASUREMENTS,
    PLAN,
    PLAN_FIELDS,
    SHEETS,
    TARGETS,
    TASKS,
    UNITS,
    UPDATES,
    Kind,
    Line,
    Sheet,
    cell_value,
    dotted,
)

DATE_FORMAT = "DD/MM/YYYY"
PERCENT_FORMAT = "0%"
_FORMATS = {Kind.DATE: DATE_FORMAT, Kind.PERCENT: PERCENT_FORMAT}
_NOTE_WIDTH = 48  # characters a line of a header's note holds, at its width below
HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOR)
READ_ONLY_FILL = PatternFill("solid", fgColor=SHADE_COLOR)
WRAP = Alignment(wrap_text=True, vertical="top")


def unit_labels(units: list[Unit]) -> dict[str, str]:
    """Unit id -> the words written in the unit columns: the full name, or the id when
    that name is shared (or is another unit's id), so import can always tell them apart."""
    names = Counter(u.name.casefold() for u in units)
    ids = {u.id.casefold() for u in units}
    return {
        u.id: u.name if names[u.name.casefold()] == 1 and u.name.casefold() not in ids - {u.id} else u.id
        for u in units
    }


def _check_text(value: Any, where: str) -> None:
    if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
        raise SheetError(
            [f"{where}: có ký tự điều khiển không ghi được vào Excel [control character in text]"]
        )


def _note(text: str) -> Comment:
    """A header's note, sized to show all of its text."""
    lines = sum(len(line) // _NOTE_WIDTH + 1 for line in text.splitlines())
    return Comment(text, "generator", height=24 + 15 * lines, width=300)


def _sheet(wb: Workbook, sheet: Sheet, rows: list[list[Any]]) -> None:
    ws: Worksheet = wb.create_sheet(sheet.name)
    for c, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=c)
        set_cell(cell, column.title)
        cell.font = Font(bold=True)
        cell.fill = READ_ONLY_FILL if column.read_only else HEADER_FILL
        cell.alignment = WRAP
        cell.comment = _note(column.note)
        # The column's own style is what a cell staff fill later takes: wrapped text, and in
        # a percent or date column a typed 75 is 75 %, 5/10/2022 a date. So an empty cell
        # that is not shaded is not written at all (a third of the cells, the time of export).
        dimension = ws.column_dimensions[get_column_letter(c)]
        dimension.width = column.width
        dimension.alignment = WRAP
        if column.kind in _FORMATS:
            dimension.number_format = _FORMATS[column.kind]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None and not sheet.columns[c - 1].read_only:
                continue
            _check_text(value, f"trang tính '{sheet.name}', dòng {r}, cột {get_column_letter(c)}")
            cell = ws.cell(row=r, column=c)
            set_cell(cell, value)
            cell.alignment = WRAP
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif sheet.columns[c - 1].kind in _FORMATS:
                cell.number_format = _FORMATS[sheet.columns[c - 1].kind]
            if sheet.columns[c - 1].read_only:
                cell.fill = READ_ONLY_FILL
    printable(ws)
    for c, column in enumerate(sheet.columns, start=1):
        if column.drop_down:
            _choices(ws, get_column_letter(c), column.drop_down)


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


def _choices(ws: Worksheet, letter: str, values: list[str]) -> None:
    """A drop-down list for a column (staff may still type; import checks the value)."""
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.showErrorMessage = False
    dv.add(f"{letter}2:{letter}1048576")
    ws.add_data_validation(dv)


def _lines(site: Site) -> dict[Sheet, list[Line]]:
    """What each sheet's rows are written from, in the plan's order."""
    plan = site.plan
    targets = {id(tv.target): tv for a in site.areas for tv in a.targets}
    placed = [
        (area, group, t)
        for area in plan.areas
        for group, t in [(g, t) for g in area.groups for t in g.targets] + [(None, t) for t in area.targets]
    ]
    return {
        TASKS: [Line(v.task, view=v, owner=targets[id(v.target)]) for v in site.tasks],
        UPDATES: [Line(u, owner=v.task) for v in site.tasks for u in v.task.updates],
        KPIS: [Line(kv.kpi, view=kv) for kv in site.kpis],
        MEASUREMENTS: [Line(m, owner=kv) for kv in site.kpis for m in kv.kpi.measurements],
        TARGETS: [Line(t, owner=group, area=area) for area, group, t in placed],
        GROUPS: [Line(g, area=a) for a in plan.areas for g in a.groups],
        AREAS: [Line(a) for a in plan.areas],
        UNITS: [Line(u) for u in plan.units],
        PLAN: [Line(entry, owner=plan.plan) for entry in PLAN_FIELDS],
    }


def workbook(site: Site) -> Workbook:
    """The whole plan as a workbook; derived columns reflect `site.as_of`."""
    units = unit_labels(site.plan.units)
    lines = _lines(site)
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the sheet a new workbook starts with; each sheet is made below
    for declared in SHEETS:
        # As many pairs of link columns as the record with the most links needs.
        most = {
            f: max([len(dotted(ln.record, f) or []) for ln in lines[declared]], default=0)
            for f in declared.links()
        }
        sheet = declared.widened(most)
        _sheet(
            wb, sheet, [[cell_value(col, line, units) for col in sheet.columns] for line in lines[declared]]
        )
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
