"""The site's nav: MkDocs' `nav` and `not_in_nav`, written to routes.NAV_FILE (mkdocs.yml
INHERITs it). Its titles are plan text that Material prints as HTML: escaped here."""

from __future__ import annotations

from ..derive import routes
from ..derive.portal import PlanEntry, Portal
from .escape import nav_title


def nav(portal: Portal) -> dict[str, object]:
    """MkDocs' `nav` and `not_in_nav` for the site (written to routes.NAV_FILE)."""

    def plan_nav(entry: PlanEntry) -> list[dict[str, str]]:
        return [{nav_title(title): entry.page(page)} for title, page in routes.PLAN_NAV]

    def hidden(entry: PlanEntry) -> list[str]:
        return [f"/{entry.page(pattern)}" for pattern in routes.PLAN_NOT_IN_NAV]

    # The English edition's pages are reached by the language switch and their own menu
    # (front matter `menu`): in the nav they would double the nav every page carries.
    english = f"/{routes.ENGLISH}"
    if len(portal.plans) == 1 and not portal.plans[0].prefix:
        only = portal.plans[0]
        return {"nav": plan_nav(only), "not_in_nav": "\n".join([*hidden(only), english]) + "\n"}
    # Material writes the whole nav into every page. With every plan's eight pages in it, a
    # province of 40 plans would put 175 KB of nav into each of 1,082 pages (252 MB of HTML,
    # MkDocs 34 s CPU; benchmarks/portal.py); a section per agency and year would still cost
    # 54 KB a page. So the nav is flat: the portal's pages, then each agency once, by its
    # newest plan. Other years are listed on the portal home; a plan's own pages are in
    # the menu its pages carry (front matter `menu`, overrides/main.html).
    items: list[object] = [{nav_title("Tổng quan"): routes.HOME}, {nav_title("Toàn tỉnh"): routes.PROVINCE}]
    items += [{nav_title(agency.name): agency.plans[0].page(routes.HOME)} for agency in portal.agencies]
    shown = {agency.plans[0].page(routes.HOME) for agency in portal.agencies}
    patterns = [
        f"/{entry.page(page)}"
        for entry in portal.plans
        for _, page in routes.PLAN_NAV
        if entry.page(page) not in shown
    ]
    patterns += [pattern for entry in portal.plans for pattern in hidden(entry)]
    patterns.append(english)
    return {"nav": items, "not_in_nav": "\n".join(patterns) + "\n"}
