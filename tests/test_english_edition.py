"""The English edition (issue 19): the same pages under en/, their language, the switch
between the two editions, hreflang, the catalog of interface words, search and axe on the
English pages, in a real MkDocs build and a real headless Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from generator.derive import routes
from generator.pages.i18n import EN, catalog, language, msgids

from .test_a11y import PAGE_TYPES, _axe

ENGLISH = routes.ENGLISH
# A page of each kind, by its path in the Vietnamese edition: the accessibility test's,
# without the guide (Vietnamese only) and with the contact page.
PAGES = {**{kind: path for kind, path in PAGE_TYPES.items() if kind != "guide"}, "contact": "lien-he/"}
WIDTHS = (390, 1280)
PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


# --- the catalog -------------------------------------------------------------------------


def test_every_interface_word_has_its_english() -> None:
    """Every msgid of the templates, labels, pages' Python and theme words is in the catalog."""
    wanted = msgids()
    assert len(wanted) > 150, "the extraction found the templates' words"
    missing = sorted(wanted - catalog(EN).keys())
    assert not missing, "thiếu bản tiếng Anh trong generator/pages/locale/en/LC_MESSAGES/messages.po: " + (
        json.dumps(missing, ensure_ascii=False, indent=1)
    )


def test_english_keeps_every_placeholder() -> None:
    """A msgstr fills in the same values as its msgid (a lost %(url)s would drop a link)."""

    def names(text: str) -> set[str]:
        return {a or b for a, b in PLACEHOLDER.findall(text)}

    wrong = {vi: en for vi, en in catalog(EN).items() if names(vi) != names(en)}
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)


def test_a_word_added_without_english_is_caught(tmp_path: Path) -> None:
    """The completeness check sees a {% trans %} block the catalog lacks."""
    from jinja2.ext import babel_extract

    template = tmp_path / "new.md.j2"
    template.write_text("{% trans %}Một câu mới chưa dịch{% endtrans %}\n", encoding="utf-8")
    with template.open("rb") as source:
        found = [m for _l, _f, m, _c in babel_extract(source, ("_", "gettext"), [], {"trimmed": "true"})]
    assert found and found[0] not in catalog(EN)


def test_dates_and_numbers_in_each_language() -> None:
    import datetime as dt

    from generator.pages.i18n import date_text, number_text, quarter_text

    day = dt.date(2022, 12, 31)
    assert (date_text(day), number_text(92.5), quarter_text("2022-Q3")) == (
        "31/12/2022",
        "92,5",
        "Quý III/2022",
    )
    with language(EN):
        assert (date_text(day), number_text(92.5), quarter_text("2022-Q3")) == (
            "31 Dec 2022",
            "92.5",
            "Q3 2022",
        )


# --- the built site ----------------------------------------------------------------------


def _head(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_each_page_has_its_language_and_both_hreflang(sample_site: Path, name: str) -> None:
    path = PAGES[name]
    for lang, where in (("vi", path), ("en", ENGLISH + path)):
        html = _head(sample_site, where)
        assert f'<html lang="{lang}"' in html, where
        links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))
        assert links["vi"].endswith("/" + path) and links["x-default"] == links["vi"], (where, links)
        assert links["en"].endswith("/" + ENGLISH + path), (where, links)


def test_english_pages_are_in_english(sample_site: Path) -> None:
    home = _head(sample_site, ENGLISH)
    assert "Overall status" in home and "Tình hình chung" not in home
    assert "Not yet updated" in home
    assert re.search(r"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}", home)
    area = _head(sample_site, ENGLISH + "linh-vuc/ii/")
    assert "Deadline:" in area and "Thời hạn:" not in area


def test_the_guide_stays_vietnamese_and_is_linked(sample_site: Path) -> None:
    """The staff guide has no English page; the English method page links the Vietnamese one."""
    assert not (sample_site / ENGLISH / "huong-dan").exists()
    method = _head(sample_site, ENGLISH + "cach-tinh/")
    assert 'href="../../huong-dan/"' in method


