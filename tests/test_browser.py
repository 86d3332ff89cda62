"""The built site in a real headless Chromium: pages, anchors, search, phones, no third parties.

Every test opens one browser context in which requests that leave 127.0.0.1 are
recorded and then aborted, so the site is exercised exactly as it works offline.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request, Route, expect

from generator.model import Plan
from generator.pipeline import check

from .conftest import REAL_PLAN, SAMPLE_PLAN

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 3,
}
# The title of the warning admonition on every page built from a sample plan (`sample: true`).
SAMPLE_BANNER = "Dữ liệu minh họa"


@pytest.fixture(scope="module")
def real_plan() -> Plan:
    return check(REAL_PLAN)


def _is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:")):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname == "127.0.0.1"


class Session:
    """One browser context that records every request and blocks any leaving 127.0.0.1."""

    def __init__(self, browser: Browser, **options: Any) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.context: BrowserContext = browser.new_context(locale="vi-VN", **options)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.on("request", self._record)
        self.context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.context.route("**/*", self._guard)

    def _record(self, request: Request) -> None:
        self.requests.append(request.url)

    @staticmethod
    def _guard(route: Route) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def page(self) -> Page:
        return self.context.new_page()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(browser: Browser) -> Iterator[Session]:
    s = Session(browser)
    yield s
    s.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Session]:
    s = Session(browser, **PHONE)
    yield s
    s.close()


def _anchor(page: Page, anchor_id: str) -> Locator:
    # Task ids contain dots, which a CSS `#id` selector would read as classes.
    return page.locator(f'[id="{anchor_id}"]')


def _search(page: Page, query: str) -> None:
    """Open Material's search from the header and type a query, as a reader does."""
    box = page.locator("input.md-search__input[data-md-component=search-query]")
    toggle = page.locator("label.md-header__button[for=__search]").filter(visible=True)
    # On narrow screens a header button opens the search; on wide ones the box itself does.
    (toggle.first if toggle.count() else box).click()
    expect(box).to_be_visible()
    box.fill(query)
    # Material reads the query on keyup; fill() (like pasting) sends none.
    box.press("End")
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d"))


def _search_link(scope: Page | Locator, path: str, fragment: str) -> Locator:
    """Search result links to `path#fragment` (Material adds ?h=... for highlighting)."""
    if isinstance(scope, Page):
        scope = scope.locator(".md-search-result")
    return scope.locator(f'a[href*="/{path}?"][href$="#{fragment}"]')


# --- pages and anchors -------------------------------------------------------------


def test_home_page_shows_title_and_status_counts(session: Session, real_url: str, real_plan: Plan) -> None:
    page = session.page()
    page.goto(real_url)
    h1 = page.locator("article h1")
    expect(h1).to_have_count(1)
    # Material appends a "¶" permalink to the heading.
    assert h1.inner_text().removesuffix("¶").strip() == real_plan.plan.title

    total = len(real_plan.tasks())
    assert total == 57
    expect(page.locator("article")).to_contain_text(f"{total} nhiệm vụ: {total} chưa cập nhật")
    not_reported = page.locator(".cc-cards .cc-card-not_reported")
    expect(not_reported).to_be_visible()
    expect(not_reported.locator("strong")).to_have_text(str(total))
    expect(not_reported).to_contain_text("Chưa cập nhật")
    # The status cards (overdue is a marker on top of a status) add up to every task.
    numbers = page.locator(".cc-cards .cc-card:not(.cc-card-overdue) strong").all_inner_texts()
    assert len(numbers) == 7
    assert sum(int(n) for n in numbers) == total


