"""The files of a build on their way to docs/, held on disk beside it instead of in memory.

At 50,000 tasks a build makes about 680 MB of files (pages 360, open data 270, search
80); held as bytes until written, beside the derived plan (440 MB), they took the peak
to 1.6 GB (benchmarks/README.md). A spool writes each file into a work folder beside the
output as soon as it is made (named like swap.py's, so a killed build's is cleaned up by
the next: folder.clean_leftovers) and keeps only its name and SHA-256, which the stamp
needs; write.write_tree then moves it into the new tree. Another process (the open data
made beside the pages, pipeline.beside) writes into the same folder and hands over only
the names and digests (`adopt`).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from pathlib import Path

from .folder import MARKER, MARKER_TEXT, remove_work

# What the spool keeps of a file: its name in the spool's folder and its SHA-256 (hex).
Entry = tuple[str, str]


def digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes, as the stamp records it."""
    return hashlib.sha256(data).hexdigest()


class Spool(MutableMapping[str, bytes]):
    """Path under docs/ -> bytes, each file kept in `folder` and read back when asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, Entry] = {}
        self._names = itertools.count()

    def __setitem__(self, rel: str, data: bytes) -> None:
        # The process id in the name: a forked process writes here too (pipeline.beside).
        name = f"{os.getpid()}-{next(self._names)}"
        (self.folder / name).write_bytes(data)
        self._forget(rel)
        self._entries[rel] = (name, digest(data))

    def __getitem__(self, rel: str) -> bytes:
        return (self.folder / self._entries[rel][0]).read_bytes()

    def __delitem__(self, rel: str) -> None:
        self._forget(rel)
        del self._entries[rel]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, rel: object) -> bool:
        return rel in self._entries

    def _forget(self, rel: str) -> None:
        if rel in self._entries:
            (self.folder / self._entries[rel][0]).unlink(missing_ok=True)

    def path(self, rel: str) -> Path:
        """Where the file of `rel` waits."""
        return self.folder / self._entries[rel][0]

    def digest(self, rel: str) -> str:
        return self._entries[rel][1]

    def put(self, files: Iterable[tuple[str, bytes]]) -> dict[str, Entry]:
        """Write each file as it comes (none is held after its turn); what `adopt` takes."""
        written: dict[str, Entry] = {}
        for rel, data in files:
            self[rel] = data
            written[rel] = self._entries[rel]
        return written

    def adopt(self, entries: Mapping[str, Entry]) -> None:
        """Files that another process wrote into this spool's folder (`put`)."""
        for rel, entry in entries.items():
            if self._entries.get(rel) != entry:  # `put` ran in this process (one core): kept
                self._forget(rel)
            self._entries[rel] = entry


def digests(files: Mapping[str, bytes]) -> dict[str, str]:
    """The SHA-256 of every file: a spool's are known (so is what wraps one: a `digest`
    method), others are computed."""
    known = getattr(files, "digest", None)
    if callable(known):
        return {rel: known(rel) for rel in files}
    return {rel: digest(data) for rel, data in files.items()}


@contextmanager
def spooled(out_dir: Path) -> Iterator[Spool]:
    """A spool in a work folder beside `out_dir`, removed with whatever it still holds."""
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-{os.getpid()}-", dir=parent))
    try:
        (work / MARKER).write_bytes(MARKER_TEXT)  # first: a folder left behind is recognisably ours
        (work / "spool").mkdir()
        yield Spool(work / "spool")
    finally:
        remove_work(work)
