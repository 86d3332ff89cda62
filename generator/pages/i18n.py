"""The pages' two languages: every interface word in Vietnamese and in English.

The Vietnamese text is the msgid, written where it is used (templates, plan/labels.py);
the English is a gettext catalog, locale/en/LC_MESSAGES/messages.po, read with Babel
(the library Python projects use for catalogs and for dates in each locale's format).
Jinja's i18n extension (`{% trans %}`, `_()`) asks `gettext` here; so does the Python
that builds badges and deadlines (markup.py). The language of the page being rendered is
held by `language()`, so one Jinja environment serves both editions.

tests/test_english_edition.py fails when a msgid of the templates or labels has no English.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po
from markupsafe import Markup

from ..plan.dates import quarter_label, vn_date
from ..plan.english import EN, LANGS, VI, Lang
from .escape import md

__all__ = ["EN", "LANGS", "VI", "Lang", "catalog", "gettext", "language"]

LOCALE = Path(__file__).resolve().parent / "locale"
# The edition being rendered: set by `language()` around a page, Vietnamese otherwise.
_LANG: ContextVar[Lang] = ContextVar("cc_lang", default=VI)


def catalog_path(lang: Lang) -> Path:
    """Where the catalog of `lang` is: locale/en/LC_MESSAGES/messages.po."""
    return LOCALE / lang / "LC_MESSAGES" / "messages.po"


@functools.cache
def catalog(lang: Lang) -> dict[str, str]:
    """msgid -> msgstr of `lang`'s catalog (fuzzy and empty entries left out: not reviewed)."""
    with catalog_path(lang).open("rb") as po:
        read = read_po(po)
    return {
        m.id: m.string
        for m in read
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    }


@contextmanager
def language(lang: Lang) -> Iterator[None]:
    """Render in `lang` inside the block."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def current() -> Lang:
    """The language of the page being rendered."""
    return _LANG.get()


def english_page() -> bool:
    """Whether the page being rendered is the English edition's."""
    return _LANG.get() == EN


def gettext(message: str) -> str:
    """`message` (Vietnamese) in the current language; itself when the catalog lacks it
    (which tests/test_english_edition.py does not let happen)."""
    lang = _LANG.get()
    return message if lang == VI else catalog(lang).get(message, message)


_ = gettext


class _PageText(Markup):
    """Our own words: `%` fills them with values escaped for Markdown too (escape.md)."""

    @classmethod
    def escape(cls, s: object) -> _PageText:
        return cls(md(s))


def template_gettext(message: str, **values: object) -> Markup:
    """`_()` and `{% trans %}` in templates: our translated words, as Markup, with `values`
    (what the page fills in) escaped for Markdown and HTML like any other value."""
    if not values:  # a label: the same Markup every time (a few per task of every page)
        return _words(_LANG.get(), message)
    # As Jinja's newstyle gettext: always formatted, so `%%` (a `%` in a trans block) reads `%`.
    return Markup(_PageText(gettext(message)) % values)


@functools.lru_cache(maxsize=4096)
def _words(lang: Lang, message: str) -> Markup:
    with language(lang):
        return Markup(_PageText(gettext(message)) % {})


def date_text(day: dt.date) -> str:
    """A date as readers of the current language write it: 31/12/2022, 31 Dec 2022."""
    return _date_text(_LANG.get(), day)


@functools.lru_cache(maxsize=1 << 14)
def _date_text(lang: Lang, day: dt.date) -> str:
    # Cached: a plan has a few hundred distinct dates, shown 50,000 times at 5,000 tasks,
    # and Babel's format_date was a tenth of the English edition's time.
    if lang == EN:
        return format_date(day, "d MMM y", locale="en")
    return vn_date(day)


def quarter_text(quarter: str) -> str:
    """A quarter ('2022-Q3') as readers write it: Quý III/2022, Q3 2022."""
    if _LANG.get() == EN:
        year, number = quarter.split("-Q")
        return f"Q{number} {year}"
    return quarter_label(quarter)


def number_text(value: float) -> str:
    """A number as readers write it: 92,5 in Vietnamese, 92.5 in English (never 96.0)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if _LANG.get() == EN else text.replace(".", ",")


# Words of plan/labels.py said to staff only (check's messages, the guide, the schema), which
# the public pages never show: they have no English.
STAFF_WORDS = frozenset({"FIELD_LABELS", "FIELD_WORDS", "ITEM_WORDS", "PERCENT_RULE"})


def msgids() -> set[str]:
    """Every msgid the pages ask for: `{% trans %}` and `_()` of the templates, `_()` of the
    Python here (generator/pages), the labels of plan/labels.py and the theme's words. What
    tests/test_english_edition.py holds the catalog to (and what to copy into it when adding words)."""
    from babel.messages.extract import extract_python
    from jinja2.ext import babel_extract

    from ..derive import routes
    from ..plan import labels
    from .env import TEMPLATES
    from .render import THEME_WORDS

    found: set[str] = set()
    options = {"trimmed": "true", "trim_blocks": "true", "lstrip_blocks": "true", "newstyle_gettext": "true"}
    for template in sorted(TEMPLATES.glob("*.j2")):
        with template.open("rb") as source:
            for _line, _func, message, _comments in babel_extract(source, ("_", "gettext"), [], options):
                # newstyle gettext calls carry their keyword values as a second item (None)
                found.update(m for m in (message if isinstance(message, tuple) else [message]) if m)
    for module in sorted(Path(__file__).parent.glob("*.py")):
        with module.open("rb") as source:
            for found_at in extract_python(source, {"_": None}, [], {}):
                func, text = found_at[1], found_at[2]
                if func == "_" and isinstance(text, str):
                    found.add(text)
    for name, value in vars(labels).items():
        if name in STAFF_WORDS:
            continue
        if name.endswith("_LABELS") and isinstance(value, dict):
            found.update(value.values())
        elif name.isupper() and isinstance(value, str) and "ICON" not in name:
            found.add(value)
    found.update(THEME_WORDS.values())
    found.update(title for title, _page in routes.PLAN_NAV)
    return found
