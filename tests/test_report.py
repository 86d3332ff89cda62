"""The official report (Nghị định 30/2020/NĐ-CP): read back with python-docx for its layout,
its letterhead, sections, appendix and closing; cut off by the period; and opened by
LibreOffice, whose PDF keeps the text in reading order on A4 pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from hypothesis import given
from hypothesis import strategies as st

from generator.derive.views import derive
from generator.errors import UsageError
from generator.office import decree
from generator.office.findings import APPENDIX_COLUMNS, COUNT_COLUMNS
from generator.office.letter import Choices, full_number, issuer_name, letter, recipient_lines
from generator.office.period import Period, Span, cut_off, parse_period
from generator.office.report import summary
from generator.plan.check import check
from generator.plan.model import PlanMeta

from .conftest import REAL_PLAN, SAMPLE_PLAN, run_generator

SIGNED = [
    "--period",
    "2022-Q4",
    "--number",
    "12",
    "--date",
    "2023-01-05",
    "--signing-title",
    "KT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC",  # as typed in a shell: a backslash and an n
    "--signer",
    "Lê Thị Thử",
    "--recipient",
    "UBND tỉnh (b/c);",
    "--recipient",
    "Sở Nội vụ",
]


def report(plan: Path, target: Path, *extra: str) -> Path:
    result = run_generator("report", "--docx", str(target), "--plan", str(plan), *extra)
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample plan's fourth-quarter report, number, date, signer and recipients given."""
    return report(SAMPLE_PLAN, tmp_path_factory.mktemp("signed") / "bao-cao.docx", *SIGNED)


def texts(cell_or_doc: object) -> list[str]:
    return [p.text for p in cell_or_doc.paragraphs]  # type: ignore[attr-defined]


