"""The page budget (generator/derive/budget.py): lists that grow with the plan are cut or split.

One synthetic plan (benchmarks/scale.py's generator, 1,000 tasks) is reshaped so that one
area holds more tasks than a page may (budget.AREA_PAGE_TASKS), one unit supports every
task (budget.UNIT_PAGE_TASKS, as "Các phòng, đơn vị" does in the real plan), more tasks
are overdue than the home page lists and more updates exist than the updates page shows;
the real site is then built with MkDocs and read as a visitor would.
"""

from __future__ import annotations

import json
import string
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.derive import budget, routes
from generator.derive.views import derive
from generator.plan.check import check

from .conftest import ROOT, _serve, build_site
from .test_browser import Session
from .test_links import broken_links

sys.path.insert(0, str(ROOT / "benchmarks"))
from scale import synthetic_plan

COLLECTIVE = {
    "id": "cac-don-vi",
    "name": "Các phòng, đơn vị thuộc Sở",
    "short": "Các đơn vị",
    "collective": True,
}


def _big_area_plan() -> dict[str, Any]:
    """1,000 tasks: area I keeps its own, area II takes every group of areas II..VII; one
    collective unit supports every task."""
    plan = synthetic_plan(1000)
    plan["units"].append(COLLECTIVE)
    for area in plan["areas"]:
        for group in area["groups"]:
            for target in group["targets"]:
                for task in target["tasks"]:
                    task["partners"].append(COLLECTIVE["id"])
    first, second, *rest = plan["areas"]
    groups = second["groups"] + [g for area in rest for g in area["groups"]]
    for g, group in enumerate(groups, start=1):
        group["id"] = f"II.{g}"
        for t, target in enumerate(group["targets"], start=1):
            target["id"] = f"II.{g}.{t}"
            for n, task in enumerate(target["tasks"]):
                task["id"] = f"II.{g}.{t}.{string.ascii_lowercase[n]}"
    second["groups"] = groups
    plan["areas"] = [first, second]
    return plan


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("budget") / "plan.yaml"
    path.write_text(yaml.safe_dump(_big_area_plan(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def site(plan_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(plan_file, tmp_path_factory.mktemp("budget-site"))


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    yield from _serve(site)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_plan_is_over_every_threshold(plan_file: Path) -> None:
    site = derive(plan := check(plan_file), plan.plan.as_of)
    assert site.areas[0].counts.total <= budget.AREA_PAGE_TASKS < site.areas[1].counts.total
    assert len(site.overdue) > budget.HOME_LIST_SHOWN
    assert len(site.feed) > budget.UPDATES_SHOWN


def test_an_area_over_budget_is_an_overview_and_a_page_per_group(plan_file: Path, site: Path) -> None:
    area = derive(plan := check(plan_file), plan.plan.as_of).areas[1]
    overview = _soup(site / "linh-vuc" / "ii" / "index.html")
    article = overview.select_one("article")
    assert article is not None
    assert "Các phần của lĩnh vực" in article.get_text()
    assert not article.select("h3"), "no task blocks on the overview"
    parts = [a["href"] for a in article.select(".cc-parts td a")]
    assert parts == [f"{g.id.removeprefix('II.')}/" for g in area.area.groups]
    # Every task is on its group's page, once, with its permanent anchor.
    for part in area.parts:
        page = _soup(site / routes.url(part.page) / "index.html")
        ids = {h["id"] for h in page.select("h2[id], h3[id]")}
        assert {v.task.id for v in part.tasks} <= ids
        assert page.select_one("h1").get_text().startswith(f"{part.id}. ")
    # The overview says where each task went, for links made before the split.
    moved = json.loads(overview.select_one("#cc-moved")["data-moved"])
    assert {v.task.id for v in area.tasks} <= moved.keys()
    assert moved["II.3.2.a"] == "3/"
    # Area I stays one page.
    assert (site / "linh-vuc" / "i" / "index.html").is_file()
    assert not (site / "linh-vuc" / "i" / "1").exists()


def test_a_unit_over_budget_is_an_overview_and_a_page_per_area(plan_file: Path, site: Path) -> None:
    derived = derive(plan := check(plan_file), plan.plan.as_of)
    unit = next(u for u in derived.units if u.unit.id == COLLECTIVE["id"])
    assert len(unit.supports) == len(derived.tasks) > budget.UNIT_PAGE_TASKS
    overview = _soup(site / "don-vi" / "cac-don-vi" / "index.html").select_one("article")
    assert overview is not None
    assert not overview.select(".cc-tasks"), "no task rows on the overview"
    # Its headings (and their anchors) stay; under them, the parts.
    assert [h["id"] for h in overview.select("h2[id]")] == ["chu-tri-0", f"phoi-hop-{len(derived.tasks)}"]
    # Area I fits on one page; area II does not, so its groups are packed, in order, onto
    # as few pages as hold them.
    first, second = derived.areas
    assert first.counts.total <= budget.UNIT_PAGE_TASKS < second.counts.total
    groups = [g.id for g in second.area.groups]
    packs = [part.id.split("–") for part in unit.parts[1:]]
    assert [part.id for part in unit.parts[:1]] == ["I"] and len(packs) == 2
    assert [pack[0] for pack in packs] == [groups[0], groups[groups.index(packs[0][-1]) + 1]]
    assert packs[-1][-1] == groups[-1]
    assert all(len(part.supports) <= budget.UNIT_PAGE_TASKS for part in unit.parts)
    links = [a["href"] for a in overview.select(".cc-parts td a")]
    assert links == ["i/"] + [f"{pack[0].lower()}/" for pack in packs]
    # Every task the unit supports is a row on exactly one part's page, linking to the task.
    rows: list[str] = []
    for part in unit.parts:
        page = _soup(site / routes.url(part.page) / "index.html")
        assert page.select_one("h1").get_text().startswith(f"{COLLECTIVE['name']}: {part.id}. ")
        for row in page.select(".cc-tasks tbody tr"):
            link = row.select_one("td a")
            rows.append(link.get_text())
            assert link["href"].endswith("#" + link.get_text())
    assert sorted(rows) == sorted(v.task.id for v in derived.tasks)


def test_no_table_lists_more_tasks_than_a_page_may(site: Path) -> None:
    """Zensical stops on a page section past its search limit: at 5,700 tasks, the 1,600 rows
    of one section of the page of "Các phòng, đơn vị"."""
    longest = {
        p.relative_to(site).as_posix(): max(
            (len(t.select("tbody tr")) for t in _soup(p).select("table")), default=0
        )
        for p in site.rglob("*.html")
    }
    page, rows = max(longest.items(), key=lambda kv: kv[1])
    assert rows <= budget.UNIT_PAGE_TASKS, (page, rows)


def test_home_and_updates_lists_stop_at_the_budget(plan_file: Path, site: Path) -> None:
    derived = derive(plan := check(plan_file), plan.plan.as_of)
    home = _soup(site / "index.html")
    overdue = home.select_one("h2[id^=nhiem-vu-qua-han]").find_next("table")
    assert len(overdue.select("tbody tr")) == budget.HOME_LIST_SHOWN
    text = home.select_one("article").get_text(" ")
    assert f"{budget.HOME_LIST_SHOWN} nhiệm vụ quá hạn lâu nhất trong tổng số {len(derived.overdue)}" in text
    updates = _soup(site / "cap-nhat" / "index.html")
    assert len(updates.select("article li")) == budget.UPDATES_SHOWN
    assert f"trong tổng số {len(derived.feed)}" in updates.select_one("article").get_text(" ")


def test_no_page_is_over_budget_and_every_link_resolves(site: Path) -> None:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    assert max(sizes.values()) <= budget.PAGE_BUDGET_BYTES, max(sizes.items(), key=lambda kv: kv[1])
    assert broken_links(site) == []


@pytest.mark.browser
def test_a_link_made_before_the_split_reaches_the_task(browser: Browser, site_url: str) -> None:
    session = Session(browser)
    try:
        page = session.page()
        page.goto(site_url + "linh-vuc/ii/#II.3.2.a")
        page.wait_for_url("**/linh-vuc/ii/3/#II.3.2.a")
        assert page.locator("[id='II.3.2.a']").is_visible()
    finally:
        session.close()
