"""Stage 3: everything the pages show that is computed, not typed: per task, area, unit."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..plan.dates import end_of_year
from ..plan.model import Area, Group, Kpi, KpiResult, Plan, Shown, Target, Task, Unit, Update, area_targets
from ..plan.status import KpiState, TaskState, kpi_state, task_state
from . import budget, routes

SHOWN_ORDER = [
    Shown.DONE,
    Shown.IN_PROGRESS,
    Shown.NOT_STARTED,
    Shown.WAITING,
    Shown.PAUSED,
    Shown.CANCELLED,
    Shown.NOT_REPORTED,
]


@dataclass(frozen=True)
class TaskView:
    """A task with its place in the plan and its derived state."""

    task: Task
    state: TaskState
    area: Area
    group: Group | None
    target: Target
    # The Markdown page that holds the task (its permanent link is page + '#' + id): its
    # area's page, or the page of its part when the area is split (budget.py).
    page: str


@dataclass(frozen=True)
class KpiView:
    kpi: Kpi
    state: KpiState
    target: Target
    area: Area
    page: str  # the page that holds its target (anchor routes.target_anchor)


@dataclass
class Counts:
    """Task counts by shown status, plus the derived overdue and done-late counts."""

    by_status: Counter[Shown] = field(default_factory=Counter)
    overdue: int = 0
    done_late: int = 0
    total: int = 0

    def add(self, state: TaskState) -> None:
        self.by_status[state.shown] += 1
        self.overdue += state.overdue
        self.done_late += state.done_late
        self.total += 1

    def rows(self) -> list[tuple[Shown, int]]:
        """(status, count) in display order, zeros included so every table has the same rows."""
        return [(s, self.by_status[s]) for s in SHOWN_ORDER]


@dataclass(frozen=True)
class TargetView:
    """A target with its own tasks and KPIs, so pages need no lookups (stays linear)."""

    target: Target
    group: Group | None
    tasks: list[TaskView]
    kpis: list[KpiView]
    page: str


@dataclass(frozen=True)
class PartView:
    """A group of an area (or a target outside groups) with a page of its own, when the
    area has more tasks than one page may hold (budget.AREA_PAGE_TASKS)."""

    id: str
    title: str
    targets: list[TargetView]
    counts: Counts
    page: str

    @property
    def tasks(self) -> list[TaskView]:
        return [v for t in self.targets for v in t.tasks]


@dataclass(frozen=True)
class AreaView:
    area: Area
    targets: list[TargetView]
    counts: Counts
    # Empty unless the area is split: then its page is an overview and these hold the tasks.
    parts: list[PartView] = field(default_factory=list)

    @property
    def tasks(self) -> list[TaskView]:
        return [v for t in self.targets for v in t.tasks]

    @property
    def kpis(self) -> list[KpiView]:
        return [k for t in self.targets for k in t.kpis]


@dataclass(frozen=True)
class _UnitTasks:
    leads: list[TaskView]
    supports: list[TaskView]

    @property
    def lead_counts(self) -> Counts:
        """Counts of the tasks the unit leads, as on the home page."""
        counts = Counts()
        for view in self.leads:
            counts.add(view.state)
        return counts


@dataclass(frozen=True)
class UnitPartView(_UnitTasks):
    """A unit's tasks in one area, or in one part of an area that is split itself, with a
    page of their own when the unit has more tasks than one page may hold
    (budget.UNIT_PAGE_TASKS)."""

    id: str  # the area's id, or its part's
    title: str
    page: str


@dataclass(frozen=True)
class UnitView(_UnitTasks):
    unit: Unit
    # Empty unless the unit is split: then its page is an overview and these hold the tasks.
    parts: list[UnitPartView] = field(default_factory=list)


@dataclass(frozen=True)
class FeedEntry:
    """One update in the public log, newest first."""

    view: TaskView
    update: Update
    number: int  # 1-based position in the task's log: a stable id for the feed


@dataclass(frozen=True)
class Site:
    """All that the templates receive: the plan, the as-of date and what is derived."""

    plan: Plan
    as_of: dt.date
    areas: list[AreaView]
    tasks: list[TaskView]
    units: list[UnitView]
    counts: Counts
    overdue: list[TaskView]
    upcoming: list[TaskView]
    kpis: list[KpiView]
    kpi_counts: Counter[KpiResult]
    feed: list[FeedEntry]
    latest_update: dt.date | None
    unit_names: dict[str, Unit]

    @property
    def ended(self) -> bool:
        """The plan's year is over at the as-of date: no current period, nothing due soon."""
        return self.as_of > end_of_year(self.plan.plan.year)


# A unit's tasks in one place: (those it leads, those it supports), in the plan's order.
_Tasks = tuple[list[TaskView], list[TaskView]]


