"""The official periodic report as a Word document, laid out per Nghị định 30/2020/NĐ-CP.

Page one opens with the letterhead (the issuing body under its parent, its number; the
Quốc hiệu and Tiêu ngữ, place and date), "BÁO CÁO" and its summary; the body has
I. results (a count table by area, what each area reported in the period), II.
shortcomings (overdue, not reported) and III. next steps (what falls due next period);
then "Nơi nhận" beside the signature, and on landscape pages the appendix: every task
with its status, percent, result and evidence. What it says is findings.py's, who
signs and receives it letter.py's, the layout's numbers decree.py's.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import _Cell

from ..derive.views import Counts, Site
from ..plan.dates import vn_date
from ..plan.labels import MARKER_LABELS, SHOWN_LABELS, Marker
from ..plan.model import Shown
from . import decree as d
from .cells import fixed_zip, property_text
from .findings import (
    APPENDIX_COLUMNS,
    COUNT_COLUMNS,
    OTHER_NOTE,
    count_rows,
    due_in,
    overdue_line,
    reported_in,
    result_line,
)
from .letter import Letter
from .period import Period
from .wordml import (
    borderless,
    cell_text,
    centred,
    clean,
    one_font,
    page_numbers,
    repeat_header,
    rule,
    text_run,
    widths,
    xml_row,
)

NOT_REPORTED_NOTE = (
    "Nhiệm vụ chưa cập nhật là nhiệm vụ cơ quan chưa báo cáo tiến độ; không được tính là 0% "
    "và không được coi là đã xong."
)
SAMPLE_NOTE = "Dữ liệu minh họa: không phải số liệu thật của cơ quan."
# A capital of Times New Roman bold is about 0.72 of its size wide: enough to size the
# short rule under a name, which the decree allows from 1/3 to 1/2 of the name.
_CAPITAL_EM = 0.72
# The count table's columns: the area's number, then each count ("nhiệm" holds in 18 mm).
COUNT_NUMBER_MM, COUNT_MM = 13, 18
_PT_MM = 25.4 / 72


def summary(counts: Counts) -> str:
    """One sentence with every count, 'not reported' included, as on the home page."""
    parts = [f"{n} {SHOWN_LABELS[s].lower()}" for s, n in counts.rows() if n]
    text = f"Tổng số {counts.total} nhiệm vụ: " + ", ".join(parts) + "."
    overdue, late = MARKER_LABELS[Marker.OVERDUE], MARKER_LABELS[Marker.LATE]
    text += f" {overdue}: {counts.overdue}. {late}: {counts.done_late}."
    return text


def subject(site: Site, period: Period) -> str:
    """The trích yếu: 'Kết quả thực hiện <plan> trong quý IV'; the year is the plan's."""
    meta = site.plan.plan
    when = period.words(year=period.year != meta.year)
    return f"Kết quả thực hiện {meta.title}" + (f" trong {when}" if when else "")


def _line_mm(text: str, size: int, room: int) -> float:
    """The length of the rule under `text` set in `size` pt, in a `room` mm column."""
    longest = max(len(line) for line in text.splitlines() or [""])
    return min(room, longest * size * _CAPITAL_EM * _PT_MM) * d.RULE_SHARE


def _page(section: Section, page: d.Page) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if page.width > page.height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.header_distance = Mm(d.HEADER_MM)


def _body_format(doc: DocumentObject) -> None:
    form = doc.styles["Normal"].paragraph_format
    form.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form.first_line_indent = Mm(d.FIRST_LINE_INDENT_MM)
    form.space_before = Pt(0)
    form.space_after = Pt(d.PARAGRAPH_AFTER_PT)
    form.line_spacing = d.LINE_SPACING


def _para(doc: DocumentObject, text: str, bold: bool = False, italic: bool = False) -> None:
    text_run(doc.add_paragraph(), text, d.BODY_PT, bold=bold, italic=italic)


