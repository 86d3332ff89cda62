"""A province's portal: many agencies' plans in one site, built and measured as `make site` does.

Usage: .venv/bin/python benchmarks/portal.py [--plans 40] [--tasks 125]

Writes `--plans` synthetic plans of `--tasks` tasks each (benchmarks/scale.py's seeded
generator; each plan its own agency, so the portal has one plan per agency), then runs
`python -m generator build --plan ... --out docs` and `mkdocs build --strict` in their own
processes and prints seconds (CPU in brackets), pages, site size, the biggest page and
peak memory. It asserts nothing: timings belong here, not in tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import ROOT, _env, dump_plan, generator_cmd, mkdocs_cmd, run_measured, site_folder, synthetic_plan


def portal_plans(work: Path, plans: int, tasks: int) -> list[Path]:
    """`plans` plans of `tasks` tasks, each a different agency (seeded: same arguments, same files)."""
    paths = []
    for n in range(plans):
        plan = synthetic_plan(tasks, seed=1000 + n)
        plan["plan"]["organization"] = f"Cơ quan thử số {n + 1}"
        plan["plan"]["agency"] = f"co-quan-{n + 1:02d}"
        path = work / f"plan-{n + 1:02d}.yaml"
        path.write_text(dump_plan(plan), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=40)
    parser.add_argument("--tasks", type=int, default=125)
    args = parser.parse_args()
    env = _env()
    with tempfile.TemporaryDirectory(prefix="cc-portal-") as tmp:
        work = Path(tmp)
        paths = portal_plans(work, args.plans, args.tasks)
        site_folder(work)
        generate = run_measured(generator_cmd("build", paths, work / "docs"), ROOT, env)
        mkdocs = run_measured(mkdocs_cmd(work), work, env)
        site = work / "site"
        pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
        biggest = max(pages, key=lambda p: p.stat().st_size)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        total = args.plans * args.tasks
        print(f"{args.plans} plans x {args.tasks} tasks = {total:,} tasks")
        print("| stage | seconds (CPU) | peak RSS MB |")
        print("|---|---:|---:|")
        for name, run in (("generate (build, checks included)", generate), ("MkDocs", mkdocs)):
            print(f"| {name} | {run.seconds:.1f} ({run.cpu:.1f}) | {run.rss_mb:.0f} |")
        wall = generate.seconds + mkdocs.seconds
        cpu = generate.cpu + mkdocs.cpu
        print(f"| total | {wall:.1f} ({cpu:.1f}) | |")
        print(
            f"{len(pages)} pages, site {size / 1e6:.1f} MB, biggest page "
            f"{biggest.relative_to(site).as_posix()} {biggest.stat().st_size / 1e3:,.0f} KB"
        )


if __name__ == "__main__":
    main()
