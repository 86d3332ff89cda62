"""Mechanical slips: characters in YAML's own places that look right and are not.

A no-break space pasted from Word after `status:`, a zero-width space or a byte-order mark
before a line's indentation, Word's curly quotes “ ” around a value, a fullwidth colon ：
typed with a Vietnamese keyboard: the line looks right on screen, and YAML reads it as
something else. Each is found here with its line and column and the one way to repair
it; the syntax advice names the one that broke the file (load/syntax.py) and `tidy`
repairs them all (plan/tidy.py). Only YAML's places are looked at (indentation, the
`- ` of an item, a key and the gap after its colon, the quotes around a value, the gaps
of a `{...}`/`[...]`): text inside a value stays as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import chars

# Lines holding none of these have no slip: the scan looks at those lines only.
_SUSPECT = re.compile(
    "[\t\u00a0\u1680\u2000-\u200f\u202a-\u202f\u205f-\u2064\u2066-\u2069\u3000\ufeff\u00ad\u061c“”„‘’：]"
)
CURLY_OPEN = "“”„‘’"
CURLY_CLOSE = "“”‘’"
FULLWIDTH_COLON = "："
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_AFTER_VALUE = re.compile(r"[ \t]*(#.*)?")


def _junk(ch: str) -> bool:
    """A space that is not a space to YAML, or a character nobody sees."""
    return ch != " " and unicodedata.category(ch) in ("Zs", "Cf")


def _clean(gap: str) -> str:
    """Odd spaces become spaces; characters nobody sees go."""
    return "".join(" " if unicodedata.category(ch) == "Zs" else "" if _junk(ch) else ch for ch in gap)


@dataclass(frozen=True)
class Slip:
    """One repair: at (line, col), 1-based, `old` becomes `new`; `place` says where, in words."""

    line: int
    col: int
    old: str
    new: str
    place: str  # "indent", "dash", "key", "colon", "after-colon", "quote", "flow"

    @property
    def characters(self) -> str:
        """The odd characters of `old`, named: '"dấu cách không ngắt dòng" (U+00A0 no-break space)'."""
        odd = dict.fromkeys(ch for ch in self.old if ch == "\t" or self._odd(ch))
        return ", ".join(chars.name(ch) for ch in odd)

    @property
    def breaks(self) -> bool:
        """Whether YAML may read the line otherwise than it looks (a Tab between words does not)."""
        return any(self._odd(ch) for ch in self.old)

    @staticmethod
    def _odd(ch: str) -> bool:
        return _junk(ch) or ch in CURLY_OPEN + FULLWIDTH_COLON


def _gap(line: str, start: int) -> int:
    """End of the run of spaces and odd characters that starts at `start`."""
    end = start
    while end < len(line) and (line[end] in " \t" or _junk(line[end])):
        end += 1
    return end


def _edit(found: list[Slip], number: int, line: str, start: int, end: int, new: str, place: str) -> None:
    if line[start:end] != new:
        found.append(Slip(number, start + 1, line[start:end], new, place))


def _quoted(value: str) -> str:
    """Raw text in YAML double quotes."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _value_quotes(found: list[Slip], number: int, line: str, start: int) -> None:
    """A value between curly quotes (or a straight quote closed by a curly one): straight quotes."""
    first = line[start : start + 1]
    if first not in CURLY_OPEN + '"':
        return
    for end in range(start + 1, len(line)):
        last = line[end]
        if last not in CURLY_CLOSE + '"' or not _AFTER_VALUE.fullmatch(line, end + 1):
            continue
        inner = line[start + 1 : end]
        if first == '"' and last == '"':
            return  # a straight-quoted value: YAML's own
        if first == '"':
            if re.search(r'(?<!\\)(\\\\)*"', inner):
                return  # the straight quote closed before: the curly one is text
            new = '"' + inner + '"'
        else:
            new = _quoted(inner)
        _edit(found, number, line, start, end + 1, new, "quote")
        return


_FLOW_QUOTED = re.compile(r"(?<=[\[{,:])([ \t]*)([“”„‘’])([^“”‘’\"\n]*?)([“”‘’])(?=[ \t]*[,\]}])")


