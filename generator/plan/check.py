"""Stages 1 and 2 for one plan file: load it, with positions, and validate it."""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from .load import load_file
from .model import Plan
from .validate import validate


def check(plan_path: Path, notices: list[Problem] | None = None) -> Plan:
    """Load and validate; raise PlanError with every problem. Warnings are added to `notices`."""
    located = load_file(plan_path)
    try:
        return validate(located)
    finally:
        if notices is not None:
            notices += located.notices
