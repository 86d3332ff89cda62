"""Stage 1: read a plan file into plain data, keeping where every value was written.

PyYAML's `safe_load` forgets line numbers and silently keeps the last of two
duplicate keys; staff need both, so we build the data from the parser's events
ourselves. Events, not the composed node tree: a tree of a 50,000-task plan takes
~700 MB (a node and two marks per value) before the data exists at all.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from ..errors import PlanError, Problem
from . import chars
from .model import FieldPath

_T = TypeVar("_T")


@dataclass
class Located:
    """Plain data from YAML plus the position of every mapping key and value."""

    data: Any
    file: str
    # path -> (line, col) of the value; keys -> position of the key itself
    values: Mapping[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # problems found while reading values, with the path of the value they concern
    problems: list[tuple[FieldPath, Problem]] = field(default_factory=list)
    # the text as written of unquoted values YAML read as something else (`no` -> False,
    # `1.10` -> 1.1): where text was expected, the message can show what was typed
    written: Mapping[FieldPath, str] = field(default_factory=dict)
    # text values holding characters nobody sees (chars.hidden) other than Tab and line
    # breaks -> where each of those is in the file, when written there as itself (not as an
    # escape such as "\u200b"); () when not all of them were
    hidden: Mapping[FieldPath, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    # what is not wrong but is worth saying (warnings), added by validation
    notices: list[Problem] = field(default_factory=list)

    def problem(
        self, path: FieldPath, message: str, *, key: bool = False, at: tuple[int, int] | None = None
    ) -> Problem:
        """A problem about the value (or key) at `path`, named both in words and as a path.

        It is located at `path`, or `at` (line, col) when given.
        """
        line, col = at or self.where(path, key=key)
        return Problem(
            self.file, line, col, field_path(path, self.data), message, field_words(path, self.data)
        )

    def where(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest located parent."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


# --- positions ----------------------------------------------------------------------------
# A path tuple and a (line, col) tuple per value and per key cost more than the data
# itself (~77 MB at 5,000 tasks). Instead every value gets a slot: its number in file order (the root is 0, a
# mapping's or list's first child follows it). Three flat arrays hold, per slot, where the
# value and its key were written (line << 32 | col, 0 for none) and the slot after its
# subtree: ~20 bytes a value. A path finds its slot by walking the data, which has exactly
# one child per slot, in the same order.

_COL = (1 << 32) - 1
# A plan's mappings have at most a dozen keys: scanned; larger ones (hostile) get an index.
_FEW_KEYS = 16


class _Places:
    """Where each value of `data` was written, by slot."""

    def __init__(self) -> None:
        self.data: Any = None
        self.value = array("Q")
        self.key = array("Q")
        self.after = array("I")  # slot of the next sibling: children are found by hopping
        self.written: dict[int, str] = {}
        self.hidden: dict[int, tuple[tuple[int, int], ...]] = {}  # see Located.hidden
        # Asked for each problem: both grow from what is known, never start again, so that
        # the problems of one list or mapping cost time linear in their number.
        self._children: dict[int, list[int]] = {}  # slots of a container's children, once asked
        self._keys: dict[int, dict[str, int]] = {}  # a large mapping's keys -> their index

    def children(self, slot: int, count: int) -> list[int]:
        """Slots of the first `count` children of the container at `slot`."""
        known = self._children.get(slot)
        if known is None:
            known = self._children[slot] = [slot + 1]
        after = self.after
        while len(known) < count:
            known.append(after[known[-1]])
        return known

    def index(self, slot: int, mapping: dict[str, Any], key: str) -> int:
        """The index of `key` among the keys of `mapping`, the finished mapping at `slot`."""
        if len(mapping) <= _FEW_KEYS:
            return next(i for i, name in enumerate(mapping) if name == key)
        keys = self._keys.get(slot)
        if keys is None:
            keys = self._keys[slot] = {name: i for i, name in enumerate(mapping)}
        return keys[key]

    def slot(self, path: FieldPath) -> int | None:
        """The slot of the value at `path`; None when no value was written there."""
        node, slot = self.data, 0
        for part in path:
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                index = self.index(slot, node, part)
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                index = part
            else:
                return None
            slot = self.children(slot, index + 1)[index]
            node = node[part]
        return slot if slot < len(self.value) else None

    def paths(self) -> Iterator[tuple[FieldPath, int]]:
        """Every located path with its slot, in file order."""
        stack: list[tuple[FieldPath, Any]] = [((), self.data)]
        slot = 0
        while stack and slot < len(self.value):
            path, node = stack.pop()
            yield path, slot
            slot += 1
            if isinstance(node, dict):
                stack += [((*path, k), v) for k, v in reversed(node.items())]
            elif isinstance(node, list):
                stack += [((*path, i), v) for i, v in reversed(list(enumerate(node)))]


class _Positions(Mapping[FieldPath, tuple[int, int]]):
    """`Located.values` or `.keys` as a mapping from path to (line, col), read from the arrays."""

    def __init__(self, places: _Places, column: array[int]) -> None:
        self._places = places
        self._column = column

    def __getitem__(self, path: FieldPath) -> tuple[int, int]:
        slot = self._places.slot(path)
        packed = self._column[slot] if slot is not None else 0
        if not packed:
            raise KeyError(path)
        return packed >> 32, packed & _COL

    def __iter__(self) -> Iterator[FieldPath]:
        return (path for path, slot in self._places.paths() if self._column[slot])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _BySlot(Mapping[FieldPath, _T]):
    """A table of a few slots (`Located.written`, `.hidden`) as a mapping from path."""

    def __init__(self, places: _Places, table: dict[int, _T]) -> None:
        self._places = places
        self._table = table

    def __getitem__(self, path: FieldPath) -> _T:
        slot = self._places.slot(path)
        if slot is None or slot not in self._table:
            raise KeyError(path)
        return self._table[slot]

    def __iter__(self) -> Iterator[FieldPath]:
        if not self._table:  # the usual case: no walk over the whole plan
            return iter(())
        return (path for path, slot in self._places.paths() if slot in self._table)

    def __len__(self) -> int:
        return len(self._table)


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
# Fix: PyYAML resolves a bare `=` to `!!value` and a bare `<<` to `!!merge`; as values they
# are just text (`note: =`), not a forbidden tag. (A `<<:` merge key still needs an alias.)
_TEXT_TAGS = {"tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"}
_ALLOWED_TAGS = _PLAIN_TAGS | _TEXT_TAGS
_STR = "tag:yaml.org,2002:str"
# Fix: a plan is about 15 levels deep; far deeper input ("[[[[...") hit Python's recursion
# limit and ended the run with a traceback.
_MAX_DEPTH = 64
# Beyond this many open lists and mappings the whole file is refused at 1:1, as when PyYAML's
# composer ran out of stack (1,000 levels, as measured before the builder read events).
_MAX_NESTING = 1000


# What PyYAML's reader refuses when written raw (tab and line breaks allowed): refused too
# when written as an escape ("\x07") inside double quotes.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")

# `status:in_progress`: a key and its value with no space after the colon (not `http://`).
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):(?=[^\s/])(.*)$")
_KEY_VALUE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*:\s+\S")


# The line breaks PyYAML counts lines by (after CRLF and CR became LF).
_LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the key of a line starts: after its indentation and any '- '."""
    stripped = line.lstrip(" ")
    return _indent(line) + (len(stripped) - len(stripped[1:].lstrip(" ")) if stripped[:1] == "-" else 0)


