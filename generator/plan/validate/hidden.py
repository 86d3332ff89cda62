"""Characters nobody sees, in the plan's values: where they are, and warnings for text.

The loader keeps where each was written (Located.hidden); a message names each by its
column when it knows it, by its place in the value otherwise.
"""

from __future__ import annotations

from typing import Any

from ...errors import Problem
from .. import chars
from ..load import Located
from ..model import FieldPath


def hidden_places(
    value: str, positions: tuple[tuple[int, int], ...]
) -> tuple[dict[int, str], tuple[int, int] | None]:
    """Where the hidden characters of `value` are in the file, in words ({9: 'ở cột 24'}),
    from the loader's positions, and where the first of them is (None when not known)."""
    if not positions:
        return {}, None
    first = positions[0]
    spots = iter(positions)
    places: dict[int, str] = {}
    for i, ch in chars.hidden(value):
        if ch in chars.LAYOUT:
            continue
        line, col = next(spots, first)
        places[i] = f"ở cột {col}" if line == first[0] else f"ở dòng {line}, cột {col}"
    return places, first


def hidden_in_text(located: Located, wrong: set[FieldPath]) -> list[Problem]:
    """A warning for each text holding format characters (zero-width, bidi marks, BOM, soft hyphen).

    Not refused: text is always escaped on the pages, and honest pastes from Word or a web
    page hold them. Named and located all the same, so that a reviewer sees on the pull
    request what the diff does not show: a right-to-left override that turns the text
    around, a zero-width space that splits a word for search. Codes are refused instead
    (fields.HiddenInCode); values with a problem of their own (`wrong`) are left to it.
    """
    notices = []
    for path, positions in located.hidden.items():
        value = _value_at(located.data, path)
        if path in wrong or not isinstance(value, str):
            continue
        places, first = hidden_places(value, positions)
        found = [
            (ch, places.get(i, f"ở ký tự thứ {i + 1}"))
            for i, ch in chars.hidden(value)
            if chars.is_format(ch)
        ]
        if found:
            message = (
                f"cảnh báo: có {chars.described(found)}. Trang vẫn được dựng; ký tự vô hình vẫn nằm "
                "trong chữ (làm sai tìm kiếm và sao chép), nếu không cố ý hãy xóa "
                "[warning: invisible character in text]"
            )
            notices.append(located.problem(path, message, at=first))
    return notices


def _value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data
