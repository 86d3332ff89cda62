"""The English fields (`<field>_en`, english.py) against their Vietnamese originals.

Each English field takes the same type as its original (text rules, hidden characters),
so pydantic and the loader judge it as they judge the Vietnamese. What only the pair can
show is said here: English without the Vietnamese it translates (an error: the page could
not say what it translates), a list that does not match item for item (an error), and
English identical to the Vietnamese (a warning: likely pasted untranslated, which the
English edition would show as if it were English).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ...errors import Problem
from ..english import english_name, records, translated_fields
from ..load import Located
from ..model import FieldPath, Plan
from .models import got


def _raw(data: Any, path: FieldPath) -> Any:
    """The plain value at `path` in the file's data, None where there is none."""
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _pairs(item: BaseModel, at: FieldPath = ()) -> Iterator[tuple[BaseModel, str, Any, Any, FieldPath]]:
    """(record, field, Vietnamese, English, path of the record) for each English field filled
    in `item` (the plan, or a part of it at path `at`)."""
    for record, path in records(item, at):
        for field in translated_fields(type(record)):
            english = got(record, english_name(field))
            if english:
                yield record, field, got(record, field), english, path


def english_problems(
    plan: Plan, located: Located, part: tuple[BaseModel, FieldPath] | None = None
) -> Iterator[Problem]:
    """English with no Vietnamese beside it, and English lists that do not match item for item;
    with `part` (a record of the plan and its path), in that record only."""
    for record, field, original, english, path in _pairs(*(part or (plan,))):
        en = english_name(field)
        if not original:
            required = type(record).model_fields[field].is_required()
            if required or _raw(located.data, (*path, field)) not in (None, "", []):
                continue  # the Vietnamese is missing or wrong: its own error names it
            yield located.problem(
                (*path, en),
                f"có '{en}' (tiếng Anh) nhưng không có '{field}' (tiếng Việt) mà nó dịch: hãy ghi "
                f"'{field}' trước, hoặc xóa '{en}' [English text without its Vietnamese]",
            )
        elif isinstance(original, list) and len(english) != len(original):
            yield located.problem(
                (*path, en),
                f"'{en}' có {len(english)} mục nhưng '{field}' có {len(original)}: mỗi mục tiếng Việt "
                "một mục tiếng Anh, cùng thứ tự [English list must match the Vietnamese item for item]",
            )


def english_warnings(plan: Plan, located: Located) -> list[Problem]:
    """A warning for each English field that repeats its Vietnamese original word for word."""
    return [
        located.problem(
            (*path, english_name(field)),
            f"cảnh báo: '{english_name(field)}' giống hệt '{field}'. Nếu chưa có bản dịch, hãy xóa "
            f"'{english_name(field)}': trang tiếng Anh sẽ hiện lời tiếng Việt và ghi là chưa dịch "
            "[warning: English text identical to the Vietnamese]",
        )
        for _, field, original, english, path in _pairs(plan)
        if _words(english) == _words(original)
    ]


def _words(value: Any) -> Any:
    """A text, or each text of a list, with its spacing evened out (a note keeps it as typed)."""
    if isinstance(value, list):
        return [_words(v) for v in value]
    return " ".join(value.split()) if isinstance(value, str) else value
