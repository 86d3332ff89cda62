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

from ..plan.model import Shown
from ..plan.slug import agency
from .views import Counts, Site

# A plan whose data date is more than this many days before the newest data date on the
# site is marked "Dữ liệu cũ" with its date: a 2023 plan whose data stopped in 2023 must not
# read as current beside plans updated since. Measured between plans, never from the clock.
STALE_AFTER_DAYS = 365


def agency_id(site: Site) -> str:
    """The agency's id: `plan.agency`, or the organization's name as a slug."""
    meta = site.plan.plan
    return agency(meta.agency, meta.organization)


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
        return self.site.ended

    @property
    def done_percent(self) -> float:
        """Share of the plan's tasks reported done, in percent (0 for a plan without tasks)."""
        counts = self.site.counts
        return 100 * counts.by_status[Shown.DONE] / counts.total if counts.total else 0.0

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
    def newest_as_of(self) -> dt.date:
        """The latest data date of any plan on the site."""
        return max(entry.site.as_of for entry in self.plans)

    def stale(self, entry: PlanEntry) -> bool:
        """The plan's data is older than STALE_AFTER_DAYS before the site's newest data."""
        return (self.newest_as_of - entry.site.as_of).days > STALE_AFTER_DAYS

    def years(self, entry: PlanEntry) -> list[PlanEntry]:
        """Every plan of the entry's agency, newest year first (the entry's own included)."""
        return next(a.plans for a in self.agencies if a.id == entry.agency)

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
