"""The output folder: only the generator's own is replaced, one build at a time.

- Ownership. A build replaces the whole output folder, so it only does that to a
  folder it made: one that is new or empty (the marker file `.generator-output` is
  then written into it) or one that already holds the marker. It refuses, before
  touching anything, a folder holding other files, the plan, a `.git`, the
  project itself or any folder above them.
- One at a time. A build holds a lock on the folder holding `docs/` (and `site/`)
  while it replaces it, and `make site` while MkDocs reads `docs/`: two builds at once
  (two `make site`) would otherwise share one temporary folder, and one could remove or
  link the other's files. The kernel drops the lock when its holder dies, even by SIGKILL.
- What killed builds left. A build makes its new tree in a work folder beside the
  output (swap.py); the next build removes what a killed one left: only work folders
  named as ours, of a process that is gone, holding the marker (or still empty: killed
  before it was written); never a folder that is not ours.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import OutputRefused

if sys.platform != "win32":
    import fcntl

MARKER = ".generator-output"
MARKER_TEXT = (
    "Thư mục này do trình tạo trang (python -m generator build) tạo ra và quản lý.\n"
    "Mỗi lần dựng, toàn bộ nội dung được thay thế: đừng đặt tệp của bạn ở đây.\n"
    "This folder is owned by the site generator; every build replaces all of it.\n"
).encode()


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


def leftovers(out_dir: Path) -> list[Path]:
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


def remove_work(work: Path) -> None:
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


def clean_leftovers(out_dir: Path) -> None:
    """Repair or remove what a killed build left beside `out_dir` (only folders we marked)."""
    for left in leftovers(out_dir):
        old = left / "old"
        if old.is_dir() and not out_dir.exists() and not out_dir.is_symlink():
            old.rename(out_dir)  # killed between the two renames: the old tree comes back
        try:
            remove_work(left)
        except OSError as err:  # not worth failing this build for: say so and go on
            print(
                f"không xóa được thư mục tạm {left} do một lần dựng trước để lại ({err.strerror or err}); "
                f"hãy xóa nó bằng tay [could not remove a leftover folder]",
                file=sys.stderr,
            )


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
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
