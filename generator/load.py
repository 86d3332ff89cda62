"""Stage 1: read a plan file into plain data, keeping where every value was written.

PyYAML's `safe_load` forgets line numbers and silently keeps the last of two
duplicate keys; staff need both, so we compose the node tree ourselves.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import PlanError, Problem

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data from YAML plus the position of every mapping key and value."""

    data: Any
    file: str
    # path -> (line, col) of the value; keys -> position of the key itself
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest located parent."""
        table = self.keys if key else self.values
        while path:
            if path in table:
                return table[path]
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))


_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _hint(problem: str | None) -> str:
    """A plain-language hint for the YAML syntax errors staff make most."""
    text = problem or ""
    if "mapping values are not allowed" in text:
        return (
            " Gợi ý: có dấu ':' trong nội dung chưa đặt trong ngoặc kép, "
            'hãy viết title: "..." [quote text that contains a colon]'
        )
    if "found character '\\t'" in text:
        return " Gợi ý: YAML không dùng phím Tab để thụt lề, hãy dùng dấu cách."
    if "expected <block end>" in text or "did not find expected" in text:
        return " Gợi ý: kiểm tra thụt lề (số dấu cách đầu dòng) và dấu ngoặc kép đóng/mở."
    return ""


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.located = Located(data=None, file=file)
        self._scalars = yaml.SafeLoader("")
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.located.values[path] = _mark(node)
        if id(node) in self._seen:
            # An alias (*name) reuses a node; expanding them lets a tiny file grow
            # without bound ("billion laughs"), and staff never need them.
            self._problem(node, _dotted(path), "không dùng neo/bí danh YAML (&, *) [no aliases]")
            return None
        self._seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            self._problem(node, _dotted(path), f"thẻ YAML '{node.tag}' không được phép [tag not allowed]")
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node, path)
                if key is None:
                    continue
                if key in result:
                    first = self.located.keys[(*path, key)]
                    self._problem(
                        key_node,
                        _dotted((*path, key)),
                        f"khóa '{key}' bị lặp, đã có ở dòng {first[0]} "
                        "[duplicate key: YAML would silently keep only the last one]",
                    )
                    continue
                self.located.keys[(*path, key)] = _mark(key_node)
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        try:
            value = self._scalars.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            # e.g. 2022-02-30 matches the date pattern but is no date; keep the text so
            # that validation reports it at this position, in the field's own terms.
            value = node.value
        return unicodedata.normalize("NFC", value) if isinstance(value, str) else value

    def _key(self, node: yaml.Node, path: Path_) -> str | None:
        if isinstance(node, yaml.ScalarNode):
            return unicodedata.normalize("NFC", str(node.value))
        self._problem(node, _dotted(path), "khóa phải là một chữ đơn giản [key must be a plain word]")
        return None

    def _problem(self, node: yaml.Node, where: str, message: str) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(self.file, line, col, where, message))


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def load_text(text: str, file: str) -> Located:
    """Parse YAML text safely; raise PlanError listing every problem found."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    builder = _Builder(file)
    try:
        # SafeLoader resolves only plain YAML types: a `!!python/object` tag is an error.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"lỗi cú pháp YAML: {err.problem or err.context} [YAML syntax error]"
        raise PlanError([Problem(file, line, col, "", message + _hint(err.problem))]) from None
    except yaml.YAMLError as err:
        raise PlanError([Problem(file, 1, 1, "", f"lỗi cú pháp YAML: {err}")]) from None
    if root is None:
        raise PlanError([Problem(file, 1, 1, "", "tệp rỗng [the file is empty]")])
    try:
        data = builder.build(root, ())
    except yaml.constructor.ConstructorError as err:
        mark = err.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise PlanError(
            [Problem(file, line, col, "", f"kiểu dữ liệu YAML không được phép: {err.problem}")]
        ) from None
    if builder.problems:
        raise PlanError(builder.problems)
    builder.located.data = data
    return builder.located


def load_file(path: Path, shown_as: str | None = None) -> Located:
    """Read and parse a plan file; BOM and Windows line endings are accepted."""
    name = shown_as or str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise PlanError([Problem(name, 1, 1, "", f"không đọc được tệp: {err.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise PlanError(
            [Problem(name, line, col, "", "tệp không phải mã UTF-8, hãy lưu lại với mã UTF-8")]
        ) from None
    return load_text(text, name)
