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
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from typing import TypedDict, TypeVar

from markupsafe import Markup

from ..derive import routes
from ..derive.portal import PlanEntry, Portal
from ..derive.routes import logo_path
from ..derive.views import AreaView, Site
from ..plan import labels
from ..plan.english import localized
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
from .i18n import EN, LANGS, VI, Lang, _, current, date_text, language
from .markup import plain_text

_T = TypeVar("_T")


def render(context: Context) -> str:
    """A page's Markdown (without front matter): its template filled with its context."""
    return make_env().get_template(context.TEMPLATE).render(context.names())


def page_link(page: str, prefix: str = "", lang: Lang = VI) -> Link:
    """Relative Markdown links from `page` to a source page ('don-vi/x.md', anchor optional).

    Links point at .md files so that MkDocs checks every one in strict mode. A page of the
    English edition links its own edition's pages, and the one copy of every other file
    (open data, the feed) and of the pages it leaves out (routes.NOT_TRANSLATED), which
    sit in the Vietnamese tree under the plan's `prefix`.
    """
    base = posixpath.dirname(page) or "."
    files_base = posixpath.join(routes.edition(lang) + prefix, base) if lang != VI else base

    def link(target: str, anchor: str = "") -> Markup:
        if lang != VI and (not target.endswith(".md") or target in routes.NOT_TRANSLATED):
            return Markup(_relative(prefix + target, files_base) + (f"#{anchor}" if anchor else ""))
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
        "parent": plain_text(meta, "parent") or None,
        "address": contact.address,
        "phone": contact.phone,
        "email": contact.email,
        "website": contact.website,
        "person": person and ", ".join(filter(None, [person.name, person.title, person.unit])),
        "person_phone": person and person.phone,
        "person_email": person and person.email,
        "document": document.number
        and document.number
        + (" " + _("ngày {date}").format(date=date_text(document.date)) if document.date else ""),
        "document_url": document.url,
        "feedback_url": feedback.url,
        "feedback_phone": feedback.phone,
        "feedback_email": feedback.email,
        "logo": meta.logo and prefix + logo_path(meta.logo),
    }
    return {f"cc_{key}": value for key, value in fields.items() if value}


