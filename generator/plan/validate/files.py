"""What only the plan's folder can tell: the files a plan names beside it (its logo).

Checked by `check` on a plan file; a plan read from elsewhere (a workbook, a git revision)
names files that are not beside it, and its logo is checked when it becomes a file again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...errors import Problem
from ..load import Located

# The agency's logo file: an image the browser shows as it is, small enough for every page.
LOGO_SUFFIXES = (".svg", ".png")
LOGO_MAX_BYTES = 200_000


def logo_file(plan_file: str, logo: str) -> Path:
    """The logo's file: `plan.logo` is a path from the plan file's folder."""
    return Path(plan_file).parent / logo


def logo_problems(located: Located) -> Iterator[Problem]:
    """plan.logo names an SVG or PNG file beside the plan (the build copies it). Read from
    the file as written, so that it is checked with every other problem of the plan."""
    meta = located.data.get("plan") if isinstance(located.data, dict) else None
    logo = meta.get("logo") if isinstance(meta, dict) else None
    if not isinstance(logo, str):
        return  # absent, or a shape error of its own
    path = ("plan", "logo")
    example = 'ví dụ logo: "logo-so.svg" cạnh tệp kế hoạch'
    if Path(logo).is_absolute() or Path(logo).suffix.lower() not in LOGO_SUFFIXES:
        yield located.problem(
            path,
            f"biểu trưng '{logo}' phải là tệp .svg hoặc .png, đường dẫn tính từ thư mục của tệp kế hoạch, "
            f"{example} [logo must be a relative .svg or .png path]",
        )
        return
    file = logo_file(located.file, logo)
    if not file.is_file():
        yield located.problem(
            path, f"không tìm thấy tệp biểu trưng '{file}'; {example} [logo file not found]"
        )
    elif file.stat().st_size > LOGO_MAX_BYTES:
        yield located.problem(
            path,
            f"tệp biểu trưng '{file}' nặng {file.stat().st_size:,} byte, quá {LOGO_MAX_BYTES:,} byte: "
            "hãy dùng bản nhỏ hơn (mọi trang đều tải nó) [logo file too large]",
        )
