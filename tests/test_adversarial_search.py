"""Search, typed words that name what every JavaScript object has: ordinary words.

The index is JSON objects, and search.js looked words up in them: typed `constructor`
found the object prototype's own function and search stopped with "Không tải được chỉ
mục tìm kiếm."; a result whose title held the word stopped the list of any query that
found it (highlighting asked the abbreviations about each word of the title).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, expect

from .conftest import SAMPLE_PLAN, _serve, build_site

pytestmark = pytest.mark.browser

# Properties of Object.prototype (and one of the index's own field names), as staff might
# write them in a task about software.
WORDS = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf", "abbr"]
TITLE = "Rà soát mã nguồn phần mềm: " + ", ".join(WORDS)
FAILED = "Không tải được chỉ mục tìm kiếm."


def _first_task(data: dict[str, Any]) -> dict[str, Any]:
    area = data["areas"][0]
    targets = [t for g in area.get("groups", []) for t in g["targets"]] + area.get("targets", [])
    task: dict[str, Any] = targets[0]["tasks"][0]
    return task


@pytest.fixture(scope="module")
def task_id() -> str:
    return str(_first_task(yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8")))["id"])


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    _first_task(data)["title"] = TITLE
    work = tmp_path_factory.mktemp("search-words")
    plan = work / "plan.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    yield from _serve(build_site(plan, work))


@pytest.mark.parametrize("word", [*WORDS, "Constructor", "constructor toString"])
def test_words_of_javascript_objects_are_found_like_any_word(
    browser: Browser, site_url: str, task_id: str, word: str
) -> None:
    context = browser.new_context()
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url)
    box = page.get_by_role("searchbox", name="Tìm nhiệm vụ, mục tiêu, đơn vị")
    box.fill(word)
    count = page.locator("#cc-search-results [role=status]")
    expect(count).not_to_be_empty()
    assert count.text_content() != FAILED
    results = page.locator("#cc-search-results")
    expect(results).to_have_attribute("data-query", word)
    hits = results.locator("a.cc-search__hit")
    hrefs = hits.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert any(h.endswith(f"#{task_id}") for h in hrefs), hrefs
    title = hits.nth(hrefs.index(next(h for h in hrefs if h.endswith(f"#{task_id}"))))
    expect(title.locator(".cc-search__title")).to_have_text(TITLE)
    assert errors == []
    context.close()
