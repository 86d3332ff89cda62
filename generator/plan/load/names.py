"""How a message names the place of a value: as a path, and in the words staff use.

The loader's problems (duplicate keys, tags) and validation's name places the same way:
list items by their id where they have one, tasks[I.1.a] rather than tasks[0].
"""

from __future__ import annotations

from typing import Any

from .. import chars
from ..labels import FIELD_LABELS
from ..model import FieldPath


def field_path(path: FieldPath, data: Any) -> str:
    """A readable path: list items are named by their id when they have one."""
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


def _field(keys: list[str], named: bool) -> str:
    """'trường deadline.kind'; when `named`, 'trường «Thời gian hoàn thành › Loại thời hạn» (deadline.kind)'.

    A key without a Vietnamese name (a typo such as `percnt`) is shown as typed."""
    dotted = ".".join(keys)
    if not named or not all(key in FIELD_LABELS for key in keys):
        return f"trường {dotted}"
    return f"trường «{' › '.join(FIELD_LABELS[key] for key in keys)}» ({dotted})"


def field_words(path: FieldPath, data: Any, named: bool = False) -> str:
    """The place of a value in the words staff use: 'Nhiệm vụ II.1.3.b, cập nhật thứ 1, trường status';
    `named`: each field by its Vietnamese name too, 'trường «Trạng thái» (status)'."""
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
            parts.append(_field(keys, named))
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
        parts.append(_field(keys, named))
    words = ", ".join(parts)
    return words[:1].upper() + words[1:]