def test_area_page_opens_at_a_task_anchor(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(f"{real_url}linh-vuc/ii/#II.1.3.b")
    expect(page.locator("article h1")).to_contain_text("II. Cải cách thủ tục hành chính")
    anchor = _anchor(page, "II.1.3.b")
    expect(anchor).to_have_count(1)
    expect(anchor).to_be_visible()
    expect(anchor).to_contain_text("Nhiệm vụ II.1.3.b")
    expect(anchor).to_be_in_viewport()
    # The sticky header must not hide the heading the link points at.
    header = page.locator("header.md-header").bounding_box()
    box = anchor.bounding_box()
    assert header is not None and box is not None
    assert box["y"] >= header["y"] + header["height"] - 1, (box, header)
    # The summary table links to the same anchors.
    expect(page.locator('.cc-sortable a[href="./#II.1.3.b"]')).to_have_count(1)


# --- search ------------------------------------------------------------------------


def test_search_finds_a_task_offline(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url)
    _search(page, "chữ ký số")
    task = _search_link(page, "linh-vuc/vi/", "VI.3.2.a")
    expect(task).to_have_count(1)
    # The page holding VI.3.2 (target and task) is the best match; its sections are its children.
    best = page.locator(".md-search-result__item").first
    expect(best.locator("a").first).to_have_attribute("href", re.compile(r"/linh-vuc/vi/\?h="))
    expect(_search_link(best, "linh-vuc/vi/", "VI.3.2.a")).to_have_count(1)
    expect(_search_link(best, "linh-vuc/vi/", "muc-tieu-VI.3.2")).to_have_count(1)

    if not task.is_visible():  # Material folds lower-scoring sections under "N more on this page"
        best.locator("details.md-search-result__more > summary").click()
    task.click()
    page.wait_for_url(re.compile(r"/linh-vuc/vi/\?h=[^#]*#VI\.3\.2\.a$"))
    expect(_anchor(page, "VI.3.2.a")).to_be_in_viewport()
    # Search ran on the site's own files only: every other request was blocked.
    assert all(_is_local(u) for u in session.requests), session.requests
    assert not session.failed, session.failed


# --- no third parties ---------------------------------------------------------------


def test_no_third_party_requests(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url, wait_until="networkidle")
    page.goto(f"{real_url}linh-vuc/ii/", wait_until="networkidle")
    _search(page, "chữ ký số")
    expect(_search_link(page, "linh-vuc/vi/", "VI.3.2.a")).to_have_count(1)
    page.wait_for_load_state("networkidle")

    third_party = [u for u in session.requests if not _is_local(u)]
    assert not third_party, f"requests leaving the site: {third_party}"
    paths = {urlsplit(u).path for u in session.requests}
    # The recording sees everything, the search worker's own loads included.
    assert "/linh-vuc/ii/" in paths
    assert "/search/search_index.json" in paths
    assert any(re.fullmatch(r"/assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", p) for p in paths)
    assert "/assets/javascripts/lunr/min/lunr.vi.min.js" in paths
    assert "/assets/stylesheets/extra.css" in paths
    # Fonts are the system's: no web font is fetched from anywhere.
    fonts = page.evaluate("() => [...document.fonts].map(f => f.family)")
    assert fonts == [], fonts
    assert not session.failed, session.failed


# --- phones -------------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_phone_home_page_fits_without_horizontal_scroll(
    phone: Session, real_url: str, tmp_path: Path
) -> None:
    page = phone.page()
    page.goto(real_url)
    assert page.evaluate("window.innerWidth") == 390
    cards = page.locator(".cc-cards .cc-card")
    assert cards.count() == 8
    for i in range(cards.count()):
        card = cards.nth(i)
        expect(card).to_be_visible()
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    expect(cards.first).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    shot = tmp_path / "home-phone.png"
    page.screenshot(path=shot, full_page=True)
    data = shot.read_bytes()
    assert len(data) > 10_000
    width, height = _png_size(data)
    assert width == 390 * 3 and height >= 844 * 3

    # An area page with its wide summary table does not scroll sideways either.
    page.goto(f"{real_url}linh-vuc/ii/")
    expect(page.locator(".cc-sortable table")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# --- sortable table ----------------------------------------------------------------


def _id_key(task_id: str) -> list[tuple[int, int | str]]:
    """Order of Intl.Collator('vi', {numeric: true}) on ids: II.1.10.a after II.1.9.a."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in task_id.split(".")]


def test_summary_table_sorts_by_id(session: Session, real_url: str, real_plan: Plan) -> None:
    area = next(a for a in real_plan.areas if a.id == "II")
    plan_order = [task.id for target in area.all_targets() for task in target.tasks]
    ascending = sorted(plan_order, key=_id_key)

    page = session.page()
    page.goto(f"{real_url}linh-vuc/ii/")
    table = page.locator(".cc-sortable table")
    ids = table.locator("tbody tr td:first-child")
    header = table.locator("thead th")

    def column() -> list[str]:
        return [t.strip() for t in ids.all_inner_texts()]

    assert column() == plan_order
    id_button = header.nth(0).get_by_role("button", name="Mã")
    title_button = header.nth(2).get_by_role("button", name="Nhiệm vụ")

    title_button.click()  # shuffle the rows away from id order first
    expect(header.nth(2)).to_have_attribute("aria-sort", "ascending")
    by_title = column()
    assert sorted(by_title) == sorted(plan_order)
    assert by_title != ascending

    id_button.click()
    expect(header.nth(0)).to_have_attribute("aria-sort", "ascending")
    expect(header.nth(2)).not_to_have_attribute("aria-sort", re.compile(".*"))
    assert column() == ascending

    id_button.click()
    expect(header.nth(0)).to_have_attribute("aria-sort", "descending")
    assert column() == ascending[::-1]
    # Each row moved whole: the link in the first cell still points at its own task.
    hrefs = table.locator("tbody tr td:first-child a").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    assert hrefs == [f"./#{i}" for i in ascending[::-1]]


# --- sample data banner -------------------------------------------------------------


def test_sample_banner_only_on_sample_site(session: Session, real_url: str, sample_url: str) -> None:
    page = session.page()
    page.goto(sample_url)
    banner = page.locator(".admonition.warning").filter(
        has=page.locator(".admonition-title", has_text=SAMPLE_BANNER)
    )
    expect(banner).to_have_count(1)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("không phải số liệu thật")

    page.goto(real_url)
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".admonition")).to_have_count(0)
    expect(page.get_by_text(SAMPLE_BANNER)).to_have_count(0)


def test_sample_special_characters_do_not_run(session: Session, sample_url: str) -> None:
    plan = check(SAMPLE_PLAN)
    area, task = next(
        (a, task) for a in plan.areas for t in a.all_targets() for task in t.tasks if "<script>" in task.title
    )
    page = session.page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{sample_url}linh-vuc/{area.id.lower()}/#{task.id}", wait_until="load")
    heading = _anchor(page, task.id)
    expect(heading).to_be_in_viewport()
    # The title is the paragraph right under the task heading, shown as typed.
    expect(heading.locator("xpath=following-sibling::p[1]")).to_have_text(task.title)
    expect(
        page.locator(".cc-sortable tbody tr", has=page.locator(f'a[href="./#{task.id}"]'))
    ).to_contain_text(task.title)
    assert dialogs == []
