"""The stamp that lets a build with nothing new stop before it starts.

Beside the marker, `.generator-input` holds the fingerprint of the build's inputs
(fingerprint.py) and the digest of the tree it wrote. A build whose fingerprint is the
stored one, and whose folder still holds exactly that tree (every file's bytes are
hashed again: an edit by hand, a new or a removed file is seen), stops there. The
stamp is written into the new tree before the swap, so it never describes a tree it
did not come with; its bytes depend on the inputs only, so two builds of the same
inputs stay byte-identical.

Imports nothing heavy: `python -m generator build` reads it before the pipeline loads.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from ..errors import OutputRefused
from .folder import MARKER, check_output_folder, leftovers
from .spool import digest, digests

STAMP = ".generator-input"


def _tree_digest(entries: Mapping[str, str | None]) -> str:
    """Digest of a tree given as relative path -> its file's SHA-256 (None for a folder or
    anything else): files are hashed one at a time, never all held at once."""
    h = hashlib.sha256()
    for rel in sorted(entries):
        h.update(f"{rel}\0{entries[rel] or '-'}\n".encode())
    return h.hexdigest()


def _planned(files: Mapping[str, bytes]) -> dict[str, str | None]:
    """The tree write.write_tree makes of `files` (and their folders), as _on_disk() reads it back."""
    entries: dict[str, str | None] = dict(digests(files))
    for rel in files:
        parts = rel.split("/")[:-1]
        entries.update({"/".join(parts[: n + 1]): None for n in range(len(parts))})
    return entries


def _on_disk(out_dir: Path) -> dict[str, str | None]:
    """Every entry under `out_dir` but the stamp: files with their SHA-256, the rest as None."""
    entries: dict[str, str | None] = {}
    for folder, dirs, names in os.walk(out_dir):
        for name in dirs + names:
            path = Path(folder) / name
            rel = path.relative_to(out_dir).as_posix()
            if rel != STAMP:
                regular = path.is_file() and not path.is_symlink()
                entries[rel] = digest(path.read_bytes()) if regular else None
    return entries


def stamp_text(inputs: str, files: Mapping[str, bytes]) -> bytes:
    """The stamp of the tree holding exactly `files`, built from inputs of fingerprint `inputs`."""
    return f"inputs {inputs}\noutput {_tree_digest(_planned(files))}\n".encode()


def up_to_date(out_dir: Path, inputs: str | None, plans: list[Path], root: Path | None = None) -> bool:
    """True when `out_dir` is the generator's, was built from inputs of fingerprint `inputs`
    and is unchanged since.

    Cheap checks first (the ownership rules, the marker, the stored fingerprint); only
    then is every file read and hashed again, so a folder changed by anyone is rebuilt.
    """
    if inputs is None:
        return False
    try:
        for plan in plans:
            check_output_folder(out_dir, plan, root)
        lines = (out_dir / STAMP).read_text(encoding="utf-8").splitlines()
    except (OutputRefused, OSError, UnicodeDecodeError):
        return False  # the build itself then refuses, or rebuilds
    if len(lines) != 2 or lines[0] != f"inputs {inputs}" or not (out_dir / MARKER).is_file():
        return False
    try:
        if leftovers(out_dir):
            return False  # a build was killed here: the next one cleans up after it
        return lines[1] == f"output {_tree_digest(_on_disk(out_dir))}"
    except OSError:
        return False  # another build replaced the folder while it was read: build, after it


def holds_only(out_dir: Path, files: Mapping[str, bytes]) -> bool:
    """`out_dir` holds `files` and nothing more (no stray folder or link), the stamp aside."""
    return _on_disk(out_dir) == _planned(files)


def restamp(out_dir: Path, stamp: bytes) -> None:
    """Put `stamp` in `out_dir` in one step (a new name renamed over the old), if it differs."""
    path = out_dir / STAMP
    try:
        if path.read_bytes() == stamp:
            return
    except OSError:
        pass  # none yet, or unreadable: written below
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(stamp)
    tmp.replace(path)
