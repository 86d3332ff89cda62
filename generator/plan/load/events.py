"""The plain data of a plan file and where each value was written, from the parser's events.

PyYAML's `safe_load` forgets line numbers and silently keeps the last of two duplicate
keys; staff need both, so the data is built from the parser's events here. Events, not
the composed node tree: a tree of a 50,000-task plan takes ~700 MB (a node and two marks
per value) before the data exists at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    StreamEndEvent,
)

from ..model import FieldPath
from .places import Places, packed
from .scalars import ALLOWED_TAGS, UNPRINTABLE, Scalars

# libyaml's parser (when PyYAML was built with it) is several times faster and gives the same
# marks; the pure-Python one reads the same YAML, for machines without it, and on any
# trouble reads the file again: its messages and positions are the ones staff are shown
# (and tests pin down).
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A plan is about 15 levels deep: a value deeper than this ("[[[[...") is a problem of its
# own, refused before a later stage meets Python's recursion limit on it.
_MAX_DEPTH = 64
# Beyond this many open lists and mappings the whole file is refused at 1:1, as when PyYAML's
# composer ran out of stack (1,000 levels, as measured before the builder read events).
_MAX_NESTING = 1000


class TooDeep(Exception):
    """More lists and mappings open at once than _MAX_NESTING."""


class Builder:
    """Plain data and its positions from one pass over the parser's events, without a tree.

    PyYAML's composer checks are kept (undefined alias, duplicate anchor, one document),
    raised as its ComposerError with its words; anything else is a problem of a value.
    """

    def __init__(self, text: str) -> None:
        self._source = text
        # (line, col, path, message): the path is named once all data is read, see field_path.
        self.problems: list[tuple[int, int, FieldPath, str]] = []
        self.places = Places()
        self.path: list[str | int] = []
        self.scalars = Scalars(text, self.places, self._problem)
        self._anchors: dict[str, Any] = {}  # name -> mark of its node
        self._open = 0  # lists and mappings open in the stream
        # key as written -> as read (NFC), one str per distinct key: keys repeat in every task
        self._names: dict[str, str] = {}
        # (number of the problem, mapping, its slot, key) of every duplicate key
        self._duplicates: list[tuple[int, dict[str, Any], int, str]] = []

    @property
    def anchored(self) -> bool:
        """Whether the text holds an anchor (&name): one that names data elsewhere in the file."""
        return bool(self._anchors)

    def read(self, loader: Any) -> Builder | None:
        """Read the text with `loader`'s parser; None when it holds no document."""
        get: Callable[[], Any] = iter(yaml.parse(self._source, Loader=loader)).__next__
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
            if isinstance(mapping[key], list):
                # A second `updates:` for a new report: its items belong in the first list.
                message += (
                    f". Hãy gộp vào danh sách '{key}:' ở dòng {first}: xóa dòng '{key}:' này và để các "
                    f"mục '- ...' của nó nối tiếp các mục của danh sách đó, thẳng cột với chúng "
                    f"(mới nhất ở cuối) [merge into the first '{key}:']"
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
            raise TooDeep

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
        value_at.append(packed(first.start_mark))
        key_at.append(0)
        after.append(1)
        root = self._node(first, get, stack, 0)
        names, scalar = self._names, self.scalars.value
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
            at = (mark.line + 1) << 32 | (mark.column + 1)  # packed(mark), inline: once per value
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
                value = scalar(event, slot)
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
            key = self.scalars.text(event, written)
            if not UNPRINTABLE.search(written):  # read the same way every time: remembered
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
            frame[3] = packed(event.start_mark)
            return
        if kind is AliasEvent:
            # Refused as anywhere else, not read as the text of its anchor.
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
            return self.scalars.value(event, slot)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in ALLOWED_TAGS:
            self.scalars.tag_problem(event, tag)
            self._skip(event, get)
            return None
        self._enter()
        container: Any = {} if kind is MappingStartEvent else []
        stack.append([container, slot, None, 0])
        return container


def read(text: str) -> Builder | None:
    """The data of `text`: fast with libyaml; on any trouble, the pure-Python parser again."""
    if FAST_LOADER is not yaml.SafeLoader:
        try:
            return Builder(text).read(FAST_LOADER)
        except (yaml.YAMLError, ValueError):
            pass
    return Builder(text).read(yaml.SafeLoader)
