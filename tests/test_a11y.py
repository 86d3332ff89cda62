"""Accessibility and phones, in a real headless Chromium, on the real and the sample site.

axe-core (pinned in package.json, installed by `npm ci` in `make test`) checks every
page type in every page state; a state is a function that brings an opened page into
it (add the open search results as one more entry of STATES). Task titles are
measured where they first appear, at 390 px and at 1280 px.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = {
    "home": "",
    "areas": "linh-vuc/",
    "area": "linh-vuc/ii/",
    "units": "don-vi/",
    "unit": "don-vi/van-phong/",
    "updates": "cap-nhat/",
    "method": "cach-tinh/",
    "source": "nguon-du-lieu/",
    "guide": "huong-dan/",
    "open data": "du-lieu-mo/",
}
WIDTHS = (390, 1280)


def _loaded(page: Page) -> None:
    """The page as it opens."""


def _search_open(page: Page) -> None:
    """The site search opened from the header, with results for a query typed without accents."""
    from .test_browser import _search

    assert _search(page, "chu ky so"), "the search gave no result"


# Page states axe checks on every page type: name -> how to reach it from the opened page.
STATES: dict[str, Callable[[Page], None]] = {"loaded": _loaded, "search results open": _search_open}


def _search_missing(page: Page) -> None:
    """The site search saying a word was not found, the rest of the query offered by a button."""
    from .test_browser import _search

    assert _search(page, "an toan thuc pham") == []
    expect(page.locator(".cc-search__rest")).to_be_visible()


STATES["search: a word not found"] = _search_missing


@pytest.fixture(params=["real", "sample"])
def site_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width: int = request.param
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 844})
    yield context.new_page()
    context.close()


def _axe(page: Page) -> list[dict[str, Any]]:
    """axe-core violations of any impact (minor and moderate included) on the page as it is now."""
    assert AXE.exists(), "axe-core missing: run `npm ci` (make test does)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "why": v["nodes"][0]["failureSummary"],
        }
        for v in result["violations"]
    ]


@pytest.mark.parametrize("state", STATES)
def test_axe_finds_nothing(page: Page, site_url: str, state: str) -> None:
    problems = {}
    for name, path in PAGE_TYPES.items():
        page.goto(site_url + path)
        STATES[state](page)
        found = _axe(page)
        if found:
            problems[name] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


# The portal's own pages (a site of several plans): its home and the province table.
PORTAL_PAGES = {"portal": "", "province": "toan-tinh/", "plan home": "so-cong-thuong/2023/"}


def test_axe_finds_nothing_on_the_portal(page: Page, portal_url: str) -> None:
    problems = {}
    for name, path in PORTAL_PAGES.items():
        page.goto(portal_url + path)
        found = _axe(page)
        if found:
            problems[name] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_axe_would_see_a_problem(page: Page, site_url: str) -> None:
    """The check itself works: an image without a name is reported."""
    page.goto(site_url)
    page.evaluate("document.querySelector('article').insertAdjacentHTML('beforeend', '<img src=x.png>')")
    assert any(p["rule"] == "image-alt" for p in _axe(page))


def test_page_language_and_landmarks(page: Page, site_url: str) -> None:
    page.goto(site_url)
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator("main").count() == 1


# --- task titles where they first appear -------------------------------------------

# Every task title element shown (an area's summary table is not, on phones), and whether
# it lies inside the viewport's width and is not cut off by an ancestor that clips (a
# table that scrolls sideways does).
_TITLES = """() => [...document.querySelectorAll('.cc-task-title')]
  .filter(el => el.getClientRects().length).map(el => {
  const r = el.getBoundingClientRect();
  let clipped = false;
  for (let a = el.parentElement; a; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (s.overflowX !== 'visible') {
      const c = a.getBoundingClientRect();
      if (r.left < c.left - 0.5 || r.right > c.right + 0.5) clipped = true;
    }
  }
  return {text: el.textContent.slice(0, 40), left: r.left, right: r.right, width: r.width,
          clipped, fontSize: parseFloat(getComputedStyle(el).fontSize)};
})"""

# Every table shown in the article against the column it sits in.
_TABLES = """() => [...document.querySelectorAll('article table')]
  .filter(t => t.getClientRects().length).map(t => {
  const col = document.querySelector('article').getBoundingClientRect();
  const r = t.getBoundingClientRect();
  const wrap = t.closest('.md-typeset__scrollwrap');
  return {head: t.tHead ? t.tHead.textContent.trim().slice(0, 40) : '', right: r.right, col: col.right,
          left: r.left, colLeft: col.left,
          scrolls: wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : false};
})"""

TITLE_PAGES = {"home": "", "area": "linh-vuc/ii/", "unit": "don-vi/van-phong/"}


def test_task_titles_readable_without_scrolling_sideways(page: Page, site_url: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    measured = 0
    for name, path in TITLE_PAGES.items():
        page.goto(site_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        titles = page.evaluate(_TITLES)
        bad = [
            t
            for t in titles
            if t["clipped"] or t["left"] < 0 or t["right"] > width or t["width"] < 100 or t["fontSize"] < 12
        ]
        assert not bad, f"{name} at {width}px: {len(bad)} of {len(titles)} titles unreadable: {bad[:3]}"
        measured += len(titles)
        tables = page.evaluate(_TABLES)
        wide = [
            t for t in tables if t["scrolls"] or t["right"] > t["col"] + 1 or t["left"] < t["colLeft"] - 1
        ]
        assert not wide, f"{name} at {width}px: tables wider than their column: {wide}"
    assert measured >= 10, "the pages hold task tables"


def test_every_area_and_unit_page_fits_a_phone(browser: Browser, site_url: str) -> None:
    """Every area and unit page of the site, at 390 px: all task titles on screen."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_url + "linh-vuc/")
        links = page.evaluate(
            "() => [...document.querySelectorAll('article a')].map(a => a.href)"
            ".filter(h => /\\/(linh-vuc|don-vi)\\/[^/]+\\/$/.test(h))"
        )
        page.goto(site_url + "don-vi/")
        links += page.evaluate(
            "() => [...document.querySelectorAll('article a')].map(a => a.href)"
            ".filter(h => /\\/don-vi\\/[^/]+\\/$/.test(h))"
        )
        assert len(links) >= 6
        total = 0
        for href in sorted(set(links)):
            page.goto(href)
            titles = page.evaluate(_TITLES)
            bad = [t for t in titles if t["clipped"] or t["left"] < 0 or t["right"] > 390]
            assert not bad, f"{href}: {bad[:3]}"
            total += len(titles)
        assert total > 50
    finally:
        context.close()


