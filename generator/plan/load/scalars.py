"""The value of one YAML scalar: text (NFC), or what its plain tag makes of it.

Only plain YAML types are built: a `!!python/object` tag is a problem, never called.
Text holding a control character is refused; text holding characters nobody sees keeps
where each of them was written, for the messages that name them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import yaml

from .. import chars
from .places import LINE_BREAK, Places

_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
# PyYAML resolves a bare `=` to `!!value` and a bare `<<` to `!!merge`; as values they are
# just text (`note: =`), not a forbidden tag. (A `<<:` merge key still needs an alias.)
_TEXT_TAGS = {"tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}
ALLOWED_TAGS = _PLAIN_TAGS | _TEXT_TAGS
_STR = "tag:yaml.org,2002:str"

# What PyYAML's reader refuses when written raw (tab and line breaks allowed): refused too
# when written as an escape ("\x07") inside double quotes, since XML (the Atom feed) has
# no such characters.
UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A "\ud800" escape gives a lone surrogate, which no page can be encoded with in UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")

# PyYAML's implicit tags of plain scalars (`yes` -> bool, `1.10` -> float), by first letter.
_IMPLICIT = {
    first: tuple(resolvers + yaml.SafeLoader.yaml_implicit_resolvers.get(None, []))
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_WILDCARD = tuple(yaml.SafeLoader.yaml_implicit_resolvers.get(None, []))
# A `!!map` or `!!seq` scalar cannot be built: kept as the text written, as for `!!bool maybe`.
_CONSTRUCTORS: dict[str, Callable[[Any, yaml.ScalarNode], Any]] = {
    tag: yaml.SafeLoader.yaml_constructors[tag] for tag in _PLAIN_TAGS if not tag.endswith((":map", ":seq"))
}

# Reports a problem about the value an event starts.
Report = Callable[[Any, str], None]


class Scalars:
    """Reads the scalars of one text: values go to the caller, what is kept of them to `places`."""

    def __init__(self, source: str, places: Places, report: Report) -> None:
        self._source = source
        self._places = places
        self._report = report
        self._constructor = yaml.constructor.SafeConstructor()
        self._starts: list[int] | None = None

    def tag_problem(self, event: Any, tag: str) -> None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")  # as written: !!python/...
        self._report(event, f"thẻ YAML '{shown}' không được phép [tag not allowed]")

    def value(self, event: Any, slot: int) -> Any:
        """The value of the scalar `event` at `slot`; None after a problem."""
        text, tag = event.value, event.tag
        if tag is None or tag == "!":
            tag = _STR
            if event.implicit[0]:
                for implicit, pattern in _IMPLICIT.get(text[:1], _WILDCARD):
                    if pattern.match(text):
                        tag = implicit
                        break
        if tag == _STR or tag in _TEXT_TAGS:
            if text.isprintable():  # no control, hidden or line-break character: the usual case
                return unicodedata.normalize("NFC", text)
            return self.text(event, text, slot)
        if tag not in _PLAIN_TAGS:
            self.tag_problem(event, tag)
            return None
        value: Any = text
        construct = _CONSTRUCTORS.get(tag)
        if construct is not None:
            try:
                value = construct(self._constructor, yaml.ScalarNode(tag, text, style=event.style))
            except Exception:
                # e.g. 2022-02-30 matches the date pattern but is no date; keep the text so
                # that validation reports it at this position, in the field's own terms.
                # Any exception: `!!bool maybe` raises KeyError, `!!timestamp abc` AttributeError.
                value = text
        if not isinstance(value, str) and not event.style:  # plain: None (PyYAML) or "" (libyaml)
            self._places.written[slot] = text
        if isinstance(value, int) and value.bit_length() > 63:
            # `0xFFFF...` (thousands of digits) would make str() and repr() raise later.
            self._report(event, "số quá lớn [number too large]")
            return None
        return self.text(event, value, slot) if isinstance(value, str) else value

    def text(self, event: Any, value: str, slot: int | None = None) -> str:
        """`value` read as text (NFC); a control character is a problem. For a value at
        `slot` (not a key), where its hidden characters are is kept in places.hidden."""
        hidden = UNPRINTABLE.search(value)
        if hidden is None:
            if slot is not None and not value.replace("\n", "").replace("\t", "").isprintable():
                self._places.hidden[slot] = self._hidden_at(event, value)
            return unicodedata.normalize("NFC", value)
        if _SURROGATE.search(value):
            self._report(event, "có ký tự không hợp lệ (\\uD800-\\uDFFF) [invalid character]")
            return ""
        code = f"#x{ord(hidden.group()):04x}"
        self._report(
            event,
            f"ký tự điều khiển {code} không được phép (ở ký tự thứ {hidden.start() + 1}), hãy xóa nó "
            "[control character]",
        )
        return ""

    def _hidden_at(self, event: Any, value: str) -> tuple[tuple[int, int], ...]:
        """(line, col) of each hidden character of `value` but Tab and line breaks, in the file.

        Found in the text between the scalar's marks; () unless that text holds the same
        hidden characters in the same order (one was written as an escape, "\\u200b").
        """
        wanted = [ch for _, ch in chars.hidden(value) if ch not in chars.LAYOUT]
        start, end = self._offset(event.start_mark), self._offset(event.end_mark)
        found = [(at, ch) for at, ch in chars.hidden(self._source[start:end]) if ch not in chars.LAYOUT]
        if [ch for _, ch in found] != wanted:
            return ()
        return tuple(self._line_col(start + at) for at, _ in found)

    def _offset(self, mark: Any) -> int:
        line: int = mark.line
        return self._line_starts()[line] + int(mark.column)

    def _line_col(self, offset: int) -> tuple[int, int]:
        starts = self._line_starts()
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def _line_starts(self) -> list[int]:
        """Where each line of the text starts, counted once when a hidden character is found."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in LINE_BREAK.finditer(self._source))]
        return self._starts
