"""`make serve`'s helper: rebuild docs/ whenever the plan file changes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .errors import PlanError, report
from .pipeline import build
from .write import OutputRefused


def watch(plan: Path, out: Path, interval: float = 1.0) -> None:
    """Poll the plan's modification time; rebuild on change, print problems, keep going."""
    seen: int | None = None
    while True:
        try:
            stamp = plan.stat().st_mtime_ns
        except OSError:
            stamp = None
        if stamp != seen:
            seen = stamp
            try:
                changed = build(plan, out)
                print(f"{plan}: đã tạo lại {out}/ ({len(changed)} tệp thay đổi)", flush=True)
            except PlanError as err:
                # docs/ keeps the last good version; the preview shows it until fixed.
                print(report(err.problems), file=sys.stderr, flush=True)
            except OutputRefused as err:
                print(err, file=sys.stderr, flush=True)
                raise SystemExit(1) from None
        time.sleep(interval)
