"""Page weight per page type: HTML bytes, bytes on first load, requests, against budgets.

Usage: .venv/bin/python benchmarks/weight.py [SITE_DIR]   (default: site/, built by `make site`)

Each page is opened in a fresh headless Chromium (empty cache) from a local server
that compresses text as GitHub Pages does; the bytes are what crossed the wire
(compressed bodies), counted until the network is idle, so files that scripts load
after the page (the search index today) are included. For comparison, the same
pages are built with a default Material for MkDocs configuration (`theme: material`,
nothing else); its Google Fonts requests cannot leave this machine, so they count
as requests with no bytes. Prints a table; asserts nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lighthouse import PAGES as LIGHTHOUSE_PAGES
from lighthouse import serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = {
    **LIGHTHOUSE_PAGES,
    "areas": "linh-vuc/",
    "units": "don-vi/",
    "updates": "cap-nhat/",
    "method": "cach-tinh/",
    "source": "nguon-du-lieu/",
}
# Budgets for every page type, without the search (its payload is the search's own
# budget): compressed KB of the HTML, KB on first load, requests. See the README.
BUDGET_HTML_KB = 10
# Material's own bundle.js (about 30 KB gzip) is not loaded (overrides/main.html): the budget
# keeps that gain, well below a default Material page (62-67 KB without its web fonts).
BUDGET_KB = 45
BUDGET_REQUESTS = 7
# Files that belong to the site search, reported apart (the search payload). When the
# search is replaced, list its files' path fragments here.
# The search index (fetched only when a reader types); search.js itself loads with the page.
SEARCH_PATHS = ("/search/",)


def measure(base: str) -> dict[str, dict[str, float]]:
    """Open each page in an empty cache and add up what it loads."""
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for name, path in PAGES.items():
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            loaded: list[tuple[str, int]] = []
            third_party: list[str] = []

            def finished(request, loaded=loaded):  # type: ignore[no-untyped-def]
                size = request.sizes()["responseBodySize"]
                if size >= 0:  # negative: served from the memory cache, no request went out
                    loaded.append((request.url, size))

            page.on("requestfinished", finished)
            page.on("requestfailed", lambda r, tp=third_party: tp.append(r.url))
            page.goto(base + path, wait_until="networkidle")
            html = next(size for url, size in loaded if url == base + path)
            is_search = [any(s in url for s in SEARCH_PATHS) for url, _ in loaded]
            results[name] = {
                "html": html,
                "total": sum(max(size, 0) for _, size in loaded),
                "search": sum(max(size, 0) for (_, size), s in zip(loaded, is_search, strict=True) if s),
                "requests": len(loaded) + len(third_party),
                "search_requests": sum(is_search),
                "third_party": len(third_party),
            }
            context.close()
        browser.close()
    return results


def default_material_site(docs: Path, work: Path) -> Path:
    """Our pages built with Material's defaults, for comparison."""
    shutil.copytree(docs, work / "docs")
    (work / "mkdocs.yml").write_text("site_name: Tiến độ cải cách hành chính\ntheme:\n  name: material\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(work / "mkdocs.yml"),
            "-d",
            str(work / "site"),
        ],
        check=True,
        env=env,
    )
    return work / "site"


def table(ours: dict[str, dict[str, float]], default: dict[str, dict[str, float]]) -> str:
    """Markdown table: measured / budget, then the default Material site's numbers."""
    lines = [
        "| Trang | HTML KB | Tải lần đầu KB (không tính tìm kiếm) | Yêu cầu (không tính tìm kiếm) "
        "| Tìm kiếm KB / yêu cầu | Material mặc định: HTML KB · KB · yêu cầu (bên thứ ba) |",
        "|:---|---:|---:|---:|---:|---:|",
    ]
    for name, r in ours.items():
        d = default[name]
        lines.append(
            f"| {name} | {r['html'] / 1024:.1f} / {BUDGET_HTML_KB} "
            f"| {(r['total'] - r['search']) / 1024:.1f} / {BUDGET_KB} "
            f"| {r['requests'] - r['search_requests']:.0f} / {BUDGET_REQUESTS} "
            f"| {r['search'] / 1024:.1f} / {r['search_requests']:.0f} "
            f"| {d['html'] / 1024:.1f} · {(d['total'] - d['search']) / 1024:.1f} · "
            f"{d['requests'] - d['search_requests']:.0f} ({d['third_party']:.0f}) |"
        )
    return "\n".join(lines)


def over_budget(results: dict[str, dict[str, float]]) -> list[str]:
    return [
        name
        for name, r in results.items()
        if r["html"] / 1024 > BUDGET_HTML_KB
        or (r["total"] - r["search"]) / 1024 > BUDGET_KB
        or r["requests"] - r["search_requests"] > BUDGET_REQUESTS
        or r["third_party"]
    ]


def main(argv: list[str]) -> None:
    site = Path(argv[0]) if argv else ROOT / "site"
    docs = ROOT / "docs"
    server, base = serve(site)
    try:
        ours = measure(base)
    finally:
        server.shutdown()
    with tempfile.TemporaryDirectory() as tmp:
        server, base = serve(default_material_site(docs, Path(tmp)))
        try:
            default = measure(base)
        finally:
            server.shutdown()
    print(f"Trọng lượng trang (đo / ngân sách), site: {site}; so với Material mặc định, cùng nội dung")
    print(table(ours, default))
    over = over_budget(ours)
    print("Vượt ngân sách: " + (", ".join(over) if over else "không"))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main(sys.argv[1:])
