"""The Jinja environment of the pages, and the names every template may use besides its context.

Every `{{ value }}` is escaped for Markdown and HTML by default (Jinja's `finalize`);
only values already marked safe (`Markup`, made by our own helpers) pass through. A
template cannot forget to escape a staff-typed title.

GLOBALS and FILTERS are declared here once, each with a line saying what it is; what
else a template uses comes from its context (contexts.py). tests/test_template_context.py
holds every template to both.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..derive import budget, routes
from ..derive.portal import STALE_AFTER_DAYS
from ..plan import labels
from ..plan.model import Shown
from ..plan.status import UPCOMING_DAYS, meets
from .charts import kpi_chart
from .escape import attr, md
from .i18n import date_text, english_page, number_text, template_gettext
from .markdown_lean import CLOSE, OPEN
from .markup import (
    ext_link,
    mail_link,
    marker,
    original,
    plain_text,
    plan_text,
    status_label,
)
from .taskblock import task_block, task_rows

# Inside the package, so that a normal (non-editable) install renders the same pages.
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Declared:
    """A name every template may use: its value and a line saying what it is."""

    value: Any
    help: str


def _prerendered(block: str) -> Markup:
    return Markup(f"{OPEN}\n{block}\n{CLOSE}")


GLOBALS: dict[str, Declared] = {
    "labels": Declared(
        labels,
        "The pages' words (plan/labels.py): SHOWN_LABELS, Marker and MARKER_LABELS, KPI_LABELS, "
        "COMPARISON_LABELS, and the phrases built around values.",
    ),
    "routes": Declared(
        routes,
        "Where pages are (derive/routes.py): routes.HOME and the other pages, routes.area(id), "
        "routes.unit(id), and the anchors of tasks, targets and groups.",
    ),
    "budget": Declared(budget, "How much a page lists (derive/budget.py): HOME_LIST_SHOWN, UPDATES_SHOWN."),
    "Shown": Declared(Shown, "The statuses a task is shown with: Shown.DONE, Shown.NOT_REPORTED..."),
    "STALE_AFTER_DAYS": Declared(
        STALE_AFTER_DAYS, "A portal plan whose data is this many days older than the newest is 'Dữ liệu cũ'."
    ),
    "UPCOMING_DAYS": Declared(UPCOMING_DAYS, "A deadline this many days after the as-of date is upcoming."),
    "meets": Declared(meets, "meets(value, kpi): whether a measured value reaches the KPI's threshold."),
    "marker": Declared(marker, "marker(labels.Marker.X): a derived marker (overdue, done late) as a badge."),
    "status_label": Declared(status_label, "status_label(Shown.X): a status as a badge."),
    "ext_link": Declared(ext_link, "ext_link(title, url): a link to evidence outside the site (http(s))."),
    "mail_link": Declared(mail_link, "mail_link(address): a mailto: link to a checked email address."),
    "gettext": Declared(template_gettext, "What {% trans %} calls: our words in the page's language."),
    "text": Declared(
        plan_text,
        "text(record, 'title'): a plan text in the page's language, or its Vietnamese original marked.",
    ),
    "plain": Declared(
        plain_text, "plain(record, 'title'): a plan text in the page's language, unmarked (attributes)."
    ),
    "original": Declared(
        original, "original(text): a Vietnamese-only text, marked as such on an English page."
    ),
    "english": Declared(english_page, "english(): whether the page being rendered is the English edition's."),
    "task_rows": Declared(task_rows, "task_rows(task views, site, link): the rows of a task table, as HTML."),
    "task_block": Declared(
        task_block, "task_block(task view, site, link): a task's block on its area page, as HTML."
    ),
    "chart": Declared(kpi_chart, "chart(kpi, its state, element id): measurements as an inline SVG chart."),
}

FILTERS: dict[str, Declared] = {
    "vn_date": Declared(date_text, "A date as the page's readers write it: 15/11/2022, 15 Nov 2022."),
    "number": Declared(number_text, "A number as the page's readers write it: 92,5 and 96; 92.5 in English."),
    "attr": Declared(attr, "Text made safe inside a double-quoted HTML attribute."),
    "raw": Declared(Markup, "Our own text, printed as it is: never text staff typed."),
    "prerendered": Declared(
        _prerendered, "HTML between the markers Python-Markdown passes through unparsed (markdown_lean.py)."
    ),
}


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else md(value)


@functools.cache
def make_env() -> jinja2.Environment:
    """The Jinja environment: strict about undefined names, escaping by default.

    One per process, so each template is compiled once, not once per plan: compiled per
    plan, they would be 40 % of a 40-plan province's build (benchmarks/portal.py). Nothing
    changes the environment after it is made."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        # Autoescape makes macro output Markup, so it is not escaped twice; `finalize`
        # then escapes every other value for Markdown as well as HTML.
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # {% trans %} and _(): the Vietnamese is the msgid, i18n.py gives the page's language.
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # the i18n extension's attribute
    env.filters.update((name, d.value) for name, d in FILTERS.items())
    env.globals.update((name, d.value) for name, d in GLOBALS.items())
    # `_()` is gettext's alias (the i18n extension's convention; Jinja's analysis does not
    # count it as a name a template reads, so it is not one of GLOBALS).
    env.globals["_"] = template_gettext
    return env


def compile_all() -> None:
    """Every template compiled now (a quarter of a second): a process forked after this
    (build/pipeline.py, `beside`) renders with them instead of compiling its own."""
    env = make_env()
    for name in env.list_templates(filter_func=lambda name: name.endswith(".j2")):
        env.get_template(name)
