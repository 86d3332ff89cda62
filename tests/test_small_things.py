"""Keyboard, zoom, phones, print and shared links (issue 17), in a real headless Chromium.

What a citizen meets: the menu opens and closes by keyboard at phone width and at a
desktop's 400 % zoom (320 CSS px), Tab walks only through what is on screen and shows
where it is, badges are readable, an area page shows each task once on a phone, the
"Thời hạn" column sorts as dates, the province table fits a phone, a page prints as a
document, and a shared link carries a title, a description and a picture.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from generator.derive.views import derive
from generator.plan import labels
from generator.plan.check import check
from generator.plan.model import DeadlineKind

from .conftest import REAL_PLAN

pytestmark = pytest.mark.browser

# A phone, and a 1280 px desktop zoomed to 400 % (1280 / 4 CSS px): both get the drawer.
NARROW = (390, 320)
PAGES = {"home": "", "area": "linh-vuc/ii/", "unit": "don-vi/van-phong/", "updates": "cap-nhat/"}
MENU = "Menu các trang"


def _page(browser: Browser, width: int) -> Page:
    return browser.new_context(locale="vi-VN", viewport={"width": width, "height": 844}).new_page()


@pytest.fixture(params=NARROW, ids=[f"{w}px" for w in NARROW])
def narrow(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    page = _page(browser, request.param)
    yield page
    page.context.close()


@pytest.fixture(params=(390, 1280), ids=["390px", "1280px"])
def any_width(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    page = _page(browser, request.param)
    yield page
    page.context.close()


# The focused element: where it is, whether it is drawn, and its focus ring.
_FOCUSED = """() => {
  const e = document.activeElement;
  const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  const shown = e.getClientRects().length > 0 && s.visibility !== 'hidden';
  return {tag: e.tagName, cls: String(e.className), text: (e.textContent || '').trim().slice(0, 30),
          left: r.left, right: r.right, top: r.top, bottom: r.bottom, shown,
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          permalink: e.classList.contains('headerlink'), inArticle: !!e.closest('article'),
          inDrawer: !!e.closest('.md-sidebar--primary')};
}"""


def _tab(page: Page) -> dict[str, object]:
    page.keyboard.press("Tab")
    focused: dict[str, object] = page.evaluate(_FOCUSED)
    return focused


# --- keyboard ------------------------------------------------------------------------


def test_the_menu_opens_and_closes_by_keyboard(narrow: Page, real_url: str) -> None:
    page = narrow
    page.goto(real_url + "linh-vuc/ii/")
    button = page.get_by_role("button", name=MENU)
    expect(button).to_have_attribute("aria-expanded", "false")
    # Reached by Tab, in the first few stops.
    for _ in range(5):
        if "cc-menu-toggle" in str(_tab(page)["cls"]):
            break
    else:
        pytest.fail("Tab never reached the menu button")
    drawer_link = page.locator(".md-sidebar--primary").get_by_role("link", name="Lĩnh vực", exact=True)
    expect(drawer_link).not_to_be_visible()

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(drawer_link).to_be_in_viewport(ratio=1)
    assert page.evaluate(_FOCUSED)["inDrawer"], "focus moves into the opened menu"
    controlled = button.get_attribute("aria-controls")
    assert controlled and page.locator(f"#{controlled}").count() == 1

    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(drawer_link).not_to_be_visible()

    # Space opens it too; Tab walks its links; leaving it by Tab closes it.
    page.keyboard.press(" ")
    expect(button).to_have_attribute("aria-expanded", "true")
    stops = [_tab(page) for _ in range(12)]
    assert any(s["text"] == "Lĩnh vực" and s["inDrawer"] for s in stops)
    assert not stops[-1]["inDrawer"]
    expect(button).to_have_attribute("aria-expanded", "false")
    # A link of the menu works from the keyboard.
    page.keyboard.press("Escape")
    button.focus()
    page.keyboard.press("Enter")
    expect(drawer_link).to_be_in_viewport(ratio=1)
    drawer_link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/linh-vuc/")


@pytest.mark.parametrize("width", (390, 320, 1280))
@pytest.mark.parametrize("name", ["home", "area"])
def test_tab_walks_only_what_is_on_screen_and_shows_it(
    browser: Browser, real_url: str, width: int, name: str
) -> None:
    """The first 40 Tab stops: each drawn on screen with a focus ring, no ¶ permalink, no
    link of the closed drawer; on narrow screens the content starts within 5 stops."""
    page = _page(browser, width)
    try:
        page.goto(real_url + PAGES[name])
        stops = []
        for _ in range(40):
            stop = _tab(page)
            if stop["tag"] == "BODY":  # past the last stop
                break
            stops.append(stop)
    finally:
        page.context.close()
    assert len(stops) >= 10
    hidden = [
        s
        for s in stops
        if not s["shown"] or s["right"] <= 0 or s["left"] >= width or s["bottom"] <= 0 or s["top"] >= 844  # type: ignore[operator]
    ]
    assert not hidden, f"Tab reached what is not on screen: {hidden[:3]}"
    assert not [s for s in stops if not s["ring"]], "every stop shows a focus ring"
    assert not [s for s in stops if s["permalink"]], "¶ permalinks are not Tab stops"
    if width < 1220:  # below 76.25em the nav is a drawer (wider, the skip link passes the sidebars)
        first_content = next(i for i, s in enumerate(stops) if s["inArticle"])
        assert first_content <= 5, stops[: first_content + 1]
        assert not [s for s in stops if s["inDrawer"]], "the closed drawer's links are not Tab stops"


def test_permalinks_stay_as_targets_out_of_the_tab_order(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "linh-vuc" / "ii" / "index.html").read_text("utf-8"), "html.parser")
    links = soup.select("a.headerlink")
    assert len(links) > 20
    assert all(a.get("tabindex") == "-1" and a["href"].startswith("#") for a in links)
    assert all(a.parent is not None and a.parent.get("id") for a in links), "the heading keeps its id"


def test_the_agency_band_is_in_a_landmark(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "index.html").read_text("utf-8"), "html.parser")
    band = soup.select_one(".cc-agency")
    # A <section> with a name is a region landmark.
    assert band is not None and band.name == "section" and band.get("aria-label")


# --- small things --------------------------------------------------------------------

_BADGES = """() => [...document.querySelectorAll('.cc-st')].filter(e => e.getClientRects().length)
  .map(e => parseFloat(getComputedStyle(e).fontSize))"""


def test_badges_are_at_least_12_px(any_width: Page, real_url: str, sample_url: str) -> None:
    sizes: list[float] = []
    for site in (real_url, sample_url):
        for path in PAGES.values():
            any_width.goto(site + path)
            sizes += any_width.evaluate(_BADGES)
    assert len(sizes) > 50
    assert min(sizes) >= 12, f"smallest badge text: {min(sizes)} px"


def test_an_area_page_shows_each_task_once_on_a_phone(browser: Browser, real_url: str) -> None:
    counts = {}
    for width in (390, 1280):
        page = _page(browser, width)
        try:
            page.goto(real_url + "linh-vuc/ii/")
            ids = page.locator(".cc-summary tbody tr td:first-child").all_text_contents()
            assert len(ids) > 20
            # How many times each task's title is drawn on the page.
            counts[width] = page.evaluate(
                """(ids) => ids.map(id => {
                  const heading = document.getElementById(id);
                  const title = heading.nextElementSibling.textContent.trim();
                  return [...document.querySelectorAll('article .cc-task-title')]
                    .filter(e => e.getClientRects().length && e.textContent.trim() === title).length;
                })""",
                [i.strip() for i in ids],
            )
        finally:
            page.context.close()
    assert set(counts[390]) == {1}, "on a phone each task shows once"
    assert set(counts[1280]) == {2}, "wide screens keep the sortable summary above the task blocks"


def _due_order(view: object) -> tuple[int, str]:
    """The order "Thời hạn" must sort in, from the plan: due dates first, by date; then
    those without one, by labels.DEADLINE_SORT_ORDER."""
    state = view.state  # type: ignore[attr-defined]
    if state.due is not None:
        return (0, state.due.isoformat())
    kind = DeadlineKind.ONGOING if state.ongoing else view.task.deadline.kind  # type: ignore[attr-defined]
    return (1, f"{labels.DEADLINE_SORT_ORDER.index(kind):02d}")


def test_deadlines_sort_as_dates(browser: Browser, real_url: str) -> None:
    plan = check(REAL_PLAN)
    views = {v.task.id: v for a in derive(plan, plan.plan.as_of).areas for v in a.tasks}
    page = _page(browser, 1280)
    try:
        page.goto(real_url + "linh-vuc/ii/")
        table = page.locator(".cc-sortable table")
        table.locator("thead th").nth(4).get_by_role("button", name="Thời hạn").click()
        ids = [i.strip() for i in table.locator("tbody tr td:first-child").all_text_contents()]
        texts = [t.strip() for t in table.locator("tbody tr td:nth-child(5)").all_text_contents()]
    finally:
        page.context.close()
    order = [_due_order(views[i]) for i in ids]
    assert order == sorted(order), list(zip(ids, texts, strict=True))
    # Dated and undated deadlines both occur, and the text order would differ ("Quý IV/2022"
    # before "Trước 15/11/2022", "Thường xuyên" after both).
    assert {o[0] for o in order} == {0, 1}
    assert texts != sorted(texts)


def test_sort_buttons_look_like_buttons_on_a_phone(browser: Browser, portal_url: str) -> None:
    page = _page(browser, 390)
    try:
        page.goto(portal_url + "toan-tinh/")
        styles = page.locator(".cc-sortable thead th button").evaluate_all(
            """bs => bs.map(b => { const s = getComputedStyle(b);
                 return {border: s.borderTopStyle, width: parseFloat(s.borderTopWidth),
                         background: s.backgroundColor, height: b.getBoundingClientRect().height}; })"""
        )
    finally:
        page.context.close()
    assert len(styles) == 6
    for s in styles:
        assert s["border"] == "solid" and s["width"] >= 1, s
        assert s["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), s
        assert s["height"] >= 24, s


def test_the_province_table_fits_a_phone_with_every_column(browser: Browser, portal_url: str) -> None:
    page = _page(browser, 390)
    try:
        page.goto(portal_url + "toan-tinh/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        cells = page.evaluate(
            """() => [...document.querySelectorAll('article table tbody td')].map(td => {
                 const r = td.getBoundingClientRect();
                 return {text: td.textContent.trim(), shown: td.getClientRects().length > 0 && r.width > 0,
                         left: r.left, right: r.right,
                         label: getComputedStyle(td, '::before').content}; })"""
        )
    finally:
        page.context.close()
    assert len(cells) >= 12
    assert all(c["shown"] and c["left"] >= 0 and c["right"] <= 390 for c in cells), cells
    dates = [c for c in cells if "Số liệu đến ngày" in c["label"]]
    assert dates and all("/20" in c["text"] for c in dates), "the data-date column is shown, named"


@pytest.mark.parametrize("name", ["home", "area", "unit", "updates"])
def test_no_page_scrolls_sideways_on_a_phone(narrow: Page, real_url: str, portal_url: str, name: str) -> None:
    width = narrow.viewport_size["width"] if narrow.viewport_size else 0
    for url in (real_url + PAGES[name], portal_url):
        narrow.goto(url)
        assert narrow.evaluate("document.documentElement.scrollWidth") <= width, url


def test_a_page_prints_as_a_document(browser: Browser, sample_url: str) -> None:
    page = _page(browser, 1280)
    try:
        page.goto(sample_url + "linh-vuc/ii/")
        page.emulate_media(media="print")
        gone = page.evaluate(
            """(sels) => sels.filter(s => document.querySelector(s)
                 && getComputedStyle(document.querySelector(s)).display !== 'none')""",
            [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".cc-search", ".md-skip"],
        )
        printed = page.evaluate(
            """() => [...document.querySelectorAll('article a[href^="http"]')]
                 .map(a => [a.href, getComputedStyle(a, '::after').content])"""
        )
        rows = page.evaluate(
            "() => [...document.querySelectorAll('article tr')].map(r => getComputedStyle(r).breakInside)"
        )
        summary_shown = page.locator(".cc-summary table").is_visible()
        agency = page.locator(".cc-agency").is_visible()
        pdf = page.pdf(format="A4")
    finally:
        page.context.close()
    assert gone == [], f"printed although only for the screen: {gone}"
    assert printed and all(href in content for href, content in printed), printed[:3]
    assert rows and set(rows) == {"avoid"}, "no table row is cut between two pages"
    assert summary_shown and agency, "the summary table and who publishes the page are printed"
    assert pdf.startswith(b"%PDF")


# --- shared links --------------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("which", ["real_site", "portal_site"])
def test_every_page_carries_open_graph_tags(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(which)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    images = set()
    for path in pages:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        og = {m["property"]: m.get("content", "") for m in soup.select("meta[property^='og:']")}
        where = path.relative_to(site)
        for key in ("og:title", "og:description", "og:image", "og:type", "og:site_name"):
            assert og.get(key, "").strip(), f"{where}: {key} missing"
        image = urlsplit(og["og:image"])
        assert image.scheme in ("http", "https") and image.netloc, f"{where}: og:image not absolute"
        images.add(image.path)
        if path.name == "index.html" and path.parent != site and where.parts[0] not in ("search",):
            url = urlsplit(og.get("og:url", ""))
            assert url.scheme in ("http", "https") and url.path.endswith(where.parent.as_posix() + "/"), where
        title = soup.select_one("title")
        if where.as_posix() != "index.html":  # the site's home is titled by its plan
            assert title is not None and og["og:title"] in title.get_text(), where
    # One picture we own, shipped with the site, at the size Zalo and Facebook crop.
    assert len(images) == 1
    png = site / next(iter(images)).lstrip("/")
    assert _png_size(png.read_bytes()) == (1200, 630)