def body_paragraphs(doc: DocumentObject) -> list[Paragraph]:
    """Every paragraph of the body and of its tables, in order."""
    found: list[Paragraph] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            found += [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            found.append(block)
    return found


def size(paragraph: Paragraph, run_index: int = 0) -> float:
    """The size a run is printed at: its own, else its style's (Normal's)."""
    run = paragraph.runs[run_index]
    shown = run.font.size or paragraph.style.font.size  # type: ignore[union-attr]
    assert shown is not None
    return shown.pt


# --- the period and its cut-off ----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code", "start", "end", "words", "following"),
    [
        ("2022-Q4", "2022-Q4", "2022-10-01", "2022-12-31", "quý IV năm 2022", "2023-Q1"),
        ("2022-q2", "2022-Q2", "2022-04-01", "2022-06-30", "quý II năm 2022", "2022-Q3"),
        ("Quý IV/2022", "2022-Q4", "2022-10-01", "2022-12-31", "quý IV năm 2022", "2023-Q1"),
        ("quý 3 năm 2022", "2022-Q3", "2022-07-01", "2022-09-30", "quý III năm 2022", "2022-Q4"),
        ("2022-H1", "2022-H1", "2022-01-01", "2022-06-30", "6 tháng đầu năm 2022", "2022-H2"),
        ("6 tháng cuối năm 2022", "2022-H2", "2022-07-01", "2022-12-31", "6 tháng cuối năm 2022", "2023-H1"),
        ("2022", "2022", "2022-01-01", "2022-12-31", "năm 2022", "2023"),
        ("Năm  2022", "2022", "2022-01-01", "2022-12-31", "năm 2022", "2023"),
    ],
)
def test_periods_as_staff_type_them(
    typed: str, code: str, start: str, end: str, words: str, following: str
) -> None:
    period = parse_period(typed)
    assert period.code == code
    assert (period.start, period.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert period.words() == words
    assert period.following().code == following


@pytest.mark.parametrize("typed", ["2022-Q5", "2022-H3", "Q4", "２０２２", "quý V/2022", "2022-Q4-1", ""])
def test_a_period_that_is_none_says_what_to_type(typed: str) -> None:
    with pytest.raises(ValueError, match=r"kỳ báo cáo không hợp lệ .*2022-Q4 \(quý\), 2022-H1"):
        parse_period(typed)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    span = draw(st.sampled_from(list(Span)))
    last = {Span.QUARTER: 4, Span.HALF: 2, Span.YEAR: 1}[span]
    return Period(draw(st.integers(2000, 2100)), span, draw(st.integers(1, last)))


@given(periods())
def test_a_period_reads_back_from_its_code_and_its_words(period: Period) -> None:
    assert parse_period(period.code) == period
    assert parse_period(period.words()) == period
    assert parse_period(period.words().upper()) == period
    following = period.following()
    assert following.start == period.end + dt.timedelta(days=1)
    assert (following.end - following.start).days in range(28, 366)


def _meta(as_of: str) -> PlanMeta:
    return check(SAMPLE_PLAN).plan.model_copy(update={"as_of": dt.date.fromisoformat(as_of)})


def test_the_period_not_the_clock_sets_the_cut_off() -> None:
    real = check(REAL_PLAN).plan
    assert real.as_of.year > real.year  # checked in 2026, a 2022 plan
    # Without --period: the plan's last quarter, up to its last day, never 2026.
    assert cut_off(real, None, None)[:2] == (Period(2022, Span.QUARTER, 4), dt.date(2022, 12, 31))
    sample = _meta("2022-10-15")
    assert cut_off(sample, None, None) == (Period(2022, Span.QUARTER, 4), dt.date(2022, 10, 15), [])
    assert cut_off(sample, parse_period("2022-H1"), None) == (
        parse_period("2022-H1"),
        dt.date(2022, 6, 30),
        [],
    )
    # A period ending after the plan's data: said, not hidden.
    _, day, notes = cut_off(sample, parse_period("2022"), None)
    assert day == dt.date(2022, 12, 31) and "15/10/2022" in notes[0] and "plan.as_of" in notes[0]
    assert cut_off(sample, parse_period("2022-Q4"), dt.date(2022, 11, 30))[1] == dt.date(2022, 11, 30)
    with pytest.raises(UsageError, match="không thuộc năm kế hoạch 2022"):
        cut_off(sample, parse_period("2023-Q1"), None)
    for outside in (dt.date(2022, 9, 30), dt.date(2023, 1, 1)):
        with pytest.raises(UsageError, match=r"nằm ngoài kỳ 2022-Q4 \(01/10/2022–31/12/2022\)"):
            cut_off(sample, parse_period("2022-Q4"), outside)


def test_a_wrong_period_on_the_command_line_is_refused_in_words(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    bad = run_generator("report", "--docx", str(target), "--plan", str(SAMPLE_PLAN), "--period", "Q4")
    assert bad.returncode == 2 and "kỳ báo cáo không hợp lệ 'Q4'" in bad.stderr
    outside = run_generator("report", "--docx", str(target), "--plan", str(SAMPLE_PLAN), "--period", "2021")
    assert outside.returncode == 2 and "không thuộc năm kế hoạch 2022" in outside.stderr
    assert not target.exists()


def test_the_third_quarter_report_counts_up_to_30_september(tmp_path: Path) -> None:
    doc = Document(str(report(SAMPLE_PLAN, tmp_path / "q3.docx", "--period", "Quý III/2022")))
    text = "\n".join(texts(doc))
    plan = check(SAMPLE_PLAN)
    site = derive(plan, dt.date(2022, 9, 30))
    assert "Số liệu tính đến ngày 30/09/2022" in text
    assert summary(site.counts) in text
    title = "Kết quả thực hiện Kế hoạch cải cách hành chính năm 2022 (dữ liệu minh họa) trong quý III"
    assert title in texts(doc)
    # II lists what is overdue on 30/09, not what became overdue by the plan's as-of date.
    overdue = [v.task.id for v in site.overdue]
    later = [v.task.id for v in derive(plan, plan.plan.as_of).overdue if v.task.id not in overdue]
    assert overdue and later
    shortcomings = text.split("II. TỒN TẠI, HẠN CHẾ")[1].split("III. ")[0]
    assert [line.split(". ")[0][2:] for line in shortcomings.splitlines() if line.startswith("- ")] == overdue
    # III lists what falls due in the fourth quarter and is not finished on 30/09.
    steps = text.split("III. NHIỆM VỤ TRỌNG TÂM QUÝ IV NĂM 2022")[1].split("Trên đây")[0]
    due = [
        v.task.id
        for v in site.tasks
        if v.state.due and v.state.due.month > 9 and v.state.shown.value not in ("done", "cancelled")
    ]
    listed = [line.split(". ")[0][2:] for line in steps.splitlines() if line.startswith("- ")]
    assert due and sorted(listed) == sorted(due)

    # An update dated after the cut-off is in no table; the plan's as-of report has it.
    def cells(path: Path) -> str:
        return "\n".join(c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells)

    assert "10/10/2022" not in cells(tmp_path / "q3.docx")
    assert "10/10/2022" in cells(report(SAMPLE_PLAN, tmp_path / "q4.docx"))


# --- the layout of the decree --------------------------------------------------------


def test_pages_are_a4_with_the_decrees_margins(signed: Path) -> None:
    doc = Document(str(signed))
    first, appendix = doc.sections
    for section, orient, dims in (
        (first, WD_ORIENT.PORTRAIT, (210, 297)),
        (appendix, WD_ORIENT.LANDSCAPE, (297, 210)),
    ):
        assert section.orientation == orient
        assert (round(section.page_width.mm), round(section.page_height.mm)) == dims  # type: ignore[union-attr]
        assert 20 <= round(section.top_margin.mm) <= 25  # type: ignore[union-attr]
        assert 20 <= round(section.bottom_margin.mm) <= 25  # type: ignore[union-attr]
        assert 30 <= round(section.left_margin.mm) <= 35  # type: ignore[union-attr]
        assert 15 <= round(section.right_margin.mm) <= 20  # type: ignore[union-attr]
    assert sum(col.mm for col in APPENDIX_COLUMNS) == decree.LANDSCAPE.text_width


def test_times_new_roman_black_13_to_14_pt_everywhere_but_the_recipients(signed: Path) -> None:
    with zipfile.ZipFile(signed) as archive:
        parts = {name: archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")}
    styles = parts["word/styles.xml"]
    # No theme font or theme colour can win over the document's own (Heading's blue, Calibri).
    for name, xml in parts.items():
        if re.fullmatch(r"word/(document|styles|header\d*|footer\d*)\.xml", name):
            assert "Theme" not in re.sub(r"<w:latentStyles.*?</w:latentStyles>", "", xml, flags=re.S), name
            assert not re.search(r'w:color w:val="(?!000000|auto)', xml), name
    fonts = re.findall(r"<w:rFonts ([^>]*)/>", styles)
    assert fonts and all(f.count(f'"{decree.FONT}"') == 4 for f in fonts)
    doc = Document(str(signed))
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith(decree.RECIPIENTS_HEAD))
    small = [p._p for p in closing.rows[0].cells[0].paragraphs]  # held: lxml keeps the same proxies
    sizes = {
        size(p, i) for p in body_paragraphs(doc) if p._p not in small for i, r in enumerate(p.runs) if r.text
    }
    assert sizes and min(sizes) >= 13 and max(sizes) <= 14, sizes
    for paragraph in doc.sections[1].header.paragraphs:
        assert all(13 <= (r.font.size.pt if r.font.size else 0) <= 14 for r in paragraph.runs)


def test_the_letterhead(signed: Path) -> None:
    head = Document(str(signed)).tables[0]
    (bodies, state), (number, place) = ([c for c in row.cells] for row in head.rows)
    assert texts(bodies) == ["UBND TỈNH ĐỒNG NAI", "SỞ CÔNG THƯƠNG (MINH HỌA)", ""]
    parent, issuer, line = bodies.paragraphs
    assert not parent.runs[0].bold and issuer.runs[0].bold and size(issuer) == decree.AGENCY_PT
    # The short rule under the issuing body: a bottom border, narrowed to the middle.
    border = line._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert border is not None and border.get(qn("w:val")) == "single"
    indent = line.paragraph_format.left_indent
    assert indent is not None and indent == line.paragraph_format.right_indent
    rule_mm = decree.LEFT_COLUMN_MM - 2 * indent.mm
    assert decree.LEFT_COLUMN_MM / 5 < rule_mm < decree.LEFT_COLUMN_MM / 2
    assert texts(state) == [decree.QUOC_HIEU, decree.TIEU_NGU]
    quoc_hieu, tieu_ngu = state.paragraphs
    assert quoc_hieu.runs[0].bold and 12 <= size(quoc_hieu) <= 13
    assert tieu_ngu.runs[0].bold and tieu_ngu.runs[0].underline and 13 <= size(tieu_ngu) <= 14
    assert size(tieu_ngu) == size(quoc_hieu) + 1
    assert texts(number) == ["Số: 12/BC-SCT"] and size(number.paragraphs[0]) == 13
    assert texts(place) == ["Đồng Nai, ngày 05 tháng 01 năm 2023"] and place.paragraphs[0].runs[0].italic
    for cell in (bodies, state, number, place):
        assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in cell.paragraphs)
    assert 'w:val="nil"' in head._tbl.xml  # no borders


def test_title_sections_and_closing_in_order(signed: Path) -> None:
    doc = Document(str(signed))
    paragraphs = [p for p in doc.paragraphs if p.text]
    lines = [p.text for p in paragraphs]
    kind = lines.index(decree.KIND)
    assert paragraphs[kind].runs[0].bold and paragraphs[kind].alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = paragraphs[kind + 1]
    assert (
        subject.text
        == "Kết quả thực hiện Kế hoạch cải cách hành chính năm 2022 (dữ liệu minh họa) trong quý IV"
    )
    assert subject.runs[0].bold and size(subject) == 14
    headings = [p.text for p in paragraphs if p.runs[0].bold and re.match(r"[IVX]+\. ", p.text)]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. NHIỆM VỤ TRỌNG TÂM QUÝ I NĂM 2023",
    ]
    assert all(p.style.name == "Normal" for p in paragraphs)  # no Heading style and its theme
    closing = next(line for line in lines if line.startswith("Trên đây là báo cáo"))
    assert closing.endswith("của Sở Công Thương (minh họa)./.")
    assert lines.index(closing) > lines.index(headings[-1]) > lines.index(headings[0]) > kind


