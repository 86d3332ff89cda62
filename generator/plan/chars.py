"""Characters nobody sees, named in words: what staff paste from Word, Outlook or a web page.

A no-break space from Word, a zero-width space from a web page, a byte-order mark, a
right-to-left mark look like nothing (or like a plain space) in an editor and on GitHub, yet
make `van-phong` another id than `van-phong` typed by hand. Every message about such a
character names it here: in Vietnamese words, with its code (U+200B) and its English name,
so that it can be found, searched for and deleted.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# The characters staff really meet, as a message names them.
NAMES: dict[str, str] = {
    "\t": "Tab",
    "\n": "xuống dòng",
    "\r": "về đầu dòng",
    "\x85": "xuống dòng kiểu cũ",
    "\u2028": "ngắt dòng Unicode",
    "\u2029": "ngắt đoạn Unicode",
    "\u00a0": "dấu cách không ngắt dòng",  # Word and Outlook, e.g. before ':' or '%'
    "\u202f": "dấu cách hẹp không ngắt dòng",
    "\u2007": "dấu cách độ rộng chữ số",
    "\u2009": "dấu cách mảnh",
    "\u3000": "dấu cách toàn khổ",
    "\u00ad": "dấu gạch nối mềm",  # Word's optional hyphen (Ctrl+-)
    "\ufeff": "dấu BOM (đánh dấu thứ tự byte)",  # the start of a file pasted into another
    "\u200b": "khoảng trắng độ rộng 0",  # web pages, chat apps
    "\u200c": "ký tự ngăn nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0",
    "\u2060": "ký tự nối từ",
    "\u200e": "dấu chiều trái sang phải",
    "\u200f": "dấu chiều phải sang trái",
    "\u061c": "dấu chiều chữ Ả Rập",
    "\u202a": "mở đoạn nhúng trái sang phải",
    "\u202b": "mở đoạn nhúng phải sang trái",
    "\u202c": "đóng đoạn định hướng",
    "\u202d": "ép hướng trái sang phải",
    "\u202e": "ép hướng phải sang trái (chữ hiện ngược)",
    "\u2066": "mở đoạn cô lập trái sang phải",
    "\u2067": "mở đoạn cô lập phải sang trái",
    "\u2068": "mở đoạn cô lập theo chữ đầu",
    "\u2069": "đóng đoạn cô lập",
    # Visible, but not the quotes YAML reads: Word's AutoCorrect types them.
    "\u201c": "ngoặc kép cong mở “",
    "\u201d": "ngoặc kép cong đóng ”",
    "\u2018": "ngoặc đơn cong mở ‘",
    "\u2019": "ngoặc đơn cong đóng ’",
    "\u201e": "ngoặc kép cong dưới „",
    "\uff1a": "dấu hai chấm toàn khổ ：",  # a Vietnamese or CJK keyboard's colon
}

# The others, by Unicode category.
_KINDS = {
    "Cc": "ký tự điều khiển",
    "Cf": "ký tự định dạng vô hình",
    "Zs": "dấu cách đặc biệt",
    "Zl": "ngắt dòng",
    "Zp": "ngắt đoạn",
    "Co": "ký tự dùng riêng",
    "Cn": "ký tự chưa có trong bảng mã",
    "Cs": "nửa cặp thay thế (surrogate)",
}

# Hidden characters that lay text out: a note keeps its Tabs and line breaks.
LAYOUT = "\t\n"

# How many places of one character, and how many characters, a message lists.
_PLACES = 3
_CHARACTERS = 3


def hidden(text: str) -> list[tuple[int, str]]:
    """(index, character) of every character in `text` that is not seen as itself.

    Those that Python does not print: controls (Tab and line breaks included), format
    characters (zero-width, bidi marks, BOM, soft hyphen), line and paragraph separators,
    every space but the plain one, private-use and unassigned code points.
    """
    if text.isprintable():  # the usual case, in one pass in C
        return []
    return [(i, ch) for i, ch in enumerate(text) if not ch.isprintable()]


def cleaned(text: str) -> str:
    """`text` without its hidden characters; its odd spaces (no-break...) become plain spaces."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " if unicodedata.category(ch) == "Zs" else "" for ch in text)


def is_format(ch: str) -> bool:
    """Whether `ch` is a format character (zero-width, bidi mark, BOM, soft hyphen...)."""
    return unicodedata.category(ch) == "Cf"


def code(ch: str) -> str:
    """'U+200B'."""
    return f"U+{ord(ch):04X}"


def name(ch: str) -> str:
    """The character in words: '"khoảng trắng độ rộng 0" (U+200B zero width space)'."""
    english = unicodedata.name(ch, "").lower()
    gloss = f"{code(ch)} {english}" if english else code(ch)
    if ch in NAMES:
        return f'"{NAMES[ch]}" ({gloss})'
    return f"{_KINDS.get(unicodedata.category(ch), 'ký tự')} ({gloss})"


def visible(text: str) -> str:
    """`text` with each hidden character written as its code: 'van-phong<U+200B>'."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else f"<{code(ch)}>" for ch in text)


def quoted(text: str) -> str:
    """`text` in quotes as a message shows it: its hidden characters written by code and named.

    "'II.1<U+200B>' (có ký tự vô hình "khoảng trắng độ rộng 0" (U+200B ...) ở ký tự thứ 5)"
    """
    found = hidden(text)
    if not found:
        return f"'{text}'"
    listed = described([(ch, f"ở ký tự thứ {i + 1}") for i, ch in found])
    return f"'{visible(text)}' (có {listed})"


def described(found: Sequence[tuple[str, str]]) -> str:
    """Hidden characters and where they are, grouped by character.

    `found` holds (character, place in words, e.g. 'ở cột 12'); the result reads
    'ký tự vô hình "khoảng trắng độ rộng 0" (U+200B zero width space) ở cột 12, ở cột 20'.
    A few places of a few characters are listed, then how many more.
    """
    places: dict[str, list[str]] = {}
    for ch, where in found:
        places.setdefault(ch, []).append(where)
    parts = []
    for ch, wheres in list(places.items())[:_CHARACTERS]:
        listed = ", ".join(wheres[:_PLACES])
        if len(wheres) > _PLACES:
            listed += f" và {len(wheres) - _PLACES} chỗ khác"
        parts.append(f"{name(ch)} {listed}")
    if len(places) > _CHARACTERS:
        parts.append(f"và {len(places) - _CHARACTERS} loại ký tự vô hình khác")
    return "ký tự vô hình " + "; ".join(parts)
