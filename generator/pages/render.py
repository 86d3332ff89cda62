"""Stage 4: render the derived site into Markdown pages with Jinja templates.

Every `{{ value }}` is escaped for Markdown and HTML by default (Jinja's
`finalize`); only values already marked safe (`Markup`, made by our own
helpers) pass through. A template cannot forget to escape a staff-typed title.

Headings and prose are Markdown. Tables, task blocks and lists of updates are
written as HTML between the markers of generator/pages/markdown_lean.py, which
Python-Markdown passes through unparsed: reading back thousands of Markdown
rows the generator has just written was most of MkDocs' time. Links to pages
are `.md` links (`link()`) everywhere; inside those blocks the extension has
MkDocs turn them into URLs (Zensical does it itself).
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..derive import budget, routes
from ..derive.portal import Portal
from ..derive.views import SHOWN_ORDER, AreaView, Site, TaskView
from ..plan import labels
from ..plan.dates import quarter_label, vn_date
from ..plan.labels import (
    COMPARISON_LABELS,
    KPI_LABELS,
    MARKER_ICON,
    MARKER_LABELS,
    SHOWN_ICONS,
    SHOWN_LABELS,
    Marker,
)
from ..plan.model import TRIGGER_KINDS, DeadlineKind, Shown
from ..plan.status import UPCOMING_DAYS, meets, update_period
from . import guide
from .charts import kpi_chart, number
from .escape import attr, md
from .glossary import GLOSSARY
from .markdown_lean import CLOSE, OPEN

# Inside the package, so that a normal (non-editable) install renders the same pages.
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Markup) else md(value)


def _badge_items(view: TaskView) -> list[tuple[str, str, str]]:
    """(CSS suffix, symbol, words): the status, then the overdue / done-late markers."""
    state = view.state
    shown = state.shown
    label = SHOWN_LABELS[shown]
    if state.ongoing and shown == Shown.NOT_REPORTED and state.period:
        label = labels.NOT_REPORTED_FOR.format(period=quarter_label(state.period))
    items = [(shown.value, SHOWN_ICONS[shown], label)]
    if state.overdue:
        items.append((Marker.OVERDUE.value, MARKER_ICON, MARKER_LABELS[Marker.OVERDUE]))
    if state.done_late:
        items.append((Marker.LATE.value, MARKER_ICON, MARKER_LABELS[Marker.LATE]))
    return items


def badge_parts(view: TaskView) -> list[tuple[str, str]]:
    """The status of a task as (CSS suffix, words with symbol), as search results show it."""
    return [(cls, f"{icon} {words}") for cls, icon, words in _badge_items(view)]


def _span(cls: str, icon: str, text: str) -> Markup:
    """One badge: symbol and words (escaped), coloured by CSS; every badge is made here."""
    return Markup(f'<span class="cc-st cc-st-{cls}">{icon} {md(text)}</span>')


def badge(view: TaskView) -> Markup:
    """The status of a task as text with a symbol, plus overdue / done-late markers."""
    return Markup(" ").join(_span(*item) for item in _badge_items(view))


def marker(kind: Marker) -> Markup:
    """A derived marker (overdue, done late) as a badge: symbol and words."""
    return _span(kind.value, MARKER_ICON, MARKER_LABELS[kind])


def status_label(shown: Shown) -> Markup:
    """A status as a badge: symbol and words, coloured by CSS."""
    return _span(shown.value, SHOWN_ICONS[shown], SHOWN_LABELS[shown])


def deadline(view: TaskView) -> Markup:
    """The deadline as written, then what it means today."""
    state = view.state
    text = str(md(view.task.deadline.text))
    meaning = ""
    if state.ongoing:
        meaning = labels.DEADLINE_ONGOING.format(period=quarter_label(state.period or ""))
    elif state.due and view.task.deadline.kind in TRIGGER_KINDS:
        meaning = labels.DEADLINE_SET.format(date=vn_date(state.due))
    elif state.awaiting_trigger:
        meaning = labels.DEADLINE_NONE
    elif state.due and view.task.deadline.kind != DeadlineKind.DATE:
        meaning = labels.DEADLINE_END.format(date=vn_date(state.due))
    # `meaning` is our own wording around dates we formatted: nothing staff typed.
    return Markup(text + (f" ({meaning})" if meaning else ""))


def ext_link(title: str, url: str) -> Markup:
    """A link to evidence outside the site.

    The model accepts http(s) URLs only; this is the one place a URL becomes a link, so
    it refuses any other scheme too (`javascript:` would run when clicked)."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValueError(f"not an http(s) link: {url!r}")
    return Markup(f'<a href="{html.escape(url, quote=True)}">{md(title)}</a>')


