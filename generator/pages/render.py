"""Stage 4: render the derived site into Markdown pages, each from its template and context.

Headings and prose are Markdown. Tables, task blocks and lists of updates are
written as HTML between the markers of generator/pages/markdown_lean.py, which
Python-Markdown passes through unparsed: reading back thousands of Markdown
rows the generator has just written would be most of MkDocs' time. Links to pages
are `.md` links (`link()`) everywhere; inside those blocks the extension has
MkDocs turn them into URLs (Zensical does it itself).
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from collections.abc import Container, Iterator, Mapping, Sequence
from typing import TypedDict, TypeVar

from markupsafe import Markup

from ..derive import routes
from ..derive.portal import PlanEntry, Portal
from ..derive.routes import logo_path
from ..derive.views import AreaView, Site
from ..plan import labels
from ..plan.dates import vn_date
from ..plan.model import Contact, Feedback, Plan, PlanDocument, PlanMeta
from . import guide
from .contexts import (
    AreaPage,
    AreasPage,
    ContactPage,
    Context,
    GuidePage,
    HomePage,
    Link,
    MethodPage,
    PortalPage,
    ProvincePage,
    SourcePage,
    UnitPage,
    UnitsPage,
    UpdatesPage,
)
from .env import make_env
from .glossary import GLOSSARY

_T = TypeVar("_T")


def render(context: Context) -> str:
    """A page's Markdown (without front matter): its template filled with its context."""
    return make_env().get_template(context.TEMPLATE).render(context.names())


