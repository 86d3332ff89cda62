"""Calendar arithmetic for deadlines: periods (quarters), ends of months and quarters."""

from __future__ import annotations

import calendar
import datetime as dt

ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_of(day: dt.date) -> str:
    """The reporting period (quarter) a day falls in, as '2022-Q3'."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def end_of_month(month: str) -> dt.date:
    """Last day of a month written '2022-11'."""
    year, number = (int(x) for x in month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def end_of_quarter(quarter: str) -> dt.date:
    """Last day of a quarter written '2022-Q4'."""
    year, number = quarter.split("-Q")
    return end_of_month(f"{year}-{int(number) * 3:02d}")


def end_of_year(year: int) -> dt.date:
    """Last day of a plan's year."""
    return dt.date(year, 12, 31)


def quarter_label(quarter: str) -> str:
    """'2022-Q3' as Vietnamese readers write it: 'Quý III/2022'."""
    year, number = quarter.split("-Q")
    return f"Quý {ROMAN_QUARTERS[int(number)]}/{year}"


def vn_date(day: dt.date) -> str:
    """A date as Vietnamese readers write it: 15/11/2022."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
