"""The status rules, written once; stage 3 (derive/) applies them. The public "Cách tính" page explains them.

- The latest update dated on or before the as-of date is the task's status;
  no update means "not reported", a state of its own, never counted as 0%.
- A date, month or quarter deadline is due at its end. A task is overdue when
  the as-of date is after its due date and it is neither done nor cancelled; a
  task due today is not overdue. Done after the due date is "done late".
- Ongoing ("Thường xuyên") tasks have no due date: they are reported per quarter
  and show the current quarter's result, or "not reported" for this quarter.
  After the plan's year has ended, its last quarter stays the current one.
- Conditional and "per approved schedule" tasks have no due date until a dated
  trigger (the province's decision or approval) is recorded; then its due date
  applies like any other.
- The as-of date comes from the plan or `--as-of`, never from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import end_of_month, end_of_quarter, period_of
from .model import (
    TRIGGER_KINDS,
    Comparison,
    Deadline,
    DeadlineKind,
    Kpi,
    KpiResult,
    Measurement,
    Shown,
    Status,
    Task,
    Update,
)

UPCOMING_DAYS = 90


FINISHED = {Shown.DONE, Shown.CANCELLED}


@dataclass(frozen=True)
class TaskState:
    """Everything derived about one task at the as-of date."""

    shown: Shown
    latest: Update | None  # the update the shown status comes from
    history: tuple[Update, ...]  # every update up to the as-of date, oldest first
    due: dt.date | None
    overdue: bool
    done_late: bool
    days_left: int | None  # days from the as-of date to the due date
    ongoing: bool
    period: str | None  # the current reporting period of an ongoing task
    last_period: str | None  # the latest period an ongoing task was reported for
    awaiting_trigger: bool  # conditional/scheduled, no trigger recorded yet
    ended: bool = False  # the plan's year is over at the as-of date: no current period

    @property
    def upcoming(self) -> bool:
        """Due within the next UPCOMING_DAYS days (today included) and not finished; never
        once the plan has ended (a trigger's due date may still fall after its year)."""
        return (
            not self.ended
            and self.days_left is not None
            and 0 <= self.days_left <= UPCOMING_DAYS
            and self.shown not in FINISHED
        )


def is_ongoing(deadline: Deadline) -> bool:
    """Ongoing ("Thường xuyên") wins over any other wording in the same cell."""
    return ongoing_in((deadline.kind, *deadline.also))


def ongoing_in(kinds: Iterable[object]) -> bool:
    """The same rule for the kinds of a cell as written, valid or not (validation's hints)."""
    return DeadlineKind.ONGOING in kinds


def due_date(deadline: Deadline, as_of: dt.date) -> dt.date | None:
    """The day a task is due at the end of, or None while it has no due date as of `as_of`."""
    if is_ongoing(deadline):
        return None
    if deadline.kind == DeadlineKind.DATE:
        return deadline.date
    if deadline.kind == DeadlineKind.MONTH and deadline.month:
        return end_of_month(deadline.month)
    if deadline.kind == DeadlineKind.QUARTER and deadline.quarter:
        return end_of_quarter(deadline.quarter)
    trigger = deadline.trigger
    if trigger is not None and trigger.date <= as_of:
        return trigger.due
    return None


def update_period(update: Update) -> str:
    """The quarter an update reports on: its own `period`, or the quarter of its date."""
    return update.period or period_of(update.date)


def task_state(task: Task, as_of: dt.date, year_end: dt.date | None = None) -> TaskState:
    """Apply the status rules to one task; `year_end` is the last day of the plan's year."""
    history = tuple(u for u in task.updates if u.date <= as_of)
    ongoing = is_ongoing(task.deadline)
    due = due_date(task.deadline, as_of)
    latest = history[-1] if history else None
    period = last_period = None
    if ongoing:
        period = period_of(min(as_of, year_end) if year_end else as_of)
        last_period = update_period(latest) if latest else None
        this_period = [u for u in history if update_period(u) == period]
        latest = this_period[-1] if this_period else None
    shown = Shown(latest.status.value) if latest else Shown.NOT_REPORTED

    done_on = None
    if shown == Shown.DONE:
        # The day the task became done: the first update of the final run of "done".
        for update in reversed(history):
            if update.status != Status.DONE:
                break
            done_on = update.date
    days_left = (due - as_of).days if due else None
    return TaskState(
        shown=shown,
        latest=latest,
        history=history,
        due=due,
        overdue=due is not None and as_of > due and shown not in FINISHED,
        done_late=due is not None and done_on is not None and done_on > due,
        days_left=days_left,
        ongoing=ongoing,
        period=period,
        last_period=last_period,
        awaiting_trigger=(not ongoing and due is None and task.deadline.kind in TRIGGER_KINDS),
        ended=year_end is not None and as_of > year_end,
    )


@dataclass(frozen=True)
class KpiState:
    """A KPI at the as-of date: its measurements so far and the latest verdict."""

    result: KpiResult
    latest: Measurement | None
    measurements: tuple[Measurement, ...]


def meets(value: float, kpi: Kpi) -> bool:
    """Whether a measured value satisfies the KPI's comparison."""
    if kpi.comparison == Comparison.AT_LEAST:
        return value >= kpi.value
    if kpi.comparison == Comparison.AT_MOST:
        return value <= kpi.value
    return value == kpi.value


def kpi_state(kpi: Kpi, as_of: dt.date) -> KpiState:
    """Apply the KPI rule: the latest measurement up to the as-of date decides."""
    measurements = tuple(sorted((m for m in kpi.measurements if m.date <= as_of), key=lambda m: m.date))
    if not measurements:
        return KpiState(KpiResult.NOT_MEASURED, None, ())
    latest = measurements[-1]
    result = KpiResult.MET if meets(latest.value, kpi) else KpiResult.NOT_MET
    return KpiState(result, latest, measurements)
