"""Where each value of a plan file was written: its line and column, and its key's.

A path tuple and a (line, col) tuple per value and per key cost more than the data
itself (~77 MB at 5,000 tasks). Instead every value gets a slot: its number in file
order (the root is 0, a mapping's or list's first child follows it). Three flat arrays
hold, per slot, where the value and its key were written (line << 32 | col, 0 for none)
and the slot after its subtree: ~20 bytes a value. A path finds its slot by walking the
data, which has exactly one child per slot, in the same order.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from ..model import FieldPath

_T = TypeVar("_T")

# The line breaks PyYAML counts lines by (after CRLF and CR became LF).
LINE_BREAK = re.compile("[\n\x85\u2028\u2029]")

_COL = (1 << 32) - 1
# A plan's mappings have at most a dozen keys: scanned; larger ones (hostile) get an index.
_FEW_KEYS = 16


def packed(mark: Any) -> int:
    """A parser's mark (0-based) as the arrays hold a position: line << 32 | col, 1-based."""
    return int((mark.line + 1) << 32 | (mark.column + 1))


class Places:
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


class Positions(Mapping[FieldPath, tuple[int, int]]):
    """`Located.values` or `.keys` as a mapping from path to (line, col), read from the arrays."""

    def __init__(self, places: Places, column: array[int]) -> None:
        self._places = places
        self._column = column

    @property
    def places(self) -> Places:
        """The slots behind this mapping (load/splice.py splices them)."""
        return self._places

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


class BySlot(Mapping[FieldPath, _T]):
    """A table of a few slots (`Located.written`, `.hidden`) as a mapping from path."""

    def __init__(self, places: Places, table: dict[int, _T]) -> None:
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
