"""`python -m generator diff`: real edits of the real plan, as a reviewer reads them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import BROKEN, SAMPLE_PLAN, run_generator
from .conftest import PRISTINE_PLAN as REAL_PLAN  # the real plan before any report

TASK = '              - id: "II.1.3.b"\n'
UPDATE = """\
                updates:
                  - date: 2022-10-05
                    status: in_progress
                    percent: 60
                    note: "Đã công khai 45/60 TTHC <script>alert(1)</script> | cột"
                    evidence:
                      - title: "Báo cáo số 123/BC-SCT"
                        url: "https://congthuong.dongnai.gov.vn/bao-cao-123"
"""


def diff(*args: str) -> tuple[int, str, str]:
    result = run_generator("diff", *args)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


def edited(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """A copy of the real plan with each (old, new) text replaced exactly once."""
    text = REAL_PLAN.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def with_update(text: str) -> str:
    """The task II.1.3.b block with an update appended after its deadline line."""
    start = text.index(TASK)
    deadline = text.index("deadline:", start)
    end = text.index("\n", deadline) + 1
    return text[:end] + UPDATE + text[end:]


def as_of(text: str, day: str) -> str:
    return re.sub(r"(\n  as_of: )\S+", rf"\g<1>{day}", text, count=1)


def test_an_unchanged_plan_prints_nothing(tmp_path: Path) -> None:
    # Comments and quoting are not what the public sees.
    copy = edited(tmp_path, "plan.yaml", ('title: "Kế hoạch cải cách', "title: 'Kế hoạch cải cách"))
    text = copy.read_text(encoding="utf-8").replace(
        'Kế hoạch cải cách hành chính năm 2022"', "Kế hoạch cải cách hành chính năm 2022'", 1
    )
    copy.write_text("# một dòng chú thích\n" + text, encoding="utf-8")
    for old, new in ((REAL_PLAN, REAL_PLAN), (REAL_PLAN, copy), (SAMPLE_PLAN, SAMPLE_PLAN)):
        code, out, err = diff(str(old), str(new))
        assert (code, out, err) == (0, "", "")


def test_a_new_update_shows_the_update_the_evidence_and_the_status_change(tmp_path: Path) -> None:
    text = as_of(REAL_PLAN.read_text(encoding="utf-8"), "2022-10-15")
    old = tmp_path / "old.yaml"
    old.write_text(text, encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(with_update(text), encoding="utf-8")

    code, out, _ = diff(str(old), str(new))

    assert code == 0
    assert "### Trạng thái thay đổi (1)" in out
    assert re.search(r"\| \*\*II\.1\.3\.b\*\* .* \| \? Chưa cập nhật \| ◐ Đang thực hiện, 60% \|", out), out
    assert "### Cập nhật tiến độ mới (1)" in out
    assert "05/10/2022, Đang thực hiện, 60%" in out
    # A link shows where it leads, as code: GitHub makes no link or image of it.
    assert "Minh chứng: Báo cáo số 123/BC-SCT (`https://congthuong.dongnai.gov.vn/bao-cao-123`)" in out
    # Text from the plan cannot open HTML or split the table.
    assert "<script>" not in out and "&lt;script&gt;" in out and r"\| cột" in out
    assert "Ngày chốt" not in out and "Nhiệm vụ sửa" not in out

    # Taking the update out again is flagged: history was rewritten.
    code, out, _ = diff(str(new), str(old))
    assert "### Cập nhật cũ bị xóa hoặc sửa (xem kỹ) (1)" in out


def test_status_is_derived_at_each_plans_own_as_of(tmp_path: Path) -> None:
    """Same tasks, same updates, a later as-of date: deadlines pass, tasks become overdue."""
    text = with_update(REAL_PLAN.read_text(encoding="utf-8"))
    before = tmp_path / "before.yaml"
    before.write_text(as_of(text, "2022-10-15"), encoding="utf-8")
    after = tmp_path / "after.yaml"
    after.write_text(as_of(text, "2022-12-31"), encoding="utf-8")

    code, out, _ = diff(str(before), str(after))

    assert code == 0
    assert out.startswith("**Ngày chốt số liệu:** 15/10/2022 → 31/12/2022\n")
    assert "| ? Chưa cập nhật | ? Chưa cập nhật, ! Quá hạn |" in out
    assert "Cập nhật tiến độ mới" not in out  # the file's updates are the same


def test_overdue_and_done_late_are_worded_as_on_the_site(tmp_path: Path) -> None:
    """The status words and markers are the pages' own (labels.py), symbol included."""
    deadline = '            deadline: {text: "Trước 15/11/2022", kind: "date", date: 2022-11-15}\n'
    done_late = deadline + "            updates:\n              - {date: 2022-11-20, status: done}\n"
    text = as_of(REAL_PLAN.read_text(encoding="utf-8"), "2022-12-31")
    before = tmp_path / "before.yaml"
    before.write_text(text, encoding="utf-8")
    after = tmp_path / "after.yaml"
    after.write_text(text.replace(deadline, done_late, 1), encoding="utf-8")

    code, out, _ = diff(str(before), str(after))

    assert code == 0
    assert "| ? Chưa cập nhật, ! Quá hạn | ✓ Đã hoàn thành, ! Hoàn thành trễ hạn |" in out, out


