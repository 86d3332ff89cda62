"""A Python-Markdown extension, listed in mkdocs.yml: drop inline syntax our pages never use.

Python-Markdown tries every inline pattern on every text node; at 5,000 tasks an area
page has some 20,000 nodes and the inline step was the largest single cost of the
MkDocs build (benchmarks/README.md). Our pages are generated: staff text is escaped
by `escape.md` (so `[`, `_`, `<` and `\\` in it are character references), and the
templates write links only as `[text](url)`, emphasis only with `*`. The patterns
below can therefore never match; removing them changes no page (tests/test_markdown_lean.py
renders every page both ways) and cuts the MkDocs build's CPU time by about a quarter.

A template that needs one of these (a `[text][ref]` link, `<https://...>`, a line
ending in two spaces, `_emphasis_`) must drop its name from UNUSED.
"""

from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension

UNUSED = (
    "reference",  # [text][ref]
    "short_reference",  # [ref]
    "image_reference",  # ![alt][ref]
    "short_image_ref",  # ![ref]
    "autolink",  # <https://...>
    "automail",  # <name@example.org>
    "linebreak",  # two spaces before a newline
    "em_strong2",  # _emphasis_ and __strong__
)


class LeanInline(Extension):
    """Deregister the inline patterns listed in UNUSED."""

    def extendMarkdown(self, md: Markdown) -> None:
        for name in UNUSED:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)


def makeExtension(**kwargs: object) -> LeanInline:
    return LeanInline(**kwargs)