@functools.cache
def make_env() -> jinja2.Environment:
    """The Jinja environment: strict about undefined names, escaping by default.

    One per process, so each template is compiled once: a province of 40 plans compiled
    them anew for every plan, 40 % of its build (benchmarks/portal.py). Nothing changes
    the environment after it is made."""
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
    env.filters.update(
        vn_date=vn_date,
        number=number,
        quarter=quarter_label,
        attr=attr,
        raw=Markup,
        # Jinja's own `join` escapes for HTML only, not for Markdown.
        mdjoin=lambda items, sep="; ": Markup(sep).join(md(i) for i in items),
    )
    env.globals.update(
        badge=badge,
        marker=marker,
        Marker=Marker,
        MARKER_LABELS=MARKER_LABELS,
        labels=labels,
        UPCOMING_DAYS=UPCOMING_DAYS,
        status_label=status_label,
        deadline=deadline,
        chart=kpi_chart,
        ext_link=ext_link,
        meets=meets,
        update_period=update_period,
        SHOWN_ORDER=SHOWN_ORDER,
        Shown=Shown,
        SHOWN_LABELS=SHOWN_LABELS,
        KPI_LABELS=KPI_LABELS,
        COMPARISON_LABELS=COMPARISON_LABELS,
        routes=routes,
        # Templates name pages through the routes module: area_page(a), unit_page(u).
        area_page=lambda a: routes.area(a.id),
        unit_page=lambda u: routes.unit(u.id),
        GLOSSARY=GLOSSARY,
        moved=moved,
        budget=budget,
        # The markers of a pre-rendered HTML block (the `html` macro of _macros.md.j2).
        HTML_OPEN=Markup(OPEN),
        HTML_CLOSE=Markup(CLOSE),
    )
    return env


def _linker(page: str):  # type: ignore[no-untyped-def]
    """Relative Markdown link from `page` to a source page ('don-vi/x.md', anchor optional).

    Links point at .md files so that MkDocs checks every one in strict mode.
    """

    base = posixpath.dirname(page) or "."

    def link(target: str, anchor: str = "") -> Markup:
        return Markup(_relative(target, base) + (f"#{anchor}" if anchor else ""))

    return link


@functools.lru_cache(maxsize=4096)
def _relative(target: str, base: str) -> str:
    # Cached: a page links the same few area and unit pages once per task (37,000 calls
    # of posixpath.relpath at 5,000 tasks, a tenth of the render time).
    return posixpath.relpath(target, base)


def front_matter(organization: str, plan: str, prefix: str = "", source: bool = True) -> str:
    """What the theme shows around a page (overrides/partials/cc_names.html): the agency,
    the plan, and the URLs of the plan's feed and source page; on a site of several plans
    (`prefix`), the plan's own menu, which the site's nav leaves out. JSON is YAML."""
    lines = {
        "organization": organization,
        "plan": plan,
        "feed": prefix + routes.FEED,
        **({"source": prefix + routes.url(routes.SOURCE)} if source else {}),
        **(
            {"menu": [[title, prefix + routes.url(page)] for title, page in routes.PLAN_NAV]}
            if prefix
            else {}
        ),
    }
    body = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in lines.items())
    return f"---\n{body}---\n"


