"""A build's files spooled to disk beside docs/ (build/spool.py): the same tree and stamp as
files held in memory, unchanged files still kept, nothing left behind."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build.spool import Spool, digests, spooled
from generator.build.stamp import stamp_text
from generator.build.write import write_tree

from .conftest import ROOT, SAMPLE_PLAN

FILES = {"index.md": b"# Trang\n", "linh-vuc/i.md": "# Lĩnh vực I\n".encode(), "du-lieu/a.csv": b"ma\r\n"}


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_a_spooled_build_writes_the_tree_and_stamp_of_files_in_memory(tmp_path: Path) -> None:
    held, spooled_out = tmp_path / "a" / "docs", tmp_path / "b" / "docs"
    write_tree(held, FILES, inputs="x")
    with spooled(spooled_out) as spool:
        spool.update(FILES)
        assert spool == FILES and digests(spool) == digests(FILES)
        assert stamp_text("x", spool) == stamp_text("x", FILES)
        write_tree(spooled_out, spool, inputs="x")
    assert {k: v[0] for k, v in _tree(held).items()} == {k: v[0] for k, v in _tree(spooled_out).items()}
    assert sorted(p.name for p in spooled_out.parent.iterdir()) == ["docs"], "the spool's folder is gone"


def test_unchanged_files_keep_their_inode_and_changed_ones_are_moved_in(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_tree(out, FILES)
    before = _tree(out)
    with spooled(out) as spool:
        spool.update({**FILES, "index.md": "# Trang mới\n".encode()})
        waiting = spool.path("index.md")
        changed = write_tree(out, spool)
        assert not waiting.exists(), "moved into the tree, not copied"
    after = _tree(out)
    assert changed == ["index.md"]
    assert after["index.md"][0] == "# Trang mới\n".encode()
    assert after["linh-vuc/i.md"] == before["linh-vuc/i.md"]  # same bytes, same inode


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a second process by fork (pipeline.beside)")
def test_files_another_process_wrote_into_the_spool_are_adopted(tmp_path: Path) -> None:
    with spooled(tmp_path / "docs") as spool:
        spool["index.md"] = b"# Trang\n"
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its files into the same folder, their names to the parent
            os.close(read)
            written = spool.put(iter([("du-lieu/a.csv", b"ma\r\n")]))
            os.write(write, pickle.dumps(written))
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as source:
            written = pickle.loads(source.read())  # as pipeline.beside sends them
        os.waitpid(pid, 0)
        spool.adopt(written)
        assert dict(spool) == {"index.md": b"# Trang\n", "du-lieu/a.csv": b"ma\r\n"}
        assert isinstance(spool, Spool) and len(list(spool.folder.iterdir())) == 2


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs sched_setaffinity (Linux)")
def test_a_build_on_one_core_writes_what_one_on_two_writes(tmp_path: Path) -> None:
    """On one core nothing is forked (pipeline.beside): what a second process would write into
    the spool and hand over is written by the build itself, and must be kept, not refused as a
    clash nor deleted when adopted."""

    def build(out: Path, cores: set[int] | None) -> dict[str, bytes]:
        command = [sys.executable, "-m", "generator", "build", "--plan", str(SAMPLE_PLAN), "--out", str(out)]
        one = (lambda: os.sched_setaffinity(0, cores)) if cores else None
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, preexec_fn=one, check=False)
        assert done.returncode == 0, done.stderr
        return {k: v[0] for k, v in _tree(out).items() if k != ".generator-input"}

    first = min(os.sched_getaffinity(0))
    assert build(tmp_path / "one", {first}) == build(tmp_path / "all", None)
