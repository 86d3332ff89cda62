"""A MkDocs plugin that lets go of each page's Markdown once it is converted.

MkDocs converts every page's Markdown to HTML first, then puts each page into the theme,
and keeps every page's source text (`page.markdown`) to the end of the build, where
nothing reads it again: our area and unit pages are MBs of generated Markdown (at 50,000
tasks `mkdocs build` peaked at 1,582 MiB, 929 MiB without them; benchmarks/README.md).
The text is set to "" rather than None: `Page.title` takes None for "not read yet" and
would read the page again to find its title.
"""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


# MkDocs leaves the __init_subclass__ of Config and BasePlugin unannotated.
class NoOptions(Config):  # type: ignore[no-untyped-call]
    """The plugin has no settings."""


class LeanPages(BasePlugin[NoOptions]):  # type: ignore[no-untyped-call]
    """`plugins: [cc-lean-pages]` in mkdocs.yml (entry point in pyproject.toml)."""

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        page.markdown = ""
        return html
