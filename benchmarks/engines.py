"""MkDocs and Zensical on the same site: which of our features each engine keeps.

Usage: .venv/bin/python benchmarks/engines.py [PLAN]   (default examples/sample-plan.yaml)

Generates docs/ for PLAN once, builds it with `mkdocs build --strict` and with
`zensical build --strict` (from .venv-zensical/, `make zensical` installs it), then
checks each feature the site relies on in both outputs and prints a table; last, it
breaks one internal link and reports whether each engine's strict mode refuses it.
Prints what it found; asserts nothing (it documents an engine we do not ship yet).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import generator_cmd, site_folder  # noqa: E402 - after the path is set

from generator.plan.slug import slugify  # noqa: E402

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


def page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def first_area(site: Path) -> str:
    return sorted(p.name for p in (site / "linh-vuc").iterdir() if p.is_dir())[0]


def slug_mismatches(site: Path) -> str:
    """Headings whose id is not our slugify() of their text (explicit {#id} headings skipped)."""
    soup = page(site, "cach-tinh")
    bad, total = 0, 0
    for h in soup.select("article h2[id], article h3[id]"):
        text = h.get_text(" ", strip=True).removesuffix("¶").strip()
        total += 1
        bad += h["id"] != slugify(text)
    return f"{total - bad}/{total} ids = slugify"


def details(site: Path) -> str:
    soup = page(site, f"linh-vuc/{first_area(site)}")
    return f"{len(soup.select('article details'))} <details>"


CHECKS: list[tuple[str, Callable[[Path], object]]] = [
    (
        "overrides/main.html (Atom <link> in <head>)",
        lambda s: bool(page(s, "").select('link[type="application/atom+xml"]')),
    ),
    ("slugify hook (!!python/name) on headings", slug_mismatches),
    (
        "attr_list {#id} on tasks and targets",
        lambda s: len(page(s, f"linh-vuc/{first_area(s)}").select('[id^="muc-tieu-"]')),
    ),
    (
        "toc permalink (¶ with Vietnamese title)",
        lambda s: len(page(s, "cach-tinh").select('a.headerlink[title="Liên kết tới mục này"]')),
    ),
    (
        "md_in_html (table inside div.cc-sortable)",
        lambda s: bool(page(s, f"linh-vuc/{first_area(s)}").select("div.cc-sortable table")),
    ),
    ("admonition (sample-data warning)", lambda s: len(page(s, "").select("article .admonition"))),
    ("pymdownx.details (update history)", details),
    ("tables", lambda s: len(page(s, "").select("article table"))),
    (
        "not_in_nav (area pages out of the sidebar)",
        lambda s: not page(s, "").select('nav a[href*="linh-vuc/i/"]'),
    ),
    (
        "nav: top-level entries",
        lambda s: len({a.get("href") for a in page(s, "").select("nav.md-nav--primary > ul > li > a")}),
    ),
    ("extra_css extra.css linked", lambda s: bool(page(s, "").select('link[href$="extra.css"]'))),
    ("extra_javascript sort.js linked", lambda s: bool(page(s, "").select('script[src$="sort.js"]'))),
    ("theme language vi (<html lang>)", lambda s: page(s, "").html.get("lang")),  # type: ignore[union-attr]
    (
        "font: false (no Google Fonts)",
        lambda s: "fonts.googleapis" not in (s / "index.html").read_text(encoding="utf-8"),
    ),
    ("sitemap.xml", lambda s: (s / "sitemap.xml").is_file()),
    ("404.html", lambda s: (s / "404.html").is_file()),
    (
        "Material search index (search/search_index.json)",
        lambda s: (s / "search" / "search_index.json").is_file(),
    ),
    (
        "Zensical search.json written (93 bytes when its search is off)",
        lambda s: (s / "search.json").is_file(),
    ),
    ("our search index (search/meta.json)", lambda s: (s / "search" / "meta.json").is_file()),
    ("atom.xml copied", lambda s: (s / "atom.xml").is_file()),
    ("copyright in footer", lambda s: "Dữ liệu lấy từ kế hoạch" in page(s, "").get_text()),
]


def build(engine: str, work: Path, config: Path, out: Path) -> tuple[int, float, str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1669852800",
        "PYTHONPATH": str(ROOT),
    }
    if engine == "mkdocs":
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)]
    else:
        zconfig = config.with_name(f"zensical-{out.name}.yml")
        text = (ROOT / "zensical.yml").read_text(encoding="utf-8")
        zconfig.write_text(text.replace("site_dir: zensical-site", f"site_dir: {out.name}"), encoding="utf-8")
        cmd = [str(ZENSICAL), "build", "--clean", "--strict", "-f", str(zconfig)]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True)
    return done.returncode, time.perf_counter() - start, (done.stdout + done.stderr).strip()


def main() -> None:
    plan = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "sample-plan.yaml"
    if not ZENSICAL.is_file():
        sys.exit(f"{ZENSICAL} is missing: run `make zensical` first")
    with tempfile.TemporaryDirectory(prefix="cc-engines-") as tmp:
        work = Path(tmp)
        site_folder(work)
        subprocess.run(
            generator_cmd("build", [plan], work / "docs"), cwd=ROOT, check=True, capture_output=True
        )
        sites = {}
        for engine in ("mkdocs", "zensical"):
            code, took, log = build(engine, work, work / "mkdocs.yml", work / f"site-{engine}")
            print(f"{engine}: exit {code}, {took:.1f} s" + (f"\n{log[-2000:]}" if code else ""))
            sites[engine] = work / f"site-{engine}"
        print(f"\n| feature ({plan.name}) | MkDocs | Zensical |\n|---|---|---|")
        for label, check in CHECKS:
            cells = []
            for site in sites.values():
                try:
                    cells.append(str(check(site)))
                except Exception as err:  # a page the engine did not write is a finding too
                    cells.append(f"error: {type(err).__name__}")
            print(f"| {label} | {cells[0]} | {cells[1]} |")
        # Strict validation: one link to a page that does not exist.
        broken = work / "docs" / "cach-tinh.md"
        broken.write_text(
            broken.read_text(encoding="utf-8") + "\n[hỏng](khong-co-trang-nay.md)\n", encoding="utf-8"
        )
        cells = []
        for engine in ("mkdocs", "zensical"):
            code, _, log = build(engine, work, work / "mkdocs.yml", work / f"broken-{engine}")
            said = next((line for line in log.splitlines() if "khong-co" in line), "")
            cells.append(f"exit {code}" + (f": {said.strip()[:90]}" if said else ""))
        print(f"| --strict refuses a broken link | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