def test_the_count_table_has_a_row_per_area_and_the_total(signed: Path) -> None:
    doc = Document(str(signed))
    table = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == [
        "STT",
        "Lĩnh vực",
        "Số nhiệm vụ",
        "Đã hoàn thành",
        "Đang thực hiện",
        "Khác",
        "Chưa cập nhật",
        "Quá hạn",
    ]
    plan = check(SAMPLE_PLAN)
    site = derive(plan, dt.date(2022, 12, 31))
    expected = [
        [a.area.id, a.area.title, *(str(col.get(a.counts)) for col in COUNT_COLUMNS)] for a in site.areas
    ]
    assert rows[1:-1] == expected
    assert rows[-1] == ["", "Tổng cộng", *(str(col.get(site.counts)) for col in COUNT_COLUMNS)]
    total = [int(n) for n in rows[-1][2:]]
    assert total[0] == sum(total[1:5])  # each task in one column; overdue counts some again


def test_recipients_and_signature(signed: Path) -> None:
    doc = Document(str(signed))
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith(decree.RECIPIENTS_HEAD))
    recipients, signature = closing.rows[0].cells
    head, *items = recipients.paragraphs
    assert head.text == "Nơi nhận:" and head.runs[0].bold and head.runs[0].italic and size(head) == 12
    assert [p.text for p in items] == ["- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- Lưu: VT, ……."]
    assert all(size(p) == 11 for p in items)
    shown = [p for p in signature.paragraphs if p.text]
    assert [p.text for p in shown] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Thử"]
    assert all(p.runs[0].bold and size(p) == 14 and p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in shown)
    assert len(signature.paragraphs) - len(shown) >= 3  # room to sign


