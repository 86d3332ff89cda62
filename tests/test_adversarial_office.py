"""The office commands attacked: links, files of another kind, a full disk, long titles, zip bombs.

`export --xlsx`, `report --docx`, `new-year --out` and `import --out` write through
`generator.atomic`; `import` reads a workbook within `generator.office.limits`. Each command runs
in a child process as staff run it, some with a prelude that makes the disk full or the
temporary name predictable; the child reports its peak memory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from generator.atomic import DOCX, PLAN, XLSX, Kind, check_target
from generator.derive.views import derive
from generator.office.cells import PROPERTY_LIMIT, property_text
from generator.office.export import xlsx
from generator.office.importer import read_plan
from generator.office.limits import MAX_ROWS, PART_LIMIT, RATIO_LIMIT, TOTAL_LIMIT
from generator.office.sheets import SHEETS, UPDATES
from generator.plan.check import check

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
# A regression must fail the test, not take the shared machine's memory.
MEMORY_CAP = "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
PEAK_LIMIT_MB = 300


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
    shown = f"Kết quả thực hiện {title} trong quý IV"  # the trích yếu under "BÁO CÁO"
    assert doc.core_properties.title == f"Báo cáo: {shown}"[:PROPERTY_LIMIT]
    assert any(p.text == shown for p in doc.paragraphs)  # the page itself keeps the whole title
    book = tmp_path / "ke-hoach.xlsx"
    result, _ = run("export", "--xlsx", book, "--plan", plan)
    assert result.returncode == 0, result.stderr
    assert read_plan(book).plan.title == title


# --- import within bounds -----------------------------------------------------------

SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
BOMB_ROW = b'<row><c t="inlineStr"><is><t>I.1.a</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>'


def _bomb(path: Path, source: Path, unpacked: int, declared: int | None = None) -> None:
    """`source` with its task sheet made `unpacked` bytes of rows, written in moments.

    One megabyte of rows is packed once, ending in a full flush so that the packed block
    stands alone; the part is that block repeated. Its CRC is left 0: computing it would
    read every byte, and nothing that refuses the part gets that far. `declared` is the
    size the archive claims, when it lies.
    """
    chunk = BOMB_ROW * ((1 << 20) // len(BOMB_ROW))
    repeat = (unpacked - len(SHEET_HEAD) - len(SHEET_TAIL)) // len(chunk)
    pack = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = pack.compress(SHEET_HEAD) + pack.flush(zlib.Z_FULL_FLUSH)
    block = pack.compress(chunk) + pack.flush(zlib.Z_FULL_FLUSH)
    tail = pack.compress(SHEET_TAIL) + pack.flush()
    size = len(SHEET_HEAD) + repeat * len(chunk) + len(SHEET_TAIL)
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != part:
                out.writestr(info.filename, src.read(info))
        info = zipfile.ZipInfo(part, date_time=(2022, 10, 15, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = size if declared is None else declared
        info.compress_size = len(head) + repeat * len(block) + len(tail)
        info.CRC = 0
        info.header_offset = out.fp.tell()
        out.fp.write(info.FileHeader(zip64=True))
        out.fp.write(head)
        for _ in range(repeat):
            out.fp.write(block)
        out.fp.write(tail)
        out.filelist.append(info)
        out.NameToInfo[part] = info
        out.start_dir = out.fp.tell()


def _plan_copy(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE_PLAN, plan)
    return plan


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.xlsx"
    _bomb(bomb, sample_book(tmp_path), unpacked=4 << 30)
    assert bomb.stat().st_size < 16 << 20
    assert zipfile.ZipFile(bomb).getinfo("xl/worksheets/sheet1.xml").file_size > 4_000_000_000
    plan = _plan_copy(tmp_path)
    result, peak = run("import", "--xlsx", bomb, "--out", plan, prelude=MEMORY_CAP)
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert "phần 'xl/worksheets/sheet1.xml' của tệp Excel giải nén ra 4.29" in err
    assert f"quá giới hạn {PART_LIMIT // 1_000_000} MB cho một phần" in err
    assert f"quá giới hạn {TOTAL_LIMIT // 1_000_000} MB" in err and "Traceback" not in err
    assert plan.read_bytes() == SAMPLE_PLAN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bom.xlsx", "ke-hoach-mau.xlsx", "plan.yaml"]
    assert peak < PEAK_LIMIT_MB


def test_a_part_packed_more_tightly_than_any_workbook_is_refused(tmp_path: Path) -> None:
    """200 MB of rows: within the size limits, packed about 300 times (workbooks: 17 at most)."""
    bomb = tmp_path / "bom.xlsx"
    _bomb(bomb, sample_book(tmp_path), unpacked=200_000_000)
    result, peak = run("import", "--xlsx", bomb, prelude=MEMORY_CAP)
    assert result.returncode == 1, result.stderr
    assert re.search(
        rf"sheet1.xml' của tệp Excel nén tới [\d.]+ lần, quá giới hạn {RATIO_LIMIT} lần", result.stderr
    )
    assert peak < PEAK_LIMIT_MB


def test_a_part_is_never_unpacked_past_the_size_it_declares(tmp_path: Path) -> None:
    """A bomb that declares 1 MB (within every limit) still unpacks no more than that."""
    bomb = tmp_path / "bom.xlsx"
    _bomb(bomb, sample_book(tmp_path), unpacked=4 << 30, declared=1_000_000)
    result, peak = run("import", "--xlsx", bomb, prelude=MEMORY_CAP)
    assert result.returncode == 1 and "không mở được tệp Excel" in result.stderr, result.stderr
    assert peak < PEAK_LIMIT_MB


def _rewritten(
    book: Path, part: str, change: Callable[[bytes], bytes], method: int = zipfile.ZIP_DEFLATED
) -> Path:
    out = book.with_name("sua-" + book.name)
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                dst.writestr(info.filename, change(data), compress_type=method)
            else:
                dst.writestr(info.filename, data)
    return out


def test_a_part_packed_as_excel_never_packs_is_refused(tmp_path: Path) -> None:
    """bzip2 and lzma unpack a block at once, whatever it holds: Office uses neither."""
    book = _rewritten(sample_book(tmp_path), "xl/worksheets/sheet1.xml", bytes, zipfile.ZIP_BZIP2)
    result, _ = run("import", "--xlsx", book)
    assert result.returncode == 1
    assert "phần 'xl/worksheets/sheet1.xml' của tệp Excel được nén hoặc mã hóa" in result.stderr


UPDATES_PART = f"xl/worksheets/sheet{SHEETS.index(UPDATES) + 1}.xml"


def _dimension(ref: str) -> Callable[[bytes], bytes]:
    return lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml)


def _more_rows(count: int) -> Callable[[bytes], bytes]:
    """Empty rows after the sheet's own, under the sheet's own (now false) dimension."""

    def change(xml: bytes) -> bytes:
        last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', xml))
        rows = "".join(f'<row r="{n}"/>' for n in range(last + 1, last + 1 + count)).encode()
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    return change


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_dimension("A1:G5000000"), "có 5.000.000 dòng trở lên"),
        (_more_rows(MAX_ROWS), f"có {MAX_ROWS + 1:,} dòng trở lên".replace(",", ".")),
    ],
    ids=["declared", "read"],
)
def test_absurd_row_counts_are_refused_and_the_plan_is_untouched(
    change: Callable[[bytes], bytes], words: str, tmp_path: Path
) -> None:
    book = _rewritten(sample_book(tmp_path), UPDATES_PART, change)
    plan = _plan_copy(tmp_path)
    result, _ = run("import", "--xlsx", book, "--out", plan)
    assert result.returncode == 1, result.stderr
    assert f"trang tính 'Cập nhật': {words}" in result.stderr
    assert f"quá giới hạn {MAX_ROWS:,} dòng".replace(",", ".") in result.stderr
    assert plan.read_bytes() == SAMPLE_PLAN.read_bytes()


def test_a_sheet_just_within_the_row_limit_is_read(tmp_path: Path) -> None:
    book = sample_book(tmp_path)
    rows = len(zipfile.ZipFile(book).read(UPDATES_PART).split(b"<row ")) - 1
    assert read_plan(_rewritten(book, UPDATES_PART, _more_rows(MAX_ROWS - rows))) == check(SAMPLE_PLAN)


# Each entity ten of the one before: lol9 is 30 GB of text.
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lollollollollollollollollollol">'
    + b"".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">'.encode() for i in range(1, 10))
    + b"]>"
)


@pytest.mark.parametrize(
    "doctype",
    [
        LAUGHS,
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/hostname">]>',
    ],
    ids=["billion-laughs", "external-entity"],
)
def test_xml_bombs_and_external_entities_in_a_sheet_are_refused(doctype: bytes, tmp_path: Path) -> None:
    """Guards what held before: openpyxl's parser expands no entity past expat's limits
    and fetches no external one."""
    entity = b"&lol9;" if doctype is LAUGHS else b"&secret;"

    def change(xml: bytes) -> bytes:
        body = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
        return doctype + body.replace(b"<t>", b"<t>" + entity, 1)

    book = _rewritten(sample_book(tmp_path), "xl/worksheets/sheet1.xml", change)
    result, peak = run("import", "--xlsx", book, prelude=MEMORY_CAP)
    assert result.returncode == 1 and "không mở được tệp Excel" in result.stderr, result.stderr
    assert peak < PEAK_LIMIT_MB
