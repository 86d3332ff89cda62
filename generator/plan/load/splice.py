"""Stage 1 again for one edited task: how the live preview (`make serve`) loads a save.

Loading the whole file is most of an edit's time at 5,000 tasks (benchmarks/README.md,
issue 18). When the lines a save changed lie inside one task, only that task's lines are
parsed again, by the same event builder, as the file's own lines (blank lines stand in for
those above it, so every mark is the file's real line and column), and spliced into a copy
of the data and of its positions. Anything else returns None, and the caller loads the
whole file: a change outside the task bodies, lines that would move the task out of its
list or hold a second one, an anchor or alias, a problem the loader found in the task.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass
from typing import Any

import yaml

from ..model import FieldPath
from . import Located, events
from .places import BySlot, Places, Positions

_COL = (1 << 32) - 1


@dataclass(frozen=True)
class Spliced:
    """The data and positions of the new text, and the path of the one task read again."""

    located: Located
    path: FieldPath


def reload_task(old_text: str, old: Located, new_text: str) -> Spliced | None:
    """`new_text` loaded by reading again only the task whose lines changed since `old_text`
    (whose load is `old`, a valid plan); None when the whole file must be loaded."""
    places = getattr(old.values, "places", None)
    if not isinstance(places, Places) or old.problems:
        return None
    before, after = old_text.split("\n"), new_text.split("\n")
    start, shared = 0, min(len(before), len(after))
    while start < shared and before[start] == after[start]:
        start += 1
    if start == len(before) == len(after):
        return None  # nothing changed: nothing to splice
    end = 0  # lines equal at the end of both, not overlapping the start
    while end < shared - start and before[-1 - end] == after[-1 - end]:
        end += 1
    first, old_stop = start + 1, len(before) - end + 1  # changed lines of the old text, 1-based
    tasks = _tasks(places)
    lines = [line for line, _, _ in tasks]
    found = bisect.bisect_right(lines, first) - 1
    # An insertion just above a task's `- id:` line is as likely the end of the one before.
    for index in (found, found - 1):
        if index < 0:
            continue
        line, path, slot = tasks[index]
        stop = _task_end(places, slot, len(before))
        if first < line or old_stop > stop:
            continue
        spliced = _splice(old, places, after, line, stop, path, slot, len(after) - len(before))
        if spliced is not None:
            return spliced
    return None


def _tasks(places: Places) -> list[tuple[int, FieldPath, int]]:
    """(line of `- id:`, path, slot) of every task, in file order."""
    data = places.data
    found: list[tuple[int, FieldPath, int]] = []
    if not isinstance(data, dict):
        return found
    targets: list[FieldPath] = []
    for a, area in enumerate(data.get("areas") or []):
        if not isinstance(area, dict):
            continue
        for g, group in enumerate(area.get("groups") or []):
            if isinstance(group, dict):
                targets += [
                    ("areas", a, "groups", g, "targets", t) for t in range(len(group.get("targets") or []))
                ]
        targets += [("areas", a, "targets", t) for t in range(len(area.get("targets") or []))]
    for target in targets:
        slot = places.slot((*target, "tasks"))
        if slot is None:
            continue
        count = len(_at(places.data, (*target, "tasks")))
        for n, task_slot in enumerate(places.children(slot, count)):
            found.append((places.value[task_slot] >> 32, (*target, "tasks", n), task_slot))
    found.sort()
    return found


def _at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _task_end(places: Places, slot: int, line_count: int) -> int:
    """The line after the task at `slot` (1-based): where the next value or its key is written."""
    following = places.after[slot]
    if following >= len(places.value):
        return line_count + 1
    written = [p >> 32 for p in (places.key[following], places.value[following]) if p]
    return min(written)


def _indent(line: str) -> int | None:
    """Spaces before the line's content; None for a blank or comment line, -1 for a tab."""
    content = line.lstrip(" ")
    if not content.strip() or content.startswith("#"):
        return None
    if content[0] in "\t\ufeff":
        return -1
    return len(line) - len(content)


def _splice(
    old: Located,
    places: Places,
    after: list[str],
    line: int,
    stop: int,
    path: FieldPath,
    slot: int,
    shift: int,
) -> Spliced | None:
    dash = (places.value[slot] & _COL) - 3  # 0-based column of the task's "- "
    block = after[line - 1 : stop - 1 + shift]
    if dash < 0 or not block or block[0][:dash].strip(" ") or block[0][dash : dash + 2] != "- ":
        return None
    for text in block[1:]:
        indent = _indent(text)
        if indent is not None and indent <= dash:
            return None  # a line that is not the task's: another task, or the task moved
    try:
        builder = events.read("\n" * (line - 1) + "\n".join(block) + "\n")
    except (yaml.YAMLError, ValueError, events.TooDeep):
        return None
    if builder is None or builder.problems or builder.anchored:
        return None
    new = builder.places
    if not (isinstance(new.data, list) and len(new.data) == 1 and isinstance(new.data[0], dict)):
        return None
    return Spliced(_located(old, places, new, path, slot, shift), path)


def _located(old: Located, places: Places, new: Places, path: FieldPath, slot: int, shift: int) -> Located:
    """`old` with the task at `path` (at `slot`) replaced by `new`'s only item, lines below
    moved by `shift`."""
    gone = places.after[slot]  # first slot after the old task
    moved = (len(new.value) - 1) - (gone - slot)  # slots added (or removed, < 0)
    lines = shift << 32

    def later(column: array[int]) -> array[int]:
        tail = column[gone:]
        return tail if not shift else array("Q", [p + lines if p else 0 for p in tail])

    joined = Places()
    joined.data = _replaced(places.data, path, new.data[0])
    joined.value = places.value[:slot] + new.value[1:] + later(places.value)
    joined.key = places.key[:slot] + new.key[1:] + later(places.key)
    head = places.after[:slot]
    for depth in range(len(path)):  # the task's parents end later (or earlier) by `moved`
        parent = places.slot(path[:depth])
        assert parent is not None
        head[parent] += moved
    tail = places.after[gone:]
    joined.after = (
        head
        + array("I", [s - 1 + slot for s in new.after[1:]])
        + (tail if not moved else array("I", [s + moved for s in tail]))
    )

    def table(old_table: dict[int, Any], new_table: dict[int, Any], moved_lines: Any) -> dict[int, Any]:
        kept = {s: v for s, v in old_table.items() if s < slot}
        kept.update({s - 1 + slot: v for s, v in new_table.items() if s >= 1})
        kept.update({s + moved: moved_lines(v) for s, v in old_table.items() if s >= gone})
        return kept

    joined.written = table(places.written, new.written, lambda v: v)
    joined.hidden = table(places.hidden, new.hidden, lambda v: tuple((line + shift, col) for line, col in v))
    return Located(
        joined.data,
        old.file,
        Positions(joined, joined.value),
        Positions(joined, joined.key),
        [],
        BySlot(joined, joined.written),
        BySlot(joined, joined.hidden),
    )


def _replaced(node: Any, path: FieldPath, value: Any) -> Any:
    """A copy of `node` with `value` at `path`: only the containers on the path are copied."""
    if not path:
        return value
    copy: Any = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replaced(node[path[0]], path[1:], value)
    return copy
