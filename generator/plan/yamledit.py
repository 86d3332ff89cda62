"""Editing a plan file as staff wrote it: comments, key order, quotes and layout are kept.

`import --out` (office/importer.py) and `new-year` (plan/newyear.py) change an existing
file rather than write a new one, so that the staff's comments survive. Both read it
with ruamel.yaml's round trip and write it back with the same settings: an unchanged
plan comes back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken


def round_trip() -> YAML:
    """A YAML reader and writer that keeps comments, order and quoting."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long title
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of content/plan.yaml: lists under their key
    return yaml


def load(text: str) -> Any:
    """The file's tree: mappings and lists that carry their comments and layout."""
    return round_trip().load(text)


def dump(tree: Any) -> str:
    """The tree as text, laid out as content/plan.yaml."""
    out = io.StringIO()
    round_trip().dump(tree, out)
    return out.getvalue()


def restyled(old: Any, new: Any) -> Any:
    """New text written the way the old text was: in the same quotes (ruamel's string
    subclasses say which); anything else as it is."""
    return type(old)(new) if isinstance(old, str) and isinstance(new, str) else new


def double_quoted(value: Any) -> Any:
    """New text in double quotes, as content/plan.yaml writes it (no YAML 1.1 surprises)."""
    if isinstance(value, dict):
        return {k: double_quoted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [double_quoted(v) for v in value]
    if isinstance(value, str):
        return DoubleQuotedScalarString(value)
    return value


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return " ".join(old.split()) == new or old == new
    if isinstance(old, bool) or isinstance(new, bool):
        return old is new
    # the plan holds dates without a time of day: a timestamp is written anew as its date
    if isinstance(old, dt.datetime) or isinstance(new, dt.datetime):
        return False
    return bool(old == new)


def merge(old: Any, new: Any) -> Any:
    """`old` (a round-trip tree) changed in place to hold `new`'s values (plain data);
    values that did not change keep how they were written, and comments stay."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            remove(old, key)
        for key, value in new.items():
            old[key] = merge(old[key], value) if key in old else double_quoted(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        for index in reversed(range(len(new), len(old))):
            remove(old, index)
        for i, value in enumerate(new):
            if i < len(old):
                old[i] = merge(old[i], value)
            else:
                old.append(double_quoted(value))
        return old
    if _same(old, new):
        return old
    return restyled(old, new) if isinstance(old, str) else double_quoted(new)


def _slot(container: Any) -> int:
    """Where ruamel keeps the comment after an element: slot 2 of a key, slot 0 of an item."""
    return 2 if isinstance(container, CommentedMap) else 0


def _last_chain(node: Any) -> list[tuple[Any, Any, int]]:
    """Block containers down the last-element path of `node`: (container, last key, slot).

    ruamel keeps the comment lines written after a block in the comment slot of its
    deepest last key, or in `ca.end` when that last element is a `{...}` item.
    """
    chain = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node) and not node.fa.flow_style():
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
        chain.append((node, key, _slot(node)))
        node = node[key]
    return chain


def _detach_following(chain: list[tuple[Any, Any, int]]) -> str:
    """Take the comment lines written after the blocks of `chain` (innermost last) off them.

    Each element keeps the comment on its own last line; the lines after it, which belong to
    what follows in the file, are returned, in the file's order."""
    following = ""
    for node, last, index in reversed(chain):  # innermost first, as in the file
        slots = node.ca.items.get(last)
        token = slots[index] if slots and len(slots) > index else None
        if token is not None:
            own, _, after = token.value.partition("\n")
            following += after
            if own:
                token.value = own + "\n"
            else:
                slots[index] = None
        # `ca.end` keeps whole lines without their indentation
        following += "".join(" " * t.column + t.value for t in node.ca.end or [])
        node.ca.end = []
    return following


def _attach_following(chain: list[tuple[Any, Any, int]], following: str) -> None:
    """Write comment lines after the innermost block of `chain` (a container's last elements)."""
    if not following or not chain:
        return
    node, last, index = chain[-1]
    slots = node.ca.items.setdefault(last, [None, None, None, None])
    if slots[index] is None:
        slots[index] = CommentToken("\n" + following, CommentMark(0), None)
    else:
        slots[index].value = slots[index].value.rstrip("\n") + "\n" + following


def remove(container: Any, key: Any) -> None:
    """Delete `container[key]` (a key of a mapping, an index of a list), keeping the comment
    lines written after it: they belong to what follows, so they move to the end of the
    element before it (or of the container, when it was the first)."""
    following = _detach_following(_last_chain(container[key]))
    slots = container.ca.items.get(key)
    token = slots[_slot(container)] if slots and len(slots) > _slot(container) else None
    # The element's own comment goes with it; the lines after it stay in the file.
    following += token.value.partition("\n")[2] if token is not None else ""
    keys = list(container) if isinstance(container, CommentedMap) else list(range(len(container)))
    before = keys.index(key) - 1
    del container[key]
    if before >= 0:
        previous = keys[before]
        target = [(container, previous, _slot(container)), *_last_chain(container[previous])]
    else:
        target = _last_chain(container)
    _attach_following(target, following)


# --- adding a progress report -------------------------------------------------------


def _tasks(node: Any) -> Any:
    """Every task mapping of a round-trip plan tree, in the file's order."""
    for area in node.get("areas") or []:
        for group in area.get("groups") or []:
            for target in group.get("targets") or []:
                yield from target.get("tasks") or []
        for target in area.get("targets") or []:
            yield from target.get("tasks") or []


def _block(value: Any) -> Any:
    """Plain data as round-trip containers in block style, text in double quotes."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _block(item)
        return out
    if isinstance(value, list):
        return CommentedSeq([_block(item) for item in value])
    if isinstance(value, dt.date):  # a new object: ruamel writes one it met before as an alias
        return dt.date(value.year, value.month, value.day)
    return double_quoted(value)


def append_update(tree: Any, task_id: str, update: dict[str, Any]) -> None:
    """Add `update` (plain data) as the last of the task's `updates:`, creating the key at the
    end of the task when it has none. Comment lines after the task stay after it."""
    task = next((t for t in _tasks(tree) if isinstance(t, CommentedMap) and t.get("id") == task_id), None)
    if task is None:
        raise KeyError(task_id)
    updates = task.get("updates")
    if updates is not None and not isinstance(updates, list):
        raise ValueError(f"{task_id}: updates is not a list")
    if isinstance(updates, CommentedSeq) and not updates.fa.flow_style():
        following = _detach_following(_last_chain(updates))
        updates.append(_block(update))
        _attach_following(_last_chain(updates), following)
        return
    following = _detach_following(_last_chain(task))
    if "updates" in task:
        del task["updates"]  # `updates:` left empty, or a flow list: written anew, in block style
    task["updates"] = CommentedSeq([*(updates or []), _block(update)])
    _attach_following(_last_chain(task), following)
