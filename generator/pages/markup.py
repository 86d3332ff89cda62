"""Values as the pages show them: status badges, markers, deadlines and outside links.

Each returns Markup (escaped text inside our own HTML), so templates print it as it is;
every badge of the site, and every link to evidence, is made here.
"""

from __future__ import annotations

import functools
import html
from urllib.parse import quote, urlencode, urlsplit

from markupsafe import Markup
from pydantic import BaseModel

from ..derive.views import TaskView
from ..plan import labels
from ..plan.english import VI, Lang, Localized, localized, localized_list
from ..plan.labels import MARKER_ICON, MARKER_LABELS, SHOWN_ICONS, SHOWN_LABELS, Marker
from ..plan.model import TRIGGER_KINDS, DeadlineKind, PlanMeta, Shown
from .escape import md
from .i18n import _, current, date_text, language, quarter_text


def marked(shown: Localized) -> Markup:
    """A plan text as the page shows it: as it is when in the page's language; on an English
    page, a Vietnamese original in its own language and said to be one (never translated here)."""
    if shown.translated:
        return md(shown.text)
    return Markup(
        f'<span lang="{shown.lang}">{md(shown.text)}</span> '
        f'<span class="cc-untranslated">{md(_(labels.UNTRANSLATED))}</span>'
    )


def plan_text(record: BaseModel, field: str) -> Markup:
    """Field `field` of a plan record in the page's language (its `_en` twin on an English
    page), or its Vietnamese original marked as such; empty when the record has none."""
    shown = localized(record, field, current())
    return Markup("") if shown is None else marked(shown)


def plan_texts(record: BaseModel, field: str) -> list[Markup]:
    """The items of list field `field` in the page's language, each as plan_text gives it."""
    return [marked(shown) for shown in localized_list(record, field, current())]


def plain_text(record: BaseModel, field: str) -> str:
    """Field `field` in the page's language without the marker, for attributes (aria-label)."""
    shown = localized(record, field, current())
    return "" if shown is None else shown.text


def original(text: str) -> Markup:
    """A text the plan gives in Vietnamese only (update notes, evidence titles, sources): as it
    is on a Vietnamese page, marked as the Vietnamese original on an English one."""
    return marked(Localized(text, VI, current() == VI))


def _badge_items(view: TaskView) -> tuple[tuple[str, str, str], ...]:
    """(CSS suffix, symbol, words): the status, then the overdue / done-late markers."""
    state = view.state
    period = state.period if state.ongoing and state.shown == Shown.NOT_REPORTED else None
    return _badge_of(current(), state.shown, period, state.overdue, state.done_late)


@functools.lru_cache(maxsize=1024)
def _badge_of(
    lang: Lang, shown: Shown, period: str | None, overdue: bool, done_late: bool
) -> tuple[tuple[str, str, str], ...]:
    # Cached: a few dozen badges, shown on every row and block of every page of a task.
    with language(lang):
        label = _(SHOWN_LABELS[shown])
        if period:
            label = _(labels.NOT_REPORTED_FOR).format(period=quarter_text(period))
        if overdue and shown == Shown.NOT_REPORTED:
            return ((Marker.OVERDUE.value, MARKER_ICON, _(labels.OVERDUE_NOT_REPORTED)),)
        items = [(shown.value, SHOWN_ICONS[shown], label)]
        if overdue:
            items.append((Marker.OVERDUE.value, MARKER_ICON, _(MARKER_LABELS[Marker.OVERDUE])))
        if done_late:
            items.append((Marker.LATE.value, MARKER_ICON, _(MARKER_LABELS[Marker.LATE])))
        return tuple(items)


def badge_parts(view: TaskView) -> list[tuple[str, str]]:
    """The status of a task as (CSS suffix, words with symbol), as search results show it."""
    return [(cls, f"{icon} {words}") for cls, icon, words in _badge_items(view)]


def _span(cls: str, icon: str, text: str) -> Markup:
    """One badge: symbol and words (escaped), coloured by CSS; every badge is made here."""
    return Markup(f'<span class="cc-st cc-st-{cls}">{icon} {md(text)}</span>')


