"""Where the time goes: cProfile of the generator and of `mkdocs build` on a synthetic plan.

Usage: .venv/bin/python benchmarks/profile_build.py [N] [--mkdocs] [--top K]

Writes the plan of benchmarks/scale.py with N tasks (default 5,000) into a temporary
folder, runs `python -m generator build` (and with --mkdocs, `mkdocs build --strict`)
under cProfile and prints the K functions with the most cumulative and own time.
Profiling slows Python code about twofold; compare shares, not seconds, with scale.py.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import runpy
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import generator_args, plan_yaml, site_folder  # noqa: E402 - after the path is set


def profiled(module: str, argv: list[str], out: Path) -> pstats.Stats:
    """Run `python -m module argv...` in this process under cProfile."""
    sys.argv = [module, *argv]
    profile = cProfile.Profile()
    try:
        profile.runcall(runpy.run_module, module, run_name="__main__", alter_sys=True)
    except SystemExit as done:
        if done.code not in (0, None):
            raise
    profile.dump_stats(out)
    return pstats.Stats(str(out))


def report(title: str, stats: pstats.Stats, top: int) -> None:
    print(f"\n=== {title}: {stats.total_tt:.1f} s profiled ===")  # type: ignore[attr-defined]
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tasks", nargs="?", type=int, default=5000)
    parser.add_argument("--mkdocs", action="store_true", help="also profile mkdocs build")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory(prefix="cc-profile-") as tmp:
        work = Path(tmp)
        plan = work / "plan.yaml"
        plan.write_text(plan_yaml(args.tasks), encoding="utf-8")
        site_folder(work)
        argv = generator_args("build", [plan], work / "docs")
        report("python -m generator build", profiled("generator", argv, work / "gen.prof"), args.top)
        if args.mkdocs:
            os.chdir(work)
            argv = ["build", "-q", "--strict", "-f", str(work / "mkdocs.yml")]
            report("mkdocs build --strict", profiled("mkdocs", argv, work / "mkdocs.prof"), args.top)


if __name__ == "__main__":
    main()
