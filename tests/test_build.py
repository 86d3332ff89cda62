"""Whole builds: strict MkDocs, byte-identical rebuilds, and the live-preview watcher."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .conftest import REAL_PLAN, ROOT, SAMPLE_PLAN, build_site, run_generator


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_real_site_has_every_page(real_site: Path) -> None:
    pages = {p.relative_to(real_site).as_posix() for p in real_site.rglob("index.html")}
    for area in ("i", "ii", "iii", "iv", "v", "vi", "vii"):
        assert f"linh-vuc/{area}/index.html" in pages
    for page in ("index.html", "cach-tinh/index.html", "cap-nhat/index.html", "don-vi/thanh-tra/index.html"):
        assert page in pages
    assert (real_site / "atom.xml").is_file()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = _tree(build_site(SAMPLE_PLAN, tmp_path / "a"))
    second = _tree(build_site(SAMPLE_PLAN, tmp_path / "b"))
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"files differ between two builds of the same input: {different}"


def test_as_of_changes_the_derived_state_not_the_clock(tmp_path: Path) -> None:
    early = build_site(SAMPLE_PLAN, tmp_path / "early", as_of="2022-07-01")
    html = (early / "index.html").read_text(encoding="utf-8")
    assert "01/07/2022" in html
    assert "15/10/2022" not in html.split("Tình hình chung")[0]


def test_watch_regenerates_docs_when_the_plan_changes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(REAL_PLAN, plan)
    out = tmp_path / "docs"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "generator", "watch", "--plan", str(plan), "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        home = out / "index.md"
        deadline = time.monotonic() + 60
        while not home.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert home.exists(), "watch did not build docs/ at start"
        text = plan.read_text(encoding="utf-8")
        changed = text.replace(
            'title: "Kế hoạch cải cách hành chính năm 2022"', 'title: "Kế hoạch CCHC đã sửa"'
        )
        assert changed != text
        plan.write_text(changed, "utf-8")
        while "Kế hoạch CCHC đã sửa" not in home.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "watch did not regenerate docs/ after the plan changed"
            time.sleep(0.2)
        # A broken edit keeps the last good pages and reports the problem with its line.
        plan.write_text(changed.replace("year: 2022", "year: hai nghìn", 1), "utf-8")
        time.sleep(2.5)
        assert "Kế hoạch CCHC đã sửa" in home.read_text(encoding="utf-8")
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "plan.yaml:" in err and "year" in err


def test_mkdocs_live_reload_follows_swapped_builds(tmp_path: Path) -> None:
    """`make serve`'s pair: each generator build swaps docs/; MkDocs' watcher keeps seeing it,
    and its dirty rebuilds show every edit.

    MkDocs polls docs/ (inode and mtime of every file): the folder must never vanish, and
    a build that changes nothing must not trigger a reload.
    """
    import socket
    import urllib.request

    for name in ("mkdocs.yml", "overrides"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name)
        else:
            shutil.copy(src, tmp_path / name)
    plan = tmp_path / "plan.yaml"
    shutil.copy(REAL_PLAN, plan)

    def generate() -> None:
        done = run_generator("build", "--plan", str(plan), "--out", str(tmp_path / "docs"))
        assert done.returncode == 0, done.stderr

    generate()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # As `make serve` runs it: --dirty rebuilds only pages newer than their HTML, which
    # works because the generator keeps the mtime of every file it does not change.
    serve = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        proc = subprocess.Popen(serve, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:

        def wait_for(text: str, count: int) -> None:
            deadline = time.monotonic() + 60
            while log.read_text(encoding="utf-8").count(text) < count:
                assert proc.poll() is None, log.read_text(encoding="utf-8")
                assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.2)

        def home() -> str:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
                return str(page.read().decode("utf-8"))

        wait_for("Serving on", 1)
        for n, title in enumerate(("Sửa lần một", "Sửa lần hai"), start=1):
            text = plan.read_text(encoding="utf-8")
            plan.write_text(re.sub(r'(\n  title: )"[^"]*"', rf'\1"{title}"', text, count=1), "utf-8")
            generate()
            wait_for("Reloading browsers", n)
            assert title in home()
        generate()  # nothing changed: no reload
        time.sleep(3)
        assert log.read_text(encoding="utf-8").count("Detected file changes") == 2
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_normal_install_builds_the_same_pages(tmp_path: Path) -> None:
    """`pip install .` (not editable): templates and assets ship inside the package."""
    target = tmp_path / "installed"
    # A copy of the sources: setuptools builds in the source folder, and a `build/` and
    # `*.egg-info` left in the checkout shadow the editable install's metadata (its entry
    # points: MkDocs then finds no cc-text-stays-text plugin) until the next install.
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    installed = subprocess.run([*pip, "--target", str(target), str(source)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    # Every template folder is declared: setuptools has nothing to warn about (it printed a
    # "Package would be ignored" block per folder, on every fresh `make site` too).
    assert "would be ignored" not in installed.stderr and "Warning" not in installed.stderr, installed.stderr
    assert (target / "generator" / "pages" / "templates" / "area.md.j2").is_file()
    assert (target / "generator" / "pages" / "templates" / "assets" / "favicon.svg").is_file()
    # Run from outside the checkout, so that only the installed copy can be imported.
    env = {**os.environ, "PYTHONPATH": str(target)}
    away = tmp_path / "elsewhere"
    away.mkdir()
    where = [sys.executable, "-c", "import generator; print(generator.__file__)"]
    imported = subprocess.run(where, cwd=away, env=env, capture_output=True, text=True, check=True)
    assert Path(imported.stdout.strip()).is_relative_to(target), imported.stdout
    out = str(away / "docs")
    cmd = [sys.executable, "-m", "generator", "build", "--plan", str(SAMPLE_PLAN), "--out", out]
    built = subprocess.run(cmd, cwd=away, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    reference = tmp_path / "reference"
    from_checkout = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--plan", str(SAMPLE_PLAN), "--out", str(reference)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert from_checkout.returncode == 0, from_checkout.stderr
    assert _tree(away / "docs") == _tree(reference)


BESIDE = """
import os, sys, threading
from generator.build import pipeline

if sys.argv[1] == "thread":  # another thread running: fork is not safe, so no second process
    threading.Thread(target=threading.Event().wait, daemon=True).start()
files = pipeline.beside(lambda: {"pid": str(os.getpid()).encode()})()
print("same" if files["pid"] == str(os.getpid()).encode() else "other")
def boom():
    raise ValueError("hỏng ở tiến trình phụ")
try:
    pipeline.beside(boom)()
except (RuntimeError, ValueError) as err:
    print(type(err).__name__, str(err).splitlines()[-1])
"""


def test_open_data_is_made_beside_the_pages_and_its_errors_come_back() -> None:
    # Open data is made by a second process while the pages render (pipeline.BESIDE_PAGES),
    # only where fork is safe: a single-threaded process on two cores or more.
    def run(mode: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", BESIDE, mode], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()

    alone = run("alone")
    if len(os.sched_getaffinity(0)) > 1:
        # The child's failure is the parent's, with the child's own message.
        assert alone == ["other", "RuntimeError ValueError: hỏng ở tiến trình phụ"]
    else:
        assert alone == ["same", "ValueError hỏng ở tiến trình phụ"]
    assert run("thread")[0] == "same"