def _shown(text: str) -> str:
    """A line of the file as quoted in a message: without its comment, and short."""
    text = re.sub(r"\s+#.*$", "", text.strip())
    return text if len(text) <= 60 else text[:57] + "..."


def _previous(lines: list[str], line: int) -> int | None:
    """The 1-based number of the last non-blank, non-comment line before `line`."""
    for number in range(min(line - 1, len(lines)), 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _syntax_problem(err: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where staff made a syntax mistake, and what to type instead, in plain Vietnamese.

    PyYAML notices a mistake where it can no longer read on, often a line later, in parser
    words ("could not find expected ':'"); the source lines around its mark tell which of
    the mistakes staff make it is, and on which line.
    """
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = _LINE_BREAK.split(text)
    at = lines[line - 1] if line <= len(lines) else ""
    problem, context = err.problem or "", err.context or ""
    english = f"[YAML: {problem or context}]"

    above = _previous(lines, line)
    if "found character '\\t'" in problem:
        want = _key_column(lines[above - 1]) if above else 0
        tabs = at[: len(at) - len(at.lstrip(" \t"))].replace("\t", "⇥")  # ⇥ stands for a Tab, as in the guide
        return (
            line,
            col,
            (
                "có ký tự Tab; tệp kế hoạch chỉ thụt lề bằng dấu cách. Hãy xóa Tab và gõ dấu cách cho thẳng "
                f"hàng với các dòng cùng cấp. Sửa «{tabs}{_shown(at)}» thành «{' ' * want}{_shown(at)}» "
                "[tab character: indent with spaces]"
            ),
        )

    # A key with no space after its colon: on the line PyYAML names, or the one or two above it.
    candidates = [line - 1, line, line - 2]
    if context == "while scanning a simple key" and err.context_mark:
        candidates.insert(0, err.context_mark.line + 1)
    for number in candidates:
        if 1 <= number <= min(line, len(lines)):
            found = _NO_SPACE.match(lines[number - 1])
            if found and not lines[number - 1].lstrip().startswith("#"):
                lead, key, value = found.groups()
                before = f"{key}:{_shown(value)}"
                after = f"{key}: {_shown(value)}"
                return (
                    number,
                    len(lead) + len(key) + 1,
                    (
                        f"thiếu dấu cách sau dấu hai chấm. Sửa «{before}» thành «{after}» "
                        "(sau ':' luôn có một dấu cách) [missing space after ':']"
                    ),
                )

    if "mapping values are not allowed" in problem:
        prev = lines[above - 1] if above else ""
        if above and _indent(at) > _key_column(prev) and _KEY_VALUE.match(prev):
            want = _key_column(prev)
            return (
                line,
                _indent(at) + 1,
                (
                    f"dòng này thụt vào sâu hơn dòng {above} ({_indent(at)} dấu cách, cần {want}); các "
                    f"trường cùng cấp phải thẳng hàng. Sửa «{' ' * _indent(at)}{_shown(at)}» thành "
                    f"«{' ' * want}{_shown(at)}» [wrong indentation]"
                ),
            )
        key, _, value = _shown(at).partition(": ")
        key = key.removeprefix("- ")
        return (
            line,
            col,
            (
                "nội dung có dấu hai chấm ':' nên phải đặt trong ngoặc kép. "
                f'Sửa «{key}: {value}» thành «{key}: "{value}"» [quote text that contains a colon]'
            ),
        )

    if context == "while scanning a simple key" and err.context_mark:
        number = err.context_mark.line + 1
        item = lines[number - 1] if number <= len(lines) else ""
        prev_number = _previous(lines, number)
        prev = lines[prev_number - 1] if prev_number else ""
        if prev_number and _indent(prev) == _indent(item) and prev.lstrip().startswith("- "):
            return (
                number,
                _indent(item) + 1,
                (
                    f"dòng này là một mục của danh sách nhưng thiếu '- ' ở đầu, như dòng {prev_number}. "
                    f"Sửa «{_shown(item)}» thành «- {_shown(item)}» [list item without '- ']"
                ),
            )
        return (
            number,
            _indent(item) + 1,
            (
                "dòng này thiếu dấu hai chấm giữa tên trường và giá trị. Ví dụ: sai «status done» → "
                f"đúng «status: done» {english}"
            ),
        )

    if "expected <block end>" in problem and "'<scalar>'" in problem and col - 1 > _indent(at):
        return (
            line,
            col,
            (
                "còn chữ phía sau dấu ngoặc kép đóng. Đặt cả nội dung trong một cặp ngoặc kép, ví dụ sửa "
                '«title: "Nhiệm vụ" thử» thành «title: "Nhiệm vụ thử"» [text after the closing quote]'
            ),
        )
    if "expected <block end>" in problem or "did not find expected" in problem:
        ctx_line = err.context_mark.line + 1 if err.context_mark else 0
        ctx_text = lines[ctx_line - 1] if 0 < ctx_line <= len(lines) else ""
        in_list = context == "while parsing a block collection" and ctx_text.lstrip().startswith("- ")
        if in_list and _indent(at) == _indent(ctx_text) and not at.lstrip().startswith("-"):
            key_col = _key_column(ctx_text)
            return (
                line,
                _indent(at) + 1,
                (
                    f"dòng này thẳng hàng với dấu '- ' của danh sách ở dòng {ctx_line} nhưng không bắt đầu "
                    f"bằng '- '. Nếu đây là một mục mới, sửa «{_shown(at)}» thành «- {_shown(at)}»; nếu là "
                    f"một trường của mục phía trên, thụt vào {key_col} dấu cách cho thẳng hàng với các "
                    "trường của mục đó [list item without '- ', or wrong indentation]"
                ),
            )
        want = _key_column(lines[above - 1]) if above else 0
        return (
            line,
            _indent(at) + 1,
            (
                f"thụt lề sai: dòng này có {_indent(at)} dấu cách đầu dòng, không thẳng hàng với các dòng "
                f"cùng cấp phía trên (dòng {above} có {want}). Sửa «{' ' * _indent(at)}{_shown(at)}» thành "
                f"«{' ' * want}{_shown(at)}» nếu cùng cấp với dòng đó [wrong indentation]"
            ),
        )

    if "expected a single document" in context:
        return line, col, "tệp chỉ chứa một kế hoạch: hãy xóa dòng '---' này và phần sau nó [one document]"
    return line, col, f"không đọc được dòng này; hãy kiểm tra dấu cách đầu dòng, dấu ':', ngoặc kép {english}"


# --- reading events -----------------------------------------------------------------------

# libyaml's parser (when PyYAML was built with it) is several times faster and gives the same
# marks; the pure-Python one reads the same YAML, for machines without it, and on any
# trouble reads the file again: its messages and positions are the ones staff are shown
# (and tests pin down).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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


class _TooDeep(Exception):
    pass


def _at(mark: Any) -> int:
    return int((mark.line + 1) << 32 | (mark.column + 1))


class _Builder:
    """Plain data and its positions from one pass over the parser's events, without a tree.

    PyYAML's composer checks are kept (undefined alias, duplicate anchor, one document),
    raised as its ComposerError with its words; anything else is a problem of a value.
    """

    def __init__(self) -> None:
        # (line, col, path, message): the path is named once all data is read, see field_path.
        self.problems: list[tuple[int, int, FieldPath, str]] = []
        self.places = _Places()
        self.path: list[str | int] = []
        self._anchors: dict[str, Any] = {}  # name -> mark of its node
        self._open = 0  # lists and mappings open in the stream
        # key as written -> as read (NFC), one str per distinct key: keys repeat in every task
        self._names: dict[str, str] = {}
        self._constructor = yaml.constructor.SafeConstructor()
        # (number of the problem, mapping, its slot, key) of every duplicate key
        self._duplicates: list[tuple[int, dict[str, Any], int, str]] = []
        self._source = ""
        self._starts: list[int] | None = None

    def read(self, text: str, loader: Any) -> _Builder | None:
        """Read `text` with `loader`'s parser; None when it holds no document."""
        self._source = text
        get: Callable[[], Any] = iter(yaml.parse(text, Loader=loader)).__next__
        get()  # STREAM-START
        if isinstance(get(), StreamEndEvent):  # else DOCUMENT-START
            return None
        first = get()  # the root node
        data = self._tree(first, get)
        get()  # DOCUMENT-END
        event = get()
        if not isinstance(event, StreamEndEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                first.start_mark,
                "but found another document",
                event.start_mark,
            )
        self.places.data = data
        self._name_duplicates()
        return self

    def _name_duplicates(self) -> None:
        """Word the duplicate keys' problems: each names the line of its key's first occurrence."""
        places = self.places
        for number, mapping, slot, key in self._duplicates:
            index = places.index(slot, mapping, key)
            first = places.key[places.children(slot, index + 1)[index]] >> 32
            line, col, path, _ = self.problems[number]
            message = (
                f"khóa '{key}' bị lặp, đã có ở dòng {first} "
                "[duplicate key: YAML would silently keep only the last one]"
            )
            self.problems[number] = (line, col, path, message)

    def _problem(self, event: Any, message: str, path: FieldPath | None = None) -> None:
        mark = event.start_mark
        self.problems.append(
            (mark.line + 1, mark.column + 1, tuple(self.path) if path is None else path, message)
        )

    def _anchor(self, event: Any) -> None:
        anchor = event.anchor
        if anchor is not None:
            if anchor in self._anchors:
                raise yaml.composer.ComposerError(
                    f"found duplicate anchor {anchor!r}; first occurrence",
                    self._anchors[anchor],
                    "second occurrence",
                    event.start_mark,
                )
            self._anchors[anchor] = event.start_mark

    def _alias(self, event: Any) -> None:
        if event.anchor not in self._anchors:
            raise yaml.composer.ComposerError(
                None, None, f"found undefined alias {event.anchor!r}", event.start_mark
            )

    def _enter(self) -> None:
        self._open += 1
        if self._open > _MAX_NESTING:
            raise _TooDeep

    def _skip(self, event: Any, get: Callable[[], Any]) -> None:
        """Read past the node that starts with `event`, still checking anchors and aliases."""
        depth = 0
        while True:
            kind = type(event)
            if kind is AliasEvent:
                self._alias(event)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
                self._open -= 1
            else:
                self._anchor(event)
                if kind is not ScalarEvent:
                    depth += 1
                    self._enter()
            if depth == 0:
                return
            event = get()

    def _tree(self, first: Any, get: Callable[[], Any]) -> Any:
        places, path = self.places, self.path
        value_at, key_at, after = places.value, places.key, places.after
        # Lists and mappings being read: [container, slot, key waiting for its value, its position]
        stack: list[list[Any]] = []
        value_at.append(_at(first.start_mark))
        key_at.append(0)
        after.append(1)
        root = self._node(first, get, stack, 0)
        names = self._names
        while stack:
            event = get()
            kind = type(event)
            frame = stack[-1]
            container = frame[0]
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                after[frame[1]] = len(value_at)
                stack.pop()
                self._open -= 1
                if stack:
                    path.pop()
                continue
            mark = event.start_mark
            at = (mark.line + 1) << 32 | (mark.column + 1)
            if type(container) is dict:
                part = frame[2]
                if part is None:  # a key
                    key = names.get(event.value) if kind is ScalarEvent and event.anchor is None else None
                    if key is None or key in container:
                        self._key(event, get, frame)
                    else:
                        frame[2] = key
                        frame[3] = at
                    continue
                keyed = frame[3]
                frame[2] = None
            else:
                part = len(container)
                keyed = 0
            path.append(part)
            slot = len(value_at)
            value_at.append(at)
            key_at.append(keyed)
            after.append(slot + 1)
            if kind is ScalarEvent and event.anchor is None and len(path) <= _MAX_DEPTH:
                value = self._scalar(event, slot)
                path.pop()
            else:
                depth = len(stack)
                value = self._node(event, get, stack, slot)
                if len(stack) == depth:  # a node refused whole: done with it
                    path.pop()
            if keyed:
                container[part] = value
            else:
                container.append(value)
        return root

    def _key(self, event: Any, get: Callable[[], Any], frame: list[Any]) -> None:
        kind = type(event)
        if kind is ScalarEvent:
            self._anchor(event)
            written = event.value
            key = self._text(event, written)
            if not _UNPRINTABLE.search(written):  # read the same way every time: remembered
                key = self._names.setdefault(written, key)
            mapping = frame[0]
            if key in mapping:
                # Worded once the mapping is whole (`_name_duplicates`): where its first
                # occurrence is is then found through the mapping's index.
                self._duplicates.append((len(self.problems), mapping, frame[1], key))
                self._problem(event, "", (*self.path, key))
                self._skip(get(), get)
                return
            frame[2] = key
            frame[3] = _at(event.start_mark)
            return
        if kind is AliasEvent:
            # Fix: an alias as a key was read as the text of its anchor, unreported.
            self._alias(event)
            self._problem(event, "không dùng neo/bí danh YAML (&, *) [no aliases]")
        else:
            self._problem(event, "khóa phải là một chữ đơn giản [key must be a plain word]")
            self._skip(event, get)
        self._skip(get(), get)  # the value of a key that cannot be used

    def _node(self, event: Any, get: Callable[[], Any], stack: list[list[Any]], slot: int) -> Any:
        """The value that starts with `event`; a list or mapping is pushed on `stack` to be filled."""
        kind = type(event)
        if len(self.path) > _MAX_DEPTH:
            self._problem(event, "dữ liệu lồng nhau quá sâu [nesting too deep]")
            self._skip(event, get)
            return None
        if kind is AliasEvent:
            # An alias (*name) reuses a node; expanding them lets a tiny file grow
            # without bound ("billion laughs"), and staff never need them.
            self._alias(event)
            self._problem(event, "không dùng neo/bí danh YAML (&, *) [no aliases]")
            return None
        self._anchor(event)
        if kind is ScalarEvent:
            return self._scalar(event, slot)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            self._tag_problem(event, tag)
            self._skip(event, get)
            return None
        self._enter()
        container: Any = {} if kind is MappingStartEvent else []
        stack.append([container, slot, None, 0])
        return container

    def _tag_problem(self, event: Any, tag: str) -> None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")  # as written: !!python/...
        self._problem(event, f"thẻ YAML '{shown}' không được phép [tag not allowed]")

    def _scalar(self, event: Any, slot: int) -> Any:
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
            return self._text(event, text, slot)
        if tag not in _PLAIN_TAGS:
            self._tag_problem(event, tag)
            return None
        value: Any = text
        construct = _CONSTRUCTORS.get(tag)
        if construct is not None:
            try:
                value = construct(self._constructor, yaml.ScalarNode(tag, text, style=event.style))
            except Exception:
                # e.g. 2022-02-30 matches the date pattern but is no date; keep the text so
                # that validation reports it at this position, in the field's own terms.
                # Fix: catch every constructor failure, not only ValueError: `!!bool maybe`
                # raised KeyError and `!!timestamp abc` AttributeError (a traceback).
                value = text
        if not isinstance(value, str) and not event.style:  # plain: None (PyYAML) or "" (libyaml)
            self.places.written[slot] = text
        if isinstance(value, int) and value.bit_length() > 63:
            # Fix: `0xFFFF...` (thousands of digits) made str()/repr() raise ValueError later.
            self._problem(event, "số quá lớn [number too large]")
            return None
        return self._text(event, value, slot) if isinstance(value, str) else value

    def _text(self, event: Any, value: str, slot: int | None = None) -> str:
        """`value` read as text (NFC); a control character is a problem. For a value at
        `slot` (not a key), where its hidden characters are is kept in places.hidden."""
        hidden = _UNPRINTABLE.search(value)
        if hidden is None:
            if slot is not None and not value.replace("\n", "").replace("\t", "").isprintable():
                self.places.hidden[slot] = self._hidden_at(event, value)
            return unicodedata.normalize("NFC", value)
        if _SURROGATE.search(value):
            # Fix: a "\ud800" escape gives a lone surrogate, which passed validation and then
            # crashed the build when the page was encoded as UTF-8.
            self._problem(event, "có ký tự không hợp lệ (\\uD800-\\uDFFF) [invalid character]")
            return ""
        # Fix (found by tests/test_fuzz.py): "\x07" written as an escape in quotes passed
        # the reader's check and crashed the Atom feed (XML has no such characters).
        code = f"#x{ord(hidden.group()):04x}"
        self._problem(
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
            self._starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self._source))]
        return self._starts