# --- keyboard -----------------------------------------------------------------------


def test_first_tab_skips_to_the_content(page: Page, real_url: str) -> None:
    page.goto(real_url + "linh-vuc/ii/")
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    # The skip link lands on the page's own title, inside the article.
    assert page.evaluate("document.getElementById(location.hash.slice(1)).closest('article') !== null")
    # Then the agency link and the header, in reading order.
    page.goto(real_url)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.cc-agency') !== null")


def test_sort_buttons_work_with_the_keyboard(page: Page, portal_url: str) -> None:
    # The province table sorts at every width (an area's summary is not shown on phones).
    page.goto(portal_url + "toan-tinh/")
    button = page.locator(".cc-sortable thead th button").first
    button.focus()
    page.keyboard.press("Enter")
    assert page.locator(".cc-sortable thead th").first.get_attribute("aria-sort") == "ascending"
    # Focus is visible where the keyboard is.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


# --- Lighthouse: only the deterministic categories (performance is a benchmark) ------


@pytest.mark.parametrize("path", ["", "linh-vuc/ii/"])
def test_lighthouse_accessibility_best_practices_seo(real_url: str, path: str) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from lighthouse import LIGHTHOUSE, lighthouse

    assert LIGHTHOUSE.exists(), "Lighthouse missing: run `npm ci` (make test does)"
    try:
        scores = lighthouse(real_url + path, ["accessibility", "best-practices", "seo"])
    except subprocess.CalledProcessError as error:
        pytest.fail(f"Lighthouse failed: {error.stderr[-2000:]}")
    assert scores["accessibility"] == 1.0, scores
    assert scores["best-practices"] >= 0.96, scores
    assert scores["seo"] >= 0.95, scores