def moved(area: AreaView) -> Markup:
    """On the overview of a split area: where each task, target and group went, as JSON
    for sort.js, which forwards an old link (`linh-vuc/ii/#II.1.3.b`) to the part's page.

    The URLs are final, relative to the overview's URL ('3/'): no engine rewrites a data
    attribute."""
    here = routes.url(routes.area(area.area.id))
    where: dict[str, str] = {}
    for part in area.parts:
        url = posixpath.relpath(routes.url(part.page), here) + "/"
        for tv in part.targets:
            if tv.group:
                where[routes.group_anchor(tv.group.id)] = url
            where[routes.target_anchor(tv.target.id)] = url
            where.update((routes.task_anchor(v.task.id), url) for v in tv.tasks)
    return Markup(html.escape(json.dumps(where, separators=(",", ":")), quote=True))


def iter_pages(site: Site, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every Markdown page of a plan as (its path under docs/, its text), one at a time, so
    that a caller need not hold them all as text (`prefix` is where the plan's pages will
    sit, which only the front matter needs)."""
    env = make_env()
    front = front_matter(site.plan.plan.organization, site.plan.plan.title, prefix)

    def render(template: str, page: str, **extra: Any) -> tuple[str, str]:
        context = {
            "site": site,
            "plan": site.plan,
            "page": page,
            "link": _linker(page),
            **extra,
        }
        return page, front + env.get_template(template).render(context)

    yield render("home.md.j2", routes.HOME)
    yield render("areas.md.j2", routes.AREAS)
    for i, area in enumerate(site.areas):
        before = site.areas[i - 1] if i > 0 else None
        after = site.areas[i + 1] if i + 1 < len(site.areas) else None
        yield render(
            "area.md.j2", routes.area(area.area.id), area=area, before=before, after=after, part=None
        )
        # An area over the page budget: its page is an overview, each part has a page.
        for n, part in enumerate(area.parts):
            yield render(
                "area.md.j2",
                part.page,
                area=area,
                part=part,
                before=area.parts[n - 1] if n > 0 else None,
                after=area.parts[n + 1] if n + 1 < len(area.parts) else None,
            )
    yield render("units.md.j2", routes.UNITS)
    for unit in site.units:
        yield render("unit.md.j2", routes.unit(unit.unit.id), unit=unit, part=None)
        # A unit over the page budget: its page is an overview, each part has a page.
        for n, unit_part in enumerate(unit.parts):
            yield render(
                "unit.md.j2",
                unit_part.page,
                unit=unit,
                part=unit_part,
                before=unit.parts[n - 1] if n > 0 else None,
                after=unit.parts[n + 1] if n + 1 < len(unit.parts) else None,
            )
    yield render("updates.md.j2", routes.UPDATES)
    yield render("method.md.j2", routes.METHOD)
    yield render("source.md.j2", routes.SOURCE)
    yield render("guide.md.j2", routes.GUIDE, guide=guide)


def render_pages(site: Site, prefix: str = "") -> dict[str, str]:
    """Every Markdown page of a plan, keyed by its path under docs/."""
    return dict(iter_pages(site, prefix))


def render_portal_pages(portal: Portal) -> dict[str, str]:
    """The site-wide pages of a site with several plans: the portal home and the province view."""
    env = make_env()
    pages: dict[str, str] = {}
    agencies = len(portal.agencies)
    front = front_matter(
        "Tiến độ cải cách hành chính", f"{agencies} cơ quan, {len(portal.plans)} kế hoạch", source=False
    )
    for template, page in (("portal.md.j2", routes.HOME), ("province.md.j2", routes.PROVINCE)):
        context = {"portal": portal, "page": page, "link": _linker(page)}
        pages[page] = front + env.get_template(template).render(context)
    return pages