def _unit_parts(
    unit: Unit, leads: list[TaskView], supports: list[TaskView], areas: list[AreaView]
) -> list[UnitPartView]:
    """A unit over the page budget gets a page per area. In an area where it still has more
    tasks than a page may hold (only a split area can), the area's parts are packed in
    order onto as few pages as hold them (a page per part made 805 pages for "Các phòng,
    đơn vị" at 5,700 tasks)."""
    if len(leads) + len(supports) <= budget.UNIT_PAGE_TASKS:
        return []
    by_page: dict[str, _Tasks] = {}  # by the page that holds them: their area's or part's
    for n, views in enumerate((leads, supports)):
        for view in views:
            by_page.setdefault(view.page, ([], []))[n].append(view)
    parts = []
    for area in areas:
        places = [(area.area.id, area.area.title, routes.area(area.area.id))]
        places += [(part.id, part.title, part.page) for part in area.parts]
        here = [(ident, title, by_page[page]) for ident, title, page in places if page in by_page]
        if not here:
            continue
        if sum(_count(tasks) for _, _, tasks in here) <= budget.UNIT_PAGE_TASKS:
            packs = [[(area.area.id, area.area.title, _joined([tasks for _, _, tasks in here]))]]
        else:
            packs, size = [[]], 0
            for place in here:
                if packs[-1] and size + _count(place[2]) > budget.UNIT_PAGE_TASKS:
                    packs.append([])
                    size = 0
                packs[-1].append(place)
                size += _count(place[2])
        for pack in packs:
            (first, title, _), last = pack[0], pack[-1][0]
            ident = first if len(pack) == 1 else f"{first}–{last}"
            tasks = _joined([tasks for _, _, tasks in pack])
            parts.append(
                UnitPartView(
                    *tasks,
                    ident,
                    title if len(pack) == 1 else area.area.title,
                    routes.unit_part(unit.id, first),
                )
            )
    return parts


def _count(tasks: _Tasks) -> int:
    return len(tasks[0]) + len(tasks[1])


def _joined(many: list[_Tasks]) -> _Tasks:
    return [v for leads, _ in many for v in leads], [v for _, supports in many for v in supports]


def _area_view(area: Area, index: int, as_of: dt.date, year_end: dt.date) -> AreaView:
    """The area at `index` with its targets, tasks and KPIs, in parts when over the page budget."""
    placed = list(area_targets(area, index))
    split = sum(len(p.target.tasks) for p in placed) > budget.AREA_PAGE_TASKS
    sections = []
    parts: dict[str, PartView] = {}
    for p in placed:
        page = routes.area(area.id)
        if split:
            part_id = p.group.id if p.group else p.target.id
            page = routes.area_part(area.id, part_id)
            title = p.group.title if p.group else (p.target.title or p.target.text)
            parts.setdefault(part_id, PartView(part_id, title, [], Counts(), page))
        target_view = TargetView(
            p.target,
            p.group,
            [
                TaskView(task, task_state(task, as_of, year_end), area, p.group, p.target, page)
                for task in p.target.tasks
            ],
            [KpiView(kpi, kpi_state(kpi, as_of), p.target, area, page) for kpi in p.target.kpis],
            page,
        )
        sections.append(target_view)
        if split:
            parts[part_id].targets.append(target_view)
    view = AreaView(area, sections, Counts(), list(parts.values()))
    for task_view in view.tasks:
        view.counts.add(task_view.state)
    for part in view.parts:
        for task_view in part.tasks:
            part.counts.add(task_view.state)
    return view


def _unit_views(plan: Plan, tasks: list[TaskView], areas: list[AreaView]) -> list[UnitView]:
    leads: dict[str, list[TaskView]] = {u.id: [] for u in plan.units}
    supports: dict[str, list[TaskView]] = {u.id: [] for u in plan.units}
    for task_view in tasks:
        for unit_id in task_view.task.lead:
            leads[unit_id].append(task_view)
        for unit_id in task_view.task.partners:
            supports[unit_id].append(task_view)
    return [
        UnitView(leads[u.id], supports[u.id], u, _unit_parts(u, leads[u.id], supports[u.id], areas))
        for u in plan.units
    ]


def _feed(tasks: list[TaskView]) -> list[FeedEntry]:
    """Every update up to the as-of date, newest first."""
    return sorted(
        (
            FeedEntry(view, update, number)
            for view in tasks
            for number, update in enumerate(view.state.history, start=1)
        ),
        key=lambda e: (e.update.date, e.view.task.id, e.number),
        reverse=True,
    )


def _by_due(view: TaskView) -> tuple[dt.date, str]:
    assert view.state.due is not None
    return view.state.due, view.task.id


def derive(plan: Plan, as_of: dt.date) -> Site:
    """Compute every derived view of the plan at the as-of date."""
    year_end = end_of_year(plan.plan.year)
    areas = [_area_view(area, a, as_of, year_end) for a, area in enumerate(plan.areas)]
    all_tasks = [view for area in areas for view in area.tasks]
    all_kpis = [view for area in areas for view in area.kpis]
    total = Counts()
    for view in all_tasks:
        total.add(view.state)
    feed = _feed(all_tasks)
    return Site(
        plan=plan,
        as_of=as_of,
        areas=areas,
        tasks=all_tasks,
        units=_unit_views(plan, all_tasks, areas),
        counts=total,
        overdue=sorted((v for v in all_tasks if v.state.overdue), key=_by_due),
        upcoming=sorted((v for v in all_tasks if v.state.upcoming), key=_by_due),
        kpis=all_kpis,
        kpi_counts=Counter(k.state.result for k in all_kpis),
        feed=feed,
        latest_update=feed[0].update.date if feed else None,
        unit_names={u.id: u for u in plan.units},
    )