def test_switch_keeps_the_page_both_ways(browser: Browser, sample_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in ("linh-vuc/ii/", "don-vi/van-phong/", "cap-nhat/", ""):
            page.goto(sample_url + path)
            page.get_by_role("link", name="English").click()
            expect(page).to_have_url(sample_url + ENGLISH + path)
            assert page.evaluate("document.documentElement.lang") == "en"
            page.get_by_role("link", name="Tiếng Việt").click()
            expect(page).to_have_url(sample_url + path)
            assert page.evaluate("document.documentElement.lang") == "vi"
    finally:
        context.close()


@contextmanager
def _english_search(browser: Browser, sample_url: str, query: str) -> Iterator[tuple[Page, Locator]]:
    """The sample site's English home at 1280 px with `query` typed in its search box: the
    page and its results, once they answer that query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(sample_url + ENGLISH)
        page.get_by_role("searchbox", name="Find tasks, targets, units").fill(query)
        results = page.locator("#cc-search-results")
        expect(results).to_have_attribute("data-query", query)
        yield page, results
    finally:
        context.close()


def test_search_on_english_pages_speaks_english_and_stays_in_english(
    browser: Browser, sample_url: str
) -> None:
    with _english_search(browser, sample_url, "II.1.6.a") as (page, results):
        count = page.locator(".cc-search__count").inner_text()
        assert "result" in count, count
        first = results.locator("a.cc-search__hit").first.get_attribute("href") or ""
        assert "/" + ENGLISH + "linh-vuc/" in first, first


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def english_page(request: pytest.FixtureRequest, browser: Browser) -> Page:
    context = browser.new_context(locale="en-GB", viewport={"width": request.param, "height": 844})
    request.addfinalizer(context.close)
    return context.new_page()


def test_axe_finds_nothing_on_english_pages(english_page: Page, sample_url: str) -> None:
    problems = {}
    for name, path in PAGES.items():
        english_page.goto(sample_url + ENGLISH + path)
        found = _axe(english_page)
        if found:
            problems[name] = found
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_axe_finds_nothing_with_english_search_results(english_page: Page, sample_url: str) -> None:
    english_page.goto(sample_url + ENGLISH + "linh-vuc/ii/")
    box = english_page.get_by_role("searchbox", name="Find tasks, targets, units")
    if not box.is_visible():
        english_page.get_by_role("button", name="Search").click()
    box.fill("II.2")
    expect(english_page.locator("#cc-search-results")).to_have_attribute("data-query", "II.2")
    assert not _axe(english_page)


# Letters only Vietnamese writes (the plan's text is Vietnamese; English never uses them).
_VIETNAMESE_TEXT_OUTSIDE_LANG_VI = """() => {
  const vi = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ]/i;
  const found = [];
  for (const root of document.querySelectorAll('article, .cc-agency')) {
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (!vi.test(n.textContent)) continue;
      const holder = n.parentElement.closest('[lang]');
      if (!holder || holder.lang !== 'vi') found.push(n.textContent.trim().slice(0, 60));
    }
  }
  return found;
}"""
# Some text of the real plan, and the marker beside it, on each English page kind.
_MARKED = "() => document.querySelectorAll('article [lang=vi] + .cc-untranslated').length"


def test_real_plan_english_pages_mark_every_untranslated_text(browser: Browser, real_url: str) -> None:
    """The real plan has no English text: every Vietnamese word on its English pages is in
    an element of lang="vi", and the article says "(Vietnamese original)" beside it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        unmarked = {}
        for name, path in PAGES.items():
            page.goto(real_url + ENGLISH + path)
            assert page.evaluate("document.documentElement.lang") == "en", name
            found = page.evaluate(_VIETNAMESE_TEXT_OUTSIDE_LANG_VI)
            if found:
                unmarked[name] = found[:5]
            if name in ("home", "area", "unit", "source"):
                assert page.evaluate(_MARKED) > 0, name
        assert not unmarked, json.dumps(unmarked, ensure_ascii=False, indent=1)
    finally:
        context.close()


def test_english_text_shown_where_the_plan_gives_it(sample_site: Path) -> None:
    """The sample plan's English fields replace the Vietnamese on English pages, unmarked."""
    area = _head(sample_site, ENGLISH + "linh-vuc/ii/")
    assert "Administrative procedure reform" in area
    assert "Cải cách thủ tục hành chính</h1>" not in area
    assert "Cải cách thủ tục hành chính" in _head(sample_site, "linh-vuc/ii/")
    # A task's items too (VII.1.a gives items_en); they were shown in Vietnamese, unmarked.
    items = _head(sample_site, ENGLISH + "linh-vuc/vii/")
    assert "<li>Administrative reform plan</li>" in items and "<li>Kế hoạch CCHC</li>" not in items


def test_english_query_finds_its_task_on_english_pages(browser: Browser, sample_url: str) -> None:
    with _english_search(browser, sample_url, "online public services") as (_, results):
        hrefs = results.locator("a.cc-search__hit").evaluate_all("as => as.map(a => a.href)")
        assert any(h.endswith("/" + ENGLISH + "linh-vuc/ii/#II.1.6.a") for h in hrefs), hrefs