def _flow(found: list[Slip], number: int, line: str, start: int) -> None:
    """The gaps and curly-quoted items of a one-line `{...}` or `[...]`."""
    quote = ""
    quoted: list[range] = []  # straight-quoted text: its curly quotes are text
    opened = i = start
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
                quoted.append(range(opened, i + 1))
        elif ch in "\"'":
            quote, opened = ch, i
        elif ch == "#" and line[i - 1 : i] in (" ", "\t"):
            break
        elif _junk(ch):
            end = _gap(line, i)
            before, after = line[i - 1 : i], line[end : end + 1]
            if before in "[{,:" or after in "]},:":
                _edit(found, number, line, i, end, _clean(line[i:end]), "flow")
            i = end
            continue
        i += 1
    if quote:
        quoted.append(range(opened, len(line)))
    for match in _FLOW_QUOTED.finditer(line, start):
        if any(match.start(2) in span for span in quoted):
            continue
        _edit(found, number, line, match.start(2), match.end(4), _quoted(match[3]), "quote")


def line_slips(number: int, line: str) -> list[Slip]:
    """The slips of one line (without its line break), left to right."""
    found: list[Slip] = []
    i = _gap(line, 0)
    # Tabs in the indentation are YAML's own error (syntax._tab): only odd characters here.
    _edit(found, number, line, 0, i, _clean(line[:i]), "indent")
    if i >= len(line) or line[i] == "#":
        return found
    while line[i : i + 1] == "-" and (i + 1 == len(line) or line[i + 1] in " \t" or _junk(line[i + 1])):
        end = _gap(line, i + 1)
        new = _clean(line[i + 1 : end]).replace("\t", " ") or (" " if end < len(line) else "")
        _edit(found, number, line, i + 1, end, new, "dash")
        i = end
    key = re.match(r"[^\s:：#\"'{}\[\],]+(?:[^:：#\"'{}\[\]\n]*?)(?=[:：])", line[i:])
    if key:
        written = key[0]
        stripped = _clean(written).strip()
        colon = i + len(written)
        if _KEY.fullmatch(stripped) and (
            line[colon] == FULLWIDTH_COLON
            or colon + 1 == len(line)
            or line[colon + 1] in " \t"
            or _junk(line[colon + 1])
        ):
            if "".join(ch for ch in written if not _junk(ch)) != written:
                _edit(found, number, line, i, colon, "".join(ch for ch in written if not _junk(ch)), "key")
            if line[colon] == FULLWIDTH_COLON:
                _edit(found, number, line, colon, colon + 1, ":", "colon")
            end = _gap(line, colon + 1)
            # A Tab after the colon is valid YAML, but the file is written with spaces.
            gap = _clean(line[colon + 1 : end]).replace("\t", " ")
            if not gap and end < len(line):
                gap = " "
            _edit(found, number, line, colon + 1, end, gap, "after-colon")
            i = end
    if i < len(line) and line[i] in "[{":
        _flow(found, number, line, i)
    else:
        _value_quotes(found, number, line, i)
    return sorted(found, key=lambda slip: slip.col)


def slips(text: str, last_line: int | None = None) -> list[Slip]:
    """Every slip of `text` (line breaks already LF), in file order, up to `last_line` if given."""
    found: list[Slip] = []
    if not _SUSPECT.search(text):
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        if last_line is not None and number > last_line:
            break
        if _SUSPECT.search(line):
            found += line_slips(number, line)
    return found


def repaired(text: str, chosen: list[Slip]) -> str:
    """`text` with the `chosen` slips repaired; everything else as it was."""
    lines = text.split("\n")
    by_line: dict[int, list[Slip]] = {}
    for slip in chosen:
        by_line.setdefault(slip.line, []).append(slip)
    for number, found in by_line.items():
        line = lines[number - 1]
        for slip in sorted(found, key=lambda s: s.col, reverse=True):
            start = slip.col - 1
            line = line[:start] + slip.new + line[start + len(slip.old) :]
        lines[number - 1] = line
    return "\n".join(lines)
