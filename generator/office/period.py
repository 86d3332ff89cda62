"""The period an official report covers: a quarter, a half-year or a year.

Staff name it as the code the plan already uses for quarters ("2022-Q4"), as a half
("2022-H1", "2022-H2"), a year ("2022"), or as Vietnamese documents write it ("Quý
IV/2022", "6 tháng đầu năm 2022", "năm 2022"). The period's last day is the report's
cut-off: a report for the fourth quarter counts what was reported up to 31/12, whatever
day it is printed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from ..errors import UsageError
from ..plan import chars
from ..plan.dates import ROMAN_QUARTERS, end_of_month, end_of_year, vn_date

if TYPE_CHECKING:  # the command line imports this module before it needs pydantic
    from ..plan.model import PlanMeta


class Span(StrEnum):
    """How long a period is."""

    QUARTER = "Q"
    HALF = "H"
    YEAR = "Y"


MONTHS = {Span.QUARTER: 3, Span.HALF: 6, Span.YEAR: 12}
HALF_WORDS = {1: "6 tháng đầu năm", 2: "6 tháng cuối năm"}
EXAMPLES = "2022-Q4 (quý), 2022-H1 hoặc 2022-H2 (6 tháng), 2022 (cả năm), hoặc 'Quý IV/2022'"


@dataclass(frozen=True, order=True)
class Period:
    """A quarter (number 1-4), a half (1-2) or a year (number 1) of `year`."""

    year: int
    span: Span
    number: int = 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, (self.number - 1) * MONTHS[self.span] + 1, 1)

    @property
    def end(self) -> dt.date:
        """The last day: the report's cut-off."""
        if self.span is Span.YEAR:
            return end_of_year(self.year)
        return end_of_month(f"{self.year}-{self.number * MONTHS[self.span]:02d}")

    @property
    def code(self) -> str:
        """As typed on the command line: 2022-Q4, 2022-H1, 2022."""
        return str(self.year) if self.span is Span.YEAR else f"{self.year}-{self.span.value}{self.number}"

    def following(self) -> Period:
        """The next period of the same length: where the report's next steps fall."""
        last = 12 // MONTHS[self.span]
        if self.number == last:
            return Period(self.year + 1, self.span, 1)
        return Period(self.year, self.span, self.number + 1)

    def words(self, year: bool = True) -> str:
        """In a sentence: 'quý IV năm 2022', '6 tháng đầu năm 2022', 'năm 2022'; without
        the year ('quý IV', '6 tháng đầu năm', '') where the plan's year is understood."""
        if self.span is Span.QUARTER:
            text = f"quý {ROMAN_QUARTERS[self.number]}"
            return f"{text} năm {self.year}" if year else text
        if self.span is Span.HALF:
            text = HALF_WORDS[self.number]
            return f"{text} {self.year}" if year else text
        return f"năm {self.year}" if year else ""

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def quarter_of(day: dt.date) -> Period:
    return Period(day.year, Span.QUARTER, (day.month - 1) // 3 + 1)


_NUMBERS = {roman.lower(): n for n, roman in ROMAN_QUARTERS.items()} | {"đầu": 1, "cuối": 2}
_YEAR = r"(?P<year>[0-9]{4})"
# Each form, read after folding case and spaces; digits are ASCII only ("２０２２" is refused).
_FORMS: list[tuple[re.Pattern[str], Span]] = [
    (re.compile(rf"{_YEAR}-q(?P<n>[1-4])"), Span.QUARTER),
    (re.compile(rf"{_YEAR}-h(?P<n>[12])"), Span.HALF),
    (re.compile(rf"(?:năm )?{_YEAR}"), Span.YEAR),
    (re.compile(rf"quý (?P<n>iv|iii|ii|i|[1-4]) ?(?:/|năm) ?{_YEAR}"), Span.QUARTER),
    (re.compile(rf"6 tháng (?P<n>đầu|cuối) năm ?{_YEAR}"), Span.HALF),
]


def parse_period(text: str) -> Period:
    """The period `text` names; ValueError with what to type when it names none."""
    folded = " ".join(unicodedata.normalize("NFC", text).casefold().split())
    for pattern, span in _FORMS:
        match = pattern.fullmatch(folded)
        if match:
            n = match.groupdict().get("n") or "1"
            return Period(int(match["year"]), span, int(n) if n.isdigit() else _NUMBERS[n])
    raise ValueError(f"kỳ báo cáo không hợp lệ '{chars.visible(text)}', cần dạng {EXAMPLES}")


def cut_off(
    meta: PlanMeta, period: Period | None, as_of: dt.date | None
) -> tuple[Period, dt.date, list[str]]:
    """The period reported, its cut-off day and what the person running it should know.

    Named, a period is counted up to its last day (or `as_of`); unnamed, it is the
    quarter of the plan's as-of date, counted up to that date. Either way inside the
    plan's year: a 2022 plan whose data was checked in 2026 reports on 2022."""
    year_end = end_of_year(meta.year)
    if period is None:
        day = min(as_of or meta.as_of, year_end)
        period = quarter_of(day)
    else:
        day = as_of or period.end
    if period.year != meta.year:
        raise UsageError(
            f"kỳ báo cáo {period.code} không thuộc năm kế hoạch {meta.year}: chọn một kỳ của năm {meta.year}"
        )
    if not period.holds(day):
        raise UsageError(
            f"ngày chốt {vn_date(day)} nằm ngoài kỳ {period.code} "
            f"({vn_date(period.start)}–{vn_date(period.end)}): bỏ --as-of hoặc chọn một ngày trong kỳ"
        )
    notes = []
    if day > meta.as_of:
        notes.append(
            f"lưu ý: số liệu trong tệp chốt ngày {vn_date(meta.as_of)} (plan.as_of), trước ngày chốt "
            f"của báo cáo {vn_date(day)}; nhiệm vụ chưa báo cáo tới ngày đó được tính như chưa cập "
            "nhật hoặc quá hạn [the plan's data ends before the report's cut-off]"
        )
    return period, day, notes
