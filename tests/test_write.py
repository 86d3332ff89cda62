"""The output folder is the generator's alone, and it is replaced all at once.

Refusals leave every file where it was; a build killed with SIGKILL at any point of
writing leaves the previous docs/ whole; a failed MkDocs build leaves site/ whole.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.folder import MARKER

from .conftest import REAL_PLAN, ROOT, SAMPLE_PLAN, run_generator
from .test_cli import ONE_AREA, TWO_AREAS, snapshot

# No process can have this id (above Linux's largest pid_max): a leftover of a dead build.
DEAD_PID = 2**22 + 7


def build(plan: Path, out: Path) -> subprocess.CompletedProcess[str]:
    result = run_generator("build", "--plan", str(plan), "--out", str(out))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def files_of(folder: Path) -> dict[str, bytes]:
    return {k: v[0] for k, v in snapshot(folder).items() if not k.endswith("/")}


# --- ownership ------------------------------------------------------------------------


def test_first_build_marks_the_folder_and_an_empty_folder_is_accepted(tmp_path: Path) -> None:
    new, empty = tmp_path / "new" / "docs", tmp_path / "empty"
    empty.mkdir()
    for out in (new, empty):
        result = build(SAMPLE_PLAN, out)
        assert result.returncode == 0, result.stderr
        assert (out / MARKER).is_file()
        assert (out / "index.md").is_file()
    assert files_of(new) == files_of(empty)


def _foreign_folder(tmp_path: Path) -> Path:
    """A folder like examples/: someone's files, no marker."""
    out = tmp_path / "examples"
    out.mkdir()
    shutil.copy(SAMPLE_PLAN, out / "sample-plan.yaml")
    (out / "ghi-chu.md").write_text("của tôi\n", encoding="utf-8")
    return out


def _refused(result: subprocess.CompletedProcess[str], hint: str) -> None:
    assert result.returncode == 1
    assert "không dựng vào thư mục" in result.stderr
    assert "Không có tệp nào bị xóa hay ghi" in result.stderr
    assert hint in result.stderr
    assert "đã tạo" not in result.stdout


def test_a_folder_with_files_but_no_marker_is_refused_and_untouched(tmp_path: Path) -> None:
    out = _foreign_folder(tmp_path)
    around = snapshot(tmp_path)
    _refused(build(SAMPLE_PLAN, out), "output folder not owned by the generator")
    assert snapshot(tmp_path) == around


def test_the_folder_holding_the_plan_is_refused_and_untouched(tmp_path: Path) -> None:
    out = _foreign_folder(tmp_path)
    (out / MARKER).write_bytes(b"even marked")  # the plan inside wins over the marker
    around = snapshot(tmp_path)
    _refused(build(out / "sample-plan.yaml", out), "output folder holds the plan")
    assert snapshot(tmp_path) == around


def test_a_folder_above_the_plan_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "a" / "b" / "plan.yaml"
    plan.parent.mkdir(parents=True)
    shutil.copy(SAMPLE_PLAN, plan)
    around = snapshot(tmp_path)
    _refused(build(plan, tmp_path / "a"), "output folder holds the plan")
    _refused(build(plan, tmp_path), "output folder holds the plan")
    assert snapshot(tmp_path) == around


