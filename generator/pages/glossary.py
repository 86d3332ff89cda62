"""The plan's abbreviations, in one place: the source page lists them, search expands them.

Staff keep abbreviations as the appendix writes them ("TTHC"); readers type either
form, so the search index and the query both read "TTHC" as "thủ tục hành chính".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Abbreviation:
    """One row of the glossary: the written forms, what they stand for, any extra note."""

    forms: tuple[str, ...]
    meaning: str
    note: str = ""
    # Search reads the form as its meaning; off where the meaning is a description.
    expand: bool = True

    @property
    def shown(self) -> str:
        """The meaning as the source page prints it."""
        return f"{self.meaning}; {self.note}" if self.note else self.meaning


GLOSSARY: tuple[Abbreviation, ...] = (
    Abbreviation(("CCHC",), "cải cách hành chính"),
    Abbreviation(("TTHC",), "thủ tục hành chính"),
    Abbreviation(("QPPL", "VB QPPL"), "văn bản quy phạm pháp luật"),
    Abbreviation(
        ("DVC",),
        "dịch vụ công",
        "mức độ 3: nộp hồ sơ trực tuyến, mức độ 4: nộp hồ sơ và thanh toán trực tuyến",
    ),
    Abbreviation(("PAKN",), "phản ánh, kiến nghị"),
    Abbreviation(("MC", "MCLT"), "một cửa, một cửa liên thông", expand=False),
    Abbreviation(("HCC",), "hành chính công"),
    Abbreviation(("TN&TKQ",), "tiếp nhận và trả kết quả"),
    Abbreviation(("CSDL",), "cơ sở dữ liệu"),
    Abbreviation(("TTĐT",), "thông tin điện tử"),
    Abbreviation(("UBND",), "Ủy ban nhân dân"),
    Abbreviation(("VTVL",), "vị trí việc làm"),
    Abbreviation(("CBCC",), "cán bộ, công chức"),
    Abbreviation(("TBKL",), "thông báo kết luận"),
    Abbreviation(("PA",), "phương án"),
    Abbreviation(("ZMS",), "tin nhắn Zalo"),
    Abbreviation(("Egov",), "phần mềm Một cửa điện tử của tỉnh", expand=False),
    Abbreviation(("1022",), "Tổng đài dịch vụ công 1022 của tỉnh", expand=False),
)

# "MC" and "MCLT" share a row on the page but mean different things to search.
_EXTRA_EXPANSIONS = {"MC": "một cửa", "MCLT": "một cửa liên thông"}


def expansions() -> dict[str, str]:
    """Written form -> meaning, for every abbreviation search reads as its meaning."""
    table = {form: a.meaning for a in GLOSSARY if a.expand for form in a.forms}
    return {**table, **_EXTRA_EXPANSIONS}


# Everyday words for what plans write otherwise, reviewed one by one: a reader who types
# the left side also finds the right side (search reads it so, never the other way).
# Each right-hand phrase is how this kind of plan writes the thing.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "khiếu nại": ("phản ánh", "kiến nghị"),
    "góp ý": ("phản ánh", "kiến nghị"),
    "chuyển đổi số": ("chính quyền số", "chính phủ số", "chính quyền điện tử", "điện tử"),
    "một cửa": ("tiếp nhận và trả kết quả",),
    "online": ("trực tuyến",),
    "chữ ký điện tử": ("ký số",),
    "an ninh mạng": ("an toàn thông tin",),
    "tập huấn": ("bồi dưỡng", "đào tạo"),
    "văn bản pháp luật": ("quy phạm pháp luật",),
}

# Status words readers type besides the badges' own labels (labels.py), with the state
# they mean (a Shown or Marker value).
STATUS_WORDS: dict[str, str] = {
    "trễ hạn": "overdue",
    "chậm tiến độ": "overdue",
    "đã xong": "done",
}

# Small words that carry no meaning alone: a query need not find them, unless it holds
# nothing else.
STOP_WORDS: tuple[str, ...] = (
    "và", "của", "các", "cho", "về", "với", "trong", "những", "là", "có", "được", "theo", "tại",
    "ở", "đến", "nào", "gì",
)  # fmt: skip
