"""Search that admits what it does not know, in a real Chromium, queries typed without diacritics.

A result must hold every meaningful word of the query; when a word is nowhere, the reader
is told which, and the results for the other words wait behind a button. Everyday words
find what the plan writes otherwise (glossary.SYNONYMS), words typed joined are split,
status words list the tasks in that state, the staff guide comes after what citizens
read, and an agency's name finds its plan.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.derive.views import Site, derive
from generator.outputs.search import plan_docs
from generator.outputs.search_keys import expand, key, words
from generator.plan.check import check
from generator.plan.model import Shown

from .conftest import REAL_PLAN, SAMPLE_PLAN
from .test_browser import Session, _search

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    session = Session(browser)
    yield session.page()
    assert not session.failed, session.failed
    session.close()


def _site(path: object) -> Site:
    plan = check(path)  # type: ignore[arg-type]
    return derive(plan, plan.plan.as_of)


def _status(page: Page) -> str:
    return page.locator("#cc-search-results [role=status]").inner_text()


def _texts(page: Page) -> list[str]:
    return page.locator("#cc-search-results a.cc-search__hit").all_inner_texts()


def _ids(links: list[str]) -> set[str]:
    return {link.partition("#")[2] for link in links}


@pytest.fixture(scope="module")
def indexed() -> dict[str, str]:
    """What the index holds of each plan result (a task also holds its target's words),
    by link, folded: the words a result was found by, whether its title shows them or not."""
    return {
        doc.url: " ".join(key(w) for text, _ in [*doc.fields, *doc.shared] for w in words(expand(text)))
        for doc in plan_docs(_site(REAL_PLAN))
    }


def _holds(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


# --- every word found, or named -----------------------------------------------------------


def test_a_word_the_plan_lacks_is_named_and_nothing_is_listed_for_part_of_the_query(
    page: Page, real_url: str
) -> None:
    page.goto(real_url)
    # "an toàn thực phẩm" (food safety): the plan has "an toàn" (cybersecurity), no "thực phẩm".
    assert _search(page, "an toan thuc pham") == []
    assert _status(page).startswith("Không tìm thấy «thuc pham».")
    rest = page.get_by_role("button", name="cho các từ còn lại: «an toan»")
    expect(rest).to_be_visible()
    expect(rest).to_contain_text("Xem ")
    # The rest is asked for, then listed: the cybersecurity target is there.
    rest.click()
    results = page.locator("#cc-search-results")
    expect(results).to_have_attribute("data-query", "an toan")
    expect(page.locator("#cc-search-input")).to_have_value("an toan")
    assert any("an ninh mạng" in text for text in _texts(page)), _texts(page)
    expect(rest).to_be_hidden()


def test_a_typed_word_alone_that_is_nowhere_is_named(page: Page, real_url: str) -> None:
    page.goto(real_url)
    assert _search(page, "khieu") == []
    assert _status(page) == "Không tìm thấy «khieu»."
    expect(page.locator(".cc-search__rest")).to_be_hidden()
    # A misspelt last word: named, the rest offered with its count.
    assert _search(page, "dich vu cong truc tuyn") == []
    assert "«truc tuyn»" in _status(page)
    expect(page.locator(".cc-search__rest")).to_contain_text("«dich vu cong»")


def test_every_result_holds_every_word(page: Page, real_url: str, indexed: dict[str, str]) -> None:
    page.goto(real_url)
    links = _search(page, "cong khai tthc ket qua")
    assert any(link in indexed for link in links), links
    for link in filter(indexed.__contains__, links):
        for word in ("cong", "khai", "thu tuc hanh chinh", "ket", "qua"):
            assert _holds(indexed[link], word), (link, word)


# --- everyday words -------------------------------------------------------------------------


def test_khieu_nai_finds_feedback_and_petitions_not_dong_nai(
    page: Page, real_url: str, indexed: dict[str, str]
) -> None:
    page.goto(real_url)
    links = _search(page, "khieu nai")
    assert links and "Không tìm thấy" not in _status(page)
    # Never the market tasks of "tỉnh Đồng Nai" through "Nai" alone.
    assert not _ids(links) & {"I.1.a", "I.1.b"}, links
    for link in links:
        if link in indexed:  # plan results; the glossary page explains PAKN
            assert _holds(indexed[link], "phan anh") or _holds(indexed[link], "kien nghi"), link
    assert "linh-vuc/ii/#II.4.a" in links[:3], links
    # The synonyms are read exactly as their own queries would be.
    union = set(_search(page, "phan anh")) | set(_search(page, "kien nghi"))
    assert set(_search(page, "khieu nai")) == union


def test_chuyen_doi_so_finds_the_e_government_area(page: Page, real_url: str) -> None:
    page.goto(real_url)
    links = _search(page, "chuyen doi so")
    assert "linh-vuc/vi/" in links[:3], links
    assert sum(link.startswith("linh-vuc/vi/") for link in links) >= 10, links


def test_mot_cua_finds_the_counter_that_receives_and_returns_applications(page: Page, real_url: str) -> None:
    page.goto(real_url)
    links = _search(page, "mot cua")
    # II.2.2.a says "tiếp nhận, giải quyết và trả kết quả", not "một cửa".
    assert "linh-vuc/ii/#II.2.2.a" in links, links


# --- words typed joined ------------------------------------------------------------------------


@pytest.mark.parametrize(("joined", "spaced"), [("motcua", "mot cua"), ("dichvucong", "dich vu cong")])
def test_words_typed_joined_are_split_by_the_index_syllables(
    page: Page, real_url: str, joined: str, spaced: str
) -> None:
    page.goto(real_url)
    expected = _search(page, spaced)
    assert expected
    assert _search(page, joined) == expected
    assert "Không tìm thấy" not in _status(page)


# --- status words ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Site:
    return _site(SAMPLE_PLAN)


@pytest.mark.parametrize(
    ("query", "badge", "holds"),
    [
        ("qua han", "Quá hạn", lambda v: v.state.overdue),
        ("da hoan thanh", "Đã hoàn thành", lambda v: v.state.shown == Shown.DONE),
        ("chua cap nhat", "Chưa cập nhật|chưa có báo cáo", lambda v: v.state.shown == Shown.NOT_REPORTED),
        ("dang thuc hien", "Đang thực hiện", lambda v: v.state.shown == Shown.IN_PROGRESS),
    ],
)
def test_status_words_list_the_tasks_in_that_state(
    page: Page, sample_url: str, sample: Site, query: str, badge: str, holds: object
) -> None:
    expected = {v.task.id for v in sample.tasks if holds(v)}  # type: ignore[operator]
    assert expected, "the sample plan has a task in every state tested"
    page.goto(sample_url)
    links = _search(page, query)
    assert _ids(links) == expected
    assert _status(page) == f"{len(expected)} kết quả."
    for status in page.locator("#cc-search-results a.cc-search__hit").all():
        # "Quá hạn, chưa có báo cáo" is the one badge of an overdue task with no report.
        badges = " ".join(status.locator(".cc-st").all_inner_texts())
        assert any(b in badges for b in badge.split("|")), badges


def test_a_state_no_task_is_in_is_said_plainly(page: Page, real_url: str) -> None:
    done = [v for v in _site(REAL_PLAN).tasks if v.state.shown == Shown.DONE]
    page.goto(real_url)
    links = _search(page, "da hoan thanh")
    if done:  # once the department reports a task done
        assert _ids(links) >= {v.task.id for v in done[:20]}
    else:
        assert links == []
        assert _status(page) == "Không có nhiệm vụ nào «da hoan thanh» trong dữ liệu."


# --- ranking ----------------------------------------------------------------------------------


def test_the_staff_guide_comes_after_citizens_content(page: Page, real_url: str) -> None:
    page.goto(real_url)
    links = _search(page, "bao cao")
    guide = [n for n, link in enumerate(links) if link.startswith("huong-dan/")]
    others = [n for n, link in enumerate(links) if not link.startswith("huong-dan/")]
    assert guide and others, links
    assert max(others) < min(guide), links


def test_an_agency_name_finds_its_plan(browser: Browser, portal_url: str) -> None:
    session = Session(browser)
    page = session.page()
    page.goto(portal_url)
    assert _search(page, "so tu phap")[0] == "so-tu-phap/2023/"
    assert _search(page, "stp")[0] == "so-tu-phap/2023/"
    assert set(_search(page, "so cong thuong")[:2]) == {"so-cong-thuong/2022/", "so-cong-thuong/2023/"}
    assert _search(page, "so cong thuong 2022")[0] == "so-cong-thuong/2022/"
    session.close()
