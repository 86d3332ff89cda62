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

from generator.derive.views import derive
from generator.plan.check import check
from generator.plan.model import Plan, Shown, walk

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


def _search(page: Page, query: str) -> list[str]:
    """Open the site search from the header, put a query in as a paste does, return result links.

    `fill()` sends an `input` event and no key at all: results must follow it.
    """
    box = page.get_by_role("searchbox", name="Tìm nhiệm vụ, mục tiêu, đơn vị")
    toggle = page.get_by_role("button", name="Tìm kiếm")
    if not box.is_visible():  # on narrow screens a header button opens the search
        toggle.click()
    expect(box).to_be_visible()
    box.fill(query)
    results = page.locator("#cc-search-results")
    expect(results).to_have_attribute("data-query", query)
    expect(results).to_be_visible()
    hrefs = results.locator("a.cc-search__hit").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    return [_site_path(h) for h in hrefs]


def _site_path(href: str) -> str:
    """'http://127.0.0.1:PORT/linh-vuc/vi/#VI.3.2.a' -> 'linh-vuc/vi/#VI.3.2.a'."""
    parts = urlsplit(href)
    return parts.path.removeprefix("/") + (f"#{parts.fragment}" if parts.fragment else "")


def _hit(page: Page, n: int) -> Locator:
    return page.locator("#cc-search-results a.cc-search__hit").nth(n)


# --- pages and anchors -------------------------------------------------------------


def test_home_page_shows_title_and_status_counts(session: Session, real_url: str, real_plan: Plan) -> None:
    page = session.page()
    page.goto(real_url)
    h1 = page.locator("article h1")
    expect(h1).to_have_count(1)
    # Material appends a "¶" permalink to the heading.
    assert h1.inner_text().removesuffix("¶").strip() == real_plan.plan.title

    # Counted from the plan as staff keep it: a first real report must not fail this test.
    total = len(real_plan.tasks())
    assert total == 57
    unreported = derive(real_plan, real_plan.plan.as_of).counts.by_status[Shown.NOT_REPORTED]
    expect(page.locator("article")).to_contain_text(f"{total} nhiệm vụ: ")
    expect(page.locator("article")).to_contain_text(f"{unreported} chưa cập nhật")
    not_reported = page.locator(".cc-cards .cc-card-not_reported")
    expect(not_reported).to_be_visible()
    expect(not_reported.locator("strong")).to_have_text(str(unreported))
    expect(not_reported).to_contain_text("Chưa cập nhật")
    # The status cards (overdue is a marker on top of a status) add up to every task; a
    # status no task has is no card (issue 17: six "0" tiles said nothing), and the first
    # card is what needs attention.
    numbers = page.locator(".cc-cards .cc-card:not(.cc-card-overdue) strong").all_inner_texts()
    assert "0" not in numbers
    assert sum(int(n) for n in numbers) == total
    assert page.locator(".cc-cards .cc-card").first.get_attribute("class") == "cc-card cc-card-not_reported"


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
# Queries as citizens type them, on the real plan; the expected tasks were read in content/plan.yaml.

TASK_VI_3_2_A = "linh-vuc/vi/#VI.3.2.a"


def test_search_finds_a_task_offline(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url)
    # Without diacritics: "chữ ký số" is in target VI.3.2, "ký số" in its task.
    links = _search(page, "chu ky so")
    assert links[0] == TASK_VI_3_2_A, links
    first = _hit(page, 0)
    # The real text with its diacritics, the task's status, a live count of results.
    expect(first).to_contain_text("Nhiệm vụ VI.3.2.a")
    expect(first).to_contain_text("Tăng cường sử dụng ký số phê duyệt")
    expect(first.locator(".cc-st").first).to_contain_text("Chưa cập nhật")
    expect(page.locator("#cc-search-results [role=status]")).to_contain_text(f"{len(links)} kết quả")
    # Short syllables do not flood the list: "so" and "chu" alone match most of the plan.
    assert len(links) <= 5, links

    page.keyboard.press("Enter")  # opens the first result
    page.wait_for_url(re.compile(r"/linh-vuc/vi/#VI\.3\.2\.a$"))
    expect(_anchor(page, "VI.3.2.a")).to_be_in_viewport()
    assert all(_is_local(u) for u in session.requests), session.requests
    assert not session.failed, session.failed


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("chữ ký số", {TASK_VI_3_2_A}),
        ("de an vi tri viec lam", {"linh-vuc/iv/#IV.2.a"}),  # "Đề án vị trí việc làm"
        ("dich vu cong truc tuyen", {f"linh-vuc/ii/#II.1.6.{x}" for x in "abc"}),
        ("dau thau", {"linh-vuc/i/#I.1.a"}),  # "đấu thầu": d finds đ
        ("dong nai", {"linh-vuc/i/#I.1.a"}),
        ("VI.3.2.a", {TASK_VI_3_2_A}),
        ("II.2.2", {"linh-vuc/ii/#muc-tieu-II.2.2"}),
    ],
)
def test_search_puts_the_task_first(session: Session, real_url: str, query: str, first: set[str]) -> None:
    page = session.page()
    page.goto(real_url)
    links = _search(page, query)
    assert links and links[0] in first, links


