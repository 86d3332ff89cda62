"""Problems found in a plan file, located by line and column, and how they are printed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]  # a warning does not stop the build


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

    def __str__(self) -> str:
        shown = self.label or self.field
        where = f"{shown}: " if shown else ""
        # Fix: one problem per line, even when the message quotes text with a line break
        # (e.g. a link "https://a.vn/\njavascript:..." in double quotes).
        text = f"{where}{self.message}".replace("\r", "\\r").replace("\n", "\\n")
        return f"{self.file}:{self.line}:{self.col}: {text}"

    def github_annotation(self, level: Level = "error") -> str:
        """The workflow command that puts this problem on the pull request's diff.

        `level` is "error", or "warning" for what does not stop the build."""
        # GitHub's workflow-command syntax needs %, CR and LF escaped in the message.
        where = f"{self.field}: " if self.field else ""
        text = f"{where}{self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        # Fix: property values also need ',' and ':' escaped, or a path with a comma breaks them.
        file = self.file.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = file.replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={file},line={self.line},col={self.col}::{text}"


class PlanError(Exception):
    """The plan cannot be used: every problem found, all at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} lỗi trong kế hoạch")
        self.problems = sorted(set(problems))


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
            what = "lỗi" if level == "error" else "cảnh báo"
            shown.append(Problem(first.file, first.line, first.col, "", more(len(found) - SHOWN, what)))
    lines = [str(p) for p in shown]
    if os.environ.get("GITHUB_ACTIONS") == "true":
        lines += [p.github_annotation(level) for p in shown]
    return "\n".join(lines)


class OutputRefused(Exception):
    """The output folder or file is not the generator's to replace; nothing was touched."""