def _letterhead(doc: DocumentObject, letter: Letter) -> None:
    """Mẫu 1.1: the bodies and the number on the left, the State and the date on the right."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borderless(table)
    widths(table, [d.LEFT_COLUMN_MM, d.RIGHT_COLUMN_MM])
    bodies, state = table.rows[0].cells
    first = centred(bodies.paragraphs[0])
    if letter.parent:
        text_run(first, letter.parent, d.AGENCY_PT)
        first = centred(bodies.add_paragraph())
    text_run(first, letter.issuer, d.AGENCY_PT, bold=True)
    rule(bodies.add_paragraph(), _line_mm(letter.issuer, d.AGENCY_PT, d.LEFT_COLUMN_MM), d.LEFT_COLUMN_MM)
    text_run(centred(state.paragraphs[0]), d.QUOC_HIEU, d.QUOC_HIEU_PT, bold=True)
    text_run(centred(state.add_paragraph()), d.TIEU_NGU, d.TIEU_NGU_PT, bold=True, underline=True)
    number, place = table.rows[1].cells
    text_run(centred(number.paragraphs[0]), f"Số: {letter.number}", d.NUMBER_PT)
    text_run(centred(place.paragraphs[0]), letter.place_date, d.PLACE_DATE_PT, italic=True)
    for cell in (number, place):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(doc: DocumentObject, site: Site, period: Period) -> None:
    text_run(centred(doc.add_paragraph()), d.KIND, d.TITLE_PT, bold=True)
    doc.paragraphs[-1].paragraph_format.space_before = Pt(18)
    summary_line = subject(site, period)
    text_run(centred(doc.add_paragraph()), summary_line, d.TITLE_PT, bold=True)
    text_width = d.PORTRAIT.text_width
    rule(doc.add_paragraph(), _line_mm(summary_line, d.TITLE_PT, text_width), text_width)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)
    if site.plan.plan.sample:
        text_run(centred(doc.add_paragraph(), after=6), SAMPLE_NOTE, d.BODY_PT, bold=True)


def _count_table(doc: DocumentObject, site: Site) -> None:
    headers = ["STT", "Lĩnh vực", *(col.header for col in COUNT_COLUMNS)]
    mm = [COUNT_NUMBER_MM, 0, *([COUNT_MM] * len(COUNT_COLUMNS))]
    mm[1] = d.PORTRAIT.text_width - sum(mm)
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = count_rows(site)
    for _ in rows:
        table.add_row()
    widths(table, mm)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, header, d.TABLE_PT, bold=True, centre=True)
    repeat_header(table.rows[0])
    for row, (number, area, counts) in zip(table.rows[1:], rows, strict=True):
        total = not number
        cells: list[_Cell] = row.cells
        cell_text(cells[0], number, d.TABLE_PT, centre=True)
        cell_text(cells[1], area, d.TABLE_PT, bold=total)
        for cell, count in zip(cells[2:], counts, strict=True):
            cell_text(cell, str(count), d.TABLE_PT, bold=total, centre=True)
    note = doc.add_paragraph()
    note.paragraph_format.space_before = Pt(3)
    text_run(note, OTHER_NOTE, d.TABLE_PT, italic=True)


def _results(doc: DocumentObject, site: Site, period: Period, issuer: str) -> None:
    meta = site.plan.plan
    reference = ""
    if meta.document and meta.document.number:
        day = f" ngày {vn_date(meta.document.date)}" if meta.document.date else ""
        reference = f" (số {meta.document.number}{day})"
    _para(
        doc,
        f"Thực hiện {meta.title}{reference}, {issuer} báo cáo kết quả thực hiện {period.words()} như sau:",
    )
    _para(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    _para(doc, "1. Tình hình chung", bold=True)
    _para(doc, f"Số liệu tính đến ngày {vn_date(site.as_of)}. {summary(site.counts)}")
    _para(doc, NOT_REPORTED_NOTE)
    _count_table(doc, site)
    _para(doc, f"2. Kết quả trong {period.words()} theo lĩnh vực", bold=True)
    for n, area in enumerate(site.areas, start=1):
        _para(doc, f"2.{n}. {area.area.title}", bold=True)
        results = [(view, reported_in(view, period)) for view in area.tasks]
        lines = [result_line(view, update) for view, update in results if update]
        for line in lines or ["Trong kỳ chưa có nhiệm vụ nào được báo cáo kết quả."]:
            _para(doc, f"- {line}" if lines else line)


def _shortcomings(doc: DocumentObject, site: Site, units: dict[str, str]) -> None:
    _para(doc, "II. TỒN TẠI, HẠN CHẾ", bold=True)
    cut = vn_date(site.as_of)
    if site.overdue:
        _para(doc, f"Tính đến ngày {cut}, còn {len(site.overdue)} nhiệm vụ quá hạn:")
        for view in site.overdue:
            _para(doc, f"- {overdue_line(view, units)}")
    else:
        _para(doc, f"Tính đến ngày {cut}, không có nhiệm vụ nào quá hạn.")
    silent = site.counts.by_status[Shown.NOT_REPORTED]
    if silent:
        _para(doc, f"Còn {silent} nhiệm vụ chưa được báo cáo tiến độ (chi tiết tại Phụ lục).")


def _next_steps(doc: DocumentObject, site: Site, period: Period, units: dict[str, str]) -> None:
    following = period.following()
    _para(doc, f"III. NHIỆM VỤ TRỌNG TÂM {following.words().upper()}", bold=True)
    steps: list[tuple[str, list[str]]] = []
    due = due_in(site, following)
    if due:
        steps.append(
            (
                f"Thực hiện {len(due)} nhiệm vụ đến hạn trong {following.words()}:",
                [overdue_line(v, units) for v in due],
            )
        )
    else:
        steps.append((f"Không có nhiệm vụ nào của Kế hoạch đến hạn trong {following.words()}.", []))
    if site.overdue:
        steps.append((f"Khẩn trương hoàn thành {len(site.overdue)} nhiệm vụ quá hạn nêu tại Mục II.", []))
    ongoing = sum(1 for v in site.tasks if v.state.ongoing)
    if ongoing:
        steps.append((f"Tiếp tục thực hiện {ongoing} nhiệm vụ thường xuyên, báo cáo kết quả hằng quý.", []))
    waiting = sum(1 for v in site.tasks if v.state.awaiting_trigger)
    if waiting:
        steps.append(
            (
                f"Triển khai {waiting} nhiệm vụ thực hiện khi có chủ trương, hướng dẫn hoặc phê duyệt "
                "ngay khi có văn bản.",
                [],
            )
        )
    for n, (text, lines) in enumerate(steps, start=1):
        _para(doc, f"{n}. {text}")
        for line in lines:
            _para(doc, f"- {line}")


def _closing(doc: DocumentObject, site: Site, period: Period, letter: Letter) -> None:
    """The last sentence, then "Nơi nhận" on the left and the signature on the right."""
    said = subject(site, period)
    _para(doc, f"Trên đây là báo cáo {said[0].lower()}{said[1:]} của {letter.issuer_words}./.")
    table = doc.add_table(rows=1, cols=2)
    borderless(table)
    widths(table, [d.RECIPIENTS_COLUMN_MM, d.PORTRAIT.text_width - d.RECIPIENTS_COLUMN_MM])
    recipients, signature = table.rows[0].cells
    head = recipients.paragraphs[0]
    head.paragraph_format.first_line_indent = Mm(0)
    head.alignment = WD_ALIGN_PARAGRAPH.LEFT
    text_run(head, d.RECIPIENTS_HEAD, d.RECIPIENTS_HEAD_PT, bold=True, italic=True)
    for line in letter.recipients:
        paragraph = recipients.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        text_run(paragraph, line, d.RECIPIENTS_PT)
    for i, line in enumerate(letter.signing_title):
        paragraph = centred(signature.paragraphs[0] if i == 0 else signature.add_paragraph())
        text_run(paragraph, line, d.SIGNATURE_PT, bold=True)
    for _ in range(d.SIGNATURE_ROOM_LINES):  # room for the signature and the seal
        centred(signature.add_paragraph())
    text_run(centred(signature.add_paragraph()), letter.signer, d.SIGNATURE_PT, bold=True)


def _appendix(doc: DocumentObject, site: Site, letter: Letter, units: dict[str, str]) -> None:
    """Landscape pages: every task with its status, percent, result and evidence."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, d.LANDSCAPE)
    meta = site.plan.plan
    text_run(centred(doc.add_paragraph()), "Phụ lục", d.TITLE_PT, bold=True)
    heading = f"TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ CỦA {meta.title.upper()}"
    text_run(centred(doc.add_paragraph()), heading, d.TITLE_PT, bold=True)
    attached = f"(Kèm theo Báo cáo số {letter.number} {letter.date} của {letter.issuer_words})"
    text_run(centred(doc.add_paragraph()), attached, d.BODY_PT, italic=True)
    text_run(
        centred(doc.add_paragraph(), after=6),
        f"Số liệu tính đến ngày {vn_date(site.as_of)}",
        d.BODY_PT,
        italic=True,
    )
    mm = [col.mm for col in APPENDIX_COLUMNS]
    table = doc.add_table(rows=1, cols=len(APPENDIX_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths(table, mm)
    for cell, col in zip(table.rows[0].cells, APPENDIX_COLUMNS, strict=True):
        cell_text(cell, col.header, d.TABLE_PT, bold=True, centre=True)
    repeat_header(table.rows[0])
    for area in site.areas:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        cell_text(merged, f"{area.area.id}. {area.area.title}", d.TABLE_PT, bold=True)
        for view in area.tasks:
            xml_row(table, [col.get(view, units) for col in APPENDIX_COLUMNS], mm, d.TABLE_PT)


def document(site: Site, period: Period, letter: Letter) -> DocumentObject:
    """The report as a python-docx Document."""
    doc = Document()
    one_font(doc, d.BODY_PT)
    _body_format(doc)
    section = doc.sections[0]
    _page(section, d.PORTRAIT)
    page_numbers(section, d.PAGE_NUMBER_PT)
    units = {unit_id: unit.short for unit_id, unit in site.unit_names.items()}
    _letterhead(doc, letter)
    _title(doc, site, period)
    _results(doc, site, period, letter.issuer_words)
    _shortcomings(doc, site, units)
    _next_steps(doc, site, period, units)
    _closing(doc, site, period, letter)
    _appendix(doc, site, letter, units)
    props = doc.core_properties
    when = dt.datetime.combine(site.as_of, dt.time(0))
    props.created = props.modified = props.last_printed = when
    props.author = props.last_modified_by = "generator"
    props.title = property_text(clean(f"{d.KIND.capitalize()}: {subject(site, period)}"))
    props.revision = 1
    return doc


def docx(site: Site, period: Period, letter: Letter) -> bytes:
    """The report as .docx bytes; the same plan, period and choices give the same bytes."""
    buffer = io.BytesIO()
    document(site, period, letter).save(buffer)
    return fixed_zip(buffer.getvalue(), site.as_of)