def test_page_numbers_from_page_two(signed: Path) -> None:
    doc = Document(str(signed))
    first = doc.sections[0]
    assert first.different_first_page_header_footer
    assert "PAGE" not in first.first_page_header._element.xml
    header = first.header._element.xml
    assert "<w:instrText" in header and " PAGE " in header and 'w:fldCharType="begin"' in header
    assert first.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert doc.sections[1].header.is_linked_to_previous  # the appendix keeps counting


def test_the_appendix_table(signed: Path) -> None:
    doc = Document(str(signed))
    table = doc.tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == [
        "STT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Thời hạn",
        "Trạng thái",
        "Tỷ lệ",
        "Kết quả",
        "Minh chứng",
    ]
    assert table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    by_id = {row[0]: row for row in rows}
    assert by_id["I.1.b"][1:] == [
        "Định mức hỗ trợ đầu tư xây dựng chợ nông thôn trên địa bàn tỉnh Đồng Nai.",
        "Phòng QLTM",
        "Trước 15/10/2022",
        "Đang thực hiện; Quá hạn",
        "85%",
        "10/10/2022: Đã trình UBND tỉnh dự thảo Nghị quyết.",
        "Tờ trình số 01/TTr-SCT (minh họa)\nhttps://example.gov.vn/minh-hoa/to-trinh-01",
    ]
    assert by_id["I.1.a"][4:] == ["Chưa cập nhật; Quá hạn", "", "", ""]
    paragraphs = texts(doc)
    assert (
        "(Kèm theo Báo cáo số 12/BC-SCT ngày 05 tháng 01 năm 2023 của Sở Công Thương (minh họa))"
        in paragraphs
    )


