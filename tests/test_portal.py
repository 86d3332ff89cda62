"""A site of several plans: the sample portal of examples/portal/ (two years of one
department, one other agency), built for real with the generator and MkDocs."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect

from generator.derive import routes
from generator.derive.portal import agency_id
from generator.derive.views import derive
from generator.plan.check import check
from generator.plan.model import Plan, Shown

from .conftest import PORTAL_PLANS, REAL_PLAN, run_generator
from .test_browser import Session, _search
from .test_links import broken_links

ATOM = "{http://www.w3.org/2005/Atom}"


def _plans() -> list[Plan]:
    return [check(path) for path in PORTAL_PLANS]


def _prefix(plan: Plan) -> str:
    site = derive(plan, plan.plan.as_of)
    return routes.plan_prefix(agency_id(site), plan.plan.year)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def test_the_portal_example_has_two_agencies_and_three_plans() -> None:
    plans = _plans()
    assert len(plans) == 3
    assert all(plan.plan.sample for plan in plans), "the portal example is sample data"
    prefixes = sorted(_prefix(plan) for plan in plans)
    assert prefixes == ["so-cong-thuong/2022/", "so-cong-thuong/2023/", "so-tu-phap/2023/"]


def test_every_plan_keeps_all_its_pages_under_its_prefix(portal_site: Path) -> None:
    assert (portal_site / "index.html").is_file()
    assert (portal_site / "toan-tinh" / "index.html").is_file()
    for plan in _plans():
        root = portal_site / _prefix(plan)
        for page in (routes.HOME, routes.AREAS, routes.UNITS, routes.UPDATES, routes.METHOD, routes.SOURCE):
            assert (root / routes.url(page) / "index.html").is_file(), (plan.plan.title, page)
        for area in plan.areas:
            assert (root / routes.url(routes.area(area.id)) / "index.html").is_file()
        for unit in plan.units:
            assert (root / routes.url(routes.unit(unit.id)) / "index.html").is_file()
        assert (root / routes.FEED).is_file()
    # The plans' own pages are not at the top: the top is the portal's.
    assert not (portal_site / "linh-vuc").exists()


def test_the_same_task_id_in_two_years_has_two_permalinks(portal_site: Path) -> None:
    statuses = []
    for year in (2022, 2023):
        page = portal_site / f"so-cong-thuong/{year}" / routes.url(routes.area("II")) / "index.html"
        soup = _soup(page)
        heading = soup.find(id=routes.task_anchor("II.1.3.b"))
        assert heading is not None, year
        statuses.append(_text(soup.find("main") or soup))
    assert "Đã hoàn thành" in statuses[0]
    assert statuses[0] != statuses[1]


def test_portal_home_lists_plans_by_agency_and_year_with_counts(portal_site: Path) -> None:
    soup = _soup(portal_site / "index.html")
    article = soup.find("article")
    assert article is not None
    text = _text(article)
    assert "Dữ liệu minh họa" in text
    agencies = [_text(h).removesuffix("¶").strip() for h in article.find_all("h2")]
    assert agencies == ["Sở Công Thương tỉnh Đồng Nai (minh họa)", "Sở Tư pháp tỉnh Đồng Nai (minh họa)"]
    plans = article.find_all("h3")
    links = [str(a["href"]) for h in plans for a in h.find_all("a", href=True) if not a.get("class")]
    assert links == ["so-cong-thuong/2023/", "so-cong-thuong/2022/", "so-tu-phap/2023/"]
    for plan in _plans():
        site = derive(plan, plan.plan.as_of)
        heading = next(h for h in plans if h.find("a", href=_prefix(plan)))
        block = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            block.append(sibling)
        text = " ".join(_text(b) for b in block)
        assert f"{site.counts.total} nhiệm vụ" in text
        assert f"{site.counts.by_status[Shown.NOT_REPORTED]} chưa cập nhật" in text
        assert any("cc-bar" in (b.get("class") or []) or b.find(class_="cc-bar") for b in block)
        # A plan whose year is over at its as-of date says so.
        assert ("đã kết thúc" in text) == (plan.plan.as_of.year > plan.plan.year), text


def test_province_view_compares_agencies_in_the_current_year(portal_site: Path) -> None:
    soup = _soup(portal_site / "toan-tinh" / "index.html")
    table = soup.select_one("article .cc-sortable table")
    assert table is not None
    header = [_text(th) for th in table.find_all("th")]
    assert header[:5] == ["Cơ quan", "Số nhiệm vụ", "Đã hoàn thành", "Quá hạn", "Chưa cập nhật"]
    rows = {_text(tr.find("td")): [_text(td) for td in tr.find_all("td")] for tr in table.find_all("tr")[1:]}
    current = [plan for plan in _plans() if plan.plan.year == 2023]
    assert len(rows) == len(current) == 2
    for plan in current:
        counts = derive(plan, plan.plan.as_of).counts
        cells = rows[plan.plan.organization]
        assert cells[1:5] == [
            str(counts.total),
            str(counts.by_status[Shown.DONE]),
            str(counts.overdue),
            str(counts.by_status[Shown.NOT_REPORTED]),
        ], plan.plan.organization


def test_each_plan_has_its_feed_and_the_top_feed_names_every_plan(portal_site: Path) -> None:
    every = 0
    for plan in _plans():
        prefix = _prefix(plan)
        feed = ET.parse(portal_site / prefix / routes.FEED).getroot()
        links = [str(link.get("href")) for link in feed.iter(f"{ATOM}link") if link.get("rel") is None]
        entries = feed.findall(f"{ATOM}entry")
        every += len(entries)
        assert entries, prefix
        assert all(f"/{prefix}" in link for link in links), links
    top = ET.parse(portal_site / routes.FEED).getroot()
    titles = [str(e.findtext(f"{ATOM}title")) for e in top.findall(f"{ATOM}entry")]
    assert len(titles) == every
    assert any(t.startswith("Sở Tư pháp tỉnh Đồng Nai (minh họa), năm 2023 · Nhiệm vụ") for t in titles)
    assert any(t.startswith("Sở Công Thương tỉnh Đồng Nai (minh họa), năm 2022 · ") for t in titles)


def test_every_link_and_anchor_of_the_portal_resolves(portal_site: Path) -> None:
    assert broken_links(portal_site) == []


def test_the_nav_names_each_agency_once_and_each_plan_page_carries_its_plan_menu(portal_site: Path) -> None:
    # Material writes the nav into every page: it must not grow with the plans' pages.
    nav = _soup(portal_site / "toan-tinh" / "index.html").select_one("nav.md-nav--primary")
    links = [(_text(a), a["href"]) for a in nav.select("a.md-nav__link")]
    assert links == [
        ("Tổng quan", ".."),
        ("Toàn tỉnh", "./"),
        ("Sở Công Thương tỉnh Đồng Nai (minh họa)", "../so-cong-thuong/2023/"),
        ("Sở Tư pháp tỉnh Đồng Nai (minh họa)", "../so-tu-phap/2023/"),
    ], "the newest plan of each agency; other years are on the portal home"
    # A plan's pages (any year) carry the plan's own menu, the current page marked.
    page = _soup(portal_site / "so-cong-thuong" / "2022" / "linh-vuc" / "ii" / "index.html")
    menu = page.select_one("nav.cc-plan-menu")
    assert menu is not None and menu["aria-label"] == "Các trang của kế hoạch"
    items = [(_text(a), a["href"], a.get("aria-current")) for a in menu.select("a")]
    assert items[0] == ("Tổng quan", "../../", None)
    assert ("Lĩnh vực", "../", "page") in items
    assert [title for title, _, _ in items] == [title for title, _ in routes.PLAN_NAV]
    assert not (portal_site / "index.html").read_text(encoding="utf-8").count("cc-plan-menu")


@pytest.mark.browser
def test_search_covers_every_plan_and_names_the_plan(browser: Browser, portal_url: str) -> None:
    session = Session(browser)
    try:
        page = session.page()
        page.goto(portal_url)
        hits = _search(page, "chu ky so")
        tasks = [h for h in hits if h.endswith("#VI.3.2.a")]
        assert sorted(tasks) == [
            "so-cong-thuong/2022/linh-vuc/vi/#VI.3.2.a",
            "so-cong-thuong/2023/linh-vuc/vi/#VI.3.2.a",
        ]
        results = page.locator("#cc-search-results")
        expect(results).to_contain_text("năm 2022")
        expect(results).to_contain_text("năm 2023")
        hits = _search(page, "ly lich tu phap")
        assert hits and hits[0].startswith("so-tu-phap/2023/"), hits
        expect(page.locator("#cc-search-results a.cc-search__hit").first).to_contain_text("Sở Tư pháp")
    finally:
        session.close()


def test_two_plans_of_one_agency_and_year_are_refused(tmp_path: Path) -> None:
    twin = tmp_path / "ban-sao.yaml"
    shutil.copy(PORTAL_PLANS[0], twin)
    result = run_generator(
        "build", "--plan", str(PORTAL_PLANS[0]), "--plan", str(twin), "--out", str(tmp_path / "d")
    )
    assert result.returncode == 1
    assert str(twin) in result.stderr and str(PORTAL_PLANS[0]) in result.stderr
    assert "trùng cơ quan" in result.stderr
    assert not (tmp_path / "d").exists()


def test_every_problem_of_every_plan_comes_in_one_run(tmp_path: Path) -> None:
    broken = []
    for n, path in enumerate(PORTAL_PLANS[:2]):
        copy = tmp_path / f"{n}.yaml"
        copy.write_text(
            path.read_text(encoding="utf-8").replace("year: 202", "year: hai nghìn 202", 1), "utf-8"
        )
        broken.append(copy)
    result = run_generator("check", "--plan", str(broken[0]), "--plan", str(broken[1]))
    assert result.returncode == 1
    assert f"{broken[0]}:" in result.stderr and f"{broken[1]}:" in result.stderr


def test_a_one_plan_site_keeps_its_urls(real_site: Path) -> None:
    # Nothing moved under a prefix: the first site's links stay valid.
    assert (real_site / "index.html").is_file()
    assert (real_site / "linh-vuc" / "ii" / "index.html").is_file()
    assert (real_site / "cap-nhat" / "index.html").is_file()
    assert not (real_site / "toan-tinh").exists()
    assert check(REAL_PLAN).plan.agency is None
