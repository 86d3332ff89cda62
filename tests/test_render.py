"""The pre-rendered HTML blocks of the pages: no Markdown inside them, links MkDocs resolves."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.derive.views import derive
from generator.pages.markdown_lean import CLOSE, OPEN
from generator.pages.render import iter_pages
from generator.plan.check import check

from .conftest import REAL_PLAN, SAMPLE_PLAN

_BLOCK = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n^{re.escape(CLOSE)}$", re.S | re.M)


def _pages(plan: Path) -> dict[str, str]:
    parsed = check(plan)
    return dict(iter_pages(derive(parsed, parsed.plan.as_of)))


@pytest.mark.parametrize("plan", [REAL_PLAN, SAMPLE_PLAN], ids=["real", "sample"])
def test_html_blocks_hold_no_markdown_and_link_pages_as_markdown_does(plan: Path) -> None:
    """Nothing reads Markdown inside a block: `**` or a `[text](url)` there would show
    literally. Links to pages are relative .md links, which MkDocs (through the extension)
    and Zensical resolve; a URL made by hand would be misread by Zensical."""
    blocks = [b for text in _pages(plan).values() for b in _BLOCK.findall(text)]
    assert len(blocks) > 50
    for block in blocks:
        assert OPEN not in block and CLOSE not in block
        assert "](" not in block and "**" not in block and "\n- " not in block, block[:200]
        for href in re.findall(r'href="([^"]*)"', block):
            if href.startswith(("https://", "mailto:")):
                continue  # evidence and addresses, validated as http(s) and email by the model
            assert re.fullmatch(r"(\.\./)*([\w-]+/)*[\w-]+\.md(#\S+)?", href), href


def test_mkdocs_resolves_and_checks_links_in_blocks(tmp_path: Path) -> None:
    """Under MkDocs the extension turns a block's .md links into URLs, and a link to a
    missing page or anchor fails `mkdocs build --strict` as it does in Markdown."""
    docs = tmp_path / "docs"
    (docs / "linh-vuc").mkdir(parents=True)
    (docs / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nvalidation: {anchors: warn}\n"
        "markdown_extensions: [generator.pages.markdown_lean, attr_list]\n",
        encoding="utf-8",
    )

    def build(links: str) -> subprocess.CompletedProcess[str]:
        page = f"# II\n\n## Nhiệm vụ {{#II.1.a}}\n\n{OPEN}\n<p>{links}</p>\n{CLOSE}\n"
        (docs / "linh-vuc" / "ii.md").write_text(page, encoding="utf-8")
        # Not --quiet: it hides the warnings that --strict turns into a failure.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    built = build(
        '<a href="ii.md#II.1.a">a</a> <a href="../index.md">b</a> <a href="https://x.vn/a.md">c</a>'
    )
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "site" / "linh-vuc" / "ii" / "index.html").read_text(encoding="utf-8")
    assert '<a href="./#II.1.a">a</a> <a href="../../">b</a> <a href="https://x.vn/a.md">c</a>' in html
    # Alone, and after a good link to the same page (whose page MkDocs then knows already).
    cases = ("../khong-co.md", "ii.md#khong-co", "ii.md#II.1.a ii.md#khong-co", "../index.md ../khong-co.md")
    for links in cases:
        broken = build(" ".join(f'<a href="{link}">a</a>' for link in links.split()))
        assert broken.returncode != 0 and "khong-co" in broken.stderr, links
