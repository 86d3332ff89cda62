"""A Python-Markdown extension, listed in mkdocs.yml: a faster Markdown for generated pages.

All three parts exist because Python-Markdown, not MkDocs, is most of the build's time
(benchmarks/README.md). They are a Markdown extension rather than a MkDocs hook so
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
   any parsing, and comes back verbatim in the page: no Markdown, no HTML parser.
   The templates write every table and task block this way (the `html` macro of
   templates/_macros.md.j2): at 5,000 tasks MkDocs takes 2.4 s CPU instead
   of 14.9 s, for the same HTML. Whoever writes such a block owns it: escaped text
   (`escape.md`), and links to pages written as in Markdown, relative to the source
   page (`href="../don-vi/x.md"`, `href="ii.md#II.1.a"`). Under MkDocs this
   extension turns those into URLs with MkDocs' own link processor, which also
   fails `--strict` on a missing page or anchor; Zensical rewrites and checks every
   link of the finished page itself (and would misread a URL already made relative
   to the page's own URL: `./#II.1.a` would become `.././#II.1.a`).

3. Whitespace is normalized as Python-Markdown does it (its first step), without
   scanning the whole page for tabs and for lines of spaces where it has none.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.preprocessors import NormalizeWhitespace, Preprocessor

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


# A link to a source page, relative to this one: `../don-vi/x.md`, `ii.md#II.1.a`.
_PAGE_LINK = re.compile(r'href="([^":?#]+\.md(?:#[^"]*)?)"')


class PrerenderedHtml(Preprocessor):
    """Put each OPEN ... CLOSE block into the HTML stash, as a paragraph of its own."""

    def run(self, lines: list[str]) -> list[str]:
        # list.index finds the marker lines at C speed: 0.02 s at 5,000 tasks, where a
        # regular expression over each page's text takes 0.36 s.
        out: list[str] = []
        links = self._page_links()
        start = 0
        while True:
            try:
                begin = lines.index(OPEN, start)
                end = lines.index(CLOSE, begin + 1)
            except ValueError:  # no more blocks (or an unclosed one, left as it is)
                break
            out += lines[start:begin]
            out += ["", self.md.htmlStash.store(links("\n".join(lines[begin + 1 : end]))), ""]
            start = end + 1
        return out + lines[start:] if start else lines

    def _page_links(self) -> Callable[[str], str]:
        """Links to .md pages in a block become URLs, as in Markdown.

        Under MkDocs, by MkDocs' own link processor ('relpath', registered for each page),
        which also checks the page and the #anchor (`--strict` fails on either). Zensical
        resolves and checks the finished page's links itself; plain Python-Markdown (tests)
        leaves them as written.

        An area page links to each of its tasks' anchors on a few pages: 43,000 links at
        5,000 tasks to some 100 pages. MkDocs resolves each target page once here; each
        anchor is then only registered for MkDocs to check, as its processor does for a
        link it resolves (a third of MkDocs' link work, 0.6 s of its 5 s at 5,000 tasks).
        A page it cannot resolve goes through the processor link by link, which words
        the warning.
        """
        if "relpath" not in self.md.treeprocessors:
            return lambda block: block
        processor = self.md.treeprocessors["relpath"]
        path_to_url: Callable[[str], str] = processor.path_to_url  # type: ignore[attr-defined]
        # Where MkDocs keeps the anchors to check: {target File: {anchor: link}}.
        anchors: dict[object, dict[str, str]] = processor.links_to_anchors  # type: ignore[attr-defined]
        source = processor.file.src_uri  # type: ignore[attr-defined]
        files = processor.files  # type: ignore[attr-defined]
        pages: dict[str, tuple[str, object] | None] = {}
        urls: dict[str, str] = {}

        def resolved(page: str) -> tuple[str, object] | None:
            """The page's URL from this one and its File, or None where MkDocs finds none."""
            if page not in pages:
                where = posixpath.normpath(posixpath.join(posixpath.dirname(source), page))
                target = files.get_file_from_path(where)
                pages[page] = (path_to_url(page), target) if target is not None else None
            return pages[page]

        def url(m: re.Match[str]) -> str:
            link = m.group(1)
            if link not in urls:  # an area page links the same units once per task
                written = html.unescape(link)
                page, _, anchor = written.partition("#")
                found = resolved(page)
                if found is None:
                    urls[link] = html.escape(path_to_url(written))
                else:
                    base, target = found
                    if anchor:
                        anchors.setdefault(target, {}).setdefault(anchor, written)
                    urls[link] = html.escape(f"{base}#{anchor}" if anchor else base)
            return f'href="{urls[link]}"'

        return lambda block: _PAGE_LINK.sub(url, block)


# A line of spaces only, which Python-Markdown empties.
_BLANK_LINE = re.compile(r"(?<=\n) +\n")


class QuickWhitespace(NormalizeWhitespace):
    """Python-Markdown's own first step, the same text out, with its scans of the whole page
    skipped where the page has nothing for them: tabs to expand, lines of spaces to empty.
    That regular expression alone was 0.3 s of MkDocs' 4 s at 5,000 tasks (MBs of pages
    with neither)."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(util.STX, "").replace(util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        if "\t" in source:
            source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = _BLANK_LINE.sub("\n", source)
        return source.split("\n")


class LeanMarkdown(Extension):
    """Drop the inline patterns in UNUSED; pass pre-rendered HTML blocks through; normalize
    whitespace without scanning for what is not there."""

    def extendMarkdown(self, md: Markdown) -> None:
        for name in UNUSED:
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        md.preprocessors.register(QuickWhitespace(md), "normalize_whitespace", 30)
        # After normalize_whitespace (30), which would strip the stash's placeholder
        # characters, and before html_block (20), which would parse the HTML.
        md.preprocessors.register(PrerenderedHtml(md), "cc_prerendered_html", 25)


def makeExtension(**kwargs: object) -> LeanMarkdown:
    return LeanMarkdown(**kwargs)