def badge(view: TaskView) -> Markup:
    """The status of a task as text with a symbol, plus overdue / done-late markers."""
    return _badge_markup(_badge_items(view))


@functools.lru_cache(maxsize=1024)
def _badge_markup(items: tuple[tuple[str, str, str], ...]) -> Markup:
    return Markup(" ").join(_span(*item) for item in items)


def marker(kind: Marker) -> Markup:
    """A derived marker (overdue, done late) as a badge: symbol and words."""
    return _span(kind.value, MARKER_ICON, _(MARKER_LABELS[kind]))


def status_label(shown: Shown) -> Markup:
    """A status as a badge: symbol and words, coloured by CSS."""
    return _span(shown.value, SHOWN_ICONS[shown], _(SHOWN_LABELS[shown]))


def deadline(view: TaskView) -> Markup:
    """The deadline as written, then what it means today."""
    state = view.state
    text = str(plan_text(view.task.deadline, "text"))
    meaning = ""
    if state.ongoing:
        ongoing = labels.DEADLINE_ONGOING_ENDED if state.ended else labels.DEADLINE_ONGOING
        meaning = _(ongoing).format(period=quarter_text(state.period or ""))
    elif state.due and view.task.deadline.kind in TRIGGER_KINDS:
        meaning = _(labels.DEADLINE_SET).format(date=date_text(state.due))
    elif state.awaiting_trigger:
        meaning = _(labels.DEADLINE_NONE)
    elif state.due and view.task.deadline.kind != DeadlineKind.DATE:
        meaning = _(labels.DEADLINE_END).format(date=date_text(state.due))
    # `meaning` is our own wording around dates we formatted: nothing staff typed.
    return Markup(text + (f" ({meaning})" if meaning else ""))


def deadline_sort_key(view: TaskView) -> str:
    """What sort.js orders the "Thời hạn" column by: a due date as YYYY-MM-DD, before every
    deadline with none, which follow labels.DEADLINE_SORT_ORDER. Plain string order."""
    due = view.state.due
    if due is not None:
        return f"0 {due.isoformat()}"
    # Ongoing wins over any other wording in the same cell, as it does for the status.
    kind = DeadlineKind.ONGOING if view.state.ongoing else view.task.deadline.kind
    return f"1 {labels.DEADLINE_SORT_ORDER.index(kind):02d}"


def ext_link(title: str, url: str) -> Markup:
    """A link to evidence outside the site.

    The model accepts http(s) URLs only; this is the one place a URL becomes a link, so
    it refuses any other scheme too (`javascript:` would run when clicked)."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValueError(f"not an http(s) link: {url!r}")
    return Markup(f'<a href="{html.escape(url, quote=True)}">{md(title)}</a>')


def feedback_href(meta: PlanMeta, task_id: str) -> str | None:
    """Where a reader sends feedback on one task, carrying its id: the plan's feedback page
    with `?task=ID`, else a mail to its address with the id in the subject; None when the
    plan gives neither (a phone number is on the contact page, not a link per task)."""
    channel = meta.feedback
    if channel is None:
        return None
    if channel.url:
        joiner = "&" if urlsplit(channel.url).query else "?"
        return channel.url + joiner + urlencode({"task": task_id})
    if channel.email:
        subject = _(labels.FEEDBACK_SUBJECT).format(task=task_id, plan=meta.title)
        return f"mailto:{channel.email}?" + urlencode({"subject": subject}, quote_via=quote)
    return None


def feedback_link(meta: PlanMeta, task_id: str) -> Markup:
    """The "feedback on this task" link, or nothing when the plan has no channel for it."""
    href = feedback_href(meta, task_id)
    if href is None:
        return Markup("")
    return Markup(f'<a href="{html.escape(href, quote=True)}">{md(_(labels.FEEDBACK_TASK))}</a>')


def mail_link(address: str) -> Markup:
    """A mail link to an address the model checked (fields.Email: no quote, no space)."""
    return Markup(f'<a href="mailto:{html.escape(address, quote=True)}">{md(address)}</a>')
