"""The Word progress report: opens in python-docx, holds every task, counts and overdue list."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from generator.derive.views import derive
from generator.office.report import summary
from generator.plan.check import check

from .conftest import REAL_PLAN, SAMPLE_PLAN, run_generator


def report(plan: Path, target: Path, *extra: str) -> Path:
    result = run_generator("report", "--docx", str(target), "--plan", str(plan), *extra)
    assert result.returncode == 0, result.stderr
    return target


def table_text(path: Path) -> list[list[str]]:
    doc = Document(str(path))
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


@pytest.mark.parametrize("plan_path", [REAL_PLAN, SAMPLE_PLAN], ids=["real", "sample"])
def test_report_holds_every_task_id_and_title(plan_path: Path, tmp_path: Path) -> None:
    rows = table_text(report(plan_path, tmp_path / "r.docx"))
    plan = check(plan_path)
    by_id = {row[0]: row for row in rows}
    for task in plan.tasks():
        assert task.id in by_id
        assert by_id[task.id][2].splitlines()[0] == task.title
    assert rows[0][:7] == [
        "STT",
        "Mục tiêu",
        "Nhiệm vụ cụ thể",
        "Sản phẩm",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
    ]
    # One merged heading row per area, in the plan's order.
    headings = [row[0] for row in rows if len(set(row)) == 1]
    assert headings == [f"{a.id}. {a.title}" for a in plan.areas]


def test_report_has_counts_overdue_list_and_a4_landscape(tmp_path: Path) -> None:
    path = report(SAMPLE_PLAN, tmp_path / "r.docx")
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    plan = check(SAMPLE_PLAN)
    site = derive(plan, plan.plan.as_of)
    assert summary(site.counts) in text
    assert f"Tổng số {len(plan.tasks())} nhiệm vụ" in text
    assert "chưa cập nhật" in summary(site.counts)
    assert site.overdue
    for view in site.overdue:
        assert f"{view.task.id}: {view.task.title}" in text
    assert "Số liệu tính đến ngày 15/10/2022" in text
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    header = doc.tables[0].rows[0]._tr
    assert header.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None


def test_as_of_changes_the_report(tmp_path: Path) -> None:
    early = Document(str(report(SAMPLE_PLAN, tmp_path / "a.docx", "--as-of", "2022-01-01")))
    text = "\n".join(p.text for p in early.paragraphs)
    assert "Số liệu tính đến ngày 01/01/2022" in text
    assert "Nhiệm vụ quá hạn (0)" in text


def test_two_reports_are_byte_identical(tmp_path: Path) -> None:
    assert (
        report(REAL_PLAN, tmp_path / "a.docx").read_bytes()
        == report(REAL_PLAN, tmp_path / "b.docx").read_bytes()
    )


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed (optional)")
def test_libreoffice_converts_the_report_to_pdf(tmp_path: Path) -> None:
    path = report(REAL_PLAN, tmp_path / "r.docx")
    subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        capture_output=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 3
    # A4 landscape: 842 x 595 points.
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf)
    assert boxes and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in boxes)
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "r.pdf"), "-"], check=True, capture_output=True, text=True
        ).stdout
        missing = [t.id for t in check(REAL_PLAN).tasks() if t.id not in text]
        assert missing == []
