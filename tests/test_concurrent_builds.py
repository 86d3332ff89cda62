"""Builds that overlap, were killed, or meet a folder they cannot replace.

Two `make site` at once shared `.site.tmp/`: in 6 of 14 runs site/ ended with 24 of 102
files (no assets/, search/ or atom.xml) and both exited 0. A read-only docs/ was
swapped out, then could not be removed: the build failed with the new tree in place,
and every later build failed the same way. site/ as a mount point gave a traceback.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.build import swap
from generator.build.folder import MARKER
from generator.errors import OutputRefused

from .conftest import REAL_PLAN, ROOT, SAMPLE_PLAN, run_generator
from .test_cli import snapshot
from .test_write import DEAD_PID, SITE_BUILD, WRITE_SITE, files_of, project_copy, site_build

KEY_FILES = ["index.html", "atom.xml", "sitemap.xml", "search/meta.json", "assets/stylesheets/extra.css"]


def _names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _beside(folder: Path) -> list[str]:
    """What is in the folder holding `folder`, itself aside."""
    return sorted(p.name for p in folder.parent.iterdir() if p != folder)


def test_two_make_site_at_once_both_end_with_a_whole_site(tmp_path: Path) -> None:
    work, make = project_copy(tmp_path)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1669852800"}
    runs = [subprocess.Popen(make, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)]
    runs.append(subprocess.Popen(make, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    logs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], logs
    site = work / "site"
    together = _names(site)
    for name in KEY_FILES:
        assert (site / name).is_file(), name

    alone = subprocess.run(make, env=env, capture_output=True, text=True)
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert together == _names(site)
    assert not [p.name for p in work.iterdir() if ".tmp" in p.name]


# Runs the real command line, paused at the first file it opens whose path holds argv[3],
# for writing (argv[4] "w") or reading ("r"), until the file argv[2] exists; it creates
# argv[1] when it pauses.
PAUSED = """
import os, sys, time
flag, go, where, how = sys.argv[1:5]
def hook(event, args):
    global flag
    if flag and event == "open" and where in str(args[0]) and ("w" in str(args[1])) == (how == "w"):
        os.close(os.open(flag, os.O_CREAT | os.O_WRONLY))
        flag = ""
        while not os.path.exists(go):
            time.sleep(0.02)
