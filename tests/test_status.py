"""The status rules of generator/plan/status.py, at both sides of every boundary."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generator.plan.model import Kpi, KpiResult, Shown, Task
from generator.plan.status import kpi_state, task_state

D = dt.date


def make_task(deadline: dict[str, Any], updates: list[dict[str, Any]] | None = None) -> Task:
    return Task.model_validate(
        {
            "id": "I.1.a",
            "title": "Nhiệm vụ thử",
            "products": ["Báo cáo"],
            "lead": ["van-phong"],
            "deadline": deadline,
            "updates": updates or [],
        }
    )


DUE_DATE = {"text": "Trước 15/11/2022", "kind": "date", "date": "2022-11-15"}
ONGOING = {"text": "Thường xuyên", "kind": "ongoing"}


def test_no_update_is_not_reported_never_zero() -> None:
    state = task_state(make_task(DUE_DATE), D(2022, 10, 1))
    assert state.shown == Shown.NOT_REPORTED
    assert state.latest is None
    assert not state.overdue


def test_latest_update_wins() -> None:
    task = make_task(
        DUE_DATE,
        [
            {"date": "2022-03-01", "status": "not_started"},
            {"date": "2022-06-01", "status": "in_progress", "percent": 40},
        ],
    )
    state = task_state(task, D(2022, 10, 1))
    assert state.shown == Shown.IN_PROGRESS
    assert state.latest is not None and state.latest.percent == 40
    assert len(state.history) == 2


def test_updates_after_as_of_are_not_yet_known() -> None:
    task = make_task(DUE_DATE, [{"date": "2022-03-01", "status": "in_progress"}])
    assert task_state(task, D(2022, 2, 28)).shown == Shown.NOT_REPORTED
    assert task_state(task, D(2022, 3, 1)).shown == Shown.IN_PROGRESS


@pytest.mark.parametrize(
    ("as_of", "overdue", "days_left"),
    [
        (D(2022, 11, 14), False, 1),  # due tomorrow
        (D(2022, 11, 15), False, 0),  # due today: not overdue
        (D(2022, 11, 16), True, -1),  # due yesterday
    ],
)
def test_overdue_boundary(as_of: dt.date, overdue: bool, days_left: int) -> None:
    state = task_state(make_task(DUE_DATE, [{"date": "2022-01-10", "status": "in_progress"}]), as_of)
    assert state.overdue is overdue
    assert state.days_left == days_left


def test_not_reported_past_due_is_overdue_and_still_not_reported() -> None:
    state = task_state(make_task(DUE_DATE), D(2022, 11, 16))
    assert state.shown == Shown.NOT_REPORTED
    assert state.overdue


@pytest.mark.parametrize("status", ["done", "cancelled"])
def test_finished_tasks_are_never_overdue(status: str) -> None:
    task = make_task(DUE_DATE, [{"date": "2022-11-01", "status": status}])
    assert not task_state(task, D(2023, 1, 1)).overdue


@pytest.mark.parametrize("status", ["paused", "waiting", "not_started"])
def test_unfinished_tasks_past_due_are_overdue(status: str) -> None:
    task = make_task(DUE_DATE, [{"date": "2022-11-01", "status": status}])
    assert task_state(task, D(2022, 11, 16)).overdue


@pytest.mark.parametrize(
    ("done_on", "late"),
    [("2022-11-15", False), ("2022-11-16", True)],
)
def test_done_late_boundary(done_on: str, late: bool) -> None:
    task = make_task(
        DUE_DATE,
        [{"date": "2022-10-01", "status": "in_progress"}, {"date": done_on, "status": "done"}],
    )
    state = task_state(task, D(2022, 12, 31))
    assert state.shown == Shown.DONE
    assert state.done_late is late
    assert not state.overdue


def test_done_date_is_the_start_of_the_final_done_run() -> None:
    task = make_task(
        DUE_DATE,
        [
            {"date": "2022-11-10", "status": "done"},
            {"date": "2022-11-12", "status": "in_progress"},  # reopened
            {"date": "2022-11-20", "status": "done"},
            {"date": "2022-11-25", "status": "done", "note": "bổ sung minh chứng"},
        ],
    )
    assert task_state(task, D(2022, 12, 1)).done_late  # done since 20/11, not since 10/11
    still_done = make_task(
        DUE_DATE, [{"date": "2022-11-10", "status": "done"}, {"date": "2022-11-20", "status": "done"}]
    )
    assert not task_state(still_done, D(2022, 12, 1)).done_late  # done since 10/11


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        ({"text": "Tháng 01/2022", "kind": "month", "month": "2022-01"}, D(2022, 1, 31)),
        ({"text": "Tháng 02/2024", "kind": "month", "month": "2024-02"}, D(2024, 2, 29)),
        ({"text": "Quý III/2022", "kind": "quarter", "quarter": "2022-Q3"}, D(2022, 9, 30)),
        ({"text": "Quý IV/2022", "kind": "quarter", "quarter": "2022-Q4"}, D(2022, 12, 31)),
    ],
)
def test_month_and_quarter_are_due_at_their_end(deadline: dict[str, Any], due: dt.date) -> None:
    task = make_task(deadline)
    assert task_state(task, due).due == due
    assert not task_state(task, due).overdue
    assert task_state(task, due + dt.timedelta(days=1)).overdue


def test_ongoing_reported_this_quarter_shows_it() -> None:
    task = make_task(ONGOING, [{"date": "2022-10-05", "status": "in_progress", "note": "Q4"}])
    state = task_state(task, D(2022, 12, 31))
    assert state.shown == Shown.IN_PROGRESS
    assert state.period == "2022-Q4"
    assert state.due is None and not state.overdue


def test_ongoing_with_no_report_this_quarter_is_not_reported() -> None:
    task = make_task(ONGOING, [{"date": "2022-09-30", "status": "in_progress"}])
    on_last_day_of_q3 = task_state(task, D(2022, 9, 30))
    first_day_of_q4 = task_state(task, D(2022, 10, 1))
    assert on_last_day_of_q3.shown == Shown.IN_PROGRESS
    assert first_day_of_q4.shown == Shown.NOT_REPORTED
    assert first_day_of_q4.last_period == "2022-Q3"
    assert first_day_of_q4.period == "2022-Q4"
    assert not first_day_of_q4.overdue


def test_ongoing_after_the_plan_year_keeps_its_last_quarter() -> None:
    task = make_task(ONGOING, [{"date": "2022-12-20", "status": "in_progress"}])
    year_end = D(2022, 12, 31)
    later = task_state(task, D(2026, 11, 28), year_end)
    assert later.period == "2022-Q4"
    assert later.shown == Shown.IN_PROGRESS
    assert task_state(task, D(2026, 11, 28)).shown == Shown.NOT_REPORTED  # without a plan year


def test_ongoing_late_report_for_previous_period_does_not_count_for_this_one() -> None:
    task = make_task(ONGOING, [{"date": "2022-10-03", "status": "in_progress", "period": "2022-Q3"}])
    state = task_state(task, D(2022, 10, 15))
    assert state.shown == Shown.NOT_REPORTED
    assert state.last_period == "2022-Q3"


def test_ongoing_combined_with_condition_follows_the_ongoing_rule() -> None:
    deadline = {
        "text": "Thường xuyên; Khi có chủ trương của UBND tỉnh",
        "kind": "ongoing",
        "also": ["condition"],
    }
    state = task_state(make_task(deadline), D(2030, 1, 1))
    assert state.ongoing and state.due is None and not state.overdue and not state.awaiting_trigger


CONDITION = {"text": "Khi có chủ trương của UBND tỉnh", "kind": "condition"}


def test_conditional_without_trigger_has_no_due_date() -> None:
    state = task_state(make_task(CONDITION), D(2030, 1, 1))
    assert state.due is None and not state.overdue and state.awaiting_trigger


def test_conditional_before_and_after_its_trigger() -> None:
    deadline = {**CONDITION, "trigger": {"date": "2022-05-10", "due": "2022-09-30"}}
    task = make_task(deadline)
    before = task_state(task, D(2022, 5, 9))
    assert before.due is None and before.awaiting_trigger and not before.overdue
    on_trigger = task_state(task, D(2022, 5, 10))
    assert on_trigger.due == D(2022, 9, 30) and not on_trigger.awaiting_trigger
    assert not task_state(task, D(2022, 9, 30)).overdue
    assert task_state(task, D(2022, 10, 1)).overdue


def test_schedule_uses_the_approved_date() -> None:
    deadline = {
        "text": "Theo tiến độ phê duyệt",
        "kind": "schedule",
        "trigger": {"date": "2022-08-01", "due": "2022-12-31"},
    }
    task = make_task(deadline)
    assert task_state(task, D(2022, 7, 31)).due is None
    assert task_state(task, D(2022, 8, 1)).due == D(2022, 12, 31)
    assert task_state(task, D(2023, 1, 1)).overdue


@pytest.mark.parametrize(
    ("as_of", "upcoming"),
    [
        (D(2022, 8, 16), False),  # 91 days before
        (D(2022, 8, 17), True),  # exactly 90 days before
        (D(2022, 11, 15), True),  # due today
        (D(2022, 11, 16), False),  # overdue, no longer upcoming
    ],
)
def test_upcoming_window(as_of: dt.date, upcoming: bool) -> None:
    assert task_state(make_task(DUE_DATE), as_of).upcoming is upcoming


def test_done_task_is_not_upcoming() -> None:
    task = make_task(DUE_DATE, [{"date": "2022-10-01", "status": "done"}])
    assert not task_state(task, D(2022, 10, 2)).upcoming


def make_kpi(comparison: str, measurements: list[dict[str, Any]]) -> Kpi:
    return Kpi.model_validate(
        {
            "id": "dung-han",
            "metric": "Tỷ lệ hồ sơ đúng hạn",
            "comparison": comparison,
            "value": 96,
            "unit": "%",
            "measurements": measurements,
        }
    )


@pytest.mark.parametrize(
    ("comparison", "value", "result"),
    [
        ("at_least", 96, KpiResult.MET),
        ("at_least", 95.9, KpiResult.NOT_MET),
        ("at_most", 96, KpiResult.MET),
        ("at_most", 96.1, KpiResult.NOT_MET),
        ("equal", 96, KpiResult.MET),
        ("equal", 97, KpiResult.NOT_MET),
    ],
)
def test_kpi_threshold_boundaries(comparison: str, value: float, result: KpiResult) -> None:
    kpi = make_kpi(comparison, [{"date": "2022-06-30", "value": value, "source": "Báo cáo quý II"}])
    assert kpi_state(kpi, D(2022, 7, 1)).result == result


def test_kpi_latest_measurement_decides_and_none_is_not_measured() -> None:
    kpi = make_kpi(
        "at_least",
        [
            {"date": "2022-09-30", "value": 97, "source": "Báo cáo quý III"},
            {"date": "2022-03-31", "value": 90, "source": "Báo cáo quý I"},
        ],
    )
    assert kpi_state(kpi, D(2022, 3, 30)).result == KpiResult.NOT_MEASURED
    assert kpi_state(kpi, D(2022, 4, 1)).result == KpiResult.NOT_MET
    state = kpi_state(kpi, D(2022, 10, 1))
    assert state.result == KpiResult.MET
    assert [m.value for m in state.measurements] == [90, 97]
