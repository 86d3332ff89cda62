"""Several plans in one site: every year of an agency, every agency of a province.

Each plan is derived and rendered exactly as on a one-plan site, then its files
move under the plan's prefix (routes.plan_prefix): its pages link to each other
relatively, so nothing inside them changes. The site-wide pages (the portal home
and the province view) are made here from the derived plans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import routes
from .derive import Counts, Site
from .escape import nav_title


def agency_id(site: Site) -> str:
    """The agency's id: `plan.agency`, or the organization's name as a slug."""
    meta = site.plan.plan
    return routes.agency(meta.agency, meta.organization)


@dataclass(frozen=True)
class PlanEntry:
    """One plan of the site, with where its pages sit."""

    site: Site
    source: Path
    prefix: str  # '' on a one-plan site, 'so-cong-thuong/2023/' otherwise

    @property
    def agency(self) -> str:
        return agency_id(self.site)

    @property
    def year(self) -> int:
        return self.site.plan.plan.year

    @property
    def ended(self) -> bool:
        """The plan's year is over at its as-of date."""
        return self.site.as_of > dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """How results and feed entries name the plan: 'Sở Tư pháp, năm 2023'."""
        return f"{self.site.plan.plan.organization}, năm {self.year}"

    def page(self, page: str) -> str:
        """A page of this plan as a path under docs/."""
        return self.prefix + page


@dataclass(frozen=True)
class Agency:
    """An agency and its plans, newest year first."""

    id: str
    name: str
    plans: list[PlanEntry]

    def plan_of(self, year: int) -> PlanEntry | None:
        return next((p for p in self.plans if p.year == year), None)


@dataclass(frozen=True)
class Portal:
    """Every plan of the site, grouped by agency (in the order of the command line)."""

    plans: list[PlanEntry]

    @property
    def several(self) -> bool:
        """More than one plan: a portal home, a province view and prefixed plans."""
        return len(self.plans) > 1

    @property
    def agencies(self) -> list[Agency]:
        grouped: dict[str, list[PlanEntry]] = {}
        for entry in self.plans:
            grouped.setdefault(entry.agency, []).append(entry)
        return [
            Agency(ident, entries[0].site.plan.plan.organization, sorted(entries, key=lambda e: -e.year))
            for ident, entries in grouped.items()
        ]

    @property
    def current_year(self) -> int:
        """The province view's year: the newest plan year on the site."""
        return max(entry.year for entry in self.plans)

    @property
    def current(self) -> list[PlanEntry]:
        """The plans of the current year, one per agency that has one."""
        return [entry for entry in self.plans if entry.year == self.current_year]

    @property
    def sample(self) -> bool:
        return any(entry.site.plan.plan.sample for entry in self.plans)

    @property
    def total(self) -> Counts:
        counts = Counts()
        for entry in self.plans:
            for view in entry.site.tasks:
                counts.add(view.state)
        return counts


def nav(portal: Portal) -> dict[str, object]:
    """MkDocs' `nav` and `not_in_nav` for the site (written to routes.NAV_FILE)."""

    def plan_nav(entry: PlanEntry) -> list[dict[str, str]]:
        return [{nav_title(title): entry.page(page)} for title, page in routes.PLAN_NAV]

    def hidden(entry: PlanEntry) -> list[str]:
        return [f"/{entry.page(pattern)}" for pattern in routes.PLAN_NOT_IN_NAV]

    if len(portal.plans) == 1 and not portal.plans[0].prefix:
        only = portal.plans[0]
        return {"nav": plan_nav(only), "not_in_nav": "\n".join(hidden(only)) + "\n"}
    # Material writes the whole nav into every page. With every plan's eight pages in it, a
    # province of 40 plans put 175 KB of nav into each of 1,082 pages (252 MB of HTML,
    # MkDocs 34 s CPU; benchmarks/portal.py); a section per agency and year still cost
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
    return {"nav": items, "not_in_nav": "\n".join(patterns) + "\n"}
