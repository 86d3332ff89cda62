"""Escaping text from the YAML for Markdown pages that may contain HTML.

Every character that Markdown, its extensions or HTML could read as syntax is
written as a numeric character reference: `|` cannot split a table cell,
`<script>` shows as text, `*` makes no emphasis. Python-Markdown passes such
references through untouched and browsers (and the search index) read them
back as the characters themselves. The same text is valid HTML, so the
pre-rendered HTML blocks of the pages (generator/pages/markdown_lean.py) use it too.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

# Markdown/HTML syntax characters; letters, digits, spaces and Vietnamese stay as they are.
_SPECIAL = set("&<>\"'`*_[](){}#|\\!~^=+:$%@")
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}


def md(value: object) -> Markup:
    """Text made inert for Markdown and HTML, on one line."""
    if isinstance(value, Markup):
        return value
    return _md_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _md_text(value: str) -> Markup:
    # Cached: titles, unit names and labels appear on several pages and in every table
    # (230,000 calls at 5,000 tasks); Markup is immutable, so one object can be shared.
    text = " ".join(value.split())
    # Templates never start a line with YAML text, so a leading "-" or "1." cannot
    # open a list; newlines are folded above for the same reason.
    return Markup(text.translate(_TABLE))


def attr(value: object) -> Markup:
    """Text safe inside a double-quoted HTML attribute (Markup is already escaped)."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_TABLE))


def nav_title(value: object) -> str:
    """A title for MkDocs' nav: HTML, like the text of a heading.

    MkDocs holds every page title as HTML (taken from the rendered heading) and the
    theme prints titles as such, so a title in the nav is escaped the same way."""
    return str(md(value))