def test_search_by_id_lists_the_target_then_its_tasks(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url)
    links = _search(page, "II.2.2")
    assert links[:3] == [
        "linh-vuc/ii/#muc-tieu-II.2.2",
        "linh-vuc/ii/#II.2.2.a",
        "linh-vuc/ii/#II.2.2.b",
    ], links


def test_search_finds_the_tasks_of_an_area_and_a_phrase(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url)
    links = _search(page, "cai cach the che")
    # Area I "Cải cách thể chế" and all its tasks come before results with only some of the words.
    assert set(links[:6]) >= {"linh-vuc/i/", "linh-vuc/i/#I.1.a", "linh-vuc/i/#I.1.b", "linh-vuc/i/#I.2.a"}, (
        links
    )

    links = _search(page, "thu tuc hanh chinh")
    assert len(links) >= 10
    for n in range(5):
        text = _hit(page, n).locator(".cc-search__title").inner_text().lower()
        assert "thủ tục hành chính" in text or "tthc" in text, (n, text)


def test_search_reads_abbreviations_as_their_meaning(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url)
    found = {query: _search(page, query) for query in ("TTHC", "thủ tục hành chính", "tthc")}
    assert len(found["TTHC"]) >= 10
    assert set(found["TTHC"]) == set(found["thủ tục hành chính"]) == set(found["tthc"])


def test_search_with_diacritics_ranks_exact_words_first(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url)
    # "cổng" (portal) and "công" (public) fold alike; typed with its tone, "cổng" comes first.
    links = _search(page, "cổng")
    assert len(links) > 10  # "công" (Sở Công Thương...) still matches, below
    for n in range(5):
        assert "cổng" in _hit(page, n).inner_text().lower(), n
    _search(page, "công")
    assert "cổng" not in _hit(page, 0).inner_text().lower()


