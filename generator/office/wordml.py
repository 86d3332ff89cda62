"""The pieces of WordprocessingML that python-docx has no call for: one font everywhere
(no theme font), tables without borders, a short rule under a line, the page number
field, a header row repeated on each page, and table rows written as XML in one piece.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from .decree import BLACK, FONT

# XML 1.0 cannot hold these; a plan's free text could (a "\x01" typed in YAML).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _one_font(fonts: BaseOxmlElement) -> None:
    """Times New Roman in every script slot of a `w:rFonts`, and no theme font to win over it."""
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in _FONT_SLOTS:
        fonts.set(qn(slot), FONT)


def one_font(doc: DocumentObject, size: int) -> None:
    """The document's default font and every style's: Times New Roman, black, `size` pt.

    python-docx's template gives its styles theme fonts (Calibri, Cambria) and headings a
    theme blue; a run inherits them unless each style says otherwise."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):  # defaults, styles, table styles' parts
        _one_font(fonts)
    for color in list(styles.iter(qn("w:color"))):
        color.getparent().remove(color)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size)
    normal.font.color.rgb = RGBColor.from_string(BLACK)
    _one_font(normal.element.get_or_add_rPr().get_or_add_rFonts())


def text_run(
    paragraph: Paragraph,
    text: str,
    size: int,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    run = paragraph.add_run(clean(text))
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None


def centred(paragraph: Paragraph, after: int = 0) -> Paragraph:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.first_line_indent = Mm(0)
    return paragraph


def rule(paragraph: Paragraph, length_mm: float, column_mm: float) -> None:
    """Make `paragraph` a centred horizontal line `length_mm` long in a `column_mm` column:
    an empty paragraph with a bottom border, narrowed by equal indents."""
    centred(paragraph)
    side = max(0.0, (column_mm - length_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", BLACK)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def borderless(table: Table) -> None:
    props = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    props.append(borders)


def widths(table: Table, mm: list[int]) -> None:
    """Word reads the cells' widths, LibreOffice the table's grid: set both."""
    table.autofit = False
    for column, width in zip(table.columns, mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, mm, strict=True):
            cell.width = Mm(width)


def repeat_header(row: _Row) -> None:
    """Print this row again at the top of each page the table runs onto."""
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def cell_text(cell: _Cell, text: str, size: int, bold: bool = False, centre: bool = False) -> None:
    """The cell's text, a paragraph a line, set flush (no body indent)."""
    for i, line in enumerate(clean(text).split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.LEFT
        text_run(paragraph, line, size, bold=bold)


def xml_row(table: Table, texts: list[str], mm: list[int], size: int) -> None:
    """A row of plain cells, written as XML in one piece: python-docx's cell API is ~10x
    slower, which a plan of thousands of tasks feels."""
    flush = '<w:pPr><w:spacing w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="left"/></w:pPr>'
    cells = []
    for text, width in zip(texts, mm, strict=True):
        paragraphs = "".join(
            f'<w:p>{flush}<w:r><w:rPr><w:sz w:val="{size * 2}"/></w:rPr>'
            f'<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
            if line
            else f"<w:p>{flush}</w:p>"
            for line in clean(text).split("\n")
        )
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{Mm(width).twips}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'
        )
    # A row is not split across pages: a task reads whole, its header repeated above it.
    keep = "<w:trPr><w:cantSplit/></w:trPr>"
    table._tbl.append(parse_xml(f"<w:tr {nsdecls('w')}>{keep}{''.join(cells)}</w:tr>"))


def page_numbers(section: Section, size: int) -> None:
    """The page number centred in the top margin, from the second page on."""
    section.different_first_page_header_footer = True
    paragraph = centred(section.header.paragraphs[0])
    run = paragraph.add_run()
    run.font.size = Pt(size)
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = " PAGE "
    shown = OxmlElement("w:t")
    shown.text = "2"  # what a reader shows until it counts the pages itself
    for part in (_field_mark("begin"), code, _field_mark("separate"), shown, _field_mark("end")):
        run._r.append(part)


def _field_mark(kind: str) -> BaseOxmlElement:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    return mark
