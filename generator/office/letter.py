"""Who issues the report, its number and date, who receives and who signs it.

Each comes from the command line, else from the plan's identity fields (plan.parent,
short_name, place, report.*), else is left as a blank (decree.BLANK) for staff to fill
in by hand: the report never guesses a number, a date or a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..plan.model import PlanMeta
from .decree import ARCHIVE, BLANK, BLANK_DATE, KIND_CODE, day_words

# The place in a parent's name ("UBND tỉnh Đồng Nai" -> "tỉnh Đồng Nai"), which the issuing
# body's name repeats ("Sở Công Thương tỉnh Đồng Nai") although the line above says it.
_PLACE_IN_PARENT = re.compile(r"\b((?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường) .+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Choices:
    """What the command line gives; None (or empty) takes the plan's value."""

    number: str | None = None
    date: dt.date | None = None
    signer: str | None = None
    signing_title: str | None = None
    recipients: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Letter:
    """The letterhead and closing of the report, every text ready to print."""

    parent: str | None  # upper case, or None when the plan names no parent body
    issuer: str  # upper case
    number: str  # "12/BC-SCT", or with blanks: "……/BC-……"
    date: str  # "ngày 26 tháng 12 năm 2022", or with blanks
    place_date: str  # "Đồng Nai, ngày 26 tháng 12 năm 2022"
    recipients: list[str]  # "- UBND tỉnh (b/c);" ... "- Lưu: VT, VP."
    signing_title: list[str]  # upper case, one line each: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    signer: str
    # In the body: the issuing body as the sentence names it.
    issuer_words: str


def issuer_name(meta: PlanMeta) -> str:
    """The organization without the place its parent already names."""
    match = _PLACE_IN_PARENT.search(meta.parent or "")
    if match is None:
        return meta.organization
    shorter = re.sub(rf"\s+{re.escape(match[1])}\b", "", meta.organization, flags=re.IGNORECASE)
    return shorter.strip() or meta.organization


def full_number(number: str | None, short: str | None) -> str:
    """'12/BC-SCT' from '12'; a number typed whole ('12/BC-SCT') is kept as typed."""
    if number and "/" in number:
        return number
    return f"{number or BLANK}/{KIND_CODE}-{short or BLANK}"


def recipient_lines(recipients: list[str]) -> list[str]:
    """Each recipient as '- name;', the last as '- name.', ending with the archive."""
    items = [r.strip().rstrip(";.").strip() for r in recipients]
    items = [item for item in items if item] or [BLANK]
    if not any(item.startswith(ARCHIVE.split(":")[0]) for item in items):
        items.append(f"{ARCHIVE}, {BLANK}")  # then the drafting unit's initials, by hand
    return [f"- {item};" for item in items[:-1]] + [f"- {items[-1]}."]


def _lines(text: str) -> list[str]:
    """A signing title's lines; on a command line "\\n" is typed as two characters."""
    return text.replace("\\n", "\n").splitlines()


def letter(meta: PlanMeta, choices: Choices) -> Letter:
    """The report's letterhead and closing from the command line's choices and the plan."""
    settings = meta.report
    signing = choices.signing_title or (settings.signing_title if settings else None)
    signer = choices.signer or (settings.signer if settings else None)
    recipients = choices.recipients or (settings.recipients if settings else [])
    day = choices.date
    when = day_words(day.day, day.month, day.year) if day else BLANK_DATE
    issuer = issuer_name(meta)
    return Letter(
        parent=meta.parent.upper() if meta.parent else None,
        issuer=issuer.upper(),
        number=full_number(choices.number, meta.short_name),
        date=when,
        place_date=f"{meta.place or BLANK}, {when}",
        recipients=recipient_lines(recipients),
        signing_title=[line.strip().upper() for line in _lines(signing or BLANK) if line.strip()],
        signer=signer or BLANK,
        issuer_words=issuer,
    )
