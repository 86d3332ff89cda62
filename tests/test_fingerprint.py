"""A build with nothing new does nothing: the build's fingerprint (build/fingerprint.py) and its stamp.

Every input the output depends on rebuilds when it changes (the plan, SITE_URL, the
as-of date, a template); an output folder changed by anyone is rebuilt, never skipped.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import fingerprint
from generator.build.folder import MARKER
from generator.build.stamp import STAMP
from generator.cli import main

from .conftest import ROOT, SAMPLE_PLAN, run_generator
from .test_cli import snapshot

UP_TO_DATE = "không có gì để làm (0 tệp thay đổi)"


def build(plan: Path, out: Path, *extra: str, env: dict[str, str] | None = None) -> str:
    result = run_generator("build", "--plan", str(plan), "--out", str(out), *extra, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE_PLAN, plan)
    out = tmp_path / "docs"
    assert "đã tạo" in build(plan, out)
    assert (out / STAMP).is_file()
    return plan, out


def test_a_no_op_rebuild_does_nothing_and_says_so(built: tuple[Path, Path]) -> None:
    plan, out = built
    before = snapshot(out)
    # In a process of its own: the answer comes before the pipeline (pydantic, Jinja) is loaded.
    code = (
        "import sys; from generator.cli import main; "
        f"assert main(['build', '--plan', {str(plan)!r}, '--out', {str(out)!r}]) == 0; "
        "print('pipeline loaded' if 'generator.build.pipeline' in sys.modules else 'pipeline not loaded')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert UP_TO_DATE in result.stdout
    assert "pipeline not loaded" in result.stdout
    assert snapshot(out) == before  # not one file written, not even the stamp


def _comment(plan: Path) -> None:
    """An edit that changes the plan's bytes and no page: the stamp still follows it."""
    plan.write_text(plan.read_text("utf-8") + "# chú thích\n", "utf-8")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_comment, id="plan"),
        pytest.param("SITE_URL", id="site-url"),
        pytest.param("--as-of", id="as-of"),
    ],
)
def test_each_input_rebuilds(built: tuple[Path, Path], change: Callable[[Path], object] | str) -> None:
    plan, out = built
    extra: list[str] = []
    env = None
    if change == "SITE_URL":
        env = {"SITE_URL": "https://example.gov.vn/khac/"}
    elif change == "--as-of":
        extra = ["--as-of", "2022-12-31"]
    else:
        assert callable(change)
        change(plan)
    stamp = (out / STAMP).read_bytes()

    first = build(plan, out, *extra, env=env)

    assert "đã tạo" in first and UP_TO_DATE not in first
    assert (out / STAMP).read_bytes() != stamp
    # The same inputs again: nothing to do; back to the old ones: a build again.
    assert UP_TO_DATE in build(plan, out, *extra, env=env)
    if extra or env:
        assert "đã tạo" in build(plan, out)


def test_a_build_takes_the_fingerprint_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every plan read and the code hashed: the whole cost of a no-op, not paid twice by a build."""
    taken: list[list[Path]] = []
    real = fingerprint.digest

    def counted(plans: list[Path], as_of: dt.date | None) -> str | None:
        taken.append(list(plans))
        return real(plans, as_of)

    monkeypatch.setattr(fingerprint, "digest", counted)
    assert main(["build", "--plan", str(SAMPLE_PLAN), "--out", str(tmp_path / "docs")]) == 0
    assert taken == [[SAMPLE_PLAN]]


def test_as_of_given_and_taken_from_the_plan_are_different_inputs() -> None:
    """Even the same day: the plan's own date is in its bytes, a given one is not."""
    assert fingerprint.digest([SAMPLE_PLAN], None) != fingerprint.digest([SAMPLE_PLAN], dt.date(2022, 10, 15))
    assert fingerprint.digest([SAMPLE_PLAN, SAMPLE_PLAN], None) != fingerprint.digest([SAMPLE_PLAN], None)
    assert fingerprint.digest([SAMPLE_PLAN.parent / "khong-co.yaml"], None) is None


def test_a_changed_template_rebuilds(tmp_path: Path) -> None:
    """A copy of the package, run from outside the checkout, with one template edited."""
    package = tmp_path / "pkg"
    shutil.copytree(ROOT / "generator", package / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "docs"
    cmd = [sys.executable, "-m", "generator", "build", "--plan", str(SAMPLE_PLAN), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(package)}

    def run() -> str:
        result = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run()
    assert UP_TO_DATE in run()
    template = package / "generator" / "pages" / "templates" / "home.md.j2"
    template.write_text(template.read_text("utf-8") + "\nDòng thêm để thử.\n", "utf-8")

    assert "đã tạo" in run()
    assert "Dòng thêm để thử." in (out / "index.md").read_text("utf-8")
    asset = package / "generator" / "pages" / "templates" / "assets" / "stylesheets" / "extra.css"
    asset.write_text(asset.read_text("utf-8") + "\n/* thử */\n", "utf-8")
    assert "(1 tệp thay đổi)" in run()


def _edit_same_size(out: Path) -> None:
    page = out / "index.md"
    stat = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"#", b"=", 1))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with its old mtime


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(_edit_same_size, id="edited"),
        pytest.param(lambda out: (out / "cua-toi.md").write_text("thêm\n", "utf-8"), id="added"),
        pytest.param(lambda out: (out / "index.md").unlink(), id="removed"),
        pytest.param(lambda out: (out / "thu-muc-rong").mkdir(), id="empty-folder"),
        pytest.param(lambda out: (out / "lien-ket.md").symlink_to(out / "index.md"), id="symlink"),
        pytest.param(lambda out: (out / MARKER).unlink(), id="no-marker"),
        pytest.param(lambda out: (out / STAMP).write_text("inputs x\noutput y\n", "utf-8"), id="stamp"),
    ],
)
def test_a_folder_changed_by_someone_is_rebuilt_not_skipped(
    built: tuple[Path, Path], tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    plan, out = built
    fresh = tmp_path / "fresh"
    build(plan, fresh)
    expected = {k: v[0] for k, v in snapshot(fresh).items()}
    damage(out)

    result = run_generator("build", "--plan", str(plan), "--out", str(out))

    if result.returncode != 0:  # without its marker the folder is no longer the generator's
        assert "thiếu tệp đánh dấu" in result.stderr
        return
    assert UP_TO_DATE not in result.stdout
    assert {k: v[0] for k, v in snapshot(out).items()} == expected
    assert UP_TO_DATE in build(plan, out)


def test_a_build_over_an_identical_tree_only_adds_the_stamp(built: tuple[Path, Path]) -> None:
    """docs/ made by a generator without stamps: the first build writes the stamp alone."""
    plan, out = built
    (out / STAMP).unlink()
    before = snapshot(out)

    assert "(0 tệp thay đổi)" in build(plan, out)

    after = snapshot(out)
    assert after.pop(STAMP)
    assert after == before  # every other file as it was, mtimes included
    assert UP_TO_DATE in build(plan, out)


def test_library_versions_are_inputs() -> None:
    from importlib.metadata import version

    runtime = fingerprint._runtime().decode()
    assert f"openpyxl-{version('openpyxl')}" in runtime
    assert f"jinja2-{version('jinja2')}".lower() in runtime.lower()
    assert sys.version in runtime
