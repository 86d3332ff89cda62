"""What pydantic finds wrong in the shape of each value, as located problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from ...errors import Problem
from .. import chars
from ..fields import HiddenInCode
from ..load import Located
from ..load.slips import CURLY_CLOSE, CURLY_OPEN
from ..load.syntax import TIDY
from ..model import FieldPath
from .hidden import hidden_places
from .messages import meant_key, message
from .models import model_at


def clean_loc(loc: tuple[Any, ...], data: Any) -> FieldPath:
    """Drop the parts pydantic adds for union members and validators (e.g. 'date')."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list):
            path.append(part)
            node = node[part] if part < len(node) else None
        elif isinstance(part, str) and (isinstance(node, dict) or node is None):
            path.append(part)
            node = node.get(part) if isinstance(node, dict) else None
        else:
            break
    return tuple(path)


def _problem(err: ErrorDetails, path: FieldPath, located: Located) -> Problem:
    error = (err.get("ctx") or {}).get("error")
    if isinstance(error, HiddenInCode):
        # At the first hidden character itself, each named with its column.
        places, first = hidden_places(error.value, located.hidden.get(path, ()))
        return located.problem(path, error.worded(places), at=first)
    words = message(err, path, located)
    value = err.get("input")
    if isinstance(value, str) and err["type"] != "extra_forbidden" and chars.hidden(value):
        found = [(ch, f"ở ký tự thứ {i + 1}") for i, ch in chars.hidden(value)]
        words += f" (giá trị có {chars.described(found)})"
    if isinstance(value, str) and len(value) > 1 and value[0] in CURLY_OPEN and value[-1] in CURLY_CLOSE:
        # `[“thanh-tra”]`, `status: “done”`: read as text with the curly quotes in it.
        words = (
            f"giá trị nằm trong ngoặc kép cong {value[0]} {value[-1]}, mà YAML chỉ nhận ngoặc kép thẳng "
            f'": hãy gõ lại hai dấu ngoặc kép (hoặc chạy {TIDY}) [curly quotes are not YAML quotes]. {words}'
        )
    return located.problem(path, words, key=err["type"] == "extra_forbidden")


def shape_problems(
    error: ValidationError, located: Located, explained: Callable[[FieldPath], bool]
) -> list[tuple[FieldPath, Problem]]:
    """Each of pydantic's errors as a problem at its path, but those `explained` already."""
    wrong = [(path, e) for e in error.errors() if not explained(path := clean_loc(e["loc"], located.data))]
    # `trạng thái:` for `status:` is one mistake, not also a missing status: the unknown key's
    # message says which field it stands for.
    meant = set()
    for path, e in wrong:
        model = model_at(path[:-1]) if e["type"] == "extra_forbidden" and path else None
        if model is not None:
            meant.add((*path[:-1], meant_key(str(path[-1]), sorted(model.model_fields))))
    wrong = [(path, e) for path, e in wrong if not (e["type"] == "missing" and path in meant)]
    return [(path, _problem(e, path, located)) for path, e in wrong]
