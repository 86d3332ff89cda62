"""A Python-Markdown extension, listed in mkdocs.yml: a faster Markdown for generated pages.

Both parts exist because Python-Markdown, not MkDocs, is most of the build's time
(benchmarks/README.md). Both are a Markdown extension rather than a MkDocs hook so
that Zensical, which runs Python-Markdown extensions but no MkDocs hooks, builds
the same pages.

1. Inline syntax our pages never use is not tried. Python-Markdown tries every
   inline pattern on every text node (some 20,000 on an area page at 5,000 tasks).
   Staff text is escaped by `escape.md` (`[`, `_`, `<` and `\\` become character
   references) and the templates write links only as `[text](url)`, emphasis only
   with `*`, so the patterns in UNUSED can never match: removing them changes no
   page (tests/test_markdown_lean.py renders every page both ways) and cuts the
   MkDocs build's CPU time by a quarter. A template that needs one of them (a
   `[text][ref]` link, `<https://...>`, a line ending in two spaces, `_emphasis_`)
   must take its name out of UNUSED.

2. HTML the generator already rendered passes untouched. A block written as

       <!--cc:html-->
       ...HTML...
       <!--/cc:html-->

   (markers alone on their lines) goes into Python-Markdown's HTML stash before
   any parsing, and comes back verbatim in the page: no Markdown, no HTML parser,
   no link rewriting. The templates write every table and task block this way (the
   `html` macro of site_templates/_macros.md.j2): at 5,000 tasks MkDocs takes
   2.4 s CPU instead of 14.5 s, for the same HTML. Whoever writes such a block
   owns it: HTML-escaped text, final URLs (MkDocs neither rewrites nor validates
   links inside it; tests/test_links.py checks every href of the built site and
   tests/test_render.py that no block holds Markdown or a link to a .md file).
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

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
OPEN, CLOSE = "<!--cc:html-->", "<!--/cc:html-->"
_BLOCK = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n?^{re.escape(CLOSE)}$", re.S | re.M)


class PrerenderedHtml(Preprocessor):
    """Put each OPEN ... CLOSE block into the HTML stash, as a paragraph of its own."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if OPEN not in text:
            return lines
        stashed = _BLOCK.sub(lambda m: "\n" + self.md.htmlStash.store(m.group(1)) + "\n", text)
        return stashed.split("\n")


class LeanMarkdown(Extension):
    """Drop the inline patterns in UNUSED; pass pre-rendered HTML blocks through."""

    def extendMarkdown(self, md: Markdown) -> None:
        for name in UNUSED:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        # After normalize_whitespace (30), which would strip the stash's placeholder
        # characters, and before html_block (20), which would parse the HTML.
        md.preprocessors.register(PrerenderedHtml(md), "cc_prerendered_html", 25)


def makeExtension(**kwargs: object) -> LeanMarkdown:
    return LeanMarkdown(**kwargs)
