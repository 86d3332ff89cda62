"""Lighthouse (mobile) scores of the built site: home, an area page and a unit page.

Usage: .venv/bin/python benchmarks/lighthouse.py [SITE_DIR] [--runs N]   (default: site/, 1 run)

Needs `npm ci` (Lighthouse 12.2.3 from package-lock.json) and Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium). Performance is timed, so it varies on a
busy machine: this prints what it measured (the median over the runs) against the
targets, and asserts nothing. The deterministic categories are tested in
tests/test_a11y.py.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "area": "linh-vuc/ii/", "unit": "don-vi/van-phong/"}
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.96, "seo": 0.95}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


class _Gzip(http.server.SimpleHTTPRequestHandler):
    """A static host that compresses text as GitHub Pages does (http.server alone does not)."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # http.server redirects /dir to /dir/
            path = path / "index.html"
        compressible = path.suffix in COMPRESSED and path.is_file()
        if not compressible or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `directory` on a free local port, as a static host would."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Gzip, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(url: str, categories: list[str] | None = None) -> dict[str, float]:
    """One Lighthouse run (mobile, its default) on `url`: category -> score."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    only = [f"--only-categories={','.join(categories)}"] if categories else []
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            "--output-path=stdout",
            f"--chrome-flags={CHROME_FLAGS}",
            *only,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    report = json.loads(result.stdout)
    return {name: cat["score"] for name, cat in report["categories"].items()}


def main(argv: list[str]) -> None:
    runs = 1
    if "--runs" in argv:
        i = argv.index("--runs")
        runs = int(argv[i + 1])
        del argv[i : i + 2]
    site = Path(argv[0]) if argv else ROOT / "site"
    if not LIGHTHOUSE.exists():
        sys.exit("Thiếu Lighthouse: chạy `npm ci` trước [run npm ci first]")
    server, base = serve(site)
    try:
        print(f"Lighthouse 12.2.3, mobile, {runs} lần đo mỗi trang, trung vị; site: {site}")
        print(f"{'trang':<6} " + " ".join(f"{c:>15}" for c in TARGETS))
        for name, path in PAGES.items():
            scores: dict[str, list[float]] = {c: [] for c in TARGETS}
            for _ in range(runs):
                for c, s in lighthouse(base + path).items():
                    scores[c].append(s)
            cells = []
            for c, target in TARGETS.items():
                value = statistics.median(scores[c])
                mark = "ok" if value >= target else "DƯỚI"
                cells.append(f"{value:.2f}/{target:.2f} {mark:>4}")
            print(f"{name:<6} " + " ".join(f"{cell:>15}" for cell in cells))
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