@pytest.mark.parametrize("plan_path", [REAL_PLAN, SAMPLE_PLAN], ids=["real", "sample"])
def test_report_holds_every_task_id_and_title(plan_path: Path, tmp_path: Path) -> None:
    rows = [
        [c.text for c in row.cells]
        for row in Document(str(report(plan_path, tmp_path / "r.docx"))).tables[-1].rows
    ]
    plan = check(plan_path)
    by_id = {row[0]: row for row in rows}
    for task in plan.tasks():
        assert by_id[task.id][1].splitlines()[0] == task.title
    # One merged heading row per area, in the plan's order.
    headings = [row[0] for row in rows if len(set(row)) == 1]
    assert headings == [f"{a.id}. {a.title}" for a in plan.areas]


def test_the_real_plan_leaves_blanks_and_invents_nothing(tmp_path: Path) -> None:
    doc = Document(str(report(REAL_PLAN, tmp_path / "r.docx")))
    head = doc.tables[0]
    blank = decree.BLANK
    assert head.cell(0, 0).text == "UBND TỈNH ĐỒNG NAI\nSỞ CÔNG THƯƠNG\n"
    assert head.cell(1, 0).text == f"Số: {blank}/BC-{blank}"
    assert head.cell(1, 1).text == f"Đồng Nai, ngày {blank} tháng {blank} năm {blank}"
    closing = next(t for t in doc.tables if t.rows[0].cells[0].text.startswith(decree.RECIPIENTS_HEAD))
    recipients, signature = closing.rows[0].cells
    assert texts(recipients) == ["Nơi nhận:", f"- {blank};", f"- Lưu: VT, {blank}."]
    assert [t for t in texts(signature) if t] == [blank, blank]
    text = "\n".join(texts(doc))
    assert "Số liệu tính đến ngày 31/12/2022" in text and "2026" not in text
    assert "Dữ liệu minh họa" not in text


