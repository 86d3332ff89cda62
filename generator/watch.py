"""`make serve`'s helper: rebuild docs/ whenever the plan file changes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .errors import PlanError, report
from .pipeline import build
from .write import OutputRefused


def watch(plans: list[Path], out: Path, interval: float = 1.0) -> None:
    """Poll the plans' modification times; rebuild on change, print problems, keep going."""
    seen: list[int | None] | None = None
    names = ", ".join(str(p) for p in plans)
    while True:
        stamps: list[int | None] = []
        for plan in plans:
            try:
                stamps.append(plan.stat().st_mtime_ns)
            except OSError:
                stamps.append(None)
        if stamps != seen:
            seen = stamps
            try:
                changed = build(plans, out)
                print(f"{names}: đã tạo lại {out}/ ({len(changed)} tệp thay đổi)", flush=True)
            except PlanError as err:
                # docs/ keeps the last good version; the preview shows it until fixed.
                print(report(err.problems), file=sys.stderr, flush=True)
            except OutputRefused as err:
                print(err, file=sys.stderr, flush=True)
                raise SystemExit(1) from None
        time.sleep(interval)
