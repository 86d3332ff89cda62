"""How long `new-year` takes as plans grow: ruamel.yaml's round trip is pure Python.

Usage: .venv/bin/python benchmarks/new_year.py [N ...]   (default: 57 1000)

Prints what it measured on this machine; it asserts nothing. Uses the synthetic plans
of benchmarks/scale.py (every task with two updates, all removed by new-year).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import synthetic_plan  # noqa: E402

from generator.plan.load import load_text  # noqa: E402
from generator.plan.newyear import new_year  # noqa: E402 - after the path is set
from generator.plan.validate import validate  # noqa: E402


def main() -> None:
    # Timed from the old plan's text and its typed plan, as `new-year` has both once it has
    # checked the old plan: the round trip, not the validation, is what grows.
    sizes = [int(n) for n in sys.argv[1:]] or [57, 1000]
    real = (ROOT / "content" / "plan.yaml").read_text(encoding="utf-8")
    old = validate(load_text(real, "plan.yaml"))
    start = time.perf_counter()
    new_year(real, old, 2023)
    print(f"content/plan.yaml ({len(real) // 1024} KB): {time.perf_counter() - start:.2f} s")
    for tasks in sizes:
        text = yaml.safe_dump(synthetic_plan(tasks), allow_unicode=True, sort_keys=False)
        old = validate(load_text(text, "plan.yaml"))
        start = time.perf_counter()
        made = new_year(text, old, 2023)
        took = time.perf_counter() - start
        print(
            f"{tasks} tasks ({len(text) // 1024} KB, {made.removed['updates']} updates removed): {took:.2f} s"
        )


if __name__ == "__main__":
    main()
