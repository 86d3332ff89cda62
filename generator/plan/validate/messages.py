"""The words of a shape error: what pydantic found wrong with a value, in plain Vietnamese.

One function per kind of error pydantic reports (WORDING), each saying what is wrong
and what to type instead; kinds without one keep pydantic's English, with the kind.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic_core import ErrorDetails

from .. import chars
from ..labels import COMPARISON_LABELS, DEADLINE_LABELS, FIELD_WORDS, ITEM_WORDS, PERCENT_RULE, STATUS_LABELS
from ..load import Located
from ..model import Comparison, DeadlineKind, FieldPath, Link, Status, Task, Update
from ..slug import fold
from ..status import ongoing_in
from .models import model_at

_ENUM_CHOICES: dict[str, str] = {
    "Status": ", ".join(f"{s.value} ({label.lower()})" for s, label in STATUS_LABELS.items()),
    "DeadlineKind": ", ".join(f"{k.value} ({label})" for k, label in DEADLINE_LABELS.items()),
    "Comparison": ", ".join(f"{c.value} ({label})" for c, label in COMPARISON_LABELS.items()),
}
_ENUM_VALUES: dict[str, list[str]] = {
    "Status": [s.value for s in Status],
    "DeadlineKind": [k.value for k in DeadlineKind],
    "Comparison": [c.value for c in Comparison],
}


def _words(text: str) -> str:
    return " ".join(fold(text).lower().split())


# What staff type in Vietnamese for a status, without diacritics: the labels shown on the
# site plus the everyday words for them.
_STATUS_WORDS: dict[str, Status] = {
    **{_words(label): status for status, label in STATUS_LABELS.items()},
    **{_words(label.removeprefix("Đã ")): s for s, label in STATUS_LABELS.items()},
    **{
        _words(word): status
        for status, words in {
            Status.DONE: ["xong", "đã xong", "hoàn thành", "hoàn tất", "finished", "completed"],
            Status.IN_PROGRESS: ["đang làm", "đang thực hiện", "đang triển khai", "đang tiến hành"],
            Status.NOT_STARTED: ["chưa làm", "chưa triển khai", "chưa thực hiện", "chưa bắt đầu"],
            Status.PAUSED: ["tạm dừng", "tạm ngừng", "dừng"],
            Status.CANCELLED: ["hủy", "huỷ", "đã hủy", "đã huỷ", "hủy bỏ", "bỏ"],
            Status.WAITING: ["chờ", "đang chờ", "chờ điều kiện", "chờ chủ trương"],
        }.items()
        for word in words
    },
}


@dataclass(frozen=True)
class _Error:
    """One pydantic error with what its wording needs."""

    err: ErrorDetails
    path: FieldPath
    located: Located

    @property
    def value(self) -> Any:
        return self.err.get("input")

    @property
    def ctx(self) -> dict[str, Any]:
        return self.err.get("ctx") or {}

    @property
    def shown(self) -> str:
        """The value as quoted in the message, short: a whole list in the wrong place is long."""
        value = self.value
        shown = repr(value) if not isinstance(value, str) else f"'{chars.visible(value)}'"
        return shown[:77] + "..." if len(shown) > 80 else shown


def _missing(e: _Error) -> str:
    return f"thiếu trường bắt buộc '{e.path[-1]}' [required field missing]"


_FIELD_WORDS = {_words(word): field for word, field in FIELD_WORDS.items()}


def meant_key(key: str, allowed: list[str]) -> str | None:
    """The field an unknown key most likely stands for: its Vietnamese name, or a close spelling."""
    by_word = _FIELD_WORDS.get(_words(key.replace("_", " ")))
    if by_word in allowed:
        return by_word
    guess = difflib.get_close_matches(chars.cleaned(key), allowed, n=1)
    return guess[0] if guess else None


def _home(key: str, model: type | None) -> tuple[type, str] | None:
    """Where a key found in the wrong item belongs (the model that has it), and how to get there."""
    if model is Update and key in Link.model_fields:
        return Link, "dưới 'evidence:' của lần cập nhật, mỗi minh chứng một mục '- title: ...' kèm 'url:'"
    if model is Task and key in Update.model_fields and key not in Task.model_fields:
        return Update, "dưới 'updates:' của nhiệm vụ, thẳng cột với chữ 'date' của lần cập nhật đó"
    if model is not Task and key in ("updates", "deadline", "lead", "partners", "products"):
        return Task, "thẳng cột với dòng 'deadline:' của nhiệm vụ đó"
    return None


def _elsewhere(key: str, model: type | None, parent: Any) -> str | None:
    """Advice for a key that is a field of another item (updates under a target)."""
    found = _home(key, model)
    if found is None:
        return None
    home, how = found
    here = ITEM_WORDS.get(model.__name__, "mục này") if model else "mục này"
    names = ""
    if home is Task and isinstance(parent, dict) and isinstance(parent.get("tasks"), list):
        ids = [t["id"] for t in parent["tasks"] if isinstance(t, dict) and isinstance(t.get("id"), str)]
        names = f" (một trong: {', '.join(ids[:8])}{', ...' if len(ids) > 8 else ''})" if ids else ""
    return (
        f"'{key}' là trường của {ITEM_WORDS[home.__name__]}, không phải của {here}: hãy chuyển "
        f"cả khối '{key}:' vào đúng {ITEM_WORDS[home.__name__]}{names}, {how} "
        f"[{key} belongs under a {home.__name__.lower()}]"
    )


def _at(data: Any, path: FieldPath) -> Any:
    for part in path:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_list or (isinstance(data, dict) and part in data):
            data = data[part]
        else:
            return None
    return data


def _unknown_key(e: _Error) -> str:
    model = model_at(e.path[:-1])
    allowed = sorted(model.model_fields) if model else []
    key = str(e.path[-1])
    found = chars.hidden(key)
    meant = meant_key(key, allowed)
    by_word = _FIELD_WORDS.get(_words(key.replace("_", " ")))
    elsewhere = _elsewhere(by_word or key, model, _at(e.located.data, e.path[:-1]))
    if by_word and by_word == meant and not found:
        return (
            f"'{key}' là tên tiếng Việt của trường '{meant}': tên trường viết bằng tiếng Anh như "
            f"mẫu. Sửa «{key}:» thành «{meant}:» [field names are English: {meant}]"
        )
    if elsewhere and not found:
        return elsewhere
    hint = f" Có phải ý bạn là '{meant}'?" if meant else ""
    if found:
        listed = chars.described([(ch, f"ở ký tự thứ {i + 1}") for i, ch in found])
        hint = f" Khóa có {listed}: hãy xóa.{hint}"
    return (
        f"khóa '{chars.visible(key)}' không có trong mẫu kế hoạch [unknown key].{hint} "
        f"Các khóa hợp lệ: {', '.join(allowed)}"
    )


def _enum_matches(enum_name: str, expected: str) -> bool:
    return all(f"'{v}'" in expected for v in _ENUM_VALUES[enum_name])


def _suggested_code(value: Any, expected: str) -> str | None:
    """The code staff most likely meant: 'hoàn thành' -> done, 'in progress' -> in_progress."""
    if not isinstance(value, str):
        return None
    words = _words(value)
    is_status = _enum_matches("Status", expected)
    if is_status and words in _STATUS_WORDS:
        return _STATUS_WORDS[words].value
    codes = re.findall(r"'([a-z_]+)'", expected)
    if is_status:
        codes = [s.value for s in Status]
    snake = words.replace(" ", "_").replace("-", "_")
    if snake in codes:
        return snake
    guess = difflib.get_close_matches(snake, codes, n=1, cutoff=0.75)
    return guess[0] if guess else None


def _of_ongoing_task(path: FieldPath, data: Any) -> bool:
    """Whether `path` is an update's status in a task whose deadline says "ongoing"."""
    if len(path) < 4 or path[-3] != "updates" or path[-1] != "status":
        return False
    task = data
    for part in path[:-3]:  # a path from shape.clean_loc: each part fits the data it indexes
        if isinstance(task, dict):
            task = task.get(part)
        elif isinstance(task, list) and isinstance(part, int) and part < len(task):
            task = task[part]
        else:
            return False
    deadline = task.get("deadline") if isinstance(task, dict) else None
    if not isinstance(deadline, dict):
        return False
    also = deadline.get("also")
    return ongoing_in([deadline.get("kind"), *(also if isinstance(also, list) else [])])