def test_letter_parts() -> None:
    meta = check(SAMPLE_PLAN).plan
    assert (
        issuer_name(meta.model_copy(update={"organization": "Sở Công Thương tỉnh Đồng Nai"}))
        == "Sở Công Thương"
    )
    assert issuer_name(meta.model_copy(update={"parent": None})) == meta.organization
    assert full_number("7", "SCT") == "7/BC-SCT" and full_number("7/BC-VP", "SCT") == "7/BC-VP"
    assert recipient_lines([" A; ", "", "Lưu: VT, VP."]) == ["- A;", "- Lưu: VT, VP."]
    assert decree.day_words(5, 1, 2023) == "ngày 05 tháng 01 năm 2023"
    assert decree.day_words(15, 11, 2022) == "ngày 15 tháng 11 năm 2022"
    assert decree.day_words(1, 3, 2023) == "ngày 01 tháng 3 năm 2023"
    # The plan's own report settings, when the command line gives none.
    made = letter(meta, Choices())
    assert made.signing_title == ["GIÁM ĐỐC"] and made.signer == "Trần Văn Minh Họa"
    assert made.recipients == ["- UBND tỉnh (b/c);", "- Sở Nội vụ;", "- Ban Giám đốc Sở;", "- Lưu: VT, VP."]


def test_two_reports_are_byte_identical(tmp_path: Path) -> None:
    assert (
        report(REAL_PLAN, tmp_path / "a.docx").read_bytes()
        == report(REAL_PLAN, tmp_path / "b.docx").read_bytes()
    )


# --- LibreOffice opens it ---------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(signed: Path) -> Iterator[Path]:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or poppler (pdftotext) not installed")
    out = signed.parent
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(signed)],
        check=True,
        capture_output=True,
        timeout=600,
        env={"HOME": str(out), "PATH": "/usr/bin:/bin"},
    )
    yield out / "bao-cao.pdf"


def _page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_libreoffice_opens_it_in_the_decrees_order(pdf: Path) -> None:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(pdf)], check=True, capture_output=True, text=True
    )
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info.stdout)
    pages = [(round(float(w)), round(float(h))) for w, h in sizes]
    # A4 portrait, then the appendix's pages turned.
    assert pages[0] == (595, 842) and pages[-1] == (842, 595) and len(pages) >= 4
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    # The letterhead's two columns, in either order, above the title; then the body in order.
    letterhead = [
        "UBND TỈNH ĐỒNG NAI",
        decree.QUOC_HIEU,
        decree.TIEU_NGU,
        "Số: 12/BC-SCT",
        "Đồng Nai, ngày 05 tháng 01 năm 2023",
    ]
    assert all(-1 < flat.find(part) < flat.find("BÁO CÁO") for part in letterhead)
    order = [
        "BÁO CÁO",
        "I. KẾT QUẢ THỰC HIỆN",
        "II. TỒN TẠI, HẠN CHẾ",
        "III. NHIỆM VỤ TRỌNG TÂM QUÝ I NĂM 2023",
        "Nơi nhận:",
        "Phụ lục TIẾN ĐỘ THỰC HIỆN CÁC NHIỆM VỤ",
    ]
    places = [flat.find(part) for part in order]
    assert -1 not in places and places == sorted(places), list(zip(order, places, strict=True))
    # The Quốc hiệu holds on one line of its column.
    assert any(decree.QUOC_HIEU in line for line in _page_text(pdf, 1).splitlines())
    missing = [t.id for t in check(SAMPLE_PLAN).tasks() if t.id not in text]
    assert missing == []
    # No page number on page one; "2" heads page two.
    assert _page_text(pdf, 1).split()[0] == "UBND"
    assert _page_text(pdf, 2).split()[0] == "2"
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
        names = [line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]]
        # Times New Roman, or its metric twin where it is not installed; never a theme font.
        assert names and all(re.match(r"(TimesNewRoman|LiberationSerif)", n) for n in names), names