def menu_pages(prefix: str) -> list[tuple[str, str]]:
    """A plan's own menu (routes.PLAN_NAV), less the pages its edition leaves out."""
    english = prefix.startswith(routes.ENGLISH)
    return [(t, p) for t, p in routes.PLAN_NAV if not (english and p in routes.NOT_TRANSLATED)]


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
        "feed": prefix.removeprefix(routes.ENGLISH) + routes.FEED,  # one feed, for both editions
        **({"source": prefix + routes.url(routes.SOURCE)} if source else {}),
        **({"contact": prefix + routes.url(routes.CONTACT)} if source else {}),
        **(identity(meta, prefix) if meta else {}),
        **(portal or {}),
        **(
            {"menu": [[_(title), prefix + routes.url(page)] for title, page in menu_pages(prefix)]}
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


def _plan_pages(site: Site, prefix: str = "", lang: Lang = VI) -> Iterator[tuple[str, Callable[[], Context]]]:
    """Every page of a plan as (its path under docs/, what makes its context), in the nav's
    order. A context is made only for a page rendered: the live preview renders one page of
    an edit first and asks for every path (an overview's `moved` lists all its area's tasks:
    made for every area, it was most of an edit's rendering at 5,000 tasks)."""

    def common(page: str) -> _Common:
        return {"site": site, "plan": site.plan, "link": page_link(page, prefix, lang)}

    partial = functools.partial
    yield routes.HOME, partial(HomePage, **common(routes.HOME))
    yield routes.AREAS, partial(AreasPage, **common(routes.AREAS))
    for area, before, after in _neighbours(site.areas):
        page = routes.area(area.area.id)
        yield page, partial(_area_page, common(page), area, before, after)
        # An area over the page budget: its page is an overview, each part has a page.
        for part, previous, following in _neighbours(area.parts):
            on_part = partial(
                AreaPage,
                **common(part.page),
                area=area,
                part=part,
                before=previous,
                after=following,
                moved=None,
            )
            yield part.page, on_part
    yield routes.UNITS, partial(UnitsPage, **common(routes.UNITS))
    for unit in site.units:
        page = routes.unit(unit.unit.id)
        yield page, partial(UnitPage, **common(page), unit=unit, part=None, before=None, after=None)
        # A unit over the page budget: its page is an overview, each part has a page.
        for unit_part, previous_part, next_part in _neighbours(unit.parts):
            on_unit_part = partial(
                UnitPage,
                **common(unit_part.page),
                unit=unit,
                part=unit_part,
                before=previous_part,
                after=next_part,
            )
            yield unit_part.page, on_unit_part
    yield routes.UPDATES, partial(UpdatesPage, **common(routes.UPDATES))
    yield routes.METHOD, partial(MethodPage, **common(routes.METHOD))
    yield routes.SOURCE, partial(SourcePage, **common(routes.SOURCE), glossary=GLOSSARY)
    yield routes.CONTACT, partial(ContactPage, **common(routes.CONTACT))
    if lang == VI:  # routes.NOT_TRANSLATED
        yield routes.GUIDE, partial(GuidePage, **common(routes.GUIDE), guide=guide)


def _area_page(common: _Common, area: AreaView, before: AreaView | None, after: AreaView | None) -> AreaPage:
    """An area's page, or its overview when it is over the page budget."""
    overview = moved(area) if area.parts else None
    return AreaPage(**common, area=area, part=None, before=before, after=after, moved=overview)


def plan_front(site: Site, prefix: str = "", portal: Mapping[str, object] | None = None) -> str:
    """The front matter of every page of a plan."""
    meta = site.plan.plan
    # In the page's language; a Vietnamese original is marked by the band (overrides/main.html).
    untranslated: dict[str, str] = {
        f"{field}_lang": VI
        for field in ("organization", "title", "parent")
        if (shown := localized(meta, field, current())) and not shown.translated
    }
    if untranslated:
        untranslated["untranslated"] = _(labels.UNTRANSLATED)
    return front_matter(
        plain_text(meta, "organization"),
        plain_text(meta, "title"),
        prefix,
        meta=meta,
        portal={**(portal or {}), **untranslated},
    )


def portal_front(portal: Portal, entry: PlanEntry, lang: Lang = VI) -> dict[str, object]:
    """On a site of several plans, what a plan's pages say of it among the others: the
    agency's years, each linked to its home (the band, overrides/main.html), and the
    "Dữ liệu cũ" notice with its data date when its data is old (portal.STALE_AFTER_DAYS)."""
    years = portal.years(entry)
    front: dict[str, object] = {}
    if len(years) > 1:
        front["years"] = [
            [other.year, routes.in_edition(routes.url(other.page(routes.HOME)), lang) or "."]
            for other in years
        ]
        front["year"] = entry.year
    with language(lang):
        if portal.stale(entry):
            date = date_text(entry.site.as_of)
            front["stale"] = f"{_(labels.STALE_DATA)}: {_(labels.DATA_DATE).format(date=date).lower()}"
    return front


# The theme's own words (overrides/, search.js), given to it in the page's language as
# front matter `ui`: Vietnamese msgids, English from the catalog like every other word.
THEME_WORDS: dict[str, str] = {
    "site": "Tiến độ cải cách hành chính",
    "feed": "Cập nhật tiến độ",
    "agency": "Cơ quan công bố",
    "menu": "Các trang của kế hoạch",
    "years": "Kế hoạch các năm của cơ quan",
    "year": "Năm",
    "menu_button": "Menu các trang",
    "search": "Tìm kiếm",
    "search_form": "Tìm kiếm trên trang",
    "search_label": "Tìm nhiệm vụ, mục tiêu, đơn vị",
    "search_placeholder": "Tìm kiếm, ví dụ: chu ky so, TTHC, II.2.2",
    "search_failed": "Không tải được chỉ mục tìm kiếm.",
    "search_not_found": "Không tìm thấy {words}.",
    "search_no_status": "Không có nhiệm vụ nào {words} trong dữ liệu.",
    "search_rest_none": "Không có kết quả nào cho các từ còn lại.",
    "search_no_match": "Không có kết quả nào chứa đủ các từ đã gõ.",
    "search_some": "{total} kết quả, hiện {shown} kết quả đầu.",
    "search_all": "{total} kết quả.",
    "search_rest": "Xem {total} kết quả cho các từ còn lại: «{query}»",
}


def editions(page: str) -> str:
    """Front matter lines naming a page's language and its URL in each language (site-root
    URLs, from routes): the theme's language switch and hreflang links read them
    (overrides/main.html). A page the English edition leaves out has no English URL."""
    stem = page.removeprefix(routes.ENGLISH)
    lang = EN if page.startswith(routes.ENGLISH) else VI
    names = [VI] if stem.rsplit("/", 1)[-1] in routes.NOT_TRANSLATED else list(LANGS)
    urls = {other: routes.in_edition(routes.url(stem), other) for other in names}
    lines = {
        "lang": lang,
        "editions": urls,
        "home": routes.edition(lang),
        # The English pages are not in MkDocs' nav (Vietnamese titles): their menu is the band's.
        **({"hide": ["navigation"]} if lang != VI else {}),
        "ui": {key: _(words) for key, words in THEME_WORDS.items()},
    }
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in lines.items())


def with_editions(page: str, front: str) -> str:
    """`front` (a page's front matter) with its `editions` lines."""
    return front.removesuffix("---\n") + editions(page) + "---\n"


def iter_pages(
    site: Site,
    prefix: str = "",
    portal: Mapping[str, object] | None = None,
    only: Container[str] | None = None,
    lang: Lang = VI,
) -> Iterator[tuple[str, str]]:
    """Every Markdown page of a plan in `lang` as (its path under the edition's folder and
    `prefix`, its text), one at a time, so that a caller need not hold them all as text
    (`prefix` is where the plan's pages will sit, which the front matter needs). With
    `only`, just the pages whose path is in it: the live preview renders the page an edit
    shows on first (build/serve.py)."""
    with language(lang):
        front = plan_front(site, routes.edition(lang) + prefix, portal)
        for page, context in _plan_pages(site, prefix, lang):
            if only is None or page in only:
                here = routes.edition(lang) + prefix + page
                yield page, with_editions(here, front) + render(context())


def page_paths(site: Site, lang: Lang = VI) -> list[str]:
    """The paths of a plan's pages in `lang`'s edition, in the nav's order, without rendering them."""
    return [page for page, _context in _plan_pages(site, "", lang)]


def render_portal_pages(portal: Portal, lang: Lang = VI) -> dict[str, str]:
    """The site-wide pages of a site with several plans, in `lang`: the portal home and the
    province view (paths under the edition's folder)."""
    with language(lang):
        front = front_matter(
            _("Tiến độ cải cách hành chính"),
            _("{agencies} cơ quan, {plans} kế hoạch").format(
                agencies=len(portal.agencies), plans=len(portal.plans)
            ),
            source=False,
        )
        contexts = [
            (routes.HOME, PortalPage(portal=portal, link=page_link(routes.HOME, "", lang))),
            (routes.PROVINCE, ProvincePage(portal=portal, link=page_link(routes.PROVINCE, "", lang))),
        ]
        edition = routes.edition(lang)
        return {page: with_editions(edition + page, front) + render(context) for page, context in contexts}
