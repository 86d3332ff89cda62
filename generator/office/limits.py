"""How much a workbook given to `import` may hold, checked before openpyxl reads it.

An .xlsx file is a zip of XML parts, and a few megabytes can unpack to gigabytes (a
zip bomb: 4 MB of repeated rows took 4.3 GB of memory to import). So the parts'
unpacked sizes are checked first, one by one and together, with how much each is
packed. Those sizes are the ones the archive declares; they still bound what is
read, because Python's zipfile never unpacks a part past its declared size (the CRC
check then fails and the file is refused), and only for the two methods Office
uses: bzip2 and lzma unpack a whole block at once, however large. The import then
reads each sheet row by row and stops at MAX_ROWS.

The limits leave room above the largest plans measured: a workbook of 50,000 tasks
is 9 MB, unpacks to 120 MB, its largest part (the task sheet) to 78 MB; its parts
are packed 3 to 17 times; its task sheet has 50,001 rows and its update sheet 79,656.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import SheetError

PART_LIMIT = 250_000_000  # bytes of one unpacked part
TOTAL_LIMIT = 500_000_000  # bytes of all the unpacked parts
RATIO_LIMIT = 100  # unpacked / packed, for a part of more than RATIO_FLOOR bytes
RATIO_FLOOR = 1_000_000  # a small part may pack well without costing anything
MAX_ROWS = 200_000  # of one sheet, its header included
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def _count(n: float) -> str:
    """A whole number as Vietnamese readers write it: 200.000."""
    return f"{n:,.0f}".replace(",", ".")


def _mb(size: int) -> str:
    return _count(size / 1_000_000) + " MB"


def check_parts(path: Path) -> None:
    """Raise SheetError when the workbook at `path` unpacks past the limits; read nothing."""
    problems = []
    redo = "mở và lưu lại bằng Excel, hoặc xuất lại bằng lệnh export"
    again = f"hãy {redo}"
    size = f"bảng tính của kế hoạch 50.000 nhiệm vụ chỉ khoảng 120 MB; hãy kiểm tra lại tệp, {redo}"
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    for part in parts:
        where = f"{path}: phần '{part.filename}' của tệp Excel"
        if part.compress_type not in _METHODS or part.flag_bits & 0x1:
            problems.append(
                f"{where} được nén hoặc mã hóa theo cách Excel không dùng; {again} "
                "[unsupported compression or encryption]"
            )
        elif part.file_size > PART_LIMIT:
            problems.append(
                f"{where} giải nén ra {_mb(part.file_size)}, quá giới hạn {_mb(PART_LIMIT)} "
                f"cho một phần ({size}) [part too large when unpacked]"
            )
        elif part.file_size > RATIO_FLOOR and part.file_size > RATIO_LIMIT * part.compress_size:
            ratio = part.file_size / max(part.compress_size, 1)
            problems.append(
                f"{where} nén tới {_count(ratio)} lần, quá giới hạn {RATIO_LIMIT} lần của một bảng tính "
                f"thật; {again} [part packed too tightly]"
            )
    total = sum(part.file_size for part in parts)
    if total > TOTAL_LIMIT:
        problems.append(
            f"{path}: tệp Excel giải nén ra {_mb(total)}, quá giới hạn {_mb(TOTAL_LIMIT)} "
            f"({size}) [workbook too large when unpacked]"
        )
    if problems:
        raise SheetError(problems)


def too_many_rows(sheet_rows: int) -> str:
    """The message for a sheet of more than MAX_ROWS rows."""
    return (
        f"có {_count(sheet_rows)} dòng trở lên, quá giới hạn {_count(MAX_ROWS)} dòng của một trang tính; "
        "hãy xóa các dòng thừa ở cuối trang tính [too many rows]"
    )
