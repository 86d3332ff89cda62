"""The office commands attacked: links, files of another kind, a full disk, long titles.

`export --xlsx`, `report --docx`, `new-year --out` and `import --out` write through
`generator.atomic`. Each command runs in a child process as staff run it, some with a
prelude that makes the disk full or the temporary name predictable; the child reports
its peak memory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from generator.atomic import DOCX, PLAN, XLSX, Kind, check_target
from generator.cells import PROPERTY_LIMIT, property_text
from generator.derive import derive
from generator.export import xlsx
from generator.importer import read_plan
from generator.pipeline import check

from .conftest import ROOT, SAMPLE_PLAN

CHILD = """\
import resource, sys
{prelude}
from generator.cli import main
try:
    code = main(sys.argv[1:])
finally:
    print(f"peak-rss-kb={{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}", file=sys.stderr)
sys.exit(code)
"""
# The disk is full after 1 KB of any file: writes past it fail (EFBIG, where a disk says ENOSPC).
FULL_DISK = """\
import signal
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
"""
# The data is written, but the disk reports it full when it is flushed (thin volumes, NFS).
FULL_AT_FLUSH = """\
import errno, os
def _full(fd):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
os.fsync = _full
"""
PREDICTABLE = """\
import secrets
secrets.token_hex = lambda nbytes=None: "0123456789abcdef"
"""


def run(
    *args: str | Path, prelude: str = "", tmp: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`python -m generator ARGS` in a child after `prelude`, with `tmp` as its temporary
    folder; the result and the child's peak RSS in MB."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD.format(prelude=prelude), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **({"TMPDIR": str(tmp)} if tmp else {})},
        check=False,
        timeout=600,
    )
    peak = re.search(r"peak-rss-kb=(\d+)", result.stderr)
    return result, int(peak.group(1)) / 1024 if peak else float("nan")


def listing(folder: Path) -> dict[str, bytes | str]:
    """Every name in `folder` with its bytes, or where it links to."""
    return {
        p.name: f"-> {os.readlink(p)}" if p.is_symlink() else p.read_bytes() if p.is_file() else "dir"
        for p in folder.iterdir()
    }


def sample_book(folder: Path) -> Path:
    path = folder / "ke-hoach-mau.xlsx"
    plan = check(SAMPLE_PLAN)
    path.write_bytes(xlsx(derive(plan, plan.plan.as_of)))
    return path


# Each command: the name of the file it writes, its kind, and its arguments given that file
# and the workbook `import` reads (kept in a folder of its own).
COMMANDS: dict[str, tuple[str, Kind, Callable[[Path, Path], list[str | Path]]]] = {
    "export": ("ke-hoach.xlsx", XLSX, lambda out, _: ["export", "--xlsx", out, "--plan", SAMPLE_PLAN]),
    "report": ("bao-cao.docx", DOCX, lambda out, _: ["report", "--docx", out, "--plan", SAMPLE_PLAN]),
    "new-year": (
        "ke-hoach-2023.yaml",
        PLAN,
        lambda out, _: ["new-year", "--from", SAMPLE_PLAN, "--year", "2023", "--out", out],
    ),
    "import": ("plan.yaml", PLAN, lambda out, book: ["import", "--xlsx", book, "--out", out]),
}


def _command(name: str, tmp_path: Path) -> tuple[Path, list[str | Path]]:
    target_name, _, args = COMMANDS[name]
    books = tmp_path / "nguon"
    books.mkdir(exist_ok=True)
    book = books / "ke-hoach-mau.xlsx"
    if not book.exists():
        sample_book(books)
    work = tmp_path / "dich"
    work.mkdir(exist_ok=True)
    target = work / target_name
    return target, args(target, book)


# --- owned: links ---------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_link_at_the_target_is_never_written_through(command: str, tmp_path: Path) -> None:
    target, args = _command(command, tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("không được đụng tới\n", encoding="utf-8")
    target.symlink_to(victim)
    for force in ([], ["--force"]):
        result, _ = run(*args, *force)
        assert result.returncode == 1, result.stderr
        assert f"không ghi vào {target}: đây là liên kết (symlink)" in result.stderr
        assert "Traceback" not in result.stderr
        assert victim.read_text(encoding="utf-8") == "không được đụng tới\n"
        assert target.is_symlink()
        assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


@pytest.mark.parametrize("command", COMMANDS)
def test_links_planted_at_temporary_names_are_never_written_through(command: str, tmp_path: Path) -> None:
    target, args = _command(command, tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("không được đụng tới\n", encoding="utf-8")
    name = target.name
    planted = [f"{name}.tmp", f".{name}.tmp", f"{name}~", f"{name}.tmp-1", f".{name}.0123456789abcdef.tmp"]
    for link in planted:
        (target.parent / link).symlink_to(victim)
    before = listing(target.parent)
    # Even the exact temporary name, when it can be foreseen, is refused rather than followed.
    foreseen, _ = run(*args, prelude=PREDICTABLE)
    assert foreseen.returncode == 1 and "Traceback" not in foreseen.stderr, foreseen.stderr
    assert listing(target.parent) == before
    assert victim.read_text(encoding="utf-8") == "không được đụng tới\n"
    done, _ = run(*args)
    assert done.returncode == 0, done.stderr
    assert victim.read_text(encoding="utf-8") == "không được đụng tới\n"
    after = listing(target.parent)
    assert after.pop(name) != before.get(name) and not target.is_symlink()
    assert after == before  # every planted link still there, unchanged, and nothing else left


def test_folders_and_pipes_are_refused_even_with_force(tmp_path: Path) -> None:
    target, args = _command("report", tmp_path)
    target.mkdir()
    result, _ = run(*args, "--force")
    assert result.returncode == 1 and "đây là thư mục, không phải tệp thường" in result.stderr
    target.rmdir()
    os.mkfifo(target)  # reading a pipe with no writer would wait for ever
    result, _ = run(*args)
    assert result.returncode == 1 and "tệp đặc biệt" in result.stderr, result.stderr
    assert [p.name for p in target.parent.iterdir()] == [target.name]


# --- owned: files of another kind -------------------------------------------------


def _zip_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "backup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("2022/bien-ban.txt", "biên bản họp")
    return path.read_bytes()


def _report_bytes(tmp_path: Path) -> bytes:
    target = tmp_path / "r" / "bao-cao.docx"
    target.parent.mkdir()
    result, _ = run("report", "--docx", target, "--plan", SAMPLE_PLAN)
    assert result.returncode == 0, result.stderr
    return target.read_bytes()


WRONG_KINDS = [
    # (command, file name, what it holds, words naming it in the refusal)
    ("report", "ke-hoach.xlsx", "xlsx", "có vẻ là bảng tính Excel (.xlsx), không phải văn bản Word (.docx)"),
    ("export", "backup.zip", "zip", "có vẻ là tệp nén ZIP, không phải bảng tính Excel (.xlsx)"),
    ("export", "bao-cao.xlsx", "docx", "có vẻ là văn bản Word (.docx), không phải bảng tính Excel (.xlsx)"),
    ("export", "ke-hoach.zip", "xlsx", "là bảng tính Excel (.xlsx) nhưng tên không có đuôi .xlsx"),
    ("export", "ke-hoach.xlsx", "pdf", "có vẻ là tệp không rõ loại"),
    ("report", "bao-cao.docx", "plan", "có vẻ là tệp kế hoạch YAML, không phải văn bản Word"),
    ("import", "ke-hoach.xlsx", "xlsx", "có vẻ là bảng tính Excel (.xlsx), không phải tệp kế hoạch YAML"),
    ("import", "mkdocs.yml", "yaml", "có vẻ là tệp văn bản, không phải tệp kế hoạch YAML"),
    ("new-year", "ke-hoach.yaml", "plan", "đã có tệp này (tệp kế hoạch YAML), không ghi đè"),
]


@pytest.mark.parametrize(("command", "name", "holds", "words"), WRONG_KINDS)
def test_a_file_of_another_kind_is_replaced_only_with_force(
    command: str, name: str, holds: str, words: str, tmp_path: Path
) -> None:
    _, args = _command(command, tmp_path)
    target = tmp_path / "dich" / name
    args = [target if isinstance(a, Path) and a.parent == target.parent else a for a in args]  # --out
    content = {
        "xlsx": lambda: sample_book(tmp_path / "nguon").read_bytes(),
        "docx": lambda: _report_bytes(tmp_path),
        "zip": lambda: _zip_bytes(tmp_path),
        "pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "plan": SAMPLE_PLAN.read_bytes,
        "yaml": lambda: b"site_name: Trang tin\nnav:\n  - index.md\n",
    }[holds]()
    target.write_bytes(content)
    before = listing(target.parent)
    refused, _ = run(*args)
    assert refused.returncode == 1, refused.stderr
    assert f"không ghi vào {target}: " in refused.stderr and words in refused.stderr
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert listing(target.parent) == before
    forced, _ = run(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert sorted(p.name for p in target.parent.iterdir()) == [name]
    kind = COMMANDS[command][1]
    made = target.with_name("made" + kind.suffixes[0])
    shutil.copy(target, made)
    check_target(made, kind)  # what was written is now of the command's kind: no refusal


@pytest.mark.parametrize("command", COMMANDS)
def test_an_empty_file_named_for_the_command_is_replaced(command: str, tmp_path: Path) -> None:
    """Nothing to lose: e.g. the empty plan an older `new-year` left on a full disk."""
    target, args = _command(command, tmp_path)
    target.touch()
    result, _ = run(*args)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 0


# --- atomic: a full disk ------------------------------------------------------------


@pytest.mark.parametrize("disk", [FULL_DISK, FULL_AT_FLUSH], ids=["write", "flush"])
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("existing", [False, True], ids=["new", "replaced"])
def test_a_full_disk_leaves_nothing_and_the_retry_works(
    command: str, disk: str, existing: bool, tmp_path: Path
) -> None:
    target, args = _command(command, tmp_path)
    force = ["--force"] if existing and command == "new-year" else []
    if existing:
        done, _ = run(*args, *force)
        assert done.returncode == 0, done.stderr
    before = listing(target.parent)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    failed, _ = run(*args, *force, prelude=disk, tmp=scratch)
    assert failed.returncode == 1, failed.stderr
    # Where the disk filled: at the target, or in the temporary folder openpyxl writes sheets to.
    where = f"({re.escape(str(target))}|{re.escape(str(scratch))})"
    assert re.search(rf"không ghi được {where}: ", failed.stderr), failed.stderr
    assert "Traceback" not in failed.stderr
    assert listing(target.parent) == before  # no empty target, no temporary file
    assert not any(scratch.iterdir())
    retry, _ = run(*args, *force)
    assert retry.returncode == 0, retry.stderr
    assert [p.name for p in target.parent.iterdir()] == [target.name] and target.stat().st_size > 0


def test_a_missing_folder_is_named_by_the_file_asked_for(tmp_path: Path) -> None:
    target = tmp_path / "khong-co" / "ke-hoach.xlsx"
    result, _ = run("export", "--xlsx", target, "--plan", SAMPLE_PLAN)
    assert result.returncode == 1
    assert f"không ghi được {target}: No such file or directory" in result.stderr
    assert not target.parent.exists()


# --- document properties ----------------------------------------------------------


def test_property_text_is_cut_at_the_limit_never_between_a_letter_and_its_accents() -> None:
    assert property_text("Kế hoạch") == "Kế hoạch"
    assert property_text("a" * 300) == "a" * PROPERTY_LIMIT
    decomposed = "a" * (PROPERTY_LIMIT - 1) + "e\u0302\u0301" + "x" * 40  # ế typed as e + two marks
    assert property_text(decomposed) == "a" * (PROPERTY_LIMIT - 1)
    assert (
        property_text("a" * (PROPERTY_LIMIT - 3) + "e\u0302\u0301x")
        == "a" * (PROPERTY_LIMIT - 3) + "e\u0302\u0301"
    )


def test_a_300_character_title_makes_a_report_and_an_export(tmp_path: Path) -> None:
    title = ("Kế hoạch cải cách hành chính năm 2022 của Sở Công Thương tỉnh Đồng Nai; " * 5)[:300]
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        SAMPLE_PLAN.read_text(encoding="utf-8").replace(
            'title: "Kế hoạch cải cách hành chính năm 2022 (dữ liệu minh họa)"', f'title: "{title}"'
        ),
        encoding="utf-8",
    )
    assert check(plan).plan.title == title
    report = tmp_path / "bao-cao.docx"
    result, _ = run("report", "--docx", report, "--plan", plan)
    assert result.returncode == 0, result.stderr
    doc = Document(str(report))
    shown = f"Báo cáo tiến độ: {title}"
    assert doc.core_properties.title == shown[:PROPERTY_LIMIT]
    assert any(p.text == shown for p in doc.paragraphs)  # the page itself keeps the whole title
    book = tmp_path / "ke-hoach.xlsx"
    result, _ = run("export", "--xlsx", book, "--plan", plan)
    assert result.returncode == 0, result.stderr
    assert read_plan(book).plan.title == title
