"""A MkDocs plugin that stops the build when plan text became markup around a page.

The generator escapes every text it writes (escape.py), but the <title>, header, nav,
table of contents and footer of a page are printed by the theme, through Jinja filters
that may undo escaping: Material's `page.title | striptags` turns an area title's
`&#60;/title&#62;` back into a real `</title>`, and a script after it would run.
overrides/main.html prints titles escaped again; this plugin checks the pages it made.

In the theme's part of each page (the page without its Markdown content), the titles
and names it was given (page, nav and table-of-contents titles, front matter, site
name) must never stand as written when they hold `<` or a quote: only their escaped
form may. The page holds one <title>, and only text in it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator

from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

# A text holding one of these is markup when it appears unescaped in HTML.
MARKUP = ("<", '"', "'")


# MkDocs leaves the __init_subclass__ of Config and BasePlugin unannotated.
class NoOptions(Config):  # type: ignore[no-untyped-call]
    """The check has no settings."""


class TextStaysText(BasePlugin[NoOptions]):  # type: ignore[no-untyped-call]
    """`plugins: [cc-text-stays-text]` in mkdocs.yml (entry point in pyproject.toml)."""

    def __init__(self) -> None:
        self.nav: Navigation | None = None

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        self.nav = nav

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> None:
        content = page.content or ""
        at = output.find(content) if content else -1
        theme = output[:at] + output[at + len(content) :] if at >= 0 else output
        texts = [page.title or "", *_toc_titles(page.toc)]
        plain = [str(v) for v in (page.meta or {}).values() if isinstance(v, str)]
        check(theme, page.file.src_uri, self._site_texts(config) + texts, plain)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> None:
        if template_name.endswith(".html"):
            check(output_content, template_name, self._site_texts(config), [])

    def _site_texts(self, config: MkDocsConfig) -> list[str]:
        """Titles every page shows: the nav's and the site's (HTML, as MkDocs holds them).

        Read at each page: a nav page's title may come from its heading, known once its
        Markdown is rendered."""
        nav = _nav_titles(self.nav.items) if self.nav else []
        return [*nav, config.site_name, config.site_description or ""]


def _nav_titles(items: Iterable[object]) -> Iterator[str]:
    for item in items:
        title = getattr(item, "title", None)
        if title:
            yield title
        if isinstance(item, Section):
            yield from _nav_titles(item.children)


def _toc_titles(items: Iterable[AnchorLink]) -> Iterator[str]:
    for item in items:
        yield item.title
        yield from _toc_titles(item.children)


def check(theme: str, where: str, titles: Iterable[str], plain: Iterable[str]) -> None:
    """Raise PluginError when a text stands unescaped in `theme` or <title> holds markup.

    `titles` are HTML as MkDocs holds them (entities for special characters); `plain`
    are texts the theme escapes itself (front matter)."""
    lower = theme.lower()
    if lower.count("<title") != 1 or lower.count("</title") != 1:
        raise PluginError(_message(where, "thẻ <title> bị tách"))
    start = lower.index("<title")
    inside = lower[lower.index(">", start) + 1 : lower.index("</title")]
    if "<" in inside:
        raise PluginError(_message(where, "thẻ <title> chứa mã HTML"))
    for text in {*(html.unescape(t) for t in titles), *plain}:
        if any(c in text for c in MARKUP) and text.lower() in lower:
            raise PluginError(_message(where, f"chữ {text!r} hiện nguyên dạng, không được thoát ký tự"))


def _message(where: str, what: str) -> str:
    return (
        f"{where}: chữ của kế hoạch thành mã HTML trong phần giao diện (tiêu đề, menu, mục lục): "
        f"{what}. Các mẫu trong overrides/ phải in chữ đã thoát ký tự (bộ lọc `e`) "
        "[plan text became markup in the theme: print it escaped]"
    )