def _read(text: str) -> _Builder | None:
    """The data of `text`: fast with libyaml; on any trouble, the pure-Python parser again."""
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            return _Builder().read(text, _FAST_LOADER)
        except (yaml.YAMLError, ValueError):
            pass
    return _Builder().read(text, yaml.SafeLoader)


def field_path(path: FieldPath, data: Any) -> str:
    """A readable path: list items are named by their id when they have one."""
    # Fix: moved here from validate.py so that problems found while loading (duplicate keys,
    # tags) name list items by id as validation does: tasks[I.1.a], not tasks[0].
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f"[{chars.visible(ident)}]" if isinstance(ident, str) and ident else f"[{part}]"
            node = item
        else:
            out += f".{chars.visible(part)}" if out else chars.visible(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


# Plan items named by their id: the innermost one says where a value is.
_NAMED = {
    "areas": "Lĩnh vực",
    "groups": "Nhóm",
    "targets": "Mục tiêu",
    "tasks": "Nhiệm vụ",
    "units": "Đơn vị",
}
# Items inside a named one, counted from 1 as people count.
_COUNTED = {"updates": "cập nhật", "evidence": "minh chứng", "measurements": "số liệu", "kpis": "chỉ tiêu"}


def field_words(path: FieldPath, data: Any) -> str:
    """The place of a value in the words staff use: 'Nhiệm vụ II.1.3.b, cập nhật thứ 1, trường status'."""
    parts: list[str] = []
    keys: list[str] = []
    node = data
    for part in path:
        if isinstance(part, str):
            keys.append(chars.visible(part))
            node = node.get(part) if isinstance(node, dict) else None
            continue
        item = node[part] if isinstance(node, list) and part < len(node) else None
        ident = item.get("id") if isinstance(item, dict) else None
        ident = chars.visible(ident) if isinstance(ident, str) and ident.strip() else None
        container = keys.pop() if keys else ""
        if keys:
            parts.append("trường " + ".".join(keys))
        keys = []
        if container in _NAMED and ident:
            parts = [f"{_NAMED[container]} {ident}"]  # ids are unique: no need for the parents
        elif container in _NAMED:
            parts.append(f"{_NAMED[container].lower()} thứ {part + 1}")
        elif container == "kpis" and ident:
            parts.append(f"chỉ tiêu {ident}")
        elif container in _COUNTED:
            parts.append(f"{_COUNTED[container]} thứ {part + 1}")
        else:
            parts.append(f"trường {container}, mục thứ {part + 1}" if container else f"mục thứ {part + 1}")
        node = item
    if not parts and keys[:1] == ["plan"]:
        parts.append("Thông tin chung (plan)")
        keys = keys[1:]
    if keys:
        parts.append("trường " + ".".join(keys))
    words = ", ".join(parts)
    return words[:1].upper() + words[1:]


def _open_quote_before(text: str, error_line: int) -> tuple[int, int] | None:
    """Start of a quoted text that runs over several lines and ends on `error_line` (1-based)."""
    found = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            start, end = token.start_mark, token.end_mark
            if start.line + 1 > error_line:
                break
            quoted = isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
            if quoted and start.line < end.line and end.line + 1 == error_line:
                found = (start.line + 1, start.column + 1)
    except (yaml.YAMLError, RecursionError):
        pass
    return found


def load_text(text: str, file: str) -> Located:
    """Parse YAML text safely; raise PlanError listing every problem found."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Fix: no NFC of the whole text here: it shortened lines written in NFD, so columns no
    # longer matched the file. _Builder normalises every key and text value instead.
    try:
        # Only plain YAML types are built: a `!!python/object` tag is a problem, never called.
        builder = _read(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        opened = _open_quote_before(text, line)
        if err.context == "while scanning a quoted scalar" and err.context_mark:
            # A quote still open at the end of the file: PyYAML knows where it opened.
            opened = (err.context_mark.line + 1, err.context_mark.column + 1)
        if opened:
            # Fix: an unclosed quote swallows the next lines, so PyYAML stops lines later;
            # point at the quote that opened the runaway text instead.
            lines = _LINE_BREAK.split(text)
            start = lines[opened[0] - 1] if opened[0] <= len(lines) else ""
            key = _shown(start).partition(":")[0].removeprefix("- ") or "title"
            message = (
                f"dấu ngoặc kép mở ở đây chưa được đóng, nên nội dung kéo sang tới dòng {line}. Hãy thêm "
                f'dấu ngoặc kép đóng ở cuối nội dung. Ví dụ: sai «{key}: "nội dung» → đúng '
                f'«{key}: "nội dung"» [unclosed quote]'
            )
            raise PlanError([Problem(file, *opened, "", message)]) from None
        line, col, message = _syntax_problem(err, text)
        raise PlanError([Problem(file, line, col, "", message)]) from None
    except yaml.reader.ReaderError as err:
        # Fix: a control character (NUL, BEL...) was reported at 1:1 in PyYAML's two-line
        # English text; point at the character itself.
        pos = err.position
        line, col = text.count("\n", 0, pos) + 1, pos - (text.rfind("\n", 0, pos) + 1) + 1
        code = f" #x{err.character:04x}" if isinstance(err.character, int) else ""
        message = f"ký tự điều khiển{code} không được phép, hãy xóa nó [control character not allowed]"
        raise PlanError([Problem(file, line, col, "", message)]) from None
    except _TooDeep:
        # Fix: PyYAML's composer recursed once per nesting level ("[[[[..." gave a traceback).
        raise PlanError([Problem(file, 1, 1, "", "dữ liệu lồng nhau quá sâu [nesting too deep]")]) from None
    except yaml.YAMLError as err:
        raise PlanError([Problem(file, 1, 1, "", f"lỗi cú pháp YAML: {err}")]) from None
    if builder is None:
        raise PlanError([Problem(file, 1, 1, "", "tệp rỗng [the file is empty]")])
    places = builder.places
    data = places.data
    # Problems in values (duplicate keys, tags, aliases) do not stop here: validation
    # reports them together with its own, so staff fix everything in one round trip.
    problems = [
        (path, Problem(file, line, col, field_path(path, data), msg, field_words(path, data)))
        for line, col, path, msg in builder.problems
    ]
    return Located(
        data,
        file,
        _Positions(places, places.value),
        _Positions(places, places.key),
        problems,
        _BySlot(places, places.written),
        _BySlot(places, places.hidden),
    )


# The real plan is 49 KB (57 tasks); the benchmark's plans are 3.5 MB at 5,000 tasks and
# 35 MB at 50,000 (issue 10's largest), which the event loader reads in ~500 MB.
MAX_BYTES = 64_000_000


def load_file(path: Path, shown_as: str | None = None) -> Located:
    """Read and parse a plan file; BOM and Windows line endings are accepted."""
    name = shown_as or str(path)
    try:
        with path.open("rb") as stream:
            # Fix: a huge file (a wrong file chosen, a runaway paste) was read whole; read no
            # further than the limit. In chunks: read(MAX_BYTES + 1) reserves 5 MB every time.
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_BYTES and (chunk := stream.read(1 << 16)):
                chunks.append(chunk)
                size += len(chunk)
    except OSError as err:
        raise PlanError([Problem(name, 1, 1, "", f"không đọc được tệp: {err.strerror}")]) from None
    if size > MAX_BYTES:
        message = (
            f"tệp quá lớn (hơn {MAX_BYTES // 1_000_000} MB), có lẽ không phải tệp kế hoạch: kế hoạch "
            "năm 2022 chỉ khoảng 50 KB [file too large]"
        )
        raise PlanError([Problem(name, 1, 1, "", message)])
    raw = b"".join(chunks)
    del chunks  # freed before parsing, as `raw` below: 35 MB each at 50,000 tasks
    if b"\0" in raw[:8192]:
        # A picture, a Word or Excel file saved as plan.yaml: no text file holds a NUL byte.
        message = (
            "tệp không phải văn bản (có vẻ là ảnh, tệp Word/Excel hoặc tệp nén); hãy chọn đúng tệp "
            "plan.yaml, lưu dạng văn bản thuần UTF-8 [binary file]"
        )
        raise PlanError([Problem(name, 1, 1, "", message)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        # Fix: count the column in characters, not bytes (Vietnamese letters take 2-3 bytes).
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        col = len(raw[line_start : err.start].decode("utf-8", errors="replace")) + 1
        raise PlanError(
            [Problem(name, line, col, "", "tệp không phải mã UTF-8, hãy lưu lại với mã UTF-8 [not UTF-8]")]
        ) from None
    del raw
    return load_text(text, name)
