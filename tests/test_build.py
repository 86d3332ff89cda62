"""Whole builds: strict MkDocs, byte-identical rebuilds, and the live preview (make serve)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .conftest import PORTAL_PLANS, REAL_PLAN, ROOT, SAMPLE_PLAN, build_site, run_generator


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


def _serve_folder(tmp_path: Path) -> Path:
    """What `make serve` reads besides the plan: mkdocs.yml and the theme overrides."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    plan = tmp_path / "plan.yaml"
    shutil.copy(REAL_PLAN, plan)
    return plan


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_shows_an_edit_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    """`make serve`: one process builds once, serves, shows a saved edit of a task on its
    page; a broken edit is printed with its line and the last good page stays; when idle,
    docs/ holds what `generator build` writes, byte for byte."""
    import urllib.request

    work = tmp_path / "work"  # the log outside: the plan's folder is watched
    work.mkdir()
    plan = _serve_folder(work)
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "generator", "serve", "--plan", str(plan), "-a", f"127.0.0.1:{port}"]
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)

    def page() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/linh-vuc/ii/") as response:
            return str(response.read().decode("utf-8"))

    def until(shown: Callable[[], bool]) -> None:
        while not shown():
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.1)

    def serving() -> bool:
        try:
            return bool(page())
        except OSError:
            return False

    try:
        until(serving)
        assert "livereload(" in page(), "the page cannot reload itself"
        text = plan.read_text(encoding="utf-8")
        old = 'title: "Công khai bộ TTHC kịp thời trên Cổng dịch vụ công của tỉnh"'
        assert old in text
        edited = text.replace(old, 'title: "Đã sửa khi xem trước"')
        plan.write_text(edited, "utf-8")
        until(lambda: "Đã sửa khi xem trước" in page())
        # When idle, the rest of the site follows: the unit pages, the search index...
        until(lambda: "phần còn lại" in log.read_text(encoding="utf-8"))
        # Read by the task's lines alone (plan/load/splice.py), and docs/ is still exact.
        assert "[edited task's lines]" in log.read_text(encoding="utf-8")
        built = tmp_path / "built"
        done = run_generator("build", "--plan", str(plan), "--out", str(built))
        assert done.returncode == 0, done.stderr
        assert _tree(work / "docs") == _tree(built)

        line = edited.splitlines().index(next(x for x in edited.splitlines() if "year: 2022" in x)) + 1
        plan.write_text(edited.replace("year: 2022", "year: hai nghìn", 1), "utf-8")
        until(lambda: f"plan.yaml:{line}:" in log.read_text(encoding="utf-8"))
        assert "Đã sửa khi xem trước" in page()
        assert "year" in log.read_text(encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


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
    from_checkout = run_generator("build", "--plan", str(SAMPLE_PLAN), "--out", str(reference))
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


EDITIONS = """
import os, sys
from pathlib import Path
from generator.build import pipeline

rendered = pipeline.iter_page_files
def iter_page_files(portal, only=None, langs=pipeline.LANGS):  # marks each edition with its process
    yield from rendered(portal, only, langs)
    yield from (("pid " + lang, str(os.getpid()).encode()) for lang in langs)
pipeline.iter_page_files = iter_page_files
files = pipeline.portal_files(pipeline.make_portal([Path(sys.argv[1])]), "http://example.org/")
here = str(os.getpid()).encode()
marks = [key for key in files if key.startswith("pid ")]
print(" ".join(key.removeprefix("pid ") + (" here" if files[key] == here else " other") for key in marks))
"""


def test_the_english_edition_is_rendered_beside_the_vietnamese() -> None:
    # The pages of each edition are half the pages' time: with a second core, the English
    # edition is rendered by a second process while this one renders the Vietnamese.
    done = subprocess.run(
        [sys.executable, "-c", EDITIONS, str(SAMPLE_PLAN)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    other = "other" if len(os.sched_getaffinity(0)) > 1 else "here"
    assert done.stdout.split() == ["vi", "here", "en", other]


def test_pages_rendered_ahead_change_no_byte_of_the_build() -> None:
    """The live preview renders an edit's pages first and hands them to portal_files when
    idle: the files are those of a build that rendered every page itself, several plans too."""
    from generator.build.pipeline import make_portal, page_files, page_paths, portal_files

    for plans in ([SAMPLE_PLAN], PORTAL_PLANS):
        portal = make_portal(plans)
        whole = portal_files(portal, "http://example.org/")
        paths = page_paths(portal)
        assert paths == [p for p in whole if p in set(paths)], "page_paths is not the pages' order"
        ahead = page_files(portal, {paths[0], paths[len(paths) // 2]})
        assert ahead.keys() == {paths[0], paths[len(paths) // 2]}
        again = portal_files(portal, "http://example.org/", ahead)
        assert list(again) == list(whole)
        assert again == whole
