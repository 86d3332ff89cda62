"""A Python-Markdown extension, listed in mkdocs.yml: heading permalinks off the Tab order.

The toc extension's permalinks (the ¶ after each heading) stay as link targets and for
the mouse, with `tabindex="-1"`: an area page has one per target and task, and a
keyboard user met dozens of them before the content. A Markdown extension rather than a
MkDocs hook, so that Zensical, which runs Python-Markdown extensions, does the same.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


class PermalinksOffTabOrder(Treeprocessor):
    """`tabindex="-1"` on each heading's permalink (toc's `a.headerlink`)."""

    def run(self, root: Element) -> None:
        # Headings are children of the root (pre-rendered blocks are stashed, not parsed).
        for heading in root:
            if heading.tag in _HEADINGS:
                for link in heading.iter("a"):
                    if link.get("class") == "headerlink":
                        link.set("tabindex", "-1")


class Permalinks(Extension):
    """Keep heading permalinks out of the Tab order."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After toc (priority 5), which adds the permalinks.
        md.treeprocessors.register(PermalinksOffTabOrder(md), "cc_permalinks_off_tab_order", 4)


def makeExtension(**kwargs: object) -> Permalinks:
    return Permalinks(**kwargs)
