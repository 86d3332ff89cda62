"""Stages 1 and 2 for one plan file: load it, with positions, and validate it."""

from __future__ import annotations

from pathlib import Path

from ..errors import PlanError, Problem
from .load import Located, load_file
from .model import Plan
from .validate import validate
from .validate.files import logo_problems
from .validate.identity import missing_identity


def check(plan_path: Path, notices: list[Problem] | None = None, infos: list[Problem] | None = None) -> Plan:
    """Load and validate; raise PlanError with every problem. Warnings are added to
    `notices` (without it none are looked for); which of the agency's identity fields the
    plan lacks, to `infos`."""
    return check_located(load_file(plan_path), notices, infos)


def check_located(
    located: Located, notices: list[Problem] | None = None, infos: list[Problem] | None = None
) -> Plan:
    """`check` of a plan already loaded."""
    files = list(logo_problems(located))
    try:
        plan = validate(located, warnings=notices is not None)
    except PlanError as err:
        raise PlanError(err.problems + files) from None
    finally:
        if notices is not None:
            notices += located.notices
    if files:
        raise PlanError(files)
    if infos is not None:
        infos += missing_identity(plan, located)
    return plan