sys.addaudithook(hook)
from generator.cli import main
sys.exit(main(sys.argv[5:]))
"""


def paused_build(tmp_path: Path, where: str, how: str, *args: str) -> tuple[subprocess.Popen[str], Path]:
    """A build paused as PAUSED says; returns it and the file that lets it go on."""
    paused, go = tmp_path / "paused", tmp_path / "go"
    cmd = [sys.executable, "-c", PAUSED, str(paused), str(go), where, how, "build", *args]
    build = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    _wait_for(paused.exists, "the build never reached the pause")
    return build, go


def _wait_for(done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 120
    while not done():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)


def test_a_build_over_another_one_waits_and_both_leave_whole_trees(tmp_path: Path) -> None:
    """B has read docs/ and is about to link its unchanged files when A swaps in another tree:
    B linked A's files into its own (atom.xml, search index of the other plan), a mix."""
    out = tmp_path / "docs"
    first, b_args, a_args = (
        ["--plan", str(SAMPLE_PLAN)],
        ["--plan", str(SAMPLE_PLAN), "--as-of", "2022-12-31"],
        [
            "--plan",
            str(REAL_PLAN),
        ],
    )
    refs = {}
    for name, args in (("b", b_args), ("a", a_args)):
        ref = tmp_path / f"ref-{name}"
        assert run_generator("build", *args, "--out", str(ref)).returncode == 0
        refs[name] = files_of(ref)
    assert run_generator("build", *first, "--out", str(out)).returncode == 0
    a_log = tmp_path / "a.log"
    # B stops at its first file written into its new tree (the old tree read, under the lock;
    # the files it made wait in its spool).
    b, go = paused_build(tmp_path, "/new/", "w", *b_args, "--out", str(out))
    with a_log.open("w", encoding="utf-8") as log:
        cmd_a = [sys.executable, "-m", "generator", "build", *a_args, "--out", str(out)]
        a = subprocess.Popen(cmd_a, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        # A either finishes over B's head, or waits for B's lock, and says so.
        _wait_for(lambda: a.poll() is not None or "đang chờ" in a_log.read_text("utf-8"), "A hung")
        go.touch()
        b_out = b.communicate(timeout=300)[0]
        a.wait(timeout=300)
    assert (a.returncode, b.returncode) == (0, 0), (a_log.read_text("utf-8"), b_out)
    assert files_of(out) == refs["a"], "A waited for B, then replaced its tree"
    assert _beside(out) == ["a.log", "go", "paused", "ref-a", "ref-b"]


def test_a_build_that_sees_its_folder_replaced_while_reading_it_builds_after(tmp_path: Path) -> None:
    """Reading docs/ to see if it is up to date while another build swaps its tree in: the
    files listed are gone. That was 'không ghi được' and exit 1; now it builds, after it."""
    out = tmp_path / "docs"
    ref = tmp_path / "ref"
    assert run_generator("build", "--plan", str(REAL_PLAN), "--out", str(ref)).returncode == 0
    assert run_generator("build", "--plan", str(REAL_PLAN), "--out", str(out)).returncode == 0
    # linh-vuc/ is listed (areas I to VII), then the sample plan's tree (areas I, II, VI) comes.
    b, go = paused_build(tmp_path, f"{out}/linh-vuc/", "r", "--plan", str(REAL_PLAN), "--out", str(out))
    assert run_generator("build", "--plan", str(SAMPLE_PLAN), "--out", str(out)).returncode == 0
    go.touch()
    b_out = b.communicate(timeout=300)[0]
    assert b.returncode == 0, b_out
    assert files_of(out) == files_of(ref)


# --- what killed builds leave ---------------------------------------------------------


def test_a_killed_site_build_is_cleaned_by_the_next(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert site_build(site).returncode == 0
    before = snapshot(site)
    # The command kills the build that runs it, as a SIGKILL would while MkDocs writes.
    cmd = [*SITE_BUILD, str(site), "sh", "-c", 'mkdir "$1"; kill -9 $PPID', "sh"]
    killed = subprocess.run(cmd, cwd=ROOT, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    (left,) = tmp_path.glob(".site.tmp-*")
    assert (left / MARKER).is_file(), "marked before the command ran"
    assert snapshot(site) == before

    assert site_build(site).returncode == 0
    assert _beside(site) == []


def test_a_folder_that_only_looks_like_a_leftover_is_never_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    strangers = {
        f".site.tmp-{DEAD_PID}-abcdefgh": "keep.txt",  # our name, a dead process, no marker
        f".site.tmp-{DEAD_PID}": "notes.md",
        ".site.tmp": "index.html",  # the folder the Makefile used to build into
        ".site.tmp-x": "a.txt",
    }
    for name, keep in strangers.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / keep).write_text("của người khác\n", encoding="utf-8")
    marked = tmp_path / f".site.tmp-{DEAD_PID}-zyxwvuts"
    (marked / "new").mkdir(parents=True)
    (marked / MARKER).write_bytes(b"")
    empty = tmp_path / f".site.tmp-{DEAD_PID}-emptyfld"  # killed before its marker was written
    empty.mkdir()
    around = {k: v for k, v in snapshot(tmp_path).items() if k.split("/")[0] in strangers}

    assert site_build(site).returncode == 0

    assert not marked.exists() and not empty.exists()
    assert {k: v for k, v in snapshot(tmp_path).items() if k.split("/")[0] in strangers} == around


# --- folders that cannot be replaced ----------------------------------------------------


@contextmanager
def _unwritable(folder: Path) -> Iterator[None]:
    """`folder` cannot be changed: chmod a-w, or for root (whom modes do not stop) the
    immutable attribute, which stops root too."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
        pytest.skip(
            "root, and this file system or container refuses chattr +i: no way to make a folder read-only"
        )
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_docs_is_found_before_the_swap(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert run_generator("build", "--plan", str(SAMPLE_PLAN), "--out", str(out)).returncode == 0
    before = snapshot(out)
    frozen = out / "linh-vuc"
    with _unwritable(frozen):
        for _ in range(2):  # the old build swapped, failed, then failed on its leftover for ever
            result = run_generator("build", "--plan", str(REAL_PLAN), "--out", str(out))
            assert result.returncode == 1
            assert "chỉ đọc" in result.stderr and str(frozen) in result.stderr, result.stderr
            assert "Traceback" not in result.stderr
            assert snapshot(out) == before
            assert _beside(out) == []
    assert run_generator("build", "--plan", str(REAL_PLAN), "--out", str(out)).returncode == 0
    assert _beside(out) == []


def test_a_site_whose_folder_cannot_be_written_is_refused_before_mkdocs_runs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert site_build(site).returncode == 0
    (site / "search").mkdir()
    before = snapshot(site)
    with _unwritable(site / "search"):
        result = site_build(site)
    assert result.returncode == 1 and "chỉ đọc" in result.stderr, result.stderr
    assert snapshot(site) == before
    assert _beside(site) == []


def _mount_in_a_namespace() -> bool:
    probe = ["unshare", "--mount", "sh", "-c", "mount --bind / /mnt"]
    return bool(shutil.which("unshare")) and subprocess.run(probe, capture_output=True).returncode == 0


@pytest.mark.skipif(not _mount_in_a_namespace(), reason="mounting needs privileges: see the two tests below")
def test_a_site_that_is_a_mount_point_gets_a_message(tmp_path: Path) -> None:
    """A real bind mount, in a mount namespace of its own (nothing outside the test sees it)."""
    site = tmp_path / "site"
    assert site_build(site).returncode == 0
    before = snapshot(site)
    build = [*SITE_BUILD, str(site), sys.executable, "-c", WRITE_SITE, "ok"]
    script = 'mount --bind "$1" "$1" && shift && exec "$@"'
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, "sh", str(site), *build],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert "mount point" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert _beside(site) == []


def test_a_mount_point_is_named_before_anything_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == site or real(p))
    with pytest.raises(OutputRefused, match="mount point"), swap.replacing(site):
        pytest.fail("nothing may be built for a folder that cannot be swapped")
    assert _beside(site) == []


def test_a_swap_the_system_refuses_as_busy_is_named_and_leaves_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where ismount() cannot see it (a bind mount of a folder on the same file system)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("cũ", encoding="utf-8")

    def busy(a: Path, b: Path) -> bool:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(b))

    monkeypatch.setattr(swap, "_exchange", busy)
    with pytest.raises(OutputRefused, match="mount point"), swap.replacing(site) as new:
        new.mkdir()
        (new / "index.html").write_text("mới", encoding="utf-8")
    assert (site / "index.html").read_text(encoding="utf-8") == "cũ"
    assert _beside(site) == []
