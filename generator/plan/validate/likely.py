"""What is valid but likely wrong: warnings, printed by `check` and on the pull request.

A report dated a year before the plan, percent 100 still "in progress", a note typed in
the old TCVN3 or VNI encodings, an `http://` link, a title still naming last year after
`new-year`: each passes every rule of the model, and each is almost always a slip. None
stops the build (a person may mean it); each is named at its line with what to check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from ...errors import Problem
from ..load import Located
from ..model import FieldPath, Plan, Status, walk, walk_targets
from ..status import is_ongoing

# How far from the plan's year a date may be: a late report for December comes in the next
# year; anything earlier than the plan, or later than the year after it, is a typo.
YEARS_AFTER = 1

# TCVN3 (ABC) puts Vietnamese letters on Latin-1 symbols: "đã đồng bộ" shows as "®· ®ång bé".
# These symbols never stand inside a Unicode Vietnamese word (« and » only around one).
_TCVN3 = "¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾Ð×Þß÷þ"
# VNI writes a tone or a letter as a second Latin-1 letter: "đã" shows as "ñaõ". These
# letters are not Vietnamese (TCVN3 uses them too, with its symbols above).
_VNI = "ñÑøØûÛïÏåÅäÄëËüÜöÖæÆ"
_WORD = re.compile(rf"[A-Za-zÀ-ỹ{_TCVN3}]+")
# The previous year as a plan's title names its own: "năm 2022", "Quý IV/2022", "tháng 11/2022";
# not a document's date or number ("ngày 7/5/2021", "107/2021/NĐ-CP").
_YEAR_WORDS = r"(?:[Nn]ăm|NĂM)\s+{year}(?!\d)|(?:[Qq]uý\s+[IVX]+|[Tt]háng\s+\d{{1,2}})\s*/\s*{year}(?!\d)"
_LINK_KEYS = ("url", "website")


def legacy_encoding(text: str) -> tuple[str, str] | None:
    """('TCVN3 (ABC)' or 'VNI', the first word that shows it) when `text` looks typed in one."""
    for match in _WORD.finditer(text):
        word = match[0].lstrip("«").rstrip("»")
        if len(word) < 2:
            continue
        if any(ch in _TCVN3 for ch in word[:-1]) or (word[-1] in _TCVN3 and word[-2] in _TCVN3):
            return "TCVN3 (ABC)", word
        if any(ch in _VNI for ch in word):
            return "VNI", word
    return None


def previous_year(text: str, year: int) -> str | None:
    """The words of `text` that name the year before `year` as a plan names its own."""
    found = re.search(_YEAR_WORDS.format(year=year - 1), text)
    return found[0] if found else None


def _strings(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))


def _warning(located: Located, path: FieldPath, message: str, english: str) -> Problem:
    return located.problem(path, f"cảnh báo: {message} [warning: {english}]")


def _dates(plan: Plan, located: Located) -> Iterator[Problem]:
    year = plan.plan.year
    last = dt.date(year + YEARS_AFTER, 12, 31)
    dated: list[tuple[FieldPath, dt.date, str]] = []
    for task in walk(plan):
        for u, update in enumerate(task.task.updates):
            dated.append(((*task.path, "updates", u, "date"), update.date, "ngày báo cáo"))
    for target in walk_targets(plan):
        for k, kpi in enumerate(target.target.kpis):
            for m, measurement in enumerate(kpi.measurements):
                dated.append(
                    ((*target.path, "kpis", k, "measurements", m, "date"), measurement.date, "ngày số liệu")
                )
    for path, day, what in dated:
        if day.year < year:
            where = f"trước năm kế hoạch {year}"
        elif day > last:
            where = f"hơn {YEARS_AFTER} năm sau năm kế hoạch {year}"
        else:
            continue
        yield _warning(
            located,
            path,
            f"{what} {day:%d/%m/%Y} {where}: có gõ nhầm năm không?",
            "date outside the plan's years",
        )


def _percents(plan: Plan, located: Located) -> Iterator[Problem]:
    for task in walk(plan):
        ongoing = is_ongoing(task.task.deadline)
        for u, update in enumerate(task.task.updates):
            path = (*task.path, "updates", u, "percent")
            percent, status = update.percent, update.status
            if percent == 100 and status == Status.IN_PROGRESS and not ongoing:
                yield _warning(
                    located,
                    path,
                    "percent 100 nhưng status là in_progress (đang thực hiện): nếu đã xong, hãy ghi "
                    "status: done; nếu chưa, percent phải nhỏ hơn 100",
                    "percent 100 while in progress",
                )
            elif percent and status == Status.NOT_STARTED:
                yield _warning(
                    located,
                    path,
                    f"percent {percent} nhưng status là not_started (chưa triển khai): nếu đã làm được "
                    f"{percent}%, hãy ghi status: in_progress",
                    "percent above 0 while not started",
                )
    for target in walk_targets(plan):
        for k, kpi in enumerate(target.target.kpis):
            if "%" not in kpi.unit:
                continue
            values = [((*target.path, "kpis", k, "value"), kpi.value)]
            values += [
                ((*target.path, "kpis", k, "measurements", m, "value"), measurement.value)
                for m, measurement in enumerate(kpi.measurements)
            ]
            for path, value in values:
                if 0 < value < 1:
                    yield _warning(
                        located,
                        path,
                        f"{value:g} với đơn vị '%' có vẻ là tỷ lệ viết dạng phân số: nếu là "
                        f"{value * 100:g}%, hãy viết {value * 100:g}",
                        "a fraction where a percent is expected",
                    )


def _texts(plan: Plan, located: Located) -> Iterator[Problem]:
    for path, text in _strings(located.data):
        key = next((part for part in reversed(path) if isinstance(part, str)), "")
        if key in _LINK_KEYS:
            if text.startswith("http://"):
                yield _warning(
                    located,
                    path,
                    "liên kết bắt đầu bằng http:// (không mã hóa; trình duyệt cảnh báo người đọc): nếu "
                    f"trang mở được bằng https://, hãy viết '{'https://' + text[7:]}'",
                    "http link",
                )
            continue
        found = legacy_encoding(text)
        if found:
            encoding, word = found
            yield _warning(
                located,
                path,
                f"chữ có vẻ gõ bằng bảng mã cũ {encoding} ('{word}'), không phải Unicode, nên hiện sai "
                "trên trang: hãy gõ lại bằng bộ gõ đặt bảng mã Unicode, hoặc chuyển mã bằng Unikey "
                f"(Công cụ chuyển mã: từ {encoding.split()[0]} sang Unicode)",
                "legacy Vietnamese encoding",
            )


def _titles(plan: Plan, located: Located) -> Iterator[Problem]:
    """Titles that still name last year: a plan made by `new-year` keeps the old words."""
    year = plan.plan.year
    named: list[tuple[FieldPath, str | None]] = []
    for a, area in enumerate(plan.areas):
        named.append((("areas", a, "title"), area.title))
        named += [(("areas", a, "groups", g, "title"), group.title) for g, group in enumerate(area.groups)]
    for target in walk_targets(plan):
        named += [
            ((*target.path, "title"), target.target.title),
            ((*target.path, "text"), target.target.text),
        ]
    named += [((*task.path, "title"), task.task.title) for task in walk(plan)]
    for path, text in named:
        words = previous_year(text, year) if text else None
        if words:
            yield _warning(
                located,
                path,
                f"còn nhắc '{words}', năm trước của kế hoạch năm {year}: nếu kế hoạch được tạo từ "
                "năm trước (new-year), hãy sửa theo kế hoạch mới",
                "title names the previous year",
            )


def likely_wrong(plan: Plan, located: Located) -> list[Problem]:
    """Every warning about `plan`, valid as it is, in file order."""
    found = [
        *_dates(plan, located),
        *_percents(plan, located),
        *_texts(plan, located),
        *_titles(plan, located),
    ]
    return sorted(found)
