"""`python -m generator tidy`: repair the mechanical slips of a plan file, and only those.

No-break spaces, zero-width characters and byte-order marks in YAML's places, Word's curly
quotes around a value, a fullwidth colon, a Tab after a colon (load/slips.py finds them),
Windows line endings and a BOM at the start: each has one repair that changes nothing the
person meant. The change is shown as a diff (hidden characters written by their code, so
that the diff shows them); comments and every other byte stay as they were. Anything that
needs a decision (an indentation, Tabs in it included; a misspelt key) is left to `check`'s
advice.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PlanError, Problem
from . import chars
from .load import load_text
from .load.slips import Slip, repaired, slips
from .validate import validate

_PLACES = {
    "indent": "trong phần thụt lề",
    "dash": "sau dấu '-'",
    "key": "trong tên trường",
    "colon": "thay cho dấu ':'",
    "after-colon": "sau dấu hai chấm",
    "quote": "ngoặc kép cong quanh nội dung",
    "flow": "trong dòng {...}/[...]",
}


@dataclass
class Tidied:
    """A plan's text with its slips repaired, and each repair in words."""

    old: str
    text: str
    repairs: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, what was done)


def _words(slip: Slip) -> str:
    if slip.place == "quote":
        return f"ngoặc kép cong thành ngoặc kép thẳng: «{slip.old}» → «{slip.new}»"
    if slip.place == "colon":
        return "dấu hai chấm toàn khổ '：' thành ':'"
    kinds = {unicodedata.category(ch) for ch in slip.old if ch not in " \t" and not ch.isprintable()}
    if kinds <= {"Zs"}:  # odd spaces, or a Tab
        done = "thay bằng dấu cách"
    elif kinds == {"Cf"}:
        done = "xóa" + (", thêm một dấu cách" if slip.new == " " and " " not in slip.old else "")
    else:
        done = "xóa hoặc thay bằng dấu cách"
    return f"{slip.characters} {_PLACES[slip.place]}: {done}"


def tidied(raw: str) -> Tidied:
    """`raw` (a plan file's text) with its mechanical slips repaired."""
    result = Tidied(raw, raw)
    text = raw
    if text.startswith("\ufeff"):
        text = text[1:]
        result.repairs.append((1, 1, 'bỏ "dấu BOM" (U+FEFF) ở đầu tệp'))
    if "\r" in text:
        count = text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        result.repairs.append(
            (1, 1, f"đổi {count} xuống dòng kiểu Windows (CRLF) thành xuống dòng thường (LF)")
        )
    found = slips(text)
    result.text = repaired(text, found)
    result.repairs += [(s.line, s.col, _words(s)) for s in found]
    return result


def diff(tidy: Tidied, name: str) -> str:
    """The change as a unified diff, line endings aside, hidden characters written by code."""
    old = tidy.old.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = difflib.unified_diff(
        [chars.visible(line) for line in old.split("\n")],
        [chars.visible(line) for line in tidy.text.split("\n")],
        f"a/{name.lstrip('/')}",
        f"b/{name.lstrip('/')}",
        lineterm="",
    )
    return "\n".join(lines)


def read_plan_text(path: Path) -> str:
    """The text of a plan file, or PlanError when it is not UTF-8 text."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = "tệp không phải mã UTF-8, hãy lưu lại với mã UTF-8 [not UTF-8]"
        raise PlanError([Problem(str(path), line, 1, "", message)]) from None


def still_wrong(text: str, name: str) -> int:
    """How many problems `check` would still find in `text`."""
    try:
        validate(load_text(text, name))
    except PlanError as err:
        return len(err.problems)
    return 0
