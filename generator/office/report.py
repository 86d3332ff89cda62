"""The periodic progress report as a Word document, laid out like the plan's appendix.

Title, agency and as-of date; a paragraph of counts; the overdue tasks; then the
appendix table (the task sheet's first columns, sheets.py: the appendix's own, then
the status) with an area heading row across the table before each area's tasks.
A4 landscape, header row repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row

from ..derive.views import Counts, Site
from ..plan.dates import vn_date
from ..plan.labels import MARKER_LABELS, SHOWN_LABELS, Marker
from .cells import HEADER_COLOR, SHADE_COLOR, fixed_zip, property_text
from .sheets import TARGET_TEXT, TASKS, Line, cell_value

# The appendix table: the task sheet's columns that the report prints, in its order.
COLUMNS = [col for col in TASKS.columns if col.report_mm]
FONT = "Times New Roman"
TABLE_SIZE = Pt(10)
TABLE_HALF_POINTS = 20  # the same 10 pt, as WordprocessingML writes sizes
# XML 1.0 cannot hold these; a plan's free text could (a "\x01" typed in YAML).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def summary(counts: Counts) -> str:
    """One sentence with every count, 'not reported' included, as on the home page."""
    parts = [f"{n} {SHOWN_LABELS[s].lower()}" for s, n in counts.rows() if n]
    text = f"Tổng số {counts.total} nhiệm vụ: " + ", ".join(parts) + "."
    overdue, late = MARKER_LABELS[Marker.OVERDUE], MARKER_LABELS[Marker.LATE]
    text += f" {overdue}: {counts.overdue}. {late}: {counts.done_late}."
    return text


def _repeat_header(row: _Row) -> None:
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _cell_text(cell: _Cell, text: str, bold: bool = False) -> None:
    lines = _clean(text).split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = TABLE_SIZE


def _short_names(site: Site) -> dict[str, str]:
    return {unit_id: unit.short for unit_id, unit in site.unit_names.items()}


def _xml_cell(text: str, width: int, merge: str | None) -> str:
    """One table cell as WordprocessingML: a paragraph per line, escaped, 10 pt."""
    merged = {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[merge]
    paragraphs = "".join(
        f'<w:p><w:r><w:rPr><w:sz w:val="{TABLE_HALF_POINTS}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        if line
        else "<w:p/>"
        for line in _clean(text).split("\n")
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merged}</w:tcPr>{paragraphs}</w:tc>'


def _task_row(table: Table, line: Line, units: dict[str, str], place: str | None) -> None:
    """A task's row, written as XML in one piece: python-docx's cell API is ~10x slower."""
    cells = "".join(
        _xml_cell(
            "" if col is TARGET_TEXT and place == "continue" else cell_value(col, line, units) or "",
            Mm(col.report_mm).twips,
            place if col is TARGET_TEXT else None,
        )
        for col in COLUMNS
    )
    table._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{cells}</w:tr>"))


def document(site: Site) -> DocumentObject:
    """The report as a python-docx Document."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(12)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    units = _short_names(site)
    _opening(doc, site)
    _overdue(doc, site, units)
    _appendix(doc, site, units)
    props = doc.core_properties
    when = dt.datetime.combine(site.as_of, dt.time(0))
    props.created = props.modified = props.last_printed = when
    props.author = props.last_modified_by = "generator"
    props.title = property_text(_clean(f"Báo cáo tiến độ: {site.plan.plan.title}"))
    props.revision = 1
    return doc


def _opening(doc: DocumentObject, site: Site) -> None:
    """Who, what and when, then the counts."""
    meta = site.plan.plan
    doc.add_paragraph(_clean(meta.organization)).runs[0].bold = True
    doc.add_heading(_clean(f"Báo cáo tiến độ: {meta.title}"), level=0)
    if meta.sample:
        doc.add_paragraph("Dữ liệu minh họa: không phải số liệu thật của cơ quan.").runs[0].bold = True
    doc.add_paragraph(f"Số liệu tính đến ngày {vn_date(site.as_of)}.")
    doc.add_paragraph(_clean(f"Văn bản gốc: {meta.source}. Kế hoạch năm {meta.year}."))

    doc.add_heading("Tình hình chung", level=1)
    doc.add_paragraph(summary(site.counts))
    doc.add_paragraph(
        "Nhiệm vụ chưa cập nhật là nhiệm vụ cơ quan chưa báo cáo tiến độ; không được tính là 0% "
        "và không được coi là đã xong."
    )


def _overdue(doc: DocumentObject, site: Site, units: dict[str, str]) -> None:
    doc.add_heading(f"Nhiệm vụ quá hạn ({len(site.overdue)})", level=1)
    if not site.overdue:
        doc.add_paragraph(f"Không có nhiệm vụ nào quá hạn tính đến ngày {vn_date(site.as_of)}.")
    for view in site.overdue:
        due = vn_date(view.state.due) if view.state.due else ""
        lead = "\n".join(units[u] for u in view.task.lead)
        doc.add_paragraph(
            _clean(f"{view.task.id}: {view.task.title} (hạn {due}; chủ trì: {lead})"),
            style="List Bullet",
        )


def _appendix(doc: DocumentObject, site: Site, units: dict[str, str]) -> None:
    """The appendix table: a header row repeated on each page, then each area's tasks."""
    doc.add_heading("Tiến độ theo phụ lục kế hoạch", level=1)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cell widths, LibreOffice the table grid: set both.
    for column, col in zip(table.columns, COLUMNS, strict=True):
        column.width = Mm(col.report_mm)
    for cell, col in zip(table.rows[0].cells, COLUMNS, strict=True):
        _cell_text(cell, col.header, bold=True)
        _shade(cell, HEADER_COLOR)
        cell.width = Mm(col.report_mm)
    _repeat_header(table.rows[0])
    for area in site.areas:
        row = table.add_row()
        cells = row.cells
        merged = cells[0].merge(cells[-1])
        _cell_text(merged, f"{area.area.id}. {area.area.title}", bold=True)
        _shade(merged, SHADE_COLOR)
        for section_view in area.targets:
            views = section_view.tasks
            for n, view in enumerate(views):
                # One target cell spans the target's tasks, as in the appendix.
                place = None if len(views) == 1 else "restart" if n == 0 else "continue"
                _task_row(table, Line(view.task, view=view, owner=section_view), units, place)


def docx(site: Site) -> bytes:
    """The report as .docx bytes; the same plan and as-of date give the same bytes."""
    buffer = io.BytesIO()
    document(site).save(buffer)
    return fixed_zip(buffer.getvalue(), site.as_of)
