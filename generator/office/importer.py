"""A workbook made by `export --xlsx` (and edited by staff) back to a plan, and to its file.

The workbook is read as the plan's data (records.py), each value with its cell; the
plan is checked by the same validation as the YAML file (`validate.validate`), so a
mistake in a cell is reported like a mistake in the file, at its cell: "trang tính
'Cập nhật', dòng 5, cột C (Trạng thái): ...", the plan file's codes in the sheet's words.

Writing into an existing plan file keeps its comments, order and quoting: the
file is read with ruamel.yaml (round-trip mode), only values that changed are
replaced, and the result goes through `atomic.write_whole`: a temporary file, checked, then renamed.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml.comments import CommentedMap

from ..atomic import PLAN, check_target, write_whole
from ..errors import PlanError, SheetError
from ..plan import yamledit
from ..plan.check import check
from ..plan.labels import DEADLINE_LABELS, STATUS_LABELS
from ..plan.load import Located
from ..plan.model import DeadlineKind, Plan
from ..plan.validate import validate
from . import sheets
from .records import read_plan_data
from .rows import ROW_START


def read_plan(path: Path) -> Plan:
    """The validated plan a workbook holds, or SheetError naming every bad cell."""
    data, reader = read_plan_data(path)
    try:
        plan = validate(Located(data, path.name, values=dict(reader.values)))
    except PlanError as err:
        explained = set(reader.cells)
        for p in err.problems:
            sheet, letter, header = (
                reader.places[p.col] if 0 <= p.col < len(reader.places) else (sheets.PLAN.name, ROW_START, "")
            )
            if (sheet, p.line, letter) in explained:
                continue  # a cell read badly (e.g. an unknown unit) needs no second message
            # The last part of the path names the field; a field missing from its row is
            # said at its own column, and a field placed at its cell is named by the header.
            name = re.split(r"\.(?![^\[]*\])", p.field)[-1] if p.field else ""
            message = spreadsheet_words(p.message)
            column = _column(sheet, name) if not header else None
            if column is not None:
                letter, header = _letter(sheet, column), column.header
                if MISSING in p.message:
                    message = f"ô trống; {sheets.TYPING[column.kind]} [empty cell]"
            elif not header and name:
                message = f"{name}: {message}"
            reader.error(sheet, p.line, letter, message, header)
        raise SheetError(reader.problems) from None
    if reader.problems:
        raise SheetError(reader.problems)
    return plan


# pydantic's "field required", as validation words it.
MISSING = "[required field missing]"
# The plan file's codes in validation's messages, and the words the workbook shows for them.
_AS_OF = f"ngày chốt số liệu ở trang tính '{sheets.PLAN.name}'"
_WORDS = {
    **{f"'{code.value}'": f"'{label}'" for code, label in STATUS_LABELS.items()},
    "ngày chốt số liệu plan.as_of": _AS_OF,
    "plan.as_of": _AS_OF,
    "percent": f"'{sheets.UPDATES.field('percent').header}'",
    "'period'": f"'{sheets.UPDATES.field('period').header}'",
    "(kind: ongoing)": f"('{sheets.TASKS.field('deadline.kind').header}' là "
    f"'{DEADLINE_LABELS[DeadlineKind.ONGOING]}')",
}
# Longest first: "ngày chốt số liệu plan.as_of" before "plan.as_of".
_WORDS_RE = re.compile(
    "|".join(rf"(?<![\w.]){re.escape(w)}(?![\w])" for w in sorted(_WORDS, key=len, reverse=True))
)


def spreadsheet_words(message: str) -> str:
    """A validation message with the plan file's codes ('done', plan.as_of) as the workbook words them."""
    return _WORDS_RE.sub(lambda m: _WORDS[m[0]], message)


def _column(sheet_name: str, field: str) -> sheets.Col | None:
    """The column of the sheet named `sheet_name` that holds `field`, if one does."""
    sheet = next((s for s in sheets.SHEETS if s.name == sheet_name), None)
    if sheet is None or not field:
        return None
    return next((c for c in sheet.columns if c.field == field and c.kind is not sheets.Kind.REF), None)


def _letter(sheet_name: str, col: sheets.Col) -> str:
    return next(s.letter(col) for s in sheets.SHEETS if s.name == sheet_name)


# --- writing the plan as YAML ---------------------------------------------------


def plain(value: Any) -> Any:
    """The plan as YAML-ready data: model field order, defaults left out, codes as text."""
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if not info.is_required() and item == info.get_default(call_default_factory=True):
                continue
            out[name] = plain(item)
        return out
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def plan_yaml(plan: Plan, base: str | None = None) -> str:
    """The plan as YAML text; with `base` (an existing file's text) its comments and layout stay."""
    data = yamledit.double_quoted(plain(plan))
    if base is not None:
        tree = yamledit.load(base)
        if not isinstance(tree, CommentedMap):
            raise SheetError(["tệp kế hoạch hiện có không phải một bảng YAML [not a YAML mapping]"])
        data = yamledit.merge(tree, data)
    return yamledit.dump(data)


def write_plan(plan: Plan, target: Path, force: bool = False) -> None:
    """Write `plan` into `target` through a checked temporary file; keep an existing file's comments."""
    check_target(target, PLAN, force)
    text = None
    if target.exists():
        try:
            base = target.read_text(encoding="utf-8")
            text = plan_yaml(plan, base) if base else None  # an empty file has no comments to keep
        except Exception as err:
            if not force:
                raise SheetError(
                    [
                        f"{target}: không đọc được tệp hiện có để giữ chú thích ({err}); "
                        "dùng --force để ghi đè toàn bộ [cannot update in place, use --force]"
                    ]
                ) from None
    text = text or plan_yaml(plan)

    def same_plan(written: Path) -> None:
        if check(written) != plan:
            raise SheetError([f"{target}: tệp ghi ra không khớp với bảng tính [round trip mismatch]"])

    write_whole(target, text.encode("utf-8"), PLAN, force, verify=same_plan)