def test_search_follows_input_and_keyboard(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(f"{real_url}linh-vuc/ii/")
    assert _search(page, "dau thau")[0] == "linh-vuc/i/#I.1.a"
    box = page.locator("#cc-search-input")
    # A new value replaces the results at once, without any key event.
    box.fill("de an vi tri viec lam")
    expect(page.locator("#cc-search-results")).to_have_attribute("data-query", "de an vi tri viec lam")
    expect(_hit(page, 0)).to_contain_text("đề án vị trí việc làm")
    # Typed key by key ("n" and "p" are also Material's next/previous page keys): still a search.
    box.fill("")
    box.press_sequentially("dong nai")
    expect(page.locator("#cc-search-results")).to_have_attribute("data-query", "dong nai")
    assert page.url.endswith("/linh-vuc/ii/")
    expect(_hit(page, 0)).to_have_attribute("href", re.compile(r"/linh-vuc/i/#I\.1\.a$"))
    box.press("ArrowDown")
    expect(_hit(page, 0)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#cc-search-results")).to_be_hidden()
    expect(box).to_be_focused()


def test_search_on_a_phone_opens_from_a_header_button(phone: Session, real_url: str) -> None:
    page = phone.page()
    page.goto(real_url)
    box = page.locator("#cc-search-input")
    expect(box).to_be_hidden()
    toggle = page.get_by_role("button", name="Tìm kiếm")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert _search(page, "chu ky so")[0] == TASK_VI_3_2_A
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box.press("Escape")
    expect(box).to_be_hidden()
    expect(toggle).to_be_focused()


def test_search_hashing_and_folding_match_the_generator(session: Session, real_url: str) -> None:
    from generator.outputs.search_keys import fnv1a, key, words

    page = session.page()
    page.goto(real_url)
    samples = ["chu ky so", "Đề án vị trí việc làm", "ĐỒNG NAI", "#vi.3.2.a", "468/QĐ-TTg", "Ủy ban"]
    got = page.evaluate(
        "xs => xs.map(x => [ccSearch.words(x).map(ccSearch.fold), ccSearch.fnv1a(ccSearch.fold(x))])", samples
    )
    assert got == [[[key(w) for w in words(x)], fnv1a(key(x))] for x in samples]


# --- no third parties ---------------------------------------------------------------


def test_no_third_party_requests(session: Session, real_url: str) -> None:
    page = session.page()
    page.goto(real_url, wait_until="networkidle")
    page.goto(f"{real_url}linh-vuc/ii/", wait_until="networkidle")
    assert _search(page, "chữ ký số")[0] == TASK_VI_3_2_A
    page.wait_for_load_state("networkidle")

    third_party = [u for u in session.requests if not _is_local(u)]
    assert not third_party, f"requests leaving the site: {third_party}"
    paths = {urlsplit(u).path for u in session.requests}
    # The recording sees everything, the search index's own loads included.
    assert "/linh-vuc/ii/" in paths
    assert "/assets/javascripts/search.js" in paths
    assert "/search/meta.json" in paths
    assert any(re.fullmatch(r"/search/s/[0-9]+\.json", p) for p in paths)
    assert any(re.fullmatch(r"/search/d/[0-9]+\.json", p) for p in paths)
    # Material's own search is gone: no whole-site index, no worker.
    assert not any("search_index" in p or "/workers/" in p or "lunr" in p for p in paths), paths
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
    # The real plan: not reported and overdue only (no zero tiles), both on the first screen.
    cards = page.locator(".cc-cards .cc-card")
    assert cards.count() == 2
    for i in range(cards.count()):
        card = cards.nth(i)
        expect(card).to_be_visible()
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        expect(card).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    shot = tmp_path / "home-phone.png"
    page.screenshot(path=shot, full_page=True)
    data = shot.read_bytes()
    assert len(data) > 10_000
    width, height = _png_size(data)
    assert width == 390 * 3 and height >= 844 * 3

    # An area page, with its task blocks (its summary table is for wide screens), does not
    # scroll sideways either.
    page.goto(f"{real_url}linh-vuc/ii/")
    expect(page.locator("article p.cc-task-title").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# --- sortable table ----------------------------------------------------------------


def _id_key(task_id: str) -> list[tuple[int, int | str]]:
    """Order of Intl.Collator('vi', {numeric: true}) on ids: II.1.10.a after II.1.9.a."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in task_id.split(".")]


def test_summary_table_sorts_by_id(session: Session, real_url: str, real_plan: Plan) -> None:
    area = next(a for a in real_plan.areas if a.id == "II")
    plan_order = [placed.task.id for placed in walk(real_plan) if placed.area is area]
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
    area, task = next((placed.area, placed.task) for placed in walk(plan) if "<script>" in placed.task.title)
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


def test_phone_menu_and_nav_work_without_materials_script(phone: Session, real_url: str) -> None:
    """Material's bundle.js is not loaded (overrides/main.html): the menu is HTML, CSS and
    our button (sort.js)."""
    page = phone.page()
    page.goto(real_url, wait_until="networkidle")
    scripts = page.evaluate("() => [...document.scripts].map(s => s.src).filter(Boolean)")
    assert not [s for s in scripts if "bundle." in s], scripts
    assert not [u for u in phone.requests if "/assets/javascripts/bundle." in u]
    page.get_by_role("button", name="Menu các trang").click()
    menu = page.locator("nav.md-nav--primary")
    link = menu.get_by_role("link", name="Lĩnh vực", exact=True)
    expect(link).to_be_visible()
    # The drawer slides in (a CSS transition): wait until the link is wholly on screen.
    expect(link).to_be_in_viewport(ratio=1)
    link.click()
    page.wait_for_url(re.compile(r"/linh-vuc/$"))
    expect(page.locator("article h1")).to_contain_text("Các lĩnh vực cải cách")


# --- English words (issue 19: the `_en` fields are indexed beside the Vietnamese) ------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("online public services", "linh-vuc/ii/#II.1.6.a"),  # the English title of II.1.6.a
        ("digital signatures", "linh-vuc/vi/#VI.3.2.a"),
        ("chu ky so", "linh-vuc/vi/#VI.3.2.a"),  # Vietnamese folding as before
        ("II.1.6.a", "linh-vuc/ii/#II.1.6.a"),  # ids as before
    ],
)
def test_english_words_find_the_sample_task_with_that_english_text(
    session: Session, sample_url: str, query: str, first: str
) -> None:
    page = session.page()
    page.goto(sample_url)
    links = _search(page, query)
    assert links and links[0] == first, links
    assert not session.failed, session.failed


def test_phone_open_data_page_with_english_column_names_fits(phone: Session, sample_url: str) -> None:
    page = phone.page()
    page.goto(f"{sample_url}du-lieu-mo/")
    expect(page.get_by_text("ten_linh_vuc_en (area_title_en)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
