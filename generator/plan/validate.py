"""Stage 2: turn located plain data into the typed Plan, or every problem with its line.

What the loader found in readable YAML (duplicate keys, tags, aliases), what
pydantic finds in the shape of each value and the cross-references pydantic cannot
see (ids, units, dates against as_of) are reported together, in one run: when the
shape is wrong, the cross-checks run on every value that is valid on its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import re
import types
from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import PlanError, Problem
from . import chars
from .dates import period_of
from .labels import COMPARISON_LABELS, DEADLINE_LABELS, STATUS_LABELS
from .load import Located
from .model import (
    Comparison,
    DeadlineKind,
    FieldPath,
    HiddenInCode,
    Kpi,
    Plan,
    Status,
    Task,
    Trigger,
    Update,
    area_targets,
    walk,
)
from .slug import agency, fold, usable_agency
from .status import is_ongoing

_ENUM_CHOICES: dict[str, str] = {
    "Status": ", ".join(f"{s.value} ({label.lower()})" for s, label in STATUS_LABELS.items()),
    "DeadlineKind": ", ".join(f"{k.value} ({label})" for k, label in DEADLINE_LABELS.items()),
    "Comparison": ", ".join(f"{c.value} ({label})" for c, label in COMPARISON_LABELS.items()),
}


def validate(located: Located) -> Plan:
    """The typed plan, or PlanError with every problem found (the loader's included).

    Either way, what is worth a warning (hidden characters in text) is added to
    `located.notices`.
    """
    loaded = [problem for _, problem in located.problems]
    bad_paths = {path for path, _ in located.problems}

    def explained(path: FieldPath) -> bool:
        # A value the loader already rejected (e.g. an alias) needs no second message.
        return any(path[:end] in bad_paths for end in range(len(path) + 1))

    try:
        plan = Plan.model_validate(located.data)
    except ValidationError as err:
        wrong = [(path, e) for e in err.errors() if not explained(path := _clean_loc(e["loc"], located.data))]
        shape = [_from_pydantic(e, path, located) for path, e in wrong]
        located.notices += _hidden_in_text(located, bad_paths | {path for path, _ in wrong})
        # Fix: cross-checks waited for a valid shape, so a duplicate id came one round later.
        partial = _salvage(Plan, located.data)
        raise PlanError(loaded + shape + list(_cross_checks(partial, located))) from None
    located.notices += _hidden_in_text(located, bad_paths)
    problems = loaded + list(_cross_checks(plan, located))
    if problems:
        raise PlanError(problems)
    return plan


# --- shape errors ----------------------------------------------------------------


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    """The model class that a mapping at `path` is validated against."""
    model: type[BaseModel] = Plan
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        inner = _unwrap(field.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _unwrap(annotation: Any) -> type[BaseModel] | None:
    origin = get_origin(annotation)
    if origin in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            found = _unwrap(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _clean_loc(loc: tuple[Any, ...], data: Any) -> FieldPath:
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


def _message(err: Any, path: FieldPath, located: Located) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    shown = repr(value) if not isinstance(value, str) else f"'{chars.visible(value)}'"
    if len(shown) > 80:
        # Fix: a whole list or mapping in the wrong place made a message of thousands of characters.
        shown = shown[:77] + "..."
    if kind == "missing":
        return f"thiếu trường bắt buộc '{path[-1]}' [required field missing]"
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
        key = str(path[-1])
        found = chars.hidden(key)
        clean = chars.cleaned(key)
        guess = difflib.get_close_matches(clean, allowed, n=1)
        hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
        if found:
            listed = chars.described([(ch, f"ở ký tự thứ {i + 1}") for i, ch in found])
            hint = f" Khóa có {listed}: hãy xóa.{hint}"
        return (
            f"khóa '{chars.visible(key)}' không có trong mẫu kế hoạch [unknown key].{hint} "
            f"Các khóa hợp lệ: {', '.join(allowed)}"
        )
    if kind == "enum":
        expected = names = ctx.get("expected", "")
        for enum_name, choices in _ENUM_CHOICES.items():
            if enum_name in str(err.get("url", "")) or _enum_matches(enum_name, names):
                names = choices
                break
        code = _suggested_code(value, expected)
        hint = f" Hãy viết '{code}'." if code else ""
        if code == Status.DONE and _of_ongoing_task(path, located.data):
            hint = (
                " Nhiệm vụ thường xuyên không bao giờ 'done': hãy viết 'in_progress' và ghi kết quả "
                "của kỳ vào note."
            )
        return f"giá trị {shown} không hợp lệ [unknown value].{hint} Chọn một trong: {names}"
    if kind.startswith("date") or kind.startswith("datetime"):
        day = _vietnamese_date(value)
        hint = f" Hãy viết {day} (năm-tháng-ngày)." if day else ""
        return (
            f"ngày không hợp lệ {shown}: phải là ngày có thật, dạng YYYY-MM-DD, "
            f"ví dụ 2022-11-15 [invalid date].{hint}"
        )
    if kind == "string_type":
        written = located.written.get(path)
        if value is None:
            return 'đang để trống; hãy viết nội dung trong ngoặc kép "..." hoặc xóa cả dòng [empty value]'
        if written is not None:
            # Fix: YAML reads an unquoted `no`, `on`, `1.10` or `2022` as a truth value or a
            # number, so `note: no` became False; say what happened and how to keep the text.
            return (
                f"'{written}' viết không có ngoặc kép nên được đọc là {_yaml_reading(value)}, "
                f'không phải chữ; hãy viết trong ngoặc kép: "{written}" [quote text: YAML reads it '
                "as a boolean/number]"
            )
        return f'phải là chữ, nhận được {shown}; hãy đặt nội dung trong ngoặc kép "..." [must be text]'
    if kind == "list_type":
        example = ""
        if isinstance(value, dict) and value:
            # Staff wrote the fields of one item without its '- ': show that line with it.
            key, first = next(iter(value.items()))
            shown_first = first.isoformat() if isinstance(first, dt.date) else first
            line = f"{key}: {shown_first}" if isinstance(shown_first, str | int | float) else f"{key}: ..."
            example = f"; sửa «{line[:60]}» thành «- {line[:60]}»"
        return f"phải là một danh sách, mỗi mục một dòng bắt đầu bằng '- '{example} [must be a list]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "phải là một nhóm các dòng 'khóa: giá trị' [must be a mapping]"
    if kind in ("too_short",):
        return "danh sách không được để trống [must not be empty]"
    if kind in (
        "int_type",
        "int_parsing",
        "int_parsing_size",  # Fix: these two fell through to pydantic's English text
        "finite_number",
        "float_type",
        "float_parsing",
        "int_from_float",
    ):
        return f"phải là một số, nhận được {shown} [must be a number]"
    if kind in ("bool_type", "bool_parsing"):
        return f"phải là true hoặc false, nhận được {shown} [must be true/false]"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {"greater_than_equal": "≥", "less_than_equal": "≤"}.get(kind, kind)
        limit = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        return f"giá trị {shown} phải {bound} {limit} [out of range]"
    if kind == "string_pattern_mismatch":
        return f"giá trị {shown} không đúng dạng yêu cầu ({ctx.get('pattern')}) [wrong format]"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg']} [{kind}]"


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
    for part in path[:-3]:  # a path from _clean_loc: each part fits the data it indexes
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
    kinds = [deadline.get("kind"), *(also if isinstance(also, list) else [])]
    return DeadlineKind.ONGOING.value in kinds


def _vietnamese_date(value: Any) -> str | None:
    """'05/10/2022' (day/month/year, as written in Vietnam) as '2022-10-05', if it is a day."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*", str(value))
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat()
    except ValueError:
        return None


