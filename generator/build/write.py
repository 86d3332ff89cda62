"""Write the rendered files into docs/, all at once, in a folder the generator owns.

The output folder is the generator's alone and one build writes it at a time
(folder.py); the new tree replaces the old in one step (swap.py); a build with
nothing new stops before it starts (stamp.py). Here:

- Inside. Every file's path is checked before anything is written (routes.inside):
  none is absolute or climbs out of the folder, whatever a plan holds.
- Unchanged files keep their inode and mtime: they are hard-linked (copied with
  their times where links are impossible) from the old tree into the new one, so
  MkDocs' live reload, which compares inodes and mtimes, only sees real changes.
  A build that changes nothing touches nothing.
- `make site` runs MkDocs through `main`, so that site/ is replaced the same way.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..derive import routes
from ..errors import CommandFailed, GeneratorError, OutputRefused, UsageError, fail
from .folder import MARKER, MARKER_TEXT, check_output_folder, clean_leftovers, locked
from .spool import Spool, digest
from .stamp import STAMP, holds_only, restamp, stamp_text
from .swap import replacing, work_folder


def _current(out_dir: Path) -> dict[str, Path]:
    """Regular files (not symlinks) now in `out_dir`, by relative path."""
    found: dict[str, Path] = {}
    if not out_dir.is_dir():
        return found
    for folder, _, names in os.walk(out_dir):
        for name in names:
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(out_dir).as_posix()] = path
    return found


def write_tree(
    out_dir: Path,
    files: Mapping[str, bytes],
    plan: Path | None = None,
    root: Path | None = None,
    inputs: str | None = None,
) -> list[str]:
    """Make `out_dir` hold exactly `files` (and the marker); return the paths written or removed.

    With `inputs` (the fingerprint.digest() of the build's inputs), the stamp that lets
    the next build of the same inputs stop early is written too. Raises OutputRefused,
    before writing anything, when the folder is not the generator's or a path would leave it.
    `files` may be a spool (spool.py): each file is then read once, or moved into the tree.
    """
    check_output_folder(out_dir, plan, root)
    outside = sorted(rel for rel in files if not routes.inside(rel))
    if outside:
        raise OutputRefused(
            f"không ghi tệp {outside[0]!r} (và {len(outside) - 1} tệp khác): đường dẫn ra ngoài thư mục "
            f"{out_dir}. Không có tệp nào bị xóa hay ghi [path leaves the output folder]"
        )
    if MARKER not in files:  # the marker beside them, without copying a spool into memory
        files = _Marked(files)
    stamp = stamp_text(inputs, files) if inputs else None
    with locked(out_dir):
        clean_leftovers(out_dir)
        old = {rel: path for rel, path in _current(out_dir).items() if rel != STAMP}
        same = {rel for rel in files if rel in old and _same(old[rel], files, rel)}
        changed = sorted({rel for rel in files if rel not in same} | {rel for rel in old if rel not in files})
        if not changed and stamp is None:
            return []
        # With a stamp, a tree holding anything more (a stray folder or link) is rebuilt below.
        if not changed and stamp is not None and holds_only(out_dir, files):
            restamp(out_dir, stamp)
            return []
        spool = files.files if isinstance(files, _Marked) else files
        with work_folder(out_dir) as new:
            for rel in sorted(files):
                target = new / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if rel in same:
                    try:
                        os.link(old[rel], target)
                    except OSError:
                        shutil.copy2(old[rel], target)
                elif isinstance(spool, Spool) and rel in spool:
                    os.replace(spool.path(rel), target)  # the spool sits beside: one rename
                else:
                    target.write_bytes(files[rel])
            if stamp is not None:
                (new / STAMP).write_bytes(stamp)  # last: a tree without it is never skipped
    return [rel for rel in changed if rel != MARKER]


def _same(path: Path, files: Mapping[str, bytes], rel: str) -> bool:
    """The file at `path` holds what `files` has for `rel` (sizes first: no read when they differ)."""
    if isinstance(files, _Marked):
        files = files.files if rel != MARKER else {MARKER: MARKER_TEXT}
    if isinstance(files, Spool):
        return path.stat().st_size == files.path(rel).stat().st_size and path.read_bytes() == files[rel]
    return path.read_bytes() == files[rel]


class _Marked(Mapping[str, bytes]):
    """`files` and the marker, as one mapping."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = files

    def __getitem__(self, rel: str) -> bytes:
        return MARKER_TEXT if rel == MARKER else self.files[rel]

    def __iter__(self) -> Iterator[str]:
        yield from self.files
        yield MARKER

    def __len__(self) -> int:
        return len(self.files) + 1

    def __contains__(self, rel: object) -> bool:
        return rel == MARKER or rel in self.files

    def digest(self, rel: str) -> str:
        """A spool's digest as it knows it (spool.digests), without reading the file again."""
        if isinstance(self.files, Spool) and rel in self.files:
            return self.files.digest(rel)
        return digest(self[rel])


def main(argv: list[str]) -> int:
    """`python -m generator.build.write build DEST COMMAND...`: how `make site` runs MkDocs.

    COMMAND gets a new folder as its last argument (MkDocs' `--site-dir`) and writes the
    site there; when it succeeds, that folder replaces DEST in one step. Builds of one DEST
    wait for each other; a failed or killed one leaves DEST as it was."""
    try:
        if len(argv) < 3 or argv[0] != "build":
            raise UsageError("cách dùng: python -m generator.build.write build THƯ_MỤC_ĐÍCH LỆNH...")
        dest, command = Path(argv[1]), argv[2:]
        if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
            raise OutputRefused(f"{dest} không phải thư mục [destination is not a folder]")
        with replacing(dest) as new:
            done = subprocess.run([*command, str(new)], check=False)
            if done.returncode != 0:  # raised inside, so that `dest` is not replaced
                raise CommandFailed(
                    f"lệnh dựng trang lỗi, {dest} giữ nguyên bản cũ [build failed, {dest} unchanged]",
                    done.returncode,
                )
    except (GeneratorError, OSError) as err:
        return fail(err)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
