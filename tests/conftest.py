"""Shared fixtures: build real sites with the generator and MkDocs, serve them, drive Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_PLAN = ROOT / "content" / "plan.yaml"
SAMPLE_PLAN = ROOT / "examples" / "sample-plan.yaml"


def _without_progress() -> Path:
    """The real plan without its progress (updates, measurements, triggers), as `new-year`
    keeps it for the same year. Tests that add a report to a real task start from it, so
    that the first real reports staff add to content/plan.yaml never fail them."""
    from generator.plan.check import check
    from generator.plan.newyear import new_year

    old = check(REAL_PLAN)
    made = new_year(REAL_PLAN.read_text(encoding="utf-8"), old, old.plan.year, old.plan.as_of)
    path = Path(tempfile.mkdtemp(prefix="plan-without-progress-")) / "plan.yaml"
    path.write_text(made.text, "utf-8")
    return path


PRISTINE_PLAN = _without_progress()
BROKEN = ROOT / "tests" / "fixtures" / "broken"
# The start of every small test plan: metadata and one unit.
PLAN_HEAD = """\
plan:
  title: "Kế hoạch thử"
  organization: "Sở thử"
  year: 2022
  as_of: 2022-12-31
  source: "Phụ lục thử"
units:
  - {id: "van-phong", name: "Văn phòng Sở", short: "Văn phòng"}
"""
# One area, one target, one task due 15/11/2022, with no updates: tests append to its fields.
ONE_TASK = """\
areas:
  - id: "I"
    title: "Cải cách thể chế"
    targets:
      - id: "I.1"
        text: "Mục tiêu thử"
        tasks:
          - id: "I.1.a"
            title: "Nhiệm vụ thử"
            products: ["Quyết định"]
            lead: ["van-phong"]
            deadline: {text: "Trước 15/11/2022", kind: "date", date: 2022-11-15}
"""
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def run_generator(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ...` as staff run it, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def build_site(plan: Path | list[Path], work: Path, as_of: str | None = None) -> Path:
    """Generate docs/ for `plan` (or several plans) in `work`; build it with `mkdocs build --strict`."""
    work.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, dirs_exist_ok=True)
        else:
            shutil.copy(src, work / name)
    extra = ["--as-of", as_of] if as_of else []
    plans = [a for p in (plan if isinstance(plan, list) else [plan]) for a in ("--plan", str(p))]
    result = run_generator("build", *plans, "--out", str(work / "docs"), *extra)
    assert result.returncode == 0, result.stderr
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1669852800"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "mkdocs.yml")]
    built = subprocess.run([*mkdocs, "-d", str(work / "site")], capture_output=True, text=True, env=env)
    assert built.returncode == 0, built.stderr
    return work / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REAL_PLAN, tmp_path_factory.mktemp("real"))


PORTAL_PLANS = sorted((ROOT / "examples" / "portal").glob("*.yaml"))


@pytest.fixture(scope="session")
def portal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal: two years of one department and one other agency."""
    return build_site(PORTAL_PLANS, tmp_path_factory.mktemp("portal"))


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(SAMPLE_PLAN, tmp_path_factory.mktemp("sample"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def real_url(real_site: Path) -> Iterator[str]:
    yield from _serve(real_site)


@pytest.fixture(scope="session")
def portal_url(portal_site: Path) -> Iterator[str]:
    yield from _serve(portal_site)


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    yield from _serve(sample_site)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A real headless Chromium (Debian's). Missing browser fails, never skips."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), (
        f"Chromium not found at {CHROMIUM}: run `make test` (installs it as root) "
        "or `apt-get install chromium`, or set CHROMIUM=/path/to/chromium"
    )
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
