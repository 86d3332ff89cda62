"""Write a file whole or not at all, and only over a file of the same kind.

The office commands (`export --xlsx`, `report --docx`, `new-year --out`, `import --out`)
write through `write_whole`:

- Owned. The bytes go to a new file beside the target, with a random name, created
  exclusively and never through a link (`O_CREAT | O_EXCL | O_NOFOLLOW`): a link or
  a file planted at any name cannot be written through.
- Atomic. That file is flushed to disk, then renamed over the target and the folder
  flushed too: after a full disk, a kill or a power cut the target is the whole old
  file or the whole new one, never empty or half written, and a failed write removes
  its temporary file, so a retry finds the folder as it was.
- Of the same kind. An existing target is replaced only when its content and its
  name both say it is what the command writes (a Word document for `report`, a
  workbook for `export`, a YAML plan for `import`); anything else, such as the staff
  workbook given to `report --docx` or a zip given to `export --xlsx`, needs
  `--force`. A link, a folder or a device at the target is never replaced.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import secrets
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import WriteRefused

# Absent on Windows: there lstat alone finds links, and no open waits on a pipe.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_SNIFF_BYTES = 65536  # a plan names its `plan:` block in its first lines
_NAME_BYTES = 200  # of the target's name kept in the temporary name: a name holds 255 bytes


@dataclass(frozen=True)
class Kind:
    """What a file is, in the words of the messages, and the name endings it goes by."""

    words: str
    english: str
    suffixes: tuple[str, ...] = ()


XLSX = Kind("bảng tính Excel (.xlsx)", "an Excel workbook", (".xlsx",))
DOCX = Kind("văn bản Word (.docx)", "a Word document", (".docx",))
PLAN = Kind("tệp kế hoạch YAML", "a YAML plan", (".yaml", ".yml"))
FORM = Kind("biểu mẫu GitHub do lệnh forms tạo", "a GitHub issue form made by `forms`", (".yml", ".yaml"))
# The first words of every file `forms` writes: what lets it replace its own file and no other.
FORM_MARK = "# Biểu mẫu tạo tự động"
_ZIP = Kind("tệp nén ZIP", "a zip archive")
_EMPTY = Kind("tệp rỗng", "an empty file")
_TEXT = Kind("tệp văn bản", "a text file")
_OTHER = Kind("tệp không rõ loại", "a file of unknown kind")
_PLAN_KEY = re.compile(r"^plan[ \t]*:", re.MULTILINE)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip's first entry, or an empty zip


def _seen(head: bytes, handle: int) -> Kind:
    """What a file holds, from its first bytes (and, for a zip, its list of parts)."""
    if not head:
        return _EMPTY
    if head[:4] in _ZIP_MAGIC:
        try:
            with os.fdopen(os.dup(handle), "rb") as file, zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return _ZIP
        return DOCX if "word/document.xml" in names else XLSX if "xl/workbook.xml" in names else _ZIP
    try:
        # A long file's head may end inside a character: that last one is left undecoded.
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=len(head) < _SNIFF_BYTES)
    except UnicodeDecodeError:
        return _OTHER
    if "\x00" in text:
        return _OTHER
    if text.startswith(FORM_MARK):
        return FORM
    return PLAN if _PLAN_KEY.search(text) else _TEXT


def _refuse(target: Path, why: str, english: str, force_helps: bool = True) -> WriteRefused:
    hint = "hãy chọn tên tệp khác" + (", hoặc thêm --force nếu chắc chắn muốn thay nó" if force_helps else "")
    return WriteRefused(f"không ghi vào {target}: {why}; {hint} [{english}]")


def check_target(target: Path, kind: Kind, force: bool = False, replace: bool = True) -> None:
    """Raise WriteRefused unless `target` may become a new file of `kind`.

    Nothing is in the way when the target is absent, or an empty file named for `kind`.
    A file already of `kind` (by content and name) is replaced when `replace` says so;
    any other regular file only with `force`. Links and non-files never.
    """
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(found.st_mode):
        raise _refuse(
            target,
            f"đây là liên kết (symlink) tới {os.readlink(target)}, lệnh không ghi xuyên qua liên kết",
            "refusing to write through a symbolic link",
            force_helps=False,
        )
    if not stat.S_ISREG(found.st_mode):
        what = "thư mục" if stat.S_ISDIR(found.st_mode) else "tệp đặc biệt (thiết bị, ống, socket)"
        raise _refuse(target, f"đây là {what}, không phải tệp thường", "not a regular file", False)
    if force:
        return
    # Opened without following a link and without waiting on a pipe: the file may
    # have been swapped since lstat, and fstat says what was really opened.
    handle = os.open(target, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise _refuse(target, "đây không phải tệp thường", "not a regular file", False)
        seen = _seen(os.read(handle, _SNIFF_BYTES), handle)
    finally:
        os.close(handle)
    named = target.suffix.casefold() in kind.suffixes
    if seen is _EMPTY and named:
        return
    if not replace:
        raise _refuse(target, f"đã có tệp này ({seen.words}), không ghi đè", "refusing to overwrite")
    if seen is kind and named:
        return
    if seen is kind:
        raise _refuse(
            target,
            f"tệp này là {kind.words} nhưng tên không có đuôi {' hoặc '.join(kind.suffixes)}",
            f"refusing to replace a file not named as {kind.english}",
        )
    raise _refuse(
        target,
        f"tệp này đã có và có vẻ là {seen.words}, không phải {kind.words}",
        f"refusing to replace {seen.english} with {kind.english}",
    )


def _temporary(target: Path) -> tuple[Path, int]:
    """A new file beside `target`, ours alone: created here and now, never through a link."""
    name = os.fsdecode(os.fsencode(target.name)[:_NAME_BYTES])
    path = target.with_name(f".{name}.{secrets.token_hex(8)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    return path, os.open(path, flags, 0o666)


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (POSIX; Windows cannot open a folder)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def write_whole(
    target: Path,
    data: bytes,
    kind: Kind,
    force: bool = False,
    replace: bool = True,
    verify: Callable[[Path], None] | None = None,
) -> None:
    """Put `data` at `target` whole or not at all (see the module's docstring).

    `verify`, given the written temporary file, may raise to keep the old target.
    """
    check_target(target, kind, force, replace)
    try:
        tmp, handle = _temporary(target)
    except OSError as err:
        if not isinstance(err, FileExistsError):  # a file planted there is named as it is
            err.filename = str(target)  # e.g. a folder that does not exist: name what staff typed
        raise
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            os.fsync(handle)
        finally:
            os.close(handle)
        if verify is not None:
            verify(tmp)
        os.replace(tmp, target)
    except BaseException as err:
        with contextlib.suppress(OSError):  # the first error is the one to report
            tmp.unlink()
        if isinstance(err, OSError) and err.filename is None:
            err.filename = str(target)  # name the file staff asked for (os.write names none)
        raise
    _sync_folder(target.parent)
