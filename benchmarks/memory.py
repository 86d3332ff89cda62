"""Peak memory and CPU of `generator check` and `build` on synthetic plans, and where memory goes.

Usage: .venv/bin/python benchmarks/memory.py [N ...] [--stages] [--trace] [--top K]

For each N (default 5,000 and 50,000) writes the plan of benchmarks/scale.py, then runs
`python -m generator check` and `build` as child processes and prints their CPU seconds
(user + system) and peak RSS. The children lift the loader's size limit (`load.MAX_BYTES`,
64 MB; the plan of 50,000 tasks is 35 MB) so that larger plans can be measured too.

--stages runs build's stages one by one in a child process (as pipeline.build does) and
prints resident memory after each (RSS seldom shrinks: Python keeps what it freed);
--trace adds tracemalloc (about twice as slow): the memory each stage holds, and the K
source lines holding the most at the end of the run.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import _env, generator_args, run_measured  # noqa: E402 - after the path is set

# The child: the command line as `python -m generator`, without the 5 MB limit.
UNLIMITED = (
    "import sys, generator.plan.load as load; load.MAX_BYTES = 1 << 40; "
    "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
)


def commands(plan: Path, work: Path) -> None:
    """check, then build into a new folder: CPU seconds and peak RSS of each process."""
    py = sys.executable
    for name, args in (
        ("check", generator_args("check", [plan])),
        ("build", generator_args("build", [plan], work / "docs")),
    ):
        run = run_measured([py, "-c", UNLIMITED, *args], ROOT, _env())
        print(f"  {name:6} {run.cpu:6.1f} s CPU {run.seconds:6.1f} s wall {run.rss_mb:7.0f} MB peak RSS")


def _rss_mb() -> tuple[float, float]:
    """Resident memory now and at its peak so far, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    now = pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stages(plan: Path, work: Path, trace: bool, top: int) -> None:
    """pipeline.build() taken apart: what each stage adds to resident (and traced) memory."""
    from generator.build import pipeline
    from generator.build.spool import spooled
    from generator.build.write import write_tree
    from generator.derive.portal import PlanEntry, Portal
    from generator.derive.views import derive
    from generator.plan import load
    from generator.plan.validate import validate

    load.MAX_BYTES = 1 << 40
    if trace:
        tracemalloc.start()
    held: dict[str, Any] = {}
    last = [0.0]

    def stage(name: str, step: Callable[[], Any]) -> Any:
        cpu = time.process_time()
        result = step()
        cpu = time.process_time() - cpu
        gc.collect()
        now, peak = _rss_mb()
        line = f"  {name:28} {cpu:6.1f} s CPU  RSS {now:6.0f} MB (peak {peak:6.0f})"
        if trace:
            current, traced_peak = tracemalloc.get_traced_memory()
            current, traced_peak = current / 2**20, traced_peak / 2**20
            line += f"  traced {current:6.0f} MB ({current - last[0]:+5.0f}, peak {traced_peak:6.0f})"
            last[0] = current
            tracemalloc.reset_peak()
        print(line, flush=True)
        return result

    print(f"  {'start':28} {'':14}  RSS {_rss_mb()[0]:6.0f} MB")
    held["located"] = stage("load", lambda: load.load_file(plan))
    model = stage("validate", lambda: validate(held.pop("located")))
    stage("(located data freed)", lambda: None)
    site = stage("derive", lambda: derive(model, model.plan.as_of))
    portal = Portal([PlanEntry(site, plan, "")])
    # As pipeline.build: each file into a spool beside docs/ as it is made (open data in line).
    with spooled(work / "docs") as files:
        stage("render pages (spooled)", lambda: pipeline.page_files(portal, into=files))
        pages = pipeline.PageTexts(files, {p: p for p in files})
        url = pipeline.site_url()
        for output in pipeline.OUTPUTS:
            name = getattr(output, "__wrapped__", output).__name__
            stage(f"output {name}", lambda output=output: files.update(output(portal, pages, url)))
        stage("write", lambda: write_tree(work / "docs", files, plan=plan, root=ROOT))
    if trace:
        print(f"\n  source lines holding the most memory at the end ({top}):")
        for stat in tracemalloc.take_snapshot().statistics("lineno")[:top]:
            print(f"    {stat.size / 2**20:7.1f} MB {stat.count:9} blocks  {stat.traceback}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="*", type=int, default=[5000, 50000])
    parser.add_argument("--stages", action="store_true", help="build's stages in this process")
    parser.add_argument("--trace", action="store_true", help="with --stages: tracemalloc as well")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)  # the child of --stages
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # the child making a plan
    args = parser.parse_args()
    if args.write:
        from scale import plan_yaml

        args.write.write_text(plan_yaml(args.tasks[0]), encoding="utf-8")
        return
    if args.plan:
        with tempfile.TemporaryDirectory(prefix="cc-memory-") as tmp:
            stages(args.plan, Path(tmp), args.trace, args.top)
        return
    for tasks in args.tasks:
        with tempfile.TemporaryDirectory(prefix="cc-memory-") as tmp:
            work = Path(tmp)
            plan = work / "plan.yaml"
            # Made by a child: a child's peak RSS counts its parent's when it was started
            # (Linux, vfork), and making a 50,000-task plan here takes ~750 MB.
            subprocess.run([sys.executable, __file__, str(tasks), "--write", str(plan)], check=True)
            print(f"{tasks} tasks ({plan.stat().st_size / 1e6:.1f} MB of YAML)")
            if args.stages:
                # A child of its own: the peak must not include making the plan here.
                extra = ["--trace", "--top", str(args.top)] if args.trace else []
                subprocess.run(
                    [sys.executable, __file__, "--stages", "--plan", str(plan), *extra], check=True
                )
            else:
                commands(plan, work)
            shutil.rmtree(work / "docs", ignore_errors=True)


if __name__ == "__main__":
    main()
