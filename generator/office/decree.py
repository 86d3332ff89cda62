"""The layout of an administrative document, Nghị định 30/2020/NĐ-CP (Phụ lục I), as the
report uses it: each number here is the decree's, or a choice inside the decree's range.

Paper A4, portrait (an appendix of wide tables may turn landscape); margins top and
bottom 20-25 mm, left 30-35 mm, right 15-20 mm; Times New Roman, black; Quốc hiệu in
bold capitals of 12-13 pt, Tiêu ngữ bold 13-14 pt underlined by a line as long as it;
the issuing body bold capitals 12-13 pt under its parent body, a short line under it
(1/3 to 1/2 of the name); "Số:" 13 pt; place and date italic 13-14 pt; the kind of
document ("BÁO CÁO") bold capitals 13-14 pt and its summary (trích yếu) bold 13-14 pt;
the body 13-14 pt, justified, first line indented 1-1.27 cm, at least 6 pt between
paragraphs; "Nơi nhận:" bold italic 12 pt, its lines 11 pt, each "- ...;" and the last
"- Lưu: VT, ...".; the signing authority bold capitals 13-14 pt, the signer's name bold
13-14 pt; page numbers 13-14 pt centred in the top margin, none on the first page.
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Times New Roman"
BLACK = "000000"


@dataclass(frozen=True)
class Page:
    """A page's size and margins, in millimetres."""

    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


PORTRAIT = Page(width=210, height=297, top=20, bottom=20, left=30, right=15)
# The appendix: the same sheet turned, the binding margin still on the left.
LANDSCAPE = Page(width=297, height=210, top=20, bottom=20, left=30, right=15)

# Sizes in points.
QUOC_HIEU_PT = 13  # 12-13; at 13 the Tiêu ngữ below is 14
TIEU_NGU_PT = 14
AGENCY_PT = 13  # the parent and the issuing body
NUMBER_PT = 13  # "Số: 12/BC-SCT"
PLACE_DATE_PT = 14
TITLE_PT = 14  # "BÁO CÁO" and its trích yếu
BODY_PT = 14
TABLE_PT = 13
RECIPIENTS_HEAD_PT = 12  # "Nơi nhận:"
RECIPIENTS_PT = 11
SIGNATURE_PT = 14
PAGE_NUMBER_PT = 13

FIRST_LINE_INDENT_MM = 10
PARAGRAPH_AFTER_PT = 6
LINE_SPACING = 1.15  # single to 1.5

# The letterhead's two columns (Mẫu 1.1): the bodies on the left, the State on the right.
LEFT_COLUMN_MM = 62
RIGHT_COLUMN_MM = PORTRAIT.text_width - LEFT_COLUMN_MM
# The closing: "Nơi nhận" on the left, the signature on the right, room to sign between
# the signing title and the name.
RECIPIENTS_COLUMN_MM = 80
SIGNATURE_ROOM_LINES = 4
HEADER_MM = 10  # from the top edge to the page number, inside the top margin
# The short line under the issuing body, and under the trích yếu: a share of the line above.
RULE_SHARE = 0.4

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
KIND = "BÁO CÁO"
KIND_CODE = "BC"  # in the number: 12/BC-SCT
RECIPIENTS_HEAD = "Nơi nhận:"
ARCHIVE = "Lưu: VT"  # the last recipient: the archive (văn thư), then the drafting unit
# What is unknown is left as a blank to fill in by hand, never guessed.
BLANK = "……"


def day_words(day: int, month: int, year: int) -> str:
    """'ngày 05 tháng 01 năm 2023': a 0 before days under 10 and months 1 and 2."""
    shown_month = f"{month:02d}" if month < 3 else str(month)
    return f"ngày {day:02d} tháng {shown_month} năm {year}"


BLANK_DATE = f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
