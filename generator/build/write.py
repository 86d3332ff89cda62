"""Stage 5: write the rendered files into docs/, all at once, in a folder the generator owns.

Why it works this way:

- Ownership. A build replaces the whole output folder, so it only does that to a
  folder it made: one that is new or empty (the marker file `.generator-output` is
  then written into it) or one that already holds the marker. It refuses, before
  touching anything, a folder holding other files, the plan, a `.git`, the
  project itself or any folder above them.
- Inside. Every file's path is checked before anything is written (routes.inside):
  none is absolute or climbs out of the folder, whatever a plan holds.
- Atomic. The new tree is built in `new/` of a work folder beside it,
  `.NAME.tmp-PID-RANDOM`, made exclusively and marked before anything else is
  written, then swapped in with one rename (Linux `renameat2(RENAME_EXCHANGE)`), so
  `docs/` is at every instant either the whole old tree or the whole new one; a
  failed or killed build leaves the old one. Elsewhere two renames are used (the old
  tree waits in the work folder's `old/`), and a build killed between them is
  repaired by the next one. The next build removes what a killed one left: only work
  folders named as ours, of a process that is gone, holding the marker (or still
  empty: killed before it was written); never a folder that is not ours.
- One at a time. A build holds a lock on the folder holding `docs/` (and `site/`)
  while it replaces it, and `make site` while MkDocs reads `docs/`: two builds at once
  (two `make site`) shared one temporary folder, and one could remove or link the
  other's files. The kernel drops the lock when its holder dies, even by SIGKILL.
- Found before. What would stop the swap halfway (a read-only tree that could not be
  removed once swapped out, a folder that cannot be written, a mount point, which
  cannot be renamed) is refused before anything is made, with a message.
- Unchanged files keep their inode and mtime: they are hard-linked (copied with
  their times where links are impossible) from the old tree into the new one, so
  MkDocs' live reload, which compares inodes and mtimes, only sees real changes.
  A build that changes nothing touches nothing.
- Nothing to do. Beside the marker, `.generator-input` holds the digest of the
  build's inputs (inputs.py) and of the tree it wrote. A build whose inputs digest
  is the stored one, and whose folder still holds exactly that tree (every file's
  bytes are hashed again: an edit by hand, a new or a removed file is seen), stops
  there. The file is written into the new tree before the swap, so it never
  describes a tree it did not come with; its bytes depend on the inputs only, so
  two builds of the same inputs stay byte-identical.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..derive import routes
from ..errors import CommandFailed, GeneratorError, OutputRefused, UsageError, fail

if sys.platform != "win32":
    import fcntl

MARKER = ".generator-output"
MARKER_TEXT = (
    "Thư mục này do trình tạo trang (python -m generator build) tạo ra và quản lý.\n"
    "Mỗi lần dựng, toàn bộ nội dung được thay thế: đừng đặt tệp của bạn ở đây.\n"
    "This folder is owned by the site generator; every build replaces all of it.\n"
).encode()
STAMP = ".generator-input"
_RENAME_EXCHANGE = 2  # linux/fs.h


def _refuse(out_dir: Path, why: str, hint: str) -> OutputRefused:
    return OutputRefused(
        f"không dựng vào thư mục {out_dir}: {why}. Không có tệp nào bị xóa hay ghi; "
        f"hãy chọn một thư mục mới hoặc rỗng cho --out [{hint}; refusing to replace it]"
    )


def check_output_folder(out_dir: Path, plan: Path | None = None, root: Path | None = None) -> None:
    """Raise OutputRefused unless `out_dir` is new, empty or marked as the generator's.

    The folder must not hold the `plan` file, nor be the project `root` or a folder above it.
    """
    if out_dir.is_symlink():
        raise _refuse(out_dir, "đây là liên kết tượng trưng (symlink)", "output folder is a symlink")
    out = out_dir.resolve()
    if ".git" in out.parts:
        raise _refuse(out_dir, "thư mục nằm trong .git", "output folder is inside .git")
    if plan is not None and out in plan.resolve().parents:
        raise _refuse(out_dir, f"thư mục chứa tệp kế hoạch {plan}", "output folder holds the plan")
    if root is not None and (out == root.resolve() or out in root.resolve().parents):
        raise _refuse(
            out_dir, f"đây là thư mục dự án {root} hoặc thư mục chứa nó", "output folder is the project root"
        )
    if not out_dir.exists() or (out_dir.is_dir() and not any(out_dir.iterdir())):
        return
    if not out_dir.is_dir():
        raise NotADirectoryError(20, "không phải thư mục", str(out_dir))
    if (out_dir / ".git").exists():
        raise _refuse(out_dir, "thư mục chứa .git (một kho git)", "output folder holds .git")
    if not (out_dir / MARKER).is_file():
        raise _refuse(
            out_dir,
            f"thư mục đã có tệp mà không do trình tạo trang tạo ra (thiếu tệp đánh dấu {MARKER}); "
            f"nếu đó là thư mục do phiên bản cũ của trình tạo trang dựng, hãy xóa nó rồi chạy lại",
            "output folder not owned by the generator",
        )
    for _, dirs, files in os.walk(out_dir):
        if ".git" in dirs or ".git" in files:
            raise _refuse(out_dir, "thư mục chứa .git (một kho git)", "output folder holds .git")


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


def _tree_digest(entries: dict[str, bytes | None]) -> str:
    """Digest of a tree given as relative path -> bytes (None for a folder or anything else)."""
    h = hashlib.sha256()
    for rel in sorted(entries):
        data = entries[rel]
        h.update(f"{rel}\0{-1 if data is None else len(data)}\0".encode())
        h.update(data or b"")
    return h.hexdigest()


def _planned(files: dict[str, bytes]) -> dict[str, bytes | None]:
    """The tree write_tree makes of `files` (and their folders), as _on_disk() reads it back."""
    entries: dict[str, bytes | None] = dict(files)
    for rel in files:
        parts = rel.split("/")[:-1]
        entries.update({"/".join(parts[: n + 1]): None for n in range(len(parts))})
    return entries


def _on_disk(out_dir: Path) -> dict[str, bytes | None]:
    """Every entry under `out_dir` but the stamp: files with their bytes, the rest as None."""
    entries: dict[str, bytes | None] = {}
    for folder, dirs, names in os.walk(out_dir):
        for name in dirs + names:
            path = Path(folder) / name
            rel = path.relative_to(out_dir).as_posix()
            if rel != STAMP:
                regular = path.is_file() and not path.is_symlink()
                entries[rel] = path.read_bytes() if regular else None
    return entries


def _stamp_text(inputs: str, files: dict[str, bytes]) -> bytes:
    return f"inputs {inputs}\noutput {_tree_digest(_planned(files))}\n".encode()


def up_to_date(out_dir: Path, inputs: str | None, plans: list[Path], root: Path | None = None) -> bool:
    """True when `out_dir` is the generator's, was built from `inputs` and is unchanged since.

    Cheap checks first (the ownership rules, the marker, the stored inputs digest); only
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
        if _leftovers(out_dir):
            return False  # a build was killed here: the next one cleans up after it
        return lines[1] == f"output {_tree_digest(_on_disk(out_dir))}"
    except OSError:
        return False  # another build replaced the folder while it was read: build, after it


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


