"""What the official report says, from the plan's state at the period's end: plain data,
laid out by report.py.

I. results: a count table with a row per area, then what each area reported in the
period; II. shortcomings: the overdue tasks and those never reported; III. next steps:
the tasks due in the following period, the overdue ones to finish, the ongoing and
conditional ones; the appendix: a row per task with its status, percent, result and
evidence. The counts and words are the site's (derive/views.py, plan/labels.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..derive.views import Counts, Site, TaskView
from ..plan.dates import vn_date
from ..plan.labels import MARKER_LABELS, SHOWN_LABELS, Marker
from ..plan.model import Shown, Update
from ..plan.status import FINISHED
from .period import Period
from .sheets import status_text

# --- I. the count table --------------------------------------------------------------

OTHER = (Shown.NOT_STARTED, Shown.WAITING, Shown.PAUSED, Shown.CANCELLED)
OTHER_NOTE = "Khác: " + ", ".join(SHOWN_LABELS[s].lower() for s in OTHER) + "."


@dataclass(frozen=True)
class CountCol:
    header: str
    get: Callable[[Counts], int]


# Every task falls in exactly one of the columns after the first, but overdue, which
# counts again those of them that are late.
COUNT_COLUMNS = (
    CountCol("Số nhiệm vụ", lambda c: c.total),
    CountCol(SHOWN_LABELS[Shown.DONE], lambda c: c.by_status[Shown.DONE]),
    CountCol(SHOWN_LABELS[Shown.IN_PROGRESS], lambda c: c.by_status[Shown.IN_PROGRESS]),
    CountCol("Khác", lambda c: sum(c.by_status[s] for s in OTHER)),
    CountCol(SHOWN_LABELS[Shown.NOT_REPORTED], lambda c: c.by_status[Shown.NOT_REPORTED]),
    CountCol(MARKER_LABELS[Marker.OVERDUE], lambda c: c.overdue),
)
TOTAL = "Tổng cộng"


def count_rows(site: Site) -> list[tuple[str, str, list[int]]]:
    """(number, area, counts) per area, then the total row."""
    rows = [
        (area.area.id, area.area.title, [col.get(area.counts) for col in COUNT_COLUMNS])
        for area in site.areas
    ]
    return [*rows, ("", TOTAL, [col.get(site.counts) for col in COUNT_COLUMNS])]


# --- what each task says -------------------------------------------------------------


def percent_text(update: Update | None) -> str:
    return f"{update.percent}%" if update is not None and update.percent is not None else ""


def result_text(update: Update | None) -> str:
    """The reported result: the update's date and note."""
    if update is None:
        return ""
    return f"{vn_date(update.date)}: {update.note}" if update.note else vn_date(update.date)


def evidence_text(update: Update | None) -> str:
    """Each piece of evidence as its title, then its address on the next line."""
    if update is None:
        return ""
    return "\n".join(f"{link.title}\n{link.url}" for link in update.evidence)


def reported_in(view: TaskView, period: Period) -> Update | None:
    """The task's latest update dated in the period (up to the cut-off), if any."""
    dated = [u for u in view.state.history if period.holds(u.date)]
    return dated[-1] if dated else None


def _sentence(view: TaskView) -> str:
    """The task's title inside a sentence: without its own final stop or colon."""
    return view.task.title.rstrip(" .:;")


def result_line(view: TaskView, update: Update) -> str:
    """'II.1.3.b. <title>: Đang thực hiện, 75%. <note>' for the period's results."""
    words = [SHOWN_LABELS[Shown(update.status.value)]]
    if update.percent is not None:
        words.append(f"{update.percent}%")
    text = f"{view.task.id}. {_sentence(view)}: {', '.join(words)}."
    return f"{text} {update.note}" if update.note else text


def units_text(view: TaskView, units: dict[str, str]) -> str:
    return ", ".join(units[u] for u in view.task.lead)


def overdue_line(view: TaskView, units: dict[str, str]) -> str:
    due = vn_date(view.state.due) if view.state.due else ""
    return f"{view.task.id}. {_sentence(view)} (hạn {due}; chủ trì: {units_text(view, units)})."


# --- III. next steps ------------------------------------------------------------------


def due_in(site: Site, period: Period) -> list[TaskView]:
    """Unfinished tasks whose due date falls in `period`, by due date."""
    due = [
        v for v in site.tasks if v.state.due and period.holds(v.state.due) and v.state.shown not in FINISHED
    ]
    return sorted(due, key=lambda v: (v.state.due, v.task.id))


# --- the appendix --------------------------------------------------------------------


@dataclass(frozen=True)
class AppendixCol:
    header: str
    mm: int  # its width on the landscape page
    get: Callable[[TaskView, dict[str, str]], str]


def _title(view: TaskView, _: dict[str, str]) -> str:
    return "\n".join([view.task.title, *(f"- {item}" for item in view.task.items)])


APPENDIX_COLUMNS = (
    AppendixCol("STT", 21, lambda v, _: v.task.id),
    AppendixCol("Nhiệm vụ", 54, _title),
    AppendixCol("Đơn vị chủ trì", 27, units_text),
    AppendixCol("Thời hạn", 28, lambda v, _: v.task.deadline.text),
    AppendixCol("Trạng thái", 26, lambda v, _: status_text(v)),
    AppendixCol("Tỷ lệ", 15, lambda v, _: percent_text(v.state.latest)),
    AppendixCol("Kết quả", 50, lambda v, _: result_text(v.state.latest)),
    AppendixCol("Minh chứng", 31, lambda v, _: evidence_text(v.state.latest)),
)
