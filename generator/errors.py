"""Every error the generator explains to the person who ran it, and the one way it is printed.

The errors form one family under GeneratorError. Each carries what to say: `problems`
placed at a line and column of a file (a plan), or plain `messages` (a spreadsheet cell
names its own place in words; a refused folder has no place). `fail()` prints any of
them, or an OSError, the same way for every command (the command line, `serve`, `diff`,
the MkDocs runner) and gives the exit status.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Literal

# A warning does not stop the build; a notice says what is worth knowing (what the plan lacks).
Level = Literal["error", "warning", "notice"]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the plan, with where it is (1-based line and column)."""

    file: str
    line: int
    col: int
    field: str  # technical path, e.g. areas[II].groups[II.1]...updates[0].status: for tooling
    message: str
    # The same place in words staff use: "Nhiệm vụ II.1.3.b, cập nhật thứ 1, trường status".
    label: str = ""
    # For a reviewer on the pull request, fields named too: "..., trường «Tỷ lệ» (percent)".
    words: str = ""

    def __str__(self) -> str:
        shown = self.label or self.field
        where = f"{shown}: " if shown else ""
        # One problem per line, even when the message quotes text with a line break
        # (a link "https://a.vn/\njavascript:..." in double quotes): tools read line by line.
        text = f"{where}{self.message}".replace("\r", "\\r").replace("\n", "\\n")
        return f"{self.file}:{self.line}:{self.col}: {text}"

    def github_annotation(self, level: Level = "error") -> str:
        """The workflow command that puts this problem on the pull request's diff.

        `level` is "error", or "warning" for what does not stop the build. The place is said
        in words, the field by its Vietnamese name: a reviewer reads it beside the diff."""
        # GitHub's workflow-command syntax needs %, CR and LF escaped in the message.
        shown = self.words or self.label or self.field
        where = f"{shown}: " if shown else ""
        text = f"{where}{self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        # Property values also need ',' and ':' escaped: a path with a comma would end the file name.
        file = self.file.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = file.replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={file},line={self.line},col={self.col}::{text}"


class GeneratorError(Exception):
    """What a command could not do, said to the person who ran it; `fail()` prints it.

    `messages` are plain lines (by default the error's one sentence), `problems` lines
    placed in a file; `status` is the command's exit status. A `counted` error is a list
    of mistakes to work through: it ends with how many there are."""

    status = 1
    counted = False

    def __init__(self, message: str, messages: list[str] | None = None) -> None:
        super().__init__(message)
        self.messages = [message] if messages is None else messages
        self.problems: list[Problem] = []


class PlanError(GeneratorError):
    """The plan cannot be used: every problem found, all at once."""

    counted = True

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} lỗi trong kế hoạch", [])
        self.problems = sorted(set(problems))


class SheetError(GeneratorError):
    """A spreadsheet cannot be read or written: every problem, each naming its sheet, row and column."""

    counted = True

    def __init__(self, messages: list[str]) -> None:
        super().__init__(f"{len(messages)} lỗi trong bảng tính", messages)


class FormError(GeneratorError):
    """A submitted issue form cannot become an update: every answer to correct, each naming
    the form's field by its label."""

    counted = True

    def __init__(self, messages: list[str]) -> None:
        super().__init__(f"{len(messages)} lỗi trong biểu mẫu", messages)


class OutputRefused(GeneratorError):
    """The output folder or file is not the generator's to replace; nothing was touched."""


class WriteRefused(OutputRefused):
    """The target file is not this command's to replace; nothing was written."""


class DiffError(GeneratorError):
    """The revision or file to compare cannot be read (not a problem of the plan itself)."""


class UsageError(GeneratorError):
    """The command was given arguments that do not go together; exit status 2, as argparse's."""

    status = 2


class CommandFailed(GeneratorError):
    """A command the generator ran (MkDocs) failed; its exit status is passed on."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


# A hostile plan can hold hundreds of thousands of mistakes: a run shows the first ones of
# each file and how many more there are, so that its output (and the annotations on a pull
# request) stays short and readable. Nobody fixes more than this in one round anyway.
SHOWN = 200


def more(count: int, what: str = "lỗi") -> str:
    """The line standing for the `count` problems (or warnings) of a file that are not shown."""
    return f"... và {count} {what} khác chưa hiện (chỉ hiện {SHOWN} {what} đầu mỗi tệp) [and {count} more]"


def report(problems: list[Problem], level: Level = "error") -> str:
    """Problems as printed by the command line, with GitHub annotations under Actions.

    At most SHOWN problems of each file; then a line, located at the first problem not
    shown, that says how many more there are. `level`: "error" or "warning".
    """
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    shown: list[Problem] = []
    for found in by_file.values():
        shown += found[:SHOWN]
        if len(found) > SHOWN:
            first = found[SHOWN]
            what = {"error": "lỗi", "warning": "cảnh báo", "notice": "thông tin"}[level]
            shown.append(Problem(first.file, first.line, first.col, "", more(len(found) - SHOWN, what)))
    lines = [str(p) for p in shown]
    if os.environ.get("GITHUB_ACTIONS") == "true":
        lines += [p.github_annotation(level) for p in shown]
    return "\n".join(lines)


def explain(err: GeneratorError | OSError, again: bool = True) -> str:
    """What a command prints on stderr for `err`.

    Problems of a plan as `report` prints them; plain messages, the first SHOWN of them;
    a counted error ends with its count and, when `again`, the advice to run again
    (`serve` runs again by itself at the next save). An OSError, which Python raises when
    a file or folder cannot be written, is named with its file."""
    if isinstance(err, OSError):
        where = f" {err.filename}" if err.filename else ""
        return f"không ghi được{where}: {err.strerror or err} [cannot write output]"
    lines = ([report(err.problems)] if err.problems else []) + err.messages[:SHOWN]
    if len(err.messages) > SHOWN:
        lines.append(more(len(err.messages) - SHOWN))
    if err.counted and again:
        count = len(err.problems) + len(err.messages)
        lines.append(f"{count} lỗi, hãy sửa rồi chạy lại [{count} error(s)]")
    return "\n".join(lines)


def fail(err: GeneratorError | OSError, again: bool = True) -> int:
    """Print `err` on stderr (see `explain`) and return the exit status the command ends with."""
    print(explain(err, again), file=sys.stderr, flush=True)
    return err.status if isinstance(err, GeneratorError) else 1