@pytest.mark.parametrize("git", ["dir", "file", "nested"])
def test_a_folder_holding_git_is_refused_even_when_marked(tmp_path: Path, git: str) -> None:
    out = tmp_path / "docs"
    assert build(SAMPLE_PLAN, out).returncode == 0
    where = out / "linh-vuc" if git == "nested" else out
    if git == "file":
        (where / ".git").write_text("gitdir: ../.git/worktrees/x\n", encoding="utf-8")
    else:
        (where / ".git" / "objects").mkdir(parents=True)
        (where / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    around = snapshot(tmp_path)
    _refused(build(SAMPLE_PLAN, out), "output folder holds .git")
    assert snapshot(tmp_path) == around


def test_the_project_root_and_folders_above_it_are_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"  # elsewhere, so that only the root rule applies
    shutil.copy(SAMPLE_PLAN, plan)
    top = sorted(p.name for p in ROOT.iterdir())
    readme = (ROOT / "README.md").stat().st_mtime_ns
    for out in (ROOT, ROOT.parent):
        # In CI the checkout and pytest's tmp_path may share /tmp: then the folder above the
        # project also holds the plan, and that rule (checked first) is the one named.
        holds_plan = out.resolve() in plan.resolve().parents
        _refused(
            build(plan, out),
            "output folder holds the plan" if holds_plan else "output folder is the project root",
        )
    assert sorted(p.name for p in ROOT.iterdir()) == top
    assert (ROOT / "README.md").stat().st_mtime_ns == readme


def test_out_dot_from_the_project_is_refused() -> None:
    """The reported accident: `python -m generator build --out .` deleted README and the plan."""
    top = sorted(p.name for p in ROOT.iterdir())
    result = run_generator("build", "--out", ".")
    _refused(result, "output folder holds the plan")
    assert sorted(p.name for p in ROOT.iterdir()) == top
    assert (ROOT / "Makefile").is_file() and REAL_PLAN.is_file()


def test_a_symlinked_output_folder_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert build(SAMPLE_PLAN, real).returncode == 0
    (tmp_path / "docs").symlink_to(real)
    around = snapshot(real)
    _refused(build(SAMPLE_PLAN, tmp_path / "docs"), "output folder is a symlink")
    assert snapshot(real) == around


def test_nothing_outside_the_output_folder_is_touched(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("bên cạnh\n", encoding="utf-8")
    (tmp_path / "docs-notes").mkdir()
    (tmp_path / "docs-notes" / "a.txt").write_text("a\n", encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(TWO_AREAS, encoding="utf-8")
    out = tmp_path / "docs"
    assert build(plan, out).returncode == 0
    plan.write_text(ONE_AREA, encoding="utf-8")
    outside = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("docs/")}
    outside.pop("plan.yaml")

    assert build(plan, out).returncode == 0

    after = {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("docs/")}
    after.pop("plan.yaml")
    assert after == outside  # no sibling left behind, no sibling changed
    assert not (out / "linh-vuc" / "ii.md").exists()


def test_unchanged_files_keep_their_inode_and_mtime_across_a_swap(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(TWO_AREAS, encoding="utf-8")
    out = tmp_path / "docs"
    assert build(plan, out).returncode == 0
    css = out / "assets" / "stylesheets" / "extra.css"
    before = css.stat()
    plan.write_text(TWO_AREAS.replace('"Mục tiêu hai"', '"Mục tiêu hai, đã sửa"'), encoding="utf-8")

    assert build(plan, out).returncode == 0

    after = css.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert "Mục tiêu hai, đã sửa" in (out / "linh-vuc" / "ii.md").read_text(encoding="utf-8")


# --- killed builds ----------------------------------------------------------------------

# Runs the real command line in a child that kills itself with SIGKILL at the N-th
# audited event of a kind: a file opened for writing inside a work folder (the spool or
# the new tree), the atomic exchange (looking up renameat2), the removal of a tree (not of
# a spool: its files were moved into the new tree), or an os.rename of a tree (not a
# spooled file's move into it).
KILLER = """
import os, signal, sys
kind, n = sys.argv[1], int(sys.argv[2])
seen = 0
def hook(event, args):
    global seen
    spool = event in ("shutil.rmtree", "os.rename") and "spool" in os.fspath(args[0]).split(os.sep)
    hit = not spool and (
        (kind == "write" and event == "open" and ".tmp-" in str(args[0]) and "w" in str(args[1]))
        or (kind == "exchange" and event == "ctypes.dlsym" and "renameat2" in str(args))
        or (kind == "rmtree" and event == "shutil.rmtree")
        or (kind == "rename" and event == "os.rename")
    )
    if hit:
        seen += 1
        if seen == n:
            os.kill(os.getpid(), signal.SIGKILL)
sys.addaudithook(hook)
if os.environ.get("NO_EXCHANGE"):
    import generator.build.swap
    generator.build.swap._exchange = lambda a, b: False
from generator.cli import main
sys.exit(main(sys.argv[3:]))
"""


def killed_build(plan: Path, out: Path, kind: str, n: int, no_exchange: bool = False) -> None:
    env = {**os.environ, **({"NO_EXCHANGE": "1"} if no_exchange else {})}
    args = ["build", "--plan", str(plan), "--out", str(out)]
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, kind, str(n), *args], cwd=ROOT, env=env, capture_output=True
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()


@pytest.fixture
def two_plans(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An output folder built from the sample plan, and the real plan to build over it."""
    out = tmp_path / "docs"
    assert build(SAMPLE_PLAN, out).returncode == 0
    return SAMPLE_PLAN, REAL_PLAN, out


@pytest.mark.parametrize("n", [1, 2, 10, 20])
def test_a_build_killed_while_writing_leaves_the_previous_docs_whole(
    two_plans: tuple[Path, Path, Path], n: int
) -> None:
    _, new_plan, out = two_plans
    before = snapshot(out)

    killed_build(new_plan, out, "write", n)

    assert snapshot(out) == before  # same files, same bytes, same mtimes
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".docs.tmp-")]
    assert leftovers, "the kill must have happened while the new tree was being written"
    # The next build cleans what the killed one left and gives the new site.
    assert build(new_plan, out).returncode == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["docs"]
    fresh = out.parent / "fresh"
    assert build(new_plan, fresh).returncode == 0
    assert files_of(out) == files_of(fresh)


def test_a_build_killed_at_the_swap_leaves_one_whole_tree(two_plans: tuple[Path, Path, Path]) -> None:
    _, new_plan, out = two_plans
    before = snapshot(out)
    fresh = out.parent / "fresh"
    assert build(new_plan, fresh).returncode == 0

    killed_build(new_plan, out, "exchange", 1)  # just before the exchange
    assert snapshot(out) == before

    # The first removal is of what the kill above left; the second is of the old tree,
    # just after the exchange: docs/ is then already the whole new tree.
    killed_build(new_plan, out, "rmtree", 2)
    assert files_of(out) == files_of(fresh)
    assert build(new_plan, out).returncode == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["docs", "fresh"]


def test_without_an_atomic_exchange_a_kill_between_renames_is_repaired(
    two_plans: tuple[Path, Path, Path],
) -> None:
    old_plan, new_plan, out = two_plans
    before = files_of(out)

    # First rename: docs/ -> old/ in the marked work folder; the second (its new/ -> docs/)
    # never happens.
    killed_build(new_plan, out, "rename", 2, no_exchange=True)
    assert not out.exists()
    (saved,) = out.parent.glob(".docs.tmp-*/old")
    assert files_of(saved) == before  # the previous tree is whole, aside

    # The next build puts it back before anything else, then builds as usual.
    assert build(old_plan, out).returncode == 0
    assert files_of(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["docs"]


def test_leftovers_are_removed_only_when_marked_and_their_build_is_dead(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    ours = tmp_path / f".docs.tmp-{DEAD_PID}"
    ours.mkdir()
    (ours / MARKER).write_bytes(b"")
    alive = tmp_path / f".docs.tmp-{os.getpid()}"  # a build still running (this process)
    alive.mkdir()
    (alive / MARKER).write_bytes(b"")
    stranger = tmp_path / f".docs.tmp-{DEAD_PID + 1}"
    stranger.mkdir()
    (stranger / "keep.txt").write_text("not ours\n", encoding="utf-8")

    assert build(SAMPLE_PLAN, out).returncode == 0

    assert not ours.exists()
    assert alive.is_dir() and stranger.is_dir()


# --- site/ through make ------------------------------------------------------------------


def project_copy(tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of the project, and the `make site` that builds it with the project's venv."""
    work = tmp_path / "project"
    work.mkdir()
    for name in ("Makefile", "mkdocs.yml", "pyproject.toml", "requirements.txt"):
        shutil.copy(ROOT / name, work / name)
    for name in ("generator", "overrides", "content"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    venv = ROOT / ".venv"
    # -o: the venv is the project's, already set up; never reinstall it from the copy.
    make = ["make", "--no-print-directory", "-C", str(work), f"VENV={venv}", "-o", f"{venv}/.runtime", "site"]
    return work, make


def test_a_failed_mkdocs_build_leaves_site_whole(tmp_path: Path) -> None:
    """`make site` in a copy of the project: the second build fails, site/ stays as it was."""
    work, make = project_copy(tmp_path)
    first = subprocess.run(make, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    before = snapshot(work / "site")
    assert "index.html" in before

    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    broken = config.replace("INHERIT: docs/.nav.yml", "nav:\n  - khong-co.md", 1)
    assert broken != config
    (work / "mkdocs.yml").write_text(broken, encoding="utf-8")
    second = subprocess.run(make, capture_output=True, text=True)

    assert second.returncode != 0
    assert "khong-co.md" in second.stdout + second.stderr
    assert snapshot(work / "site") == before


WRITE_SITE = """
import pathlib, sys
if sys.argv[1] == "fail":
    sys.exit(3)
site = pathlib.Path(sys.argv[2])
site.mkdir()
(site / "index.html").write_text("mới", encoding="utf-8")
"""


# `python -m generator.build.write build DEST COMMAND...`, as `make site` runs it.
SITE_BUILD = [sys.executable, "-m", "generator.build.write", "build"]


def site_build(dest: Path, how: str = "ok") -> subprocess.CompletedProcess[str]:
    """A site build with a command that writes a one-page site into the folder it is given
    (or fails)."""
    cmd = [*SITE_BUILD, str(dest), sys.executable, "-c", WRITE_SITE, how]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


def test_a_site_build_replaces_a_folder_only_when_its_command_succeeds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.write_text("một tệp", encoding="utf-8")
    result = site_build(site)
    assert result.returncode == 1 and "không phải thư mục" in result.stderr
    assert site.read_text(encoding="utf-8") == "một tệp"

    site.unlink()
    assert site_build(site).returncode == 0
    assert (site / "index.html").read_text(encoding="utf-8") == "mới"
    before = snapshot(site)
    failed = site_build(site, "fail")
    assert failed.returncode == 3 and "giữ nguyên bản cũ" in failed.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
