"""What pydantic cannot see: unique ids, id prefixes, declared units, dates and statuses.

The plan may be salvaged from a file with shape errors (models.salvage): every field is
read with `got`, and what cannot be read is skipped, since a shape error names it.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from ...errors import Problem
from ..dates import period_of
from ..load import Located
from ..model import FieldPath, Kpi, Plan, Status, Task, Trigger, Update, walk, walk_targets
from ..slug import agency, usable_agency
from ..status import is_ongoing
from .models import got

Report = Callable[[FieldPath, str], Problem]


class _Ids:
    """Ids seen so far, by kind: a second one is a problem that names the line of the first."""

    def __init__(self, located: Located) -> None:
        self._located = located
        self._seen: dict[tuple[str, str], FieldPath] = {}

    def unique(self, kind: str, item: BaseModel, path: FieldPath) -> Iterator[Problem]:
        ident = got(item, "id")
        if ident is None:
            return
        if (kind, ident) in self._seen:
            first = self._located.where(self._seen[(kind, ident)])[0]
            yield self._located.problem(path, f"mã '{ident}' bị trùng, đã dùng ở dòng {first} [duplicate id]")
        else:
            self._seen[(kind, ident)] = path


def _prefixed(
    item: BaseModel, parent: BaseModel, path: FieldPath, message: str, problem: Report
) -> Iterator[Problem]:
    """A problem when the id of `item` does not start with its parent's id and a dot."""
    ident, start = got(item, "id"), got(parent, "id")
    if ident is not None and start is not None and not ident.startswith(start + "."):
        yield problem(path, message.format(start))


def cross_checks(plan: Plan, located: Located) -> Iterator[Problem]:
    """Every problem the model alone cannot see in `plan`, read from `located`."""
    problem = located.problem
    ids = _Ids(located)
    units = {u for u in (got(unit, "id") for unit in plan.units) if u is not None}
    guess_unit = _Guesses(units)
    for i, unit in enumerate(plan.units):
        yield from ids.unique("unit", unit, ("units", i, "id"))
    as_of: dt.date | None = got(plan.plan, "as_of")
    yield from _agency_checks(plan, located)
    for a, area in enumerate(plan.areas):
        yield from ids.unique("area", area, ("areas", a, "id"))
        for g, group in enumerate(area.groups):
            group_path = ("areas", a, "groups", g, "id")
            yield from ids.unique("group", group, group_path)
            yield from _prefixed(group, area, group_path, "mã nhóm phải bắt đầu bằng '{}.'", problem)
    for placed in walk_targets(plan):
        target_path = (*placed.path, "id")
        yield from ids.unique("target", placed.target, target_path)
        if got(placed.target, "id") != got(placed.area, "id"):
            message = "mã mục tiêu phải bắt đầu bằng '{}.'"
            yield from _prefixed(placed.target, placed.area, target_path, message, problem)
        yield from _kpi_checks(placed.target.kpis, as_of, placed.path, problem)
    for task in walk(plan):
        task_path = (*task.path, "id")
        yield from ids.unique("task", task.task, task_path)
        message = "mã nhiệm vụ phải bắt đầu bằng mã mục tiêu '{}.'"
        yield from _prefixed(task.task, task.target, task_path, message, problem)
        yield from _task_checks(task.task, task.path, units, guess_unit, as_of, problem)


def _agency_checks(plan: Plan, located: Located) -> Iterator[Problem]:
    """The agency id names the plan's folder on a site of several plans (routes.plan_prefix):
    it must be one plain folder name, whether typed in plan.agency or made from the name."""
    given, organization = got(plan.plan, "agency"), got(plan.plan, "organization")
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


def _after_as_of(day: Any, as_of: dt.date | None) -> bool:
    return isinstance(day, dt.date) and as_of is not None and day > as_of


def _kpi_checks(
    kpis: list[Kpi], as_of: dt.date | None, path: FieldPath, problem: Report
) -> Iterator[Problem]:
    kpi_ids: set[str] = set()
    for k, kpi in enumerate(kpis):
        kpi_path = (*path, "kpis", k)
        ident = got(kpi, "id")
        if ident in kpi_ids:
            yield problem((*kpi_path, "id"), f"mã chỉ tiêu '{ident}' bị trùng trong mục tiêu")
        if ident is not None:
            kpi_ids.add(ident)
        for m, measurement in enumerate(kpi.measurements):
            day = got(measurement, "date")
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
        for u, unit_id in enumerate(got(task, role) or []):
            if unit_id not in units:
                guess = guess_unit(unit_id)
                hint = f" Có phải ý bạn là '{guess}'?" if guess else ""
                yield problem(
                    (*path, role, u),
                    f"đơn vị '{unit_id}' chưa được khai báo trong 'units' [undeclared unit].{hint}",
                )
    deadline = got(task, "deadline")
    # The same rule as the status module: "ongoing" anywhere in the cell wins. A deadline whose
    # kind is unreadable is neither ongoing nor not: skip the checks that depend on it.
    kind_known = deadline is not None and got(deadline, "kind") is not None
    ongoing = kind_known and is_ongoing(deadline)
    if deadline is not None:
        yield from _trigger_checks(got(deadline, "trigger"), ongoing, as_of, (*path, "deadline"), problem)
    for d, update in enumerate(task.updates):
        yield from _update_checks(update, (*path, "updates", d), kind_known, ongoing, as_of, problem)
    dates = [got(u, "date") for u in task.updates]
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
    day, due = got(trigger, "date"), got(trigger, "due")
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
    day, status, period = got(update, "date"), got(update, "status"), got(update, "period")
    percent = got(update, "percent")
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
