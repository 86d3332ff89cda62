"""`make serve`'s helper: rebuild docs/ whenever the plan file changes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..derive import routes
from ..errors import PlanError, fail
from . import fingerprint
from .pipeline import build
from .stamp import up_to_date


def _touch_pages(out: Path) -> None:
    """Mark every page changed: `mkdocs serve --dirty` rebuilds only pages newer than their
    HTML, and the nav (a new plan or area of a portal) is on every page."""
    now = time.time_ns()
    for page in out.rglob("*.md"):
        os.utime(page, ns=(now, now))


def watch(plans: list[Path], out: Path, interval: float = 0.2) -> None:
    """Poll the plans' modification times; rebuild on change, print problems, keep going.

    Any other error (an output folder refused, one that cannot be written) ends the watch:
    the command line prints it.

    Five stat() calls a second cost nothing and take 0.4 s off the wait after a save
    (a one-second poll made it 0.5 s on average)."""
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
                inputs = fingerprint.digest(plans, None)
                if up_to_date(out, inputs, plans, fingerprint.ROOT):  # e.g. saved unchanged
                    print(f"{names}: {out}/ đã đúng với đầu vào (0 tệp thay đổi)", flush=True)
                else:
                    changed = build(plans, out, None, inputs)
                    if routes.NAV_FILE in changed:
                        _touch_pages(out)
                    print(f"{names}: đã tạo lại {out}/ ({len(changed)} tệp thay đổi)", flush=True)
            except PlanError as err:
                # docs/ keeps the last good version; the preview shows it until fixed.
                fail(err, again=False)
        time.sleep(interval)