def test_reworded_added_and_removed_tasks(tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        "new.yaml",
        (
            'title: "Công khai bộ TTHC kịp thời trên Cổng dịch vụ công của tỉnh"',
            'title: "Công khai bộ TTHC đầy đủ trên Cổng dịch vụ công của tỉnh"',
        ),
        (
            'Cổng DVC của tỉnh"]\n                lead: ["thanh-tra"]\n',
            'Cổng DVC của tỉnh"]\n                lead: ["van-phong"]\n',
        ),
        (
            'kind: "ongoing"}\n              - id: "II.1.3.c"',
            'kind: "ongoing"}\n              - id: "II.1.3.d"',
        ),
    )
    code, out, _ = diff(str(REAL_PLAN), str(new))

    assert code == 0
    assert "### Nhiệm vụ mới (1)\n\n- **II.1.3.d**" in out
    assert "### Nhiệm vụ bị xóa (1)\n\n- **II.1.3.c**" in out
    assert "### Nhiệm vụ sửa nội dung (1)\n" in out  # one task, two of its fields
    reworded = out.split("### Nhiệm vụ sửa nội dung")[1]
    assert "- **II.1.3.b** Công khai bộ TTHC đầy đủ" in reworded
    assert (
        "    - nhiệm vụ: Công khai bộ TTHC kịp thời trên Cổng dịch vụ công của tỉnh → Công khai bộ TTHC"
        in reworded
    )
    assert "    - chủ trì: Thanh tra → Văn phòng" in reworded


def test_kpi_threshold_and_a_new_measurement(tmp_path: Path) -> None:
    kpi = '          - id: "vb-qppl-dung-quy-dinh"\n'
    measured = (
        kpi
        + '            metric: "Tỷ lệ văn bản QPPL được ban hành đúng quy định, kịp thời"\n'
        + '            comparison: "at_least"\n'
        + "            value: 95\n"
        + '            unit: "%"\n'
        + "            measurements:\n"
        + '              - {date: 2022-09-30, value: 97.5, source: "Báo cáo CCHC quý III/2022"}\n'
    )
    text = REAL_PLAN.read_text(encoding="utf-8")
    start = text.index(kpi)
    end = text.index('unit: "%"\n', start) + len('unit: "%"\n')
    new = tmp_path / "new.yaml"
    new.write_text(text[:start] + measured + text[end:], encoding="utf-8")

    code, out, _ = diff(str(REAL_PLAN), str(new))

    assert code == 0
    assert "### Chỉ tiêu (KPI) (2)" in out
    assert "tối thiểu 100% → Tỷ lệ văn bản QPPL được ban hành đúng quy định, kịp thời: tối thiểu 95%" in out
    assert "số liệu mới 30/09/2022: 97.5% (Báo cáo CCHC quý III/2022)" in out


def test_a_plan_that_does_not_validate_gives_located_errors(tmp_path: Path) -> None:
    fixture = BROKEN / "unknown-status.yaml"
    code, out, err = diff(str(REAL_PLAN), str(fixture))
    assert code == 1 and out == ""
    assert re.search(rf"{re.escape(str(fixture))}:\d+:\d+: ", err), err
    assert "lỗi, hãy sửa rồi chạy lại" in err


def test_wrong_arguments_are_usage_errors() -> None:
    assert diff(str(REAL_PLAN))[0] == 2
    assert diff("--git", "HEAD", str(REAL_PLAN))[0] == 2


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the real plan committed as content/plan.yaml."""
    (tmp_path / "content").mkdir()
    shutil.copy(REAL_PLAN, tmp_path / "content" / "plan.yaml")
    env = ["-c", "user.name=Thử", "-c", "user.email=thu@example.invalid", "-c", "commit.gpgsign=false"]
    for args in (["init", "-q"], ["add", "."], [*env, "commit", "-q", "-m", "kế hoạch"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    return tmp_path


def test_git_revision_against_the_working_file(repo: Path) -> None:
    plan = repo / "content" / "plan.yaml"
    assert diff("--git", "HEAD", "--plan", str(plan)) == (0, "", "")

    plan.write_text(with_update(as_of(plan.read_text(encoding="utf-8"), "2022-10-15")), encoding="utf-8")
    code, out, _ = diff("--git", "HEAD", "--plan", str(plan))

    assert code == 0
    assert "**Ngày chốt số liệu:**" in out and "→ 15/10/2022" in out
    assert "### Cập nhật tiến độ mới (1)" in out


def test_git_revision_problems_are_clean_errors(repo: Path) -> None:
    plan = repo / "content" / "plan.yaml"
    code, out, err = diff("--git", "khong-co-nhanh-nay", "--plan", str(plan))
    assert code == 1 and out == ""
    assert "không đọc được" in err and "khong-co-nhanh-nay" in err

    # A plan broken at the revision: its errors are located in REV:path.
    plan.write_text(plan.read_text(encoding="utf-8").replace("year: 2022", "year: hai", 1), encoding="utf-8")
    env = ["-c", "user.name=Thử", "-c", "user.email=thu@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *env, "commit", "-q", "-am", "hỏng"], cwd=repo, check=True)
    shutil.copy(REAL_PLAN, plan)
    code, out, err = diff("--git", "HEAD", "--plan", str(plan))
    assert code == 1 and out == ""
    assert re.search(r"^HEAD:content/plan\.yaml:\d+:\d+: .*year", err, re.M), err
