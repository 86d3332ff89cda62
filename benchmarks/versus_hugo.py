"""`make site` beside Hugo building the same pages: wall and CPU seconds, peak memory, ratios.

Usage: .venv/bin/python benchmarks/versus_hugo.py [--large] [--pairs 3] [N ...]
  (default 5000; --large adds 50000)

For each size, writes the synthetic plan of benchmarks/scale.py, and the same plan as the
data of the Hugo site in benchmarks/hugo/ (benchmarks/hugo_site.py: same page paths, no
search index, open data, feed or theme), then builds in turn, `--pairs` times: ours as
`make site` does (`python -m generator build`, then `mkdocs build --strict`, from an empty
docs/ and site/), then Hugo (`hugo build`, from an empty public/), ours, Hugo... so that
both share the machine's moments of load. Each build runs in its own processes: wall
seconds, CPU seconds (user + system, children included) and peak RSS (wait4). Prints each
run with the load average before it, then medians and the ratios ours / Hugo, and checks
that both sites made the same pages. It asserts nothing: timings belong here, not in tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hugo_site import build_cmd, hugo_binary, make_sites
from scale import ROOT, Run, _env, generator_cmd, mkdocs_cmd, run_measured, site_folder


@dataclass
class Pair:
    """One turn: our two processes, then Hugo's build, and the load average before it."""

    load: float
    generate: Run
    mkdocs: Run
    hugo: Run

    @property
    def ours(self) -> Run:
        """`make site` as one run: its steps one after the other, the larger peak."""
        return Run(
            self.generate.seconds + self.mkdocs.seconds,
            self.generate.cpu + self.mkdocs.cpu,
            max(self.generate.rss_mb, self.mkdocs.rss_mb),
        )


def _html(folder: Path) -> dict[str, int]:
    """Every HTML page under `folder`: its path and size in bytes."""
    return {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*.html")}


def measure(tasks: int, pairs: int) -> tuple[list[Pair], dict[str, int], dict[str, int]]:
    env = _env()
    with tempfile.TemporaryDirectory(prefix="cc-hugo-") as tmp:
        work = Path(tmp)
        plan, hugo_site = make_sites(work, tasks)
        site_folder(work)
        docs, site, public = work / "docs", work / "site", hugo_site / "public"
        done = []
        for n in range(pairs):
            load = os.getloadavg()[0]
            for folder in (docs, site):
                shutil.rmtree(folder, ignore_errors=True)
            generate = run_measured(generator_cmd("build", [plan], docs), ROOT, env)
            mkdocs = run_measured(mkdocs_cmd(work), work, env)
            shutil.rmtree(public, ignore_errors=True)
            hugo = run_measured(build_cmd(hugo_site), hugo_site, env)
            done.append(Pair(load, generate, mkdocs, hugo))
            print(f"... {tasks:,} tasks, pair {n + 1} of {pairs}", file=sys.stderr, flush=True)
        return done, _html(site), _html(public)


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        statistics.median(r.cpu for r in runs),
        statistics.median(r.rss_mb for r in runs),
    )


def _s(run: Run) -> str:
    return f"{run.seconds:.1f} ({run.cpu:.1f})"


def report(tasks: int, pairs: list[Pair], ours_html: dict[str, int], hugo_html: dict[str, int]) -> str:
    """One row of the summary table; prints the runs and the page check first."""
    print(f"\n{tasks:,} tasks, each pair in turn (seconds wall, CPU in brackets; peak RSS MiB):")
    print(
        "| pair | load average | generate | MkDocs | make site | peak | Hugo | Hugo peak | ours/Hugo | CPU |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, p in enumerate(pairs, start=1):
        print(
            f"| {n} | {p.load:.1f} | {_s(p.generate)} | {_s(p.mkdocs)} | {_s(p.ours)} "
            f"| {p.ours.rss_mb:.0f} | {_s(p.hugo)} | {p.hugo.rss_mb:.0f} "
            f"| {p.ours.seconds / p.hugo.seconds:.1f} | {p.ours.cpu / p.hugo.cpu:.1f} |"
        )
    same = ours_html.keys() == hugo_html.keys()
    pages = len([k for k in ours_html if k != "404.html"])
    if same:
        print(f"Same {pages} page paths (and 404.html) in both sites.")
    else:
        only_ours = sorted(ours_html.keys() - hugo_html.keys())[:10]
        only_hugo = sorted(hugo_html.keys() - ours_html.keys())[:10]
        print(f"DIFFERENT PAGES: only ours {only_ours}, only Hugo {only_hugo}")
    ours, hugo = _median([p.ours for p in pairs]), _median([p.hugo for p in pairs])
    generate, mkdocs = _median([p.generate for p in pairs]), _median([p.mkdocs for p in pairs])
    print(
        f"Medians: generate {_s(generate)} = {generate.seconds / hugo.seconds:.1f}× Hugo's wall, "
        f"{generate.cpu / hugo.cpu:.1f}× its CPU; MkDocs {_s(mkdocs)} = {mkdocs.seconds / hugo.seconds:.1f}× "
        f"wall, {mkdocs.cpu / hugo.cpu:.1f}× CPU; peak RSS generate {generate.rss_mb:.0f}, "
        f"MkDocs {mkdocs.rss_mb:.0f} MiB. Median of the pairs' ratios: wall "
        f"{statistics.median(p.ours.seconds / p.hugo.seconds for p in pairs):.1f}, "
        f"CPU {statistics.median(p.ours.cpu / p.hugo.cpu for p in pairs):.1f}."
    )
    loads = [p.load for p in pairs]
    return (
        f"| {tasks:,} | {len(pairs)} | {min(loads):.1f}–{max(loads):.1f} | {_s(ours)} | {_s(hugo)} "
        f"| **{ours.seconds / hugo.seconds:.1f}** | **{ours.cpu / hugo.cpu:.1f}** "
        f"| {ours.rss_mb:.0f} | {hugo.rss_mb:.0f} | **{ours.rss_mb / hugo.rss_mb:.2f}** "
        f"| {pages}{'' if same else ' (differ)'} "
        f"| {sum(ours_html.values()) / 1e6:.1f} / {sum(hugo_html.values()) / 1e6:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="task counts (default 5000)")
    parser.add_argument("--large", action="store_true", help="also 50,000 tasks (several minutes)")
    parser.add_argument("--pairs", type=int, default=3, help="builds of each, in turn (default 3)")
    args = parser.parse_args()
    sizes = args.sizes or [5000] + ([50000] if args.large else [])
    version = subprocess.run([hugo_binary(), "version"], capture_output=True, text=True, check=True)
    print(f"make site (generate + MkDocs) beside {version.stdout.split('-')[0]}, the same synthetic plans")
    rows = []
    for tasks in sizes:
        try:
            rows.append(report(tasks, *measure(tasks, args.pairs)))
        except subprocess.CalledProcessError as err:
            sys.exit(f"{tasks:,} tasks: {' '.join(err.cmd)} failed:\n{err.output[-4000:]}")
    print("\nMedians; seconds wall, CPU in brackets; peak RSS in MiB (the larger of generate's and MkDocs'):")
    print(
        "| tasks | pairs | load average | make site s | Hugo s | wall ours/Hugo | CPU ours/Hugo "
        "| peak ours | peak Hugo | memory ours/Hugo | pages | HTML MB ours / Hugo |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(row)
    if not args.sizes and not args.large:
        print("50,000 tasks skipped (several minutes; run `make bench LARGE=1` or add --large)")


if __name__ == "__main__":
    main()
