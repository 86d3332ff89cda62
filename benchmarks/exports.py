"""Time of each build output and of the office commands, for synthetic plans of growing size.

Usage: .venv/bin/python benchmarks/exports.py [N ...]   (default: 57 1000 5000)

Prints the best of three runs per step (seconds); asserts nothing. Plans come from
benchmarks/scale.py (7 areas, 10 targets per area, two updates per task).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import synthetic_plan  # noqa: E402 - after the path is set

from generator.build.pipeline import OUTPUTS, PageTexts, page_files  # noqa: E402
from generator.derive.portal import PlanEntry, Portal  # noqa: E402
from generator.derive.views import derive  # noqa: E402
from generator.office.export import xlsx  # noqa: E402
from generator.office.importer import read_plan  # noqa: E402
from generator.office.letter import Choices, letter  # noqa: E402
from generator.office.period import cut_off  # noqa: E402
from generator.office.report import docx  # noqa: E402
from generator.plan.check import check  # noqa: E402


def best(step: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(size: int, tmp: Path) -> str:
    path = tmp / "plan.yaml"
    path.write_text(yaml.safe_dump(synthetic_plan(size), allow_unicode=True), encoding="utf-8")
    plan = check(path)
    site = derive(plan, plan.plan.as_of)
    cells = [f"{len(plan.tasks())} nhiệm vụ"]
    portal = Portal([PlanEntry(site, path, "")])
    cells.append(f"pages {best(lambda: page_files(portal)):.2f}s")
    pages = PageTexts(page_files(portal))
    for output in OUTPUTS:
        cells.append(f"{output.__name__} {best(lambda o=output: o(portal, pages, 'http://x/')):.2f}s")
    book = tmp / "plan.xlsx"
    book.write_bytes(xlsx(site))
    cells.append(f"export {best(lambda: xlsx(site)):.2f}s")
    cells.append(f"import {best(lambda: read_plan(book)):.2f}s")
    period, as_of, _ = cut_off(plan.plan, None, None)
    dated = derive(plan, as_of)
    cells.append(f"report {best(lambda: docx(dated, period, letter(plan.plan, Choices())), runs=1):.2f}s")
    return " | ".join(cells)


def main(sizes: list[int]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            print(measure(size, Path(tmp)), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [57, 1000, 5000])
