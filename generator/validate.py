"""Stage 2: turn located plain data into the typed Plan, or every problem with its line.

What the loader found in readable YAML (duplicate keys, tags, aliases) and what
pydantic finds in the shape of each value are reported together, in one run.
The cross-references pydantic cannot see (ids, units, dates against as_of) are
checked once the shape is valid, since they need the typed plan.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .dates import is_ongoing, period_of
from .errors import PlanError, Problem
from .labels import COMPARISON_LABELS, DEADLINE_LABELS, STATUS_LABELS
from .load import Located, Path_, field_path  # field_path lives in load.py, shared by both stages
from .model import Comparison, DeadlineKind, Plan, Status, Trigger

_ENUM_CHOICES: dict[str, str] = {
    "Status": ", ".join(f"{s.value} ({label.lower()})" for s, label in STATUS_LABELS.items()),
    "DeadlineKind": ", ".join(f"{k.value} ({label})" for k, label in DEADLINE_LABELS.items()),
    "Comparison": ", ".join(f"{c.value} ({label})" for c, label in COMPARISON_LABELS.items()),
}


def validate(located: Located) -> Plan:
    """The typed plan, or PlanError with every problem found (the loader's included)."""
    loaded = [problem for _, problem in located.problems]
    bad_paths = [path for path, _ in located.problems]

    def explained(path: Path_) -> bool:
        # A value the loader already rejected (e.g. an alias) needs no second message.
        return any(path[: len(bad)] == bad for bad in bad_paths)

    try:
        plan = Plan.model_validate(located.data)
    except ValidationError as err:
        shape = [
            _from_pydantic(e, located)
            for e in err.errors()
            if not explained(_clean_loc(e["loc"], located.data))
        ]
        raise PlanError(loaded + shape) from None
    problems = loaded + list(_cross_checks(plan, located))
    if problems:
        raise PlanError(problems)
    return plan


# --- shape errors ----------------------------------------------------------------


def _model_at(path: Path_) -> type[BaseModel] | None:
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


def _clean_loc(loc: tuple[Any, ...], data: Any) -> Path_:
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


def _message(err: Any, path: Path_) -> str:
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    shown = repr(value) if not isinstance(value, str) else f"'{value}'"
    if len(shown) > 80:
        # Fix: a whole list or mapping in the wrong place made a message of thousands of characters.
        shown = shown[:77] + "..."
    if kind == "missing":
        return f"thiếu trường bắt buộc '{path[-1]}' [required field missing]"
    if kind == "extra_forbidden":
        model = _model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
        guess = difflib.get_close_matches(str(path[-1]), allowed, n=1)
        hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
        return (
            f"khóa '{path[-1]}' không có trong mẫu kế hoạch [unknown key].{hint} "
            f"Các khóa hợp lệ: {', '.join(allowed)}"
        )
    if kind == "enum":
        names = ctx.get("expected", "")
        for enum_name, choices in _ENUM_CHOICES.items():
            if enum_name in str(err.get("url", "")) or _enum_matches(enum_name, names):
                names = choices
                break
        return f"giá trị {shown} không hợp lệ [unknown value]. Chọn một trong: {names}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            f"ngày không hợp lệ {shown}: phải là ngày có thật, dạng YYYY-MM-DD, "
            "ví dụ 2022-11-15 [invalid date]"
        )
    if kind == "string_type":
        return f'phải là chữ, nhận được {shown}; hãy đặt nội dung trong ngoặc kép "..." [must be text]'
    if kind == "list_type":
        return "phải là một danh sách, mỗi mục một dòng bắt đầu bằng '- ' [must be a list]"
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


def _enum_matches(enum_name: str, expected: str) -> bool:
    values = {
        "Status": [s.value for s in Status],
        "DeadlineKind": [k.value for k in DeadlineKind],
        "Comparison": [c.value for c in Comparison],
    }[enum_name]
    return all(f"'{v}'" in expected for v in values)


def _from_pydantic(err: Any, located: Located) -> Problem:
    path = _clean_loc(err["loc"], located.data)
    line, col = located.where(path, key=err["type"] == "extra_forbidden")
    return Problem(located.file, line, col, field_path(path, located.data), _message(err, path))


# --- cross-reference errors --------------------------------------------------------