def _yaml_reading(value: Any) -> str:
    if isinstance(value, bool):
        return f"giá trị đúng/sai ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"số {value!r}"
    if isinstance(value, dt.date):
        return f"ngày {value.isoformat()}"
    return "một giá trị không phải chữ"


def _enum_matches(enum_name: str, expected: str) -> bool:
    values = {
        "Status": [s.value for s in Status],
        "DeadlineKind": [k.value for k in DeadlineKind],
        "Comparison": [c.value for c in Comparison],
    }[enum_name]
    return all(f"'{v}'" in expected for v in values)


def _from_pydantic(err: Any, path: FieldPath, located: Located) -> Problem:
    error = (err.get("ctx") or {}).get("error")
    if isinstance(error, HiddenInCode):
        # At the first hidden character itself, each named with its column.
        places, first = _hidden_places(error.value, located.hidden.get(path, ()))
        return located.problem(path, error.worded(places), at=first)
    message = _message(err, path, located)
    value = err.get("input")
    if isinstance(value, str) and err["type"] != "extra_forbidden" and chars.hidden(value):
        found = [(ch, f"ở ký tự thứ {i + 1}") for i, ch in chars.hidden(value)]
        message += f" (giá trị có {chars.described(found)})"
    return located.problem(path, message, key=err["type"] == "extra_forbidden")