def page_link(page: str) -> Link:
    """Relative Markdown links from `page` to a source page ('don-vi/x.md', anchor optional).

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


def identity(meta: PlanMeta, prefix: str = "") -> dict[str, str]:
    """The agency's identity as the footer prints it (overrides/partials/footer.html): only
    the fields the plan gives, each a plain string, so that the theme check sees every one
    (pages/theme_check.py). Nothing is filled in for a field the plan leaves empty."""
    contact = meta.contact or Contact()
    person = contact.person
    document = meta.document or PlanDocument()
    feedback = meta.feedback or Feedback()
    fields = {
        "parent": meta.parent,
        "address": contact.address,
        "phone": contact.phone,
        "email": contact.email,
        "website": contact.website,
        "person": person and ", ".join(filter(None, [person.name, person.title, person.unit])),
        "person_phone": person and person.phone,
        "person_email": person and person.email,
        "document": document.number
        and document.number + (f" ngày {vn_date(document.date)}" if document.date else ""),
        "document_url": document.url,
        "feedback_url": feedback.url,
        "feedback_phone": feedback.phone,
        "feedback_email": feedback.email,
        "logo": meta.logo and prefix + logo_path(meta.logo),
    }
    return {f"cc_{key}": value for key, value in fields.items() if value}


def front_matter(
    organization: str,
    plan: str,
    prefix: str = "",
    source: bool = True,
    meta: PlanMeta | None = None,
    portal: Mapping[str, object] | None = None,
) -> str:
    """What the theme shows around a page (overrides/partials/cc_names.html): the agency,
    the plan, and the URLs of the plan's feed, source and contact pages, with the agency's
    identity (`meta`); on a site of several plans (`prefix`), the plan's own menu, which the
    site's nav leaves out, and what `portal_front` says of the plan among the others. JSON is YAML."""
    lines = {
        "organization": organization,
        "plan": plan,
        "feed": prefix + routes.FEED,
        **({"source": prefix + routes.url(routes.SOURCE)} if source else {}),
        **({"contact": prefix + routes.url(routes.CONTACT)} if source else {}),
        **(identity(meta, prefix) if meta else {}),
        **(portal or {}),
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


def _neighbours(items: Sequence[_T]) -> Iterator[tuple[_T, _T | None, _T | None]]:
    """Each item with the one before and the one after it (None at either end)."""
    for n, item in enumerate(items):
        yield item, items[n - 1] if n > 0 else None, items[n + 1] if n + 1 < len(items) else None


class _Common(TypedDict):
    """The fields every page of a plan has (PlanPage's)."""

    site: Site
    plan: Plan
    link: Link


def _plan_pages(site: Site) -> Iterator[tuple[str, Context]]:
    """Every page of a plan as (its path under docs/, its context), in the nav's order."""

    def common(page: str) -> _Common:
        return {"site": site, "plan": site.plan, "link": page_link(page)}

    yield routes.HOME, HomePage(**common(routes.HOME))
    yield routes.AREAS, AreasPage(**common(routes.AREAS))
    for area, before, after in _neighbours(site.areas):
        page = routes.area(area.area.id)
        overview = moved(area) if area.parts else None
        yield page, AreaPage(**common(page), area=area, part=None, before=before, after=after, moved=overview)
        # An area over the page budget: its page is an overview, each part has a page.
        for part, previous, following in _neighbours(area.parts):
            on_part = AreaPage(
                **common(part.page), area=area, part=part, before=previous, after=following, moved=None
            )
            yield part.page, on_part
    yield routes.UNITS, UnitsPage(**common(routes.UNITS))
    for unit in site.units:
        page = routes.unit(unit.unit.id)
        yield page, UnitPage(**common(page), unit=unit, part=None, before=None, after=None)
        # A unit over the page budget: its page is an overview, each part has a page.
        for unit_part, previous_part, next_part in _neighbours(unit.parts):
            on_unit_part = UnitPage(
                **common(unit_part.page), unit=unit, part=unit_part, before=previous_part, after=next_part
            )
            yield unit_part.page, on_unit_part
    yield routes.UPDATES, UpdatesPage(**common(routes.UPDATES))
    yield routes.METHOD, MethodPage(**common(routes.METHOD))
    yield routes.SOURCE, SourcePage(**common(routes.SOURCE), glossary=GLOSSARY)
    yield routes.CONTACT, ContactPage(**common(routes.CONTACT))
    yield routes.GUIDE, GuidePage(**common(routes.GUIDE), guide=guide)


def plan_front(site: Site, prefix: str = "", portal: Mapping[str, object] | None = None) -> str:
    """The front matter of every page of a plan."""
    meta = site.plan.plan
    return front_matter(meta.organization, meta.title, prefix, meta=meta, portal=portal)


def portal_front(portal: Portal, entry: PlanEntry) -> dict[str, object]:
    """On a site of several plans, what a plan's pages say of it among the others: the
    agency's years, each linked to its home (the band, overrides/main.html), and the
    "Dữ liệu cũ" notice with its data date when its data is old (portal.STALE_AFTER_DAYS)."""
    years = portal.years(entry)
    front: dict[str, object] = {}
    if len(years) > 1:
        front["years"] = [[other.year, routes.url(other.page(routes.HOME)) or "."] for other in years]
        front["year"] = entry.year
    if portal.stale(entry):
        date = vn_date(entry.site.as_of)
        front["stale"] = f"{labels.STALE_DATA}: {labels.DATA_DATE.format(date=date).lower()}"
    return front


def iter_pages(
    site: Site,
    prefix: str = "",
    portal: Mapping[str, object] | None = None,
    only: Container[str] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every Markdown page of a plan as (its path under docs/, its text), one at a time, so
    that a caller need not hold them all as text (`prefix` is where the plan's pages will
    sit, which only the front matter needs). With `only`, just the pages whose path is in
    it: the live preview renders the page an edit shows on first (build/serve.py)."""
    front = plan_front(site, prefix, portal)
    for page, context in _plan_pages(site):
        if only is None or page in only:
            yield page, front + render(context)


def page_paths(site: Site) -> list[str]:
    """The paths of a plan's pages, in the nav's order, without rendering them."""
    return [page for page, _ in _plan_pages(site)]


def render_portal_pages(portal: Portal) -> dict[str, str]:
    """The site-wide pages of a site with several plans: the portal home and the province view."""
    front = front_matter(
        "Tiến độ cải cách hành chính",
        f"{len(portal.agencies)} cơ quan, {len(portal.plans)} kế hoạch",
        source=False,
    )
    contexts = [
        (routes.HOME, PortalPage(portal=portal, link=page_link(routes.HOME))),
        (routes.PROVINCE, ProvincePage(portal=portal, link=page_link(routes.PROVINCE))),
    ]
    return {page: front + render(context) for page, context in contexts}
