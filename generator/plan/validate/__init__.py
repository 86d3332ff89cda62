"""Stage 2: turn located plain data into the typed Plan, or every problem with its line.

What the loader found in readable YAML (duplicate keys, tags, aliases), what pydantic
finds in the shape of each value (`shape`, worded by `messages`) and the cross-references
pydantic cannot see (`checks`: ids, units, dates against as_of; `english`: each English
field against its Vietnamese) are reported together, in one run: when the shape is wrong,
the cross-checks run on every value that is valid on its own (`models.salvage`), so that
a duplicate id does not wait for the next round.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ...errors import PlanError
from ..load import Located
from ..model import FieldPath, Plan, Task
from .checks import cross_checks
from .english import english_problems, english_warnings
from .hidden import hidden_in_text
from .likely import likely_wrong
from .models import salvage
from .shape import shape_problems


def validate(located: Located, warnings: bool = True) -> Plan:
    """The typed plan, or PlanError with every problem found (the loader's included).

    Either way, what is worth a warning (hidden characters in text) is added to
    `located.notices`; for a valid plan, also what is likely wrong (likely.py).
    `warnings=False` looks for none of them: a caller that prints no warnings (`build`)
    need not scan every text for them (a third of validation at 5,000 tasks).
    """
    loaded = [problem for _, problem in located.problems]
    bad_paths = {path for path, _ in located.problems}

    def explained(path: FieldPath) -> bool:
        # A value the loader already rejected (e.g. an alias) needs no second message.
        return any(path[:end] in bad_paths for end in range(len(path) + 1))

    try:
        plan = Plan.model_validate(located.data)
    except ValidationError as err:
        shape = shape_problems(err, located, explained)
        partial = salvage(Plan, located.data)
        if warnings:
            located.notices += hidden_in_text(located, bad_paths | {path for path, _ in shape})
            located.notices += english_warnings(partial, located)
        problems = loaded + [problem for _, problem in shape] + list(cross_checks(partial, located))
        problems += english_problems(partial, located)
        raise PlanError(problems) from None
    if warnings:
        located.notices += hidden_in_text(located, bad_paths)
        located.notices += english_warnings(plan, located)
    problems = loaded + list(cross_checks(plan, located)) + list(english_problems(plan, located))
    if problems:
        raise PlanError(problems)
    if warnings:
        located.notices += likely_wrong(plan, located)
    return plan


def validate_task(plan: Plan, located: Located, path: FieldPath) -> Plan | None:
    """`plan` with the task at `path` replaced by the one in `located` (which differs from
    the data of `plan` in that task only: load/splice.py), judged by the rules of `validate`
    that can concern it: its shape, the cross-checks of the whole plan, its English.

    None when its shape is wrong: `validate` of the whole file words that. PlanError with
    the cross-checks' problems. Warnings are not looked for (`validate` adds them).
    """
    task_data: Any = located.data
    for part in path:
        task_data = task_data[part]
    try:
        task = Task.model_validate(task_data)
    except ValidationError:
        return None
    spliced: Plan = _replaced(plan, path, task)
    problems = list(cross_checks(spliced, located)) + list(english_problems(spliced, located, (task, path)))
    if problems:
        raise PlanError(problems)
    return spliced


def _replaced(item: Any, path: FieldPath, value: BaseModel) -> Any:
    """A copy of `item` with `value` at `path`: only the models and lists on the path are copied."""
    if not path:
        return value
    head = path[0]
    if isinstance(item, list):
        copy = list(item)
        copy[head] = _replaced(item[head], path[1:], value)  # type: ignore[index]
        return copy
    return item.model_copy(update={head: _replaced(getattr(item, str(head)), path[1:], value)})
