"""Heading anchors for Vietnamese: 'Điều hành' -> 'dieu-hanh'. Also a MkDocs hook.

MkDocs imports `slugify` from here by name: mkdocs.yml sets
`toc.slugify: !!python/name:generator.slug.slugify`, so renaming this module or the
function breaks the site build. `fold` is what search and the anchors share.

Python-Markdown's default slugify drops every letter without an ASCII
decomposition, so "đ" vanished ("ieu-hanh"); readers share these links, and
ASCII keeps them short and readable when pasted.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    """Text without Vietnamese diacritics: 'Chữ ký số' -> 'Chu ky so'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(value: str, separator: str = "-") -> str:
    """Slug for a heading, with the signature Python-Markdown's `toc` expects."""
    text = fold(value).lower()
    text = re.sub(r"[^a-z0-9\s-]", "", text)
    return re.sub(r"[\s-]+", separator, text).strip(separator)


def agency(given: str | None, organization: str) -> str:
    """A plan's agency id, the first folder of its prefix: `plan.agency`, or the organization's
    name as a slug. validation refuses a plan whose id is not a usable_agency()."""
    return given or slugify(organization)


def usable_agency(ident: str) -> bool:
    """An agency id that is one plain folder name: letters a-z, digits and hyphens, its own
    slug. A name with no Latin letter (Cyrillic, Chinese) slugs to '' and its plan's prefix
    was '/2099/', at the root of the file system."""
    return bool(ident) and slugify(ident) == ident
