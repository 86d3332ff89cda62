"""How search reads text, here and in search.js alike: syllables, keys, abbreviations, shards.

Vietnamese readers often type without diacritics ("chu ky so" for "chữ ký số") and "d"
for "đ", so a key is a folded syllable. The index (search.py) is made with these
functions; `generator/pages/templates/assets/javascripts/search.js` reads a query with its
own copy of them, which must give the same keys and hashes (tests/test_browser.py
compares the two).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from ..pages.glossary import STATUS_WORDS, STOP_WORDS, SYNONYMS, expansions
from ..plan.labels import MARKER_LABELS, SHOWN_LABELS
from ..plan.slug import fold

_TOKEN = re.compile(r"[^\W_]+")


def _abbreviation_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    # Only one-syllable forms: the query side expands syllable by syllable.
    table = {form: meaning for form, meaning in expansions().items() if len(_TOKEN.findall(form)) == 1}
    # Longest first, so "MCLT" is not read as "MC" + "LT".
    forms = sorted(table, key=lambda f: (-len(f), f))
    pattern = re.compile(r"(?<![\w&])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w&])")
    return pattern, table


_ABBR, _ABBR_TABLE = _abbreviation_pattern()


def expand(text: str) -> str:
    """Abbreviations written in the plan ("TTHC") read as their meaning."""
    return _ABBR.sub(lambda m: _ABBR_TABLE[m.group(1)], text)


def words(text: str) -> list[str]:
    """Lower-case syllables with their diacritics: 'Chữ ký số' -> ['chữ', 'ký', 'số']."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text).lower())


@functools.cache
def key(word: str) -> str:
    """The index key of a syllable: folded, 'đề' -> 'de' (a plan has a few thousand syllables)."""
    return fold(word)


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the shard of a key (search.js computes the same)."""
    h = 0x811C9DC5
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def status_key(state: str) -> str:
    """The key a task in `state` (a Shown or Marker value) is indexed under: '!overdue'."""
    return "!" + state


def phrase(text: str) -> str:
    """A phrase as the query table looks it up: its folded syllables, one space apart."""
    return " ".join(key(w) for w in words(text))


def stop_words() -> list[str]:
    """The small words a query need not find (meta.json `stop`): search.js takes a word typed
    without diacritics as one of them when it folds alike ('cua' for 'của', but 'cửa' is not)."""
    return sorted({w for text in STOP_WORDS for w in words(text)})


def query_phrases() -> dict[str, list[str]]:
    """What search.js reads a typed phrase as (meta.json `phrases`): its folded syllables ->
    what else it finds, lower case. A synonym is looked for as its own query would be; a
    status word is the key its tasks are indexed under ('qua han' -> ['!overdue'])."""
    table: dict[str, list[str]] = {}
    for typed, also in SYNONYMS.items():
        table[phrase(typed)] = [" ".join(words(typed))] + [" ".join(words(a)) for a in also]
    states = {label: shown.value for shown, label in SHOWN_LABELS.items()}
    states |= {label: marker.value for marker, label in MARKER_LABELS.items()}
    states |= STATUS_WORDS
    for label, state in states.items():
        table[phrase(label)] = [status_key(state)]
    return dict(sorted(table.items()))


def query_abbreviations() -> dict[str, str]:
    """What search.js reads a typed word as (meta.json `abbr`): its key -> the meaning, lower case."""
    return {key(form.lower()): meaning.lower() for form, meaning in sorted(_ABBR_TABLE.items())}
