"""generator.pages.markdown_lean drops inline patterns: every page must render exactly as without it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown.preprocessors import NormalizeWhitespace
from mkdocs.utils.yaml import yaml_load

from generator.derive.views import derive
from generator.pages.markdown_lean import CLOSE, OPEN, UNUSED, QuickWhitespace
from generator.pages.render import iter_pages
from generator.plan.check import check

from .conftest import REAL_PLAN, ROOT, SAMPLE_PLAN


def _extensions() -> tuple[list[str], dict[str, Any]]:
    """The markdown_extensions of mkdocs.yml, as MkDocs passes them to Python-Markdown."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The nav is inherited from docs/.nav.yml, written by a build; the extensions are not.
    config = yaml_load("\n".join(line for line in text.splitlines() if not line.startswith("INHERIT:")))
    names: list[str] = []
    configs: dict[str, Any] = {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            (name, options), *_ = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return names, configs


def test_mkdocs_uses_the_extension() -> None:
    names, _ = _extensions()
    assert "generator.pages.markdown_lean" in names


def test_patterns_are_gone() -> None:
    names, configs = _extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    for name in UNUSED:
        assert name not in md.inlinePatterns
    # The ones our pages use stay.
    for name in ("link", "html", "entity", "em_strong", "backtick"):
        assert name in md.inlinePatterns


def _without_markers(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if line not in (OPEN, CLOSE))


def _lines(html: str) -> str:
    # Python-Markdown ends a raw HTML block with a blank line; a stashed block has none.
    return re.sub(r"\n\s*\n", "\n", html)


@pytest.mark.parametrize("plan", [REAL_PLAN, SAMPLE_PLAN], ids=["real", "sample"])
def test_every_page_renders_the_same(plan: Path) -> None:
    """Without the extension (all inline patterns; pre-rendered blocks read as raw HTML by
    Python-Markdown's own HTML parser), every page is the same, up to blank lines."""
    names, configs = _extensions()
    without = [n for n in names if n != "generator.pages.markdown_lean"]
    lean = markdown.Markdown(extensions=names, extension_configs=configs)
    full = markdown.Markdown(extensions=without, extension_configs=configs)
    parsed = check(plan)
    pages = dict(iter_pages(derive(parsed, parsed.plan.as_of)))
    assert len(pages) > 10
    assert any(OPEN in text for text in pages.values())
    for path, text in pages.items():
        mine = lean.reset().convert(text)
        assert OPEN not in mine and CLOSE not in mine, path
        assert _lines(mine) == _lines(full.reset().convert(_without_markers(text))), path


def test_a_pattern_we_dropped_would_show() -> None:
    """The comparison above can fail: text using a dropped syntax renders differently."""
    names, configs = _extensions()
    without = [n for n in names if n != "generator.pages.markdown_lean"]
    text = "Xem <https://example.gov.vn> và _nhấn mạnh_."
    lean = markdown.Markdown(extensions=names, extension_configs=configs).convert(text)
    assert lean != markdown.Markdown(extensions=without, extension_configs=configs).convert(text)


def _lean() -> markdown.Markdown:
    names, configs = _extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def test_prerendered_html_passes_verbatim() -> None:
    block = '<table class="x"><tr><td>*không nhấn* [không phải](link.md) &amp; <b>đậm</td></tr></table>'
    text = f"# Lĩnh vực\n\nTrước *đó*.\n\n{OPEN}\n{block}\n<p>hai dòng</p>\n{CLOSE}\n\n## Điều hành\n\nSau.\n"
    html = _lean().convert(text)
    assert f"{block}\n<p>hai dòng</p>" in html
    assert "<em>đó</em>" in html  # Markdown outside the block still works
    assert 'id="dieu-hanh"' in html and 'class="headerlink"' in html  # and headings keep anchors
    assert OPEN not in html and "\x02" not in html


def test_two_blocks_and_no_block() -> None:
    text = f"{OPEN}\n<i>một</i>\n{CLOSE}\n\ngiữa\n\n{OPEN}\n<i>hai</i>\n{CLOSE}\n"
    html = _lean().convert(text)
    assert html.index("<i>một</i>") < html.index("<p>giữa</p>") < html.index("<i>hai</i>")
    # Without the markers, the same HTML is parsed as usual (and Markdown inside it is not).
    assert _lean().convert("<div>\n*x*\n</div>") == "<div>\n*x*\n</div>"


@given(
    st.lists(st.sampled_from(["a", " ", "\t", "\n", "\r", "\r\n", "  \n", "\x02", "\x03", "ư"]), max_size=40)
)
def test_whitespace_is_normalized_as_python_markdown_does(pieces: list[str]) -> None:
    """QuickWhitespace skips scans where there is nothing for them, and gives the same lines."""
    md = markdown.Markdown()
    lines = "".join(pieces).split("\n")
    assert QuickWhitespace(md).run(list(lines)) == NormalizeWhitespace(md).run(list(lines))