def _cross_checks(plan: Plan, located: Located) -> Iterator[Problem]:
    def problem(path: Path_, message: str) -> Problem:
        line, col = located.where(path)
        return Problem(located.file, line, col, field_path(path, located.data), message)

    def _trigger_checks(
        trigger: Trigger | None, ongoing: bool, as_of: dt.date, path: Path_
    ) -> Iterator[Problem]:
        if trigger is None:
            return
        if ongoing:
            yield problem(
                (*path, "trigger"),
                "nhiệm vụ thường xuyên không có hạn cuối, không dùng 'trigger' "
                "[ongoing tasks take no trigger]",
            )
        if trigger.date > as_of:
            yield problem(
                (*path, "trigger", "date"),
                f"ngày {trigger.date:%d/%m/%Y} sau ngày chốt số liệu plan.as_of ({as_of:%d/%m/%Y})",
            )
        if trigger.due < trigger.date:
            yield problem(
                (*path, "trigger", "due"),
                f"hạn {trigger.due:%d/%m/%Y} trước ngày có chủ trương/phê duyệt {trigger.date:%d/%m/%Y}",
            )

    seen: dict[tuple[str, str], Path_] = {}

    def unique(kind: str, ident: str, path: Path_) -> Iterator[Problem]:
        if (kind, ident) in seen:
            first = located.where(seen[(kind, ident)])[0]
            yield problem(path, f"mã '{ident}' bị trùng, đã dùng ở dòng {first} [duplicate id]")
        else:
            seen[(kind, ident)] = path

    units = {u.id for u in plan.units}
    for i, unit in enumerate(plan.units):
        yield from unique("unit", unit.id, ("units", i, "id"))

    as_of = plan.plan.as_of
    for a, area in enumerate(plan.areas):
        area_path: Path_ = ("areas", a)
        yield from unique("area", area.id, (*area_path, "id"))
        containers: list[tuple[Path_, list[Any]]] = []
        for g, group in enumerate(area.groups):
            group_path = (*area_path, "groups", g)
            yield from unique("group", group.id, (*group_path, "id"))
            if not group.id.startswith(area.id + "."):
                yield problem((*group_path, "id"), f"mã nhóm phải bắt đầu bằng '{area.id}.'")
            containers.append(((*group_path, "targets"), group.targets))
        containers.append(((*area_path, "targets"), area.targets))
        for targets_path, targets in containers:
            for t, target in enumerate(targets):
                target_path = (*targets_path, t)
                yield from unique("target", target.id, (*target_path, "id"))
                if target.id != area.id and not target.id.startswith(area.id + "."):
                    yield problem((*target_path, "id"), f"mã mục tiêu phải bắt đầu bằng '{area.id}.'")
                kpi_ids: set[str] = set()
                for k, kpi in enumerate(target.kpis):
                    kpi_path = (*target_path, "kpis", k)
                    if kpi.id in kpi_ids:
                        yield problem((*kpi_path, "id"), f"mã chỉ tiêu '{kpi.id}' bị trùng trong mục tiêu")
                    kpi_ids.add(kpi.id)
                    for m, measurement in enumerate(kpi.measurements):
                        if measurement.date > as_of:
                            yield problem(
                                (*kpi_path, "measurements", m, "date"),
                                f"ngày số liệu {measurement.date:%d/%m/%Y} sau ngày chốt số liệu "
                                f"plan.as_of ({as_of:%d/%m/%Y})",
                            )
                for n, task in enumerate(target.tasks):
                    task_path = (*target_path, "tasks", n)
                    yield from unique("task", task.id, (*task_path, "id"))
                    if not task.id.startswith(target.id + "."):
                        yield problem(
                            (*task_path, "id"),
                            f"mã nhiệm vụ phải bắt đầu bằng mã mục tiêu '{target.id}.'",
                        )
                    for role in ("lead", "partners"):
                        for u, unit_id in enumerate(getattr(task, role)):
                            if unit_id not in units:
                                guess = difflib.get_close_matches(unit_id, sorted(units), n=1)
                                hint = f" Có phải ý bạn là '{guess[0]}'?" if guess else ""
                                yield problem(
                                    (*task_path, role, u),
                                    f"đơn vị '{unit_id}' chưa được khai báo trong 'units' "
                                    f"[undeclared unit].{hint}",
                                )
                    # The same rule as the status module: "ongoing" anywhere in the cell wins.
                    ongoing = is_ongoing(task.deadline)
                    yield from _trigger_checks(
                        task.deadline.trigger, ongoing, as_of, (*task_path, "deadline")
                    )
                    for d, update in enumerate(task.updates):
                        update_path = (*task_path, "updates", d)
                        if update.date > as_of:
                            yield problem(
                                (*update_path, "date"),
                                f"ngày cập nhật {update.date:%d/%m/%Y} sau ngày chốt số liệu "
                                f"plan.as_of ({as_of:%d/%m/%Y})",
                            )
                        if ongoing and update.status == Status.DONE:
                            yield problem(
                                (*update_path, "status"),
                                "nhiệm vụ thường xuyên không bao giờ 'done'; hãy báo cáo kết quả "
                                "của kỳ với 'in_progress' [ongoing tasks are never done]",
                            )
                        if update.period and not ongoing:
                            yield problem(
                                (*update_path, "period"),
                                "'period' chỉ dùng cho nhiệm vụ thường xuyên (kind: ongoing)",
                            )
                        if update.period and update.period > period_of(update.date):
                            yield problem(
                                (*update_path, "period"),
                                f"kỳ {update.period} chưa bắt đầu vào ngày báo cáo {update.date:%d/%m/%Y}",
                            )
                        if (
                            update.status == Status.DONE
                            and update.percent is not None
                            and update.percent != 100
                        ):
                            yield problem(
                                (*update_path, "percent"),
                                "nhiệm vụ đã hoàn thành thì percent phải là 100 (hoặc bỏ trống)",
                            )
                    dates = [u.date for u in task.updates]
                    if dates != sorted(dates):
                        yield problem(
                            (*task_path, "updates"),
                            "các lần cập nhật phải xếp theo ngày tăng dần (mới nhất ở cuối)",
                        )