def _pid_alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill(pid, 0) terminates the process on Windows: leave leftovers there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _leftovers(out_dir: Path) -> list[Path]:
    """Work folders that killed builds left beside `out_dir`: named as ours, of a process
    that is gone, and marked, or still empty (killed before the marker was written)."""
    parent, name = out_dir.parent, out_dir.name
    if not parent.is_dir():
        return []
    found = []
    for left in sorted(parent.glob(f".{name}.tmp-*")):
        pid = left.name.removeprefix(f".{name}.tmp-").split("-")[0]
        if not pid.isdigit() or _pid_alive(int(pid)) or left.is_symlink() or not left.is_dir():
            continue
        if (left / MARKER).is_file() or not any(left.iterdir()):
            found.append(left)
    return found


def _remove_work(work: Path) -> None:
    """Remove a work folder, its marker last: one killed meanwhile is still recognisably ours.
    An unmarked folder is only ever removed empty (rmdir)."""
    if (work / MARKER).is_file():
        for entry in work.iterdir():
            if entry.name != MARKER:
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
        (work / MARKER).unlink()
    work.rmdir()


def _clean_leftovers(out_dir: Path) -> None:
    """Repair or remove what a killed build left beside `out_dir` (only folders we marked)."""
    for left in _leftovers(out_dir):
        old = left / "old"
        if old.is_dir() and not out_dir.exists() and not out_dir.is_symlink():
            old.rename(out_dir)  # killed between the two renames: the old tree comes back
        try:
            _remove_work(left)
        except OSError as err:  # not worth failing this build for: say so and go on
            print(
                f"không xóa được thư mục tạm {left} do một lần dựng trước để lại ({err.strerror or err}); "
                f"hãy xóa nó bằng tay [could not remove a leftover folder]",
                file=sys.stderr,
            )


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold the lock of the folder that holds `out_dir`: builds of it wait for each other.

    The lock is flock() on that folder itself, so no lock file is left beside the output."""
    parent = out_dir.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        yield  # no flock: builds there are not serialised
        return
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(
                f"đang chờ một lần dựng khác trong {parent} xong [waiting for another build]",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


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

    A read-only `docs/` was swapped out, then could not be removed: the build failed after
    the new tree was in place, and every later build failed on the same leftover."""
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
def _work_folder(out_dir: Path) -> Iterator[Path]:
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
                _remove_work(work)


