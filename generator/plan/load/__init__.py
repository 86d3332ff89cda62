"""Stage 1: read a plan file into plain data, keeping where every value was written.

The public face of the loader: `load_file` and `load_text` give a `Located` (the data,
the place of every value and key, the problems found in values) or raise PlanError.
Inside: `events` builds the data from the parser's events, `scalars` reads each value,
`places` keeps where each was written, `syntax` words what YAML cannot read (`slips`
finds the characters that look right in YAML's places and are not, for it and `tidy`),
`names` names a place in a message, and `splice` reads again only the lines of an edited
task (for the live preview).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ...errors import PlanError, Problem
from ..model import FieldPath
from . import events
from .names import field_path, field_words
from .places import BySlot, Positions
from .syntax import syntax_problem, unreadable_character


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
            self.file,
            line,
            col,
            field_path(path, self.data),
            message,
            field_words(path, self.data),
            field_words(path, self.data, named=True),
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


def plain_text(text: str) -> str:
    """The text as the parser reads it: without a BOM, every line ending a line feed."""
    # Line endings only: NFC of the whole text would shorten lines written in NFD, and
    # columns would no longer match the file. Every key and text value is NFC instead.
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_text(text: str, file: str) -> Located:
    """Parse YAML text safely; raise PlanError listing every problem found."""
    text = plain_text(text)
    try:
        builder = events.read(text)
    except yaml.MarkedYAMLError as err:
        line, col, message = syntax_problem(err, text)
    except yaml.reader.ReaderError as err:
        line, col, message = unreadable_character(err, text)
    except events.TooDeep:
        line, col, message = 1, 1, "dữ liệu lồng nhau quá sâu [nesting too deep]"
    except yaml.YAMLError as err:
        line, col, message = 1, 1, f"lỗi cú pháp YAML: {err}"
    else:
        if builder is None:
            raise PlanError([Problem(file, 1, 1, "", "tệp rỗng [the file is empty]")])
        return _located(builder, file)
    raise PlanError([Problem(file, line, col, "", message)])


def _located(builder: events.Builder, file: str) -> Located:
    places = builder.places
    data = places.data
    # Problems in values (duplicate keys, tags, aliases) do not stop here: validation
    # reports them together with its own, so staff fix everything in one round trip.
    problems = [
        (
            path,
            Problem(
                file,
                line,
                col,
                field_path(path, data),
                msg,
                field_words(path, data),
                field_words(path, data, named=True),
            ),
        )
        for line, col, path, msg in builder.problems
    ]
    return Located(
        data,
        file,
        Positions(places, places.value),
        Positions(places, places.key),
        problems,
        BySlot(places, places.written),
        BySlot(places, places.hidden),
    )


# The real plan is 49 KB (57 tasks); the benchmark's plans are 3.5 MB at 5,000 tasks and
# 35 MB at 50,000 (issue 10's largest), which the event loader reads in ~500 MB.
MAX_BYTES = 64_000_000


def load_file(path: Path, shown_as: str | None = None) -> Located:
    """Read and parse a plan file; BOM and Windows line endings are accepted."""
    name = shown_as or str(path)
    try:
        with path.open("rb") as stream:
            # No further than the limit: a wrong file chosen or a runaway paste can be huge.
            # In chunks: read(MAX_BYTES + 1) would reserve that much every time.
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
        # The column in characters, not bytes: Vietnamese letters take 2-3 bytes.
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        col = len(raw[line_start : err.start].decode("utf-8", errors="replace")) + 1
        raise PlanError(
            [Problem(name, line, col, "", "tệp không phải mã UTF-8, hãy lưu lại với mã UTF-8 [not UTF-8]")]
        ) from None
    del raw
    return load_text(text, name)
