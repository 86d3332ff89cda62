"""The plan's field types: text, codes, links, months, numbers, each with what it accepts.

A code that does not match says what was expected, in the staff's words; one holding
characters nobody sees names each of them (HiddenInCode), since it cannot be seen.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, Strict

from . import chars

# Codes are matched whole (fullmatch): re.match's "$" also matches before a final line
# break, and "van-phong\n" would become the page don-vi/van-phong\n.md. ASCII digits
# only: \d also takes "２０２２".
_ID_RE = re.compile(r"[IVX]+(\.[0-9]+)*(\.[a-z])?")
_AREA_ID_RE = re.compile(r"[IVX]+")
_UNIT_ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_KPI_ID_RE = re.compile(r"[a-z0-9-]+")
_MONTH_RE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")
_QUARTER_RE = re.compile(r"([0-9]{4})-Q([1-4])")
_EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_URL_RE = re.compile(r"https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?")


def _text(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValueError("không được để trống [must not be empty]")
    return value


class HiddenInCode(ValueError):
    """A code (id, link, month) holding characters nobody sees: each named, with its place."""

    def __init__(self, what: str, value: str, pattern: re.Pattern[str], rule: str) -> None:
        self.what, self.value, self.pattern, self.rule = what, value, pattern, rule
        super().__init__(self.worded())

    def worded(self, places: dict[int, str] | None = None) -> str:
        """The message; `places` words where a character at an index is, e.g. {9: 'ở cột 24'}."""
        found = chars.hidden(self.value)
        where = places or {}
        listed = chars.described([(ch, where.get(i, f"ở ký tự thứ {i + 1}")) for i, ch in found])
        clean = chars.cleaned(self.value)
        these = "ký tự này" if len(found) == 1 else "các ký tự này"
        message = f"{self.what} '{chars.visible(self.value)}' có {listed}: hãy xóa {these}"
        if self.pattern.fullmatch(clean):
            return f"{message}, viết '{clean}' [invisible character in a code]"
        return f"{message} [invisible character in a code]. Ngoài ra, {self.rule.format(value=clean)}"


def _matching(pattern: re.Pattern[str], what: str, rule: str) -> AfterValidator:
    """A validator that accepts text matching `pattern` whole; `rule` says what was expected.

    `what` names the code ("mã đơn vị"); `rule` is the message, with the text received as
    {value}. A code holding characters nobody sees is refused with each of them named.
    """

    def check(value: str) -> str:
        if chars.hidden(value):  # before the pattern: a link's \S takes a zero-width space
            raise HiddenInCode(what, value, pattern, rule)
        if pattern.fullmatch(value) is None:
            raise ValueError(rule.format(value=value))
        return value

    return AfterValidator(check)


Text = Annotated[str, AfterValidator(_text)]
Url = Annotated[
    str,
    _matching(
        _URL_RE,
        "liên kết",
        "liên kết phải bắt đầu bằng http:// hoặc https:// và là địa chỉ web đầy đủ, "
        "nhận được '{value}' [link must be an http(s) URL]",
    ),
]
PlanId = Annotated[
    str,
    _matching(
        _ID_RE,
        "mã",
        "mã '{value}' không đúng dạng: số La Mã rồi các số, có thể thêm chữ cái thường "
        "ở cuối, ví dụ II, II.1, II.1.3, II.1.3.b [id must look like II.1.3.b]",
    ),
]
AreaId = Annotated[
    str,
    _matching(
        _AREA_ID_RE,
        "mã lĩnh vực",
        "mã lĩnh vực '{value}' phải là số La Mã viết hoa, ví dụ II [area id must be a roman numeral]",
    ),
    Field(json_schema_extra={"pattern": f"^{_AREA_ID_RE.pattern}$"}),
]
UnitId = Annotated[
    str,
    _matching(
        _UNIT_ID_RE,
        "mã đơn vị",
        "mã đơn vị '{value}' chỉ gồm chữ thường không dấu, số và dấu gạch ngang, "
        "ví dụ van-phong [unit id must be lowercase-with-dashes]",
    ),
]
KpiId = Annotated[
    str,
    _matching(
        _KPI_ID_RE,
        "mã chỉ tiêu",
        "mã chỉ tiêu '{value}' chỉ gồm chữ thường không dấu, số và dấu gạch ngang, "
        "ví dụ hs-dung-han [KPI id must be lowercase-with-dashes]",
    ),
    Field(json_schema_extra={"pattern": f"^{_KPI_ID_RE.pattern}$"}),
]
Month = Annotated[
    str, _matching(_MONTH_RE, "tháng", "tháng phải có dạng YYYY-MM, ví dụ 2022-11, nhận được '{value}'")
]
Quarter = Annotated[
    str, _matching(_QUARTER_RE, "quý", "quý phải có dạng YYYY-Qn, ví dụ 2022-Q4, nhận được '{value}'")
]
Email = Annotated[
    str,
    _matching(
        _EMAIL_RE,
        "thư điện tử",
        "địa chỉ thư điện tử phải có dạng ten@ten-mien.vn, nhận được '{value}' [email address expected]",
    ),
]
# Numbers are numbers: YAML's `true` or "96" must not quietly become 1 or 96.
Number = Annotated[float, Strict()]
WholeNumber = Annotated[int, Strict()]