@contextmanager
def replacing(out_dir: Path) -> Iterator[Path]:
    """The folder to fill with a new tree for `out_dir`; one build at a time, and what
    killed builds left is cleaned first. `python -m generator.build.write build` uses it for site/."""
    with _locked(out_dir):
        _clean_leftovers(out_dir)
        with _work_folder(out_dir) as new:
            yield new


def write_tree(
    out_dir: Path,
    files: dict[str, bytes],
    plan: Path | None = None,
    root: Path | None = None,
    inputs: str | None = None,
) -> list[str]:
    """Make `out_dir` hold exactly `files` (and the marker); return the paths written or removed.

    With `inputs` (inputs.digest()), the stamp that lets the next build of the same
    inputs stop early is written too. Raises OutputRefused, before writing anything,
    when the folder is not the generator's or a path would leave it.
    """
    check_output_folder(out_dir, plan, root)
    outside = sorted(rel for rel in files if not routes.inside(rel))
    if outside:
        raise OutputRefused(
            f"không ghi tệp {outside[0]!r} (và {len(outside) - 1} tệp khác): đường dẫn ra ngoài thư mục "
            f"{out_dir}. Không có tệp nào bị xóa hay ghi [path leaves the output folder]"
        )
    files = {**files, MARKER: MARKER_TEXT}
    stamp = _stamp_text(inputs, files) if inputs else None
    with _locked(out_dir):
        _clean_leftovers(out_dir)
        old = {rel: path for rel, path in _current(out_dir).items() if rel != STAMP}
        same = {rel for rel, content in files.items() if rel in old and old[rel].read_bytes() == content}
        changed = sorted({rel for rel in files if rel not in same} | {rel for rel in old if rel not in files})
        if not changed and stamp is None:
            return []
        # With a stamp, a tree holding anything more (a stray folder or link) is rebuilt below.
        if not changed and stamp is not None and _on_disk(out_dir) == _planned(files):
            if _read(out_dir / STAMP) != stamp:
                _write_atomic(out_dir / STAMP, stamp)
            return []
        with _work_folder(out_dir) as new:
            for rel in sorted(files):
                target = new / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if rel in same:
                    try:
                        os.link(old[rel], target)
                    except OSError:
                        shutil.copy2(old[rel], target)
                else:
                    target.write_bytes(files[rel])
            if stamp is not None:
                (new / STAMP).write_bytes(stamp)  # last: a tree without it is never skipped
    return [rel for rel in changed if rel != MARKER]


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(path)


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
