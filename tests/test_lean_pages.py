"""generator.pages.lean_pages: MkDocs lets go of each page's Markdown, and the pages are the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT


def test_mkdocs_uses_the_plugin() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert "cc-lean-pages" in config["plugins"]


def _build(tmp: Path, plugins: str) -> dict[str, bytes]:
    docs = tmp / "docs"
    (docs / "linh-vuc").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Trang chủ\n\n[I](linh-vuc/i.md)\n", encoding="utf-8")
    # No title in the nav: MkDocs takes it from the page's first heading, read from its Markdown.
    page = "# Lĩnh vực I: cải cách\n\n## Mục tiêu\n\nChữ.\n"
    (docs / "linh-vuc" / "i.md").write_text(page, encoding="utf-8")
    (tmp / "mkdocs.yml").write_text(
        f"site_name: t\nplugins: [{plugins}]\nmarkdown_extensions: [toc]\n", encoding="utf-8"
    )
    site = tmp / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(tmp / "mkdocs.yml")]
    subprocess.run(command, check=True, env={"SOURCE_DATE_EPOCH": "0", "PATH": "/usr/bin:/bin"})
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*.html"))}


def test_pages_and_their_titles_stay_the_same(tmp_path: Path) -> None:
    lean = _build(tmp_path / "lean", "cc-lean-pages")
    plain = _build(tmp_path / "plain", "")
    assert lean == plain
    assert "<title>Lĩnh vực I: cải cách - t</title>" in lean["linh-vuc/i/index.html"].decode()
