"""The pre-rendered HTML blocks of the pages: final URLs, no Markdown left inside them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.utils import get_relative_url

from generator import routes
from generator.derive import derive
from generator.markdown_lean import CLOSE, OPEN
from generator.pipeline import check
from generator.render import relative_url, render_pages

from .conftest import REAL_PLAN, SAMPLE_PLAN

_BLOCK = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n^{re.escape(CLOSE)}$", re.S | re.M)


def _pages(plan: Path) -> dict[str, str]:
    parsed = check(plan)
    return render_pages(derive(parsed, parsed.plan.as_of))


def _mkdocs_url(page: str) -> str:
    """A page's URL as MkDocs' File.url has it (the home page is './', not '')."""
    return routes.url(page) or "./"


@pytest.mark.parametrize("prefix", ["", "so-cong-thuong/2023/"])
def test_relative_url_is_the_one_mkdocs_writes(prefix: str) -> None:
    pages = [*_pages(SAMPLE_PLAN), routes.PROVINCE]
    for here in pages:
        for target in pages:
            mine = relative_url(routes.url(prefix + target), routes.url(prefix + here))
            assert mine == get_relative_url(_mkdocs_url(prefix + target), _mkdocs_url(prefix + here)), (
                here,
                target,
            )
    assert relative_url("linh-vuc/ii/", "linh-vuc/ii/") == "./"
    assert relative_url("", "linh-vuc/ii/") == "../../"
    with pytest.raises(ValueError):
        relative_url("atom.xml", "")


@pytest.mark.parametrize("plan", [REAL_PLAN, SAMPLE_PLAN], ids=["real", "sample"])
def test_html_blocks_hold_final_urls_and_no_markdown(plan: Path) -> None:
    """MkDocs neither rewrites nor reads what is inside a block: a Markdown link or `**`
    there would show literally, and a link to a .md file would be broken."""
    blocks = [b for text in _pages(plan).values() for b in _BLOCK.findall(text)]
    assert len(blocks) > 50
    for block in blocks:
        assert OPEN not in block and CLOSE not in block
        assert "](" not in block and "**" not in block and "\n- " not in block, block[:200]
        for href in re.findall(r'href="([^"]*)"', block):
            if href.startswith("https://"):
                continue  # evidence, validated as http(s) by the model
            # A directory URL relative to the page ('./', '../../don-vi/x/', 'linh-vuc/ii/#id').
            assert re.fullmatch(r"(\./|(\.\./)*([\w-]+/)*)(#\S+)?", href), href
            assert href.split("#")[0], href
