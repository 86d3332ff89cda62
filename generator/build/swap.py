"""Replace an output folder with a new tree in one step, or not at all.

- Atomic. The new tree is built in `new/` of a work folder beside the output,
  `.NAME.tmp-PID-RANDOM`, made exclusively and marked before anything else is
  written, then swapped in with one rename (Linux `renameat2(RENAME_EXCHANGE)`), so
  `docs/` is at every instant either the whole old tree or the whole new one; a
  failed or killed build leaves the old one. Elsewhere two renames are used (the old
  tree waits in the work folder's `old/`), and a build killed between them is
  repaired by the next one (folder.clean_leftovers).
- Found before. What would stop the swap halfway (a read-only tree that could not be
  removed once swapped out, a folder that cannot be written, a mount point, which
  cannot be renamed) is refused before anything is made, with a message.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputRefused
from .folder import MARKER, MARKER_TEXT, clean_leftovers, locked, remove_work

_RENAME_EXCHANGE = 2  # linux/fs.h


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)  # the C library already loaded into Python
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if done != 0:
        code = ctypes.get_errno()
        if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # this file system cannot
            return False
        raise OSError(code, os.strerror(code), str(b))
    return True


def _nothing_replaced(out_dir: Path, why: str, fix: str, gloss: str) -> OutputRefused:
    return OutputRefused(
        f"không thay được {out_dir}: {why}. Chưa có gì bị thay hay xóa; {fix} rồi chạy lại "
        f"[{gloss}; nothing was replaced]"
    )


def _mount_point(out_dir: Path) -> OutputRefused:
    return _nothing_replaced(
        out_dir,
        "đây là một điểm gắn kết (mount point), không đổi chỗ được trong một bước",
        "hãy gắn kết thư mục chứa nó thay vì chính nó, hoặc dựng vào một thư mục khác",
        "the output folder is a mount point",
    )


def _check_replaceable(out_dir: Path) -> None:
    """Raise OutputRefused if the swap could not be finished: found before anything is made.

    A read-only `docs/` would be swapped out and then not removed: the build would fail
    after the new tree was in place, and every later build on the same leftover."""
    parent = out_dir.absolute().parent
    if os.path.ismount(out_dir):
        raise _mount_point(out_dir)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _nothing_replaced(
            out_dir,
            f"thư mục chứa nó, {parent}, không ghi được (chỉ đọc) nên không tạo được bản mới bên cạnh",
            f"hãy cho phép ghi vào {parent}",
            "its parent folder is not writable",
        )
    if not out_dir.is_dir() or out_dir.is_symlink():
        return
    folders = [out_dir, *(Path(top, name) for top, names, _ in os.walk(out_dir) for name in names)]
    for folder in folders:
        if not folder.is_symlink() and not os.access(folder, os.R_OK | os.W_OK | os.X_OK):
            raise _nothing_replaced(
                out_dir,
                f"thư mục {folder} chỉ đọc nên bản cũ không xóa được sau khi thay",
                f"hãy trả lại quyền ghi (chmod -R u+w {out_dir}) hoặc xóa {out_dir}",
                f"{folder} is read-only",
            )


def _swap(work: Path, out_dir: Path) -> None:
    """Put `work`/new in place of `out_dir`; the old tree ends inside `work`, removed with it."""
    new, old = work / "new", work / "old"
    try:
        if not out_dir.exists():
            new.rename(out_dir)
        elif not _exchange(new, out_dir):  # after the exchange, `new` names the old tree
            out_dir.rename(old)
            try:
                new.rename(out_dir)
            except BaseException:
                old.rename(out_dir)
                raise
    except OSError as err:
        if err.errno in (errno.EBUSY, errno.EXDEV):
            raise _mount_point(out_dir) from None
        raise


@contextmanager
def work_folder(out_dir: Path) -> Iterator[Path]:
    """Under the lock: the folder to fill with the tree that replaces `out_dir`.

    What would stop the swap is refused first; then a work folder is made beside
    `out_dir` and marked before anything else. When the block ends without an error the
    new tree is swapped in; the work folder, with whatever it holds, is then removed (but
    for an old tree that could not be put back: the next build does it)."""
    _check_replaceable(out_dir)
    prefix = f".{out_dir.name}.tmp-{os.getpid()}-"
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir.absolute().parent))
    try:
        (work / MARKER).write_bytes(MARKER_TEXT)  # first: a folder left behind is recognisably ours
        yield work / "new"
        _swap(work, out_dir)
    finally:
        if not (work / "old").is_dir() or out_dir.exists():  # else the old tree waits there
            with contextlib.suppress(OSError):
                remove_work(work)


@contextmanager
def replacing(out_dir: Path) -> Iterator[Path]:
    """The folder to fill with a new tree for `out_dir`; one build at a time, and what
    killed builds left is cleaned first. `python -m generator.build.write build` uses it for site/."""
    with locked(out_dir):
        clean_leftovers(out_dir)
        with work_folder(out_dir) as new:
            yield new