def _unknown_value(e: _Error) -> str:
    expected = names = e.ctx.get("expected", "")
    for enum_name, choices in _ENUM_CHOICES.items():
        if enum_name in str(e.err.get("url", "")) or _enum_matches(enum_name, names):
            names = choices
            break
    code = _suggested_code(e.value, expected)
    hint = f" Hãy viết '{code}'." if code else ""
    if code == Status.DONE and _of_ongoing_task(e.path, e.located.data):
        hint = (
            " Nhiệm vụ thường xuyên không bao giờ 'done': hãy viết 'in_progress' và ghi kết quả "
            "của kỳ vào note."
        )
    return f"giá trị {e.shown} không hợp lệ [unknown value].{hint} Chọn một trong: {names}"


def _vietnamese_date(value: Any) -> str | None:
    """'05/10/2022' (day/month/year, as written in Vietnam) as '2022-10-05', if it is a day."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*", str(value))
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat()
    except ValueError:
        return None


def _date(e: _Error) -> str:
    day = _vietnamese_date(e.value)
    hint = f" Hãy viết {day} (năm-tháng-ngày)." if day else ""
    return (
        f"ngày không hợp lệ {e.shown}: phải là ngày có thật, dạng YYYY-MM-DD, "
        f"ví dụ 2022-11-15 [invalid date].{hint}"
    )


def _yaml_reading(value: Any) -> str:
    if isinstance(value, bool):
        return f"giá trị đúng/sai ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"số {value!r}"
    if isinstance(value, dt.date):
        return f"ngày {value.isoformat()}"
    return "một giá trị không phải chữ"


def _not_text(e: _Error) -> str:
    written = e.located.written.get(e.path)
    if e.value is None:
        return 'đang để trống; hãy viết nội dung trong ngoặc kép "..." hoặc xóa cả dòng [empty value]'
    if written is not None:
        # YAML reads an unquoted `no`, `on`, `1.10` or `2022` as a truth value or a number,
        # so `note: no` is False: say what happened and how to keep the text.
        return (
            f"'{written}' viết không có ngoặc kép nên được đọc là {_yaml_reading(e.value)}, "
            f'không phải chữ; hãy viết trong ngoặc kép: "{written}" [quote text: YAML reads it '
            "as a boolean/number]"
        )
    return f'phải là chữ, nhận được {e.shown}; hãy đặt nội dung trong ngoặc kép "..." [must be text]'


def _evidence_shape(value: str) -> str:
    """Evidence written as one line of text, shown as the list it must be."""
    text = value.strip()
    url = re.search(r"https?://\S+", text)
    title = (text[: url.start()] + text[url.end() :]).strip(" -–—,;:") if url else text
    title = title or "Tên văn bản"
    link = url[0] if url else "https://..."
    return (
        "minh chứng là một danh sách, mỗi minh chứng có tên (title) và địa chỉ web (url) trên hai "
        f'dòng riêng: thay dòng này bằng «evidence:», dưới nó «  - title: "{title[:60]}"» và '
        f'«    url: "{link[:80]}"» (dấu - thụt vào thêm 2 dấu cách so với chữ evidence, url thẳng '
        "cột với title) [evidence is a list of title and url]"
    )


def _not_list(e: _Error) -> str:
    example = ""
    value = e.value
    if e.path and e.path[-1] == "evidence" and isinstance(value, str):
        return _evidence_shape(value)
    if isinstance(value, dict) and value:
        # Staff wrote the fields of one item without its '- ': show that line with it.
        key, first = next(iter(value.items()))
        shown_first = first.isoformat() if isinstance(first, dt.date) else first
        line = f"{key}: {shown_first}" if isinstance(shown_first, str | int | float) else f"{key}: ..."
        example = f"; sửa «{line[:60]}» thành «- {line[:60]}»"
    return f"phải là một danh sách, mỗi mục một dòng bắt đầu bằng '- '{example} [must be a list]"


def _not_mapping(e: _Error) -> str:
    return "phải là một nhóm các dòng 'khóa: giá trị' [must be a mapping]"


def _empty_list(e: _Error) -> str:
    return "danh sách không được để trống [must not be empty]"


def _percent(value: Any) -> str | None:
    """What to type for a percent written as a fraction, with decimals or with its sign."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*%?\s*", value)
        if not match:
            return None
        value = float(match[1].replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if 0 < value <= 1 and not isinstance(value, int):
        whole = int(value * 100 + 0.5)
        return f"{value:g} có vẻ là tỷ lệ viết dạng phân số ({value:g} = {whole}%): hãy viết {whole}"
    return f"hãy viết {int(value + 0.5)}"


def _not_number(e: _Error) -> str:
    if e.path and e.path[-1] == "percent":
        hint = _percent(e.value)
        return (
            f"percent là {PERCENT_RULE}, không kèm dấu %; nhận được {e.shown}"
            + (f": {hint}" if hint else "")
            + " [percent is a whole number 0-100]"
        )
    return f"phải là một số, nhận được {e.shown} [must be a number]"


def _not_bool(e: _Error) -> str:
    return f"phải là true hoặc false, nhận được {e.shown} [must be true/false]"


def _out_of_range(e: _Error) -> str:
    kind, ctx = e.err["type"], e.ctx
    bound = {"greater_than_equal": "≥", "less_than_equal": "≤"}.get(kind, kind)
    limit = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
    return f"giá trị {e.shown} phải {bound} {limit} [out of range]"


def _wrong_format(e: _Error) -> str:
    return f"giá trị {e.shown} không đúng dạng yêu cầu ({e.ctx.get('pattern')}) [wrong format]"


def _own_words(e: _Error) -> str:
    """A validator of the model's own: its message is already worded for staff."""
    return str(e.ctx.get("error", e.err["msg"]))


def _pydantic_words(e: _Error) -> str:
    return f"{e.err['msg']} [{e.err['type']}]"


# pydantic's error type -> the wording; a type starting with "date" is worded by _date.
WORDING: dict[str, Callable[[_Error], str]] = {
    "missing": _missing,
    "extra_forbidden": _unknown_key,
    "enum": _unknown_value,
    "string_type": _not_text,
    "list_type": _not_list,
    **dict.fromkeys(("model_type", "dict_type", "model_attributes_type"), _not_mapping),
    "too_short": _empty_list,
    **dict.fromkeys(
        (
            "int_type",
            "int_parsing",
            "int_parsing_size",
            "finite_number",
            "float_type",
            "float_parsing",
            "int_from_float",
        ),
        _not_number,
    ),
    **dict.fromkeys(("bool_type", "bool_parsing"), _not_bool),
    **dict.fromkeys(("greater_than_equal", "less_than_equal", "greater_than", "less_than"), _out_of_range),
    "string_pattern_mismatch": _wrong_format,
    "value_error": _own_words,
}


def message(err: ErrorDetails, path: FieldPath, located: Located) -> str:
    """The message for one pydantic error about the value at `path`."""
    kind = err["type"]
    wording = WORDING.get(kind) or (_date if kind.startswith("date") else _pydantic_words)
    return wording(_Error(err, path, located))
