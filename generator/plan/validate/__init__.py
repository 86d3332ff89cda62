"""Stage 2: turn located plain data into the typed Plan, or every problem with its line.

What the loader found in readable YAML (duplicate keys, tags, aliases), what pydantic
finds in the shape of each value (`shape`, worded by `messages`) and the cross-references
pydantic cannot see (`checks`: ids, units, dates against as_of; `english`: each English
field against its Vietnamese) are reported together, in one run: when the shape is wrong,
the cross-checks run on every value that is valid on its own (`models.salvage`), so that
a duplicate id does not wait for the next round.
"""

from __future__ import annotations

from pydantic import ValidationError

from ...errors import PlanError
from ..load import Located
from ..model import FieldPath, Plan
from .checks import cross_checks
from .english import english_problems, english_warnings
from .hidden import hidden_in_text
from .likely import likely_wrong
from .models import salvage
from .shape import shape_problems


def validate(located: Located) -> Plan:
    """The typed plan, or PlanError with every problem found (the loader's included).

    Either way, what is worth a warning (hidden characters in text) is added to
    `located.notices`; for a valid plan, also what is likely wrong (likely.py).
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
        located.notices += hidden_in_text(located, bad_paths | {path for path, _ in shape})
        partial = salvage(Plan, located.data)
        located.notices += english_warnings(partial, located)
        problems = loaded + [problem for _, problem in shape] + list(cross_checks(partial, located))
        problems += english_problems(partial, located)
        raise PlanError(problems) from None
    located.notices += hidden_in_text(located, bad_paths)
    located.notices += english_warnings(plan, located)
    problems = loaded + list(cross_checks(plan, located)) + list(english_problems(plan, located))
    if problems:
        raise PlanError(problems)
    located.notices += likely_wrong(plan, located)
    return plan