def _hidden_places(
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


def _hidden_in_text(located: Located, wrong: set[FieldPath]) -> list[Problem]:
    """A warning for each text holding format characters (zero-width, bidi marks, BOM, soft hyphen).

    Not refused: text is always escaped on the pages, and honest pastes from Word or a web
    page hold them. Named and located all the same, so that a reviewer sees on the pull
    request what the diff does not show: a right-to-left override that turns the text
    around, a zero-width space that splits a word for search. Codes are refused instead
    (model.HiddenInCode); values with a problem of their own (`wrong`) are left to it.
    """
    notices = []
    for path, positions in located.hidden.items():
        value = _value_at(located.data, path)
        if path in wrong or not isinstance(value, str):
            continue
        places, first = _hidden_places(value, positions)
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


# --- a partial plan, for cross-checks when the shape is wrong ---------------------------

_M = TypeVar("_M", bound=BaseModel)


@functools.cache
def _leaf(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    field = model.model_fields[name]
    annotation: Any = field.annotation
    if field.metadata:  # constraints such as ge/le/pattern live beside the annotation
        annotation = Annotated[annotation, *field.metadata]
    return TypeAdapter(annotation)


def _salvage(model: type[_M], data: Any) -> _M:
    """`model` built (unchecked) from the fields of `data` that are valid on their own.

    Nested models are salvaged the same way and lists keep every item, so positions (and
    so line numbers) stay those of the file. Fields that are wrong are simply absent: the
    cross-checks skip what they cannot read, since the shape errors already name it.
    """
    values: dict[str, Any] = {}
    given = data if isinstance(data, dict) else {}
    for name, field in model.model_fields.items():
        inner = _unwrap(field.annotation)
        value = given.get(name)
        if inner is not None and get_origin(field.annotation) is list:
            values[name] = [_salvage(inner, v) for v in value] if isinstance(value, list) else []
        elif inner is not None:
            if isinstance(value, dict) or field.is_required():
                values[name] = _salvage(inner, value)
        elif name in given:
            with contextlib.suppress(ValidationError):
                values[name] = _leaf(model, name).validate_python(value)
    return model.model_construct(**values)


def _got(item: BaseModel, name: str) -> Any:
    """A field of a possibly salvaged model: None when it was missing or wrong."""
    return getattr(item, name, None)


# --- cross-reference errors --------------------------------------------------------


def _cross_checks(plan: Plan, located: Located) -> Iterator[Problem]:
    """What pydantic cannot see: unique ids, id prefixes, declared units, dates and statuses.

    `plan` may be salvaged from a file with shape errors: every field is read with _got.
    """
    problem = located.problem
    seen: dict[tuple[str, str], FieldPath] = {}

    def unique(kind: str, item: BaseModel, path: FieldPath) -> Iterator[Problem]:
        ident = _got(item, "id")
        if ident is None:
            return
        if (kind, ident) in seen:
            first = located.where(seen[(kind, ident)])[0]
            yield problem(path, f"mã '{ident}' bị trùng, đã dùng ở dòng {first} [duplicate id]")
        else:
            seen[(kind, ident)] = path

    def prefixed(item: BaseModel, parent: BaseModel, path: FieldPath, message: str) -> Iterator[Problem]:
        ident, start = _got(item, "id"), _got(parent, "id")
        if ident is not None and start is not None and not ident.startswith(start + "."):
            yield problem(path, message.format(start))

    units = {u for u in (_got(unit, "id") for unit in plan.units) if u is not None}
    guess_unit = _Guesses(units)
    for i, unit in enumerate(plan.units):
        yield from unique("unit", unit, ("units", i, "id"))
    as_of: dt.date | None = _got(plan.plan, "as_of")
    yield from _agency_checks(plan, located)

    for a, area in enumerate(plan.areas):
        yield from unique("area", area, ("areas", a, "id"))
        for g, group in enumerate(area.groups):
            group_path = ("areas", a, "groups", g, "id")
            yield from unique("group", group, group_path)
            yield from prefixed(group, area, group_path, "mã nhóm phải bắt đầu bằng '{}.'")
        for placed in area_targets(area, a):
            yield from unique("target", placed.target, (*placed.path, "id"))
            if _got(placed.target, "id") != _got(area, "id"):
                yield from prefixed(
                    placed.target, area, (*placed.path, "id"), "mã mục tiêu phải bắt đầu bằng '{}.'"
                )
            yield from _kpi_checks(placed.target.kpis, as_of, placed.path, problem)
    for task in walk(plan):
        yield from unique("task", task.task, (*task.path, "id"))
        yield from prefixed(
            task.task, task.target, (*task.path, "id"), "mã nhiệm vụ phải bắt đầu bằng mã mục tiêu '{}.'"
        )
        yield from _task_checks(task.task, task.path, units, guess_unit, as_of, problem)


def _agency_checks(plan: Plan, located: Located) -> Iterator[Problem]:
    """The agency id names the plan's folder on a site of several plans (routes.plan_prefix):
    it must be one plain folder name, whether typed in plan.agency or made from the name."""
    given, organization = _got(plan.plan, "agency"), _got(plan.plan, "organization")
    raw = located.data.get("plan") if isinstance(located.data, dict) else None
    if given is None and isinstance(raw, dict) and raw.get("agency") is not None:
        return  # plan.agency has a shape error of its own
    if given is None and organization is None:
        return
    ident = agency(given, organization)
    if usable_agency(ident):
        return
    if given is not None:
        yield located.problem(
            ("plan", "agency"),
            f"mã cơ quan '{given}' không dùng được làm tên thư mục của kế hoạch: chỉ gồm chữ thường "
            'không dấu a-z, chữ số và dấu gạch ngang, ví dụ agency: "so-tu-phap" '
            "[agency must be a plain folder name]",
        )
        return
    yield located.problem(
        ("plan", "organization"),
        f"tên cơ quan '{organization}' không có chữ cái Latin hay chữ số nào để làm mã cơ quan (tên thư mục "
        "của kế hoạch trên trang, ví dụ so-tu-phap/2023/); hãy thêm vào mục plan một dòng "
        'agency: "so-tu-phap", chữ thường không dấu nối bằng dấu gạch ngang '
        "[the organization name gives no agency id: set plan.agency]",
    )


Report = Callable[[FieldPath, str], Problem]


def _after_as_of(day: Any, as_of: dt.date | None) -> bool:
    return isinstance(day, dt.date) and as_of is not None and day > as_of


def _kpi_checks(
    kpis: list[Kpi], as_of: dt.date | None, path: FieldPath, problem: Report
) -> Iterator[Problem]:
    kpi_ids: set[str] = set()
    for k, kpi in enumerate(kpis):
        kpi_path = (*path, "kpis", k)
        ident = _got(kpi, "id")
        if ident in kpi_ids:
            yield problem((*kpi_path, "id"), f"mã chỉ tiêu '{ident}' bị trùng trong mục tiêu")
        if ident is not None:
            kpi_ids.add(ident)
        for m, measurement in enumerate(kpi.measurements):
            day = _got(measurement, "date")
            if _after_as_of(day, as_of):
                yield problem(
                    (*kpi_path, "measurements", m, "date"),
                    f"ngày số liệu {day:%d/%m/%Y} sau ngày chốt số liệu plan.as_of ({as_of:%d/%m/%Y})",
                )


class _Guesses:
    """The closest of `choices` to a mistyped code, within a budget of comparisons.

    difflib compares a code with every choice: for each undeclared unit of a hostile plan
    (20,000 of them among 20,000 units) that made validation quadratic. Each code is
    looked up once; once the budget is spent, later problems come without a guess.
    """

    BUDGET = 5_000  # comparisons of two codes (15 µs each): 160 guesses among 30 units

    def __init__(self, choices: set[str]) -> None:
        self._choices = sorted(choices)
        self._left = self.BUDGET
        self._found: dict[str, str | None] = {}

    def __call__(self, code: str) -> str | None:
        if code not in self._found:
            if self._left < len(self._choices):
                return None
            self._left -= len(self._choices)
            guess = difflib.get_close_matches(code, self._choices, n=1)
            self._found[code] = guess[0] if guess else None
        return self._found[code]


def _task_checks(
    task: Task,
    path: FieldPath,
    units: set[str],
    guess_unit: Callable[[str], str | None],
    as_of: dt.date | None,
    problem: Report,
) -> Iterator[Problem]:
    for role in ("lead", "partners"):
        for u, unit_id in enumerate(_got(task, role) or []):
            if unit_id not in units:
                guess = guess_unit(unit_id)
                hint = f" Có phải ý bạn là '{guess}'?" if guess else ""
                yield problem(
                    (*path, role, u),
                    f"đơn vị '{unit_id}' chưa được khai báo trong 'units' [undeclared unit].{hint}",
                )
    deadline = _got(task, "deadline")
    # The same rule as the status module: "ongoing" anywhere in the cell wins. A deadline whose
    # kind is unreadable is neither ongoing nor not: skip the checks that depend on it.
    kind_known = deadline is not None and _got(deadline, "kind") is not None
    ongoing = kind_known and is_ongoing(deadline)
    if deadline is not None:
        yield from _trigger_checks(_got(deadline, "trigger"), ongoing, as_of, (*path, "deadline"), problem)
    for d, update in enumerate(task.updates):
        yield from _update_checks(update, (*path, "updates", d), kind_known, ongoing, as_of, problem)
    dates = [_got(u, "date") for u in task.updates]
    if None not in dates and dates != sorted(dates):
        yield problem((*path, "updates"), "các lần cập nhật phải xếp theo ngày tăng dần (mới nhất ở cuối)")


def _trigger_checks(
    trigger: Trigger | None, ongoing: bool, as_of: dt.date | None, path: FieldPath, problem: Report
) -> Iterator[Problem]:
    if trigger is None:
        return
    if ongoing:
        yield problem(
            (*path, "trigger"),
            "nhiệm vụ thường xuyên không có hạn cuối, không dùng 'trigger' [ongoing tasks take no trigger]",
        )
    day, due = _got(trigger, "date"), _got(trigger, "due")
    if _after_as_of(day, as_of):
        yield problem(
            (*path, "trigger", "date"),
            f"ngày {day:%d/%m/%Y} sau ngày chốt số liệu plan.as_of ({as_of:%d/%m/%Y})",
        )
    if day is not None and due is not None and due < day:
        yield problem(
            (*path, "trigger", "due"),
            f"hạn {due:%d/%m/%Y} trước ngày có chủ trương/phê duyệt {day:%d/%m/%Y}",
        )


def _update_checks(
    update: Update, path: FieldPath, kind_known: bool, ongoing: bool, as_of: dt.date | None, problem: Report
) -> Iterator[Problem]:
    day, status, period = _got(update, "date"), _got(update, "status"), _got(update, "period")
    percent = _got(update, "percent")
    if _after_as_of(day, as_of):
        yield problem(
            (*path, "date"),
            f"ngày cập nhật {day:%d/%m/%Y} sau ngày chốt số liệu plan.as_of ({as_of:%d/%m/%Y})",
        )
    if ongoing and status == Status.DONE:
        yield problem(
            (*path, "status"),
            "nhiệm vụ thường xuyên không bao giờ 'done'; hãy báo cáo kết quả "
            "của kỳ với 'in_progress' [ongoing tasks are never done]",
        )
    if period and kind_known and not ongoing:
        yield problem((*path, "period"), "'period' chỉ dùng cho nhiệm vụ thường xuyên (kind: ongoing)")
    if period and day is not None and period > period_of(day):
        yield problem((*path, "period"), f"kỳ {period} chưa bắt đầu vào ngày báo cáo {day:%d/%m/%Y}")
    if status == Status.DONE and percent is not None and percent != 100:
        yield problem((*path, "percent"), "nhiệm vụ đã hoàn thành thì percent phải là 100 (hoặc bỏ trống)")
