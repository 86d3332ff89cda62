"""What a reader downloads to search: open the home page, type one query, count every byte.

Usage: .venv/bin/python benchmarks/search_payload.py [--material] [--query Q] [COPIES ...]

Builds the real plan (content/plan.yaml) copied 1, 10 and 100 times (57, 570 and
5,700 tasks; copies get ids such as II.101.1.3.b so that every id is unique), serves
the site on 127.0.0.1, loads the home page in headless Chromium, types the query
key by key and prints the requests made and the bytes fetched: raw, and gzip-compressed
(each response body compressed on its own, as a static host serving gzip sends it).
The budget is 300 KB gzip at 5,700 tasks. With --material it also prints the size of
the search_index.json that Material's own search plugin would ship for the same plan.
Prints measurements; asserts nothing (timings and sizes belong here, not in tests).
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import generator_cmd, mkdocs_cmd  # noqa: E402 - after the path is set

REAL_PLAN = ROOT / "content" / "plan.yaml"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
BUDGET_GZIP = 300_000


def _renamed(plan_id: str, area_id: str, n: int) -> str:
    """II.1.3.b in copy n -> II.<100+n>.1.3.b: unique, and still inside its area."""
    return f"{area_id}.{100 + n}{plan_id[len(area_id) :]}"


def _copy_target(target: dict[str, Any], area_id: str, n: int) -> dict[str, Any]:
    new = copy.deepcopy(target)
    new["id"] = _renamed(target["id"], area_id, n)
    for task in new["tasks"]:
        task["id"] = _renamed(task["id"], area_id, n)
    return new


def multiplied_plan(copies: int) -> dict[str, Any]:
    """The real plan with every area's groups and targets repeated `copies` times."""
    plan: dict[str, Any] = yaml.safe_load(REAL_PLAN.read_text(encoding="utf-8"))
    for area in plan["areas"]:
        groups, targets = list(area.get("groups", [])), list(area.get("targets", []))
        for n in range(1, copies):
            for group in groups:
                new = copy.deepcopy(group)
                new["id"] = _renamed(group["id"], area["id"], n)
                new["targets"] = [_copy_target(t, area["id"], n) for t in group["targets"]]
                area["groups"].append(new)
            area.setdefault("targets", []).extend(_copy_target(t, area["id"], n) for t in targets)
    return plan


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def build(plan: dict[str, Any], work: Path, material: bool = False) -> Path:
    """Generate docs/ and build the site with `mkdocs build --strict` in `work`."""
    plan_file = work / "plan.yaml"
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "overrides", work / "overrides", dirs_exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if material:
        config = config.replace("plugins: []", "plugins:\n  - search:\n      lang: vi")
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1669852800"}
    subprocess.run(
        generator_cmd("build", [plan_file], work / "docs"), cwd=ROOT, check=True, env=env, capture_output=True
    )
    subprocess.run(mkdocs_cmd(work), check=True, env=env)
    return work / "site"


def measure(site: Path, query: str) -> tuple[int, int, int, list[tuple[str, int, int]]]:
    """(requests, raw bytes, gzip bytes, per-response rows) for: open home page, type query."""
    from playwright.sync_api import sync_playwright

    rows: list[tuple[str, int, int]] = []
    with serve(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()

        def record(response: Any) -> None:
            try:
                body = response.body()
            except Exception:  # a redirect or aborted response has no body
                body = b""
            rows.append((response.url.removeprefix(url), len(body), len(gzip.compress(body, 9, mtime=0))))

        page.on("response", record)
        page.goto(url, wait_until="networkidle")
        box = page.locator("#cc-search-input")
        box.click()
        # Key by key, as a reader types: every `input` event searches.
        page.keyboard.type(query, delay=40)
        page.locator("#cc-search-results").and_(page.locator(f'[data-query="{query}"]')).wait_for()
        page.wait_for_load_state("networkidle")
        browser.close()
    return len(rows), sum(r[1] for r in rows), sum(r[2] for r in rows), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copies", nargs="*", type=int, default=[1, 10, 100])
    parser.add_argument("--query", default="chu ky so")
    parser.add_argument("--material", action="store_true", help="also size Material's search_index.json")
    parser.add_argument("--verbose", action="store_true", help="print every response")
    args = parser.parse_args()
    for copies in args.copies:
        plan = multiplied_plan(copies)
        tasks = sum(len(t["tasks"]) for a in plan["areas"] for g in a.get("groups", []) for t in g["targets"])
        tasks += sum(len(t["tasks"]) for a in plan["areas"] for t in a.get("targets", []))
        with tempfile.TemporaryDirectory() as tmp:
            site = build(plan, Path(tmp))
            index = sorted((site / "search").rglob("*.json"))
            index_raw = sum(f.stat().st_size for f in index)
            requests, raw, gz, rows = measure(site, args.query)
            verdict = "within" if gz <= BUDGET_GZIP else "OVER"
            print(
                f"{tasks:>5} tasks: {requests} requests, {raw / 1000:.0f} KB raw, {gz / 1000:.0f} KB gzip "
                f"({verdict} the {BUDGET_GZIP // 1000} KB budget) for home page + typing {args.query!r}; "
                f"index on disk {len(index)} files, {index_raw / 1e6:.2f} MB"
            )
            kinds = {"page": (0, 0), "search index": (0, 0), "theme and site assets": (0, 0)}
            for path, r, g in rows:
                kind = "search index" if path.startswith("search/") else "page"
                kind = "theme and site assets" if path.startswith("assets/") else kind
                kinds[kind] = (kinds[kind][0] + r, kinds[kind][1] + g)
                if args.verbose:
                    print(f"        {g:>7} gz {r:>8} raw  {path}")
            print("        " + "; ".join(f"{k} {g / 1000:.0f} KB gzip" for k, (_, g) in kinds.items()))
        if args.material:
            with tempfile.TemporaryDirectory() as tmp:
                site = build(plan, Path(tmp), material=True)
                data = (site / "search" / "search_index.json").read_bytes()
                print(
                    f"        Material's search_index.json for the same plan: {len(data) / 1000:.0f} KB raw, "
                    f"{len(gzip.compress(data, 9, mtime=0)) / 1000:.0f} KB gzip"
                )


if __name__ == "__main__":
    main()
