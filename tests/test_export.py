"""Excel out and back: `export --xlsx` then `import --xlsx` gives back exactly the same plan."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from generator.derive.views import derive
from generator.office.export import SHEETS, xlsx
from generator.office.importer import read_plan
from generator.plan.check import check
from generator.plan.load import load_text
from generator.plan.model import Link, Plan, Status, Task, Update
from generator.plan.validate import validate

from .conftest import PLAN_HEAD, PRISTINE_PLAN, REAL_PLAN, SAMPLE_PLAN, run_generator

APPENDIX = [
    "STT",
    "Mục tiêu (chỉ xem)",
    "Nhiệm vụ cụ thể",
    "Sản phẩm",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
]


def export(plan: Path, target: Path) -> Path:
    result = run_generator("export", "--xlsx", str(target), "--plan", str(plan))
    assert result.returncode == 0, result.stderr
    return target


@pytest.mark.parametrize("plan_path", [REAL_PLAN, SAMPLE_PLAN], ids=["real", "sample"])
def test_export_then_import_gives_back_the_same_plan(plan_path: Path, tmp_path: Path) -> None:
    book = export(plan_path, tmp_path / "plan.xlsx")
    original = check(plan_path)
    assert read_plan(book) == original
    # Printed on standard output, the YAML is a valid plan equal to the original too.
    printed = run_generator("import", "--xlsx", str(book))
    assert printed.returncode == 0, printed.stderr
    assert validate(load_text(printed.stdout, "stdout")) == original


def test_the_two_plans_exercise_every_part_of_the_model() -> None:
    # The round trip above proves something only if the plans hold each kind of value.
    plans = [check(REAL_PLAN), check(SAMPLE_PLAN)]
    tasks = [t for p in plans for t in p.tasks()]
    assert any(t.items for t in tasks) and any(t.note for t in tasks)
    assert any(t.deadline.trigger and t.deadline.trigger.evidence for t in tasks)
    assert any(t.deadline.also for t in tasks)
    assert any(u.evidence and u.percent is not None and u.note for t in tasks for u in t.updates)
    assert any(u.period for t in tasks for u in t.updates)
    targets = [t for p in plans for a in p.areas for t in a.all_targets()]
    assert any(k.measurements for t in targets for k in t.kpis) and any(t.title for t in targets)
    assert any(a.groups and a.targets for p in plans for a in p.areas)
    assert any(u.collective for p in plans for u in p.units)


def test_workbook_has_the_appendix_layout_and_prints_on_a4_landscape(tmp_path: Path) -> None:
    wb = load_workbook(export(SAMPLE_PLAN, tmp_path / "plan.xlsx"))
    assert wb.sheetnames == list(SHEETS)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1
    tasks = wb["Nhiệm vụ"]
    headers = [c.value for c in tasks[1]]
    assert headers[: len(APPENDIX)] == APPENDIX
    assert {"Trạng thái (chỉ xem)", "Cập nhật mới nhất (chỉ xem)", "Chỉ tiêu (chỉ xem)"} <= set(headers)
    assert tasks.max_row - 1 == len(check(SAMPLE_PLAN).tasks())
    assert all(tasks.column_dimensions[c].width >= 10 for c in "ABCDEFG")


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    first = export(REAL_PLAN, tmp_path / "a.xlsx").read_bytes()
    second = export(REAL_PLAN, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2026, 11, 28)}


def test_import_into_the_plan_file_keeps_comments_and_bytes(tmp_path: Path) -> None:
    book = export(REAL_PLAN, tmp_path / "plan.xlsx")
    target = tmp_path / "plan.yaml"
    shutil.copy(REAL_PLAN, target)
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 0, result.stderr
    # Nothing changed in the workbook, so nothing changes in the file, comments included.
    assert target.read_bytes() == REAL_PLAN.read_bytes()


def test_an_update_added_in_excel_lands_in_the_plan_file_keeping_comments(tmp_path: Path) -> None:
    book = export(PRISTINE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    ws = wb["Cập nhật"]
    ws.append(["II.1.3.b", "05/10/2022", "Đang thực hiện", "60%", None, "Đã công khai 45/60 TTHC"])
    wb.save(book)
    target = tmp_path / "plan.yaml"
    shutil.copy(PRISTINE_PLAN, target)
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith(PRISTINE_PLAN.read_text(encoding="utf-8").splitlines()[0])
    assert "# Sửa lỗi chữ do trích xuất" in text
    plan = check(target)
    task = next(t for t in plan.tasks() if t.id == "II.1.3.b")
    assert [(u.status, u.percent, u.note) for u in task.updates] == [
        ("in_progress", 60, "Đã công khai 45/60 TTHC")
    ]
    # Only the new lines were added.
    old, new = PRISTINE_PLAN.read_text(encoding="utf-8").splitlines(), text.splitlines()
    assert len(new) - len(old) == 5 and set(old) <= set(new)


def test_updates_deleted_in_excel_leave_the_next_tasks_comment_in_the_plan_file(tmp_path: Path) -> None:
    # In the sample, the comment on the case of task II.2.1.e is written right after the
    # last update of II.2.1.c: YAML keeps it with that update, though it belongs to what follows.
    old = SAMPLE_PLAN.read_text(encoding="utf-8")
    lines = old.splitlines()
    comment = lines.index(next(line for line in lines if "# Trường hợp 16" in line))
    assert lines[comment - 1].strip().startswith("note:") and "updates:" in lines[comment - 4]
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    updates = wb["Cập nhật"]
    for row in reversed(range(2, updates.max_row + 1)):
        if updates.cell(row, 1).value == "II.2.1.c":
            updates.delete_rows(row)
    wb.save(book)
    target = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE_PLAN, target)
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 0, result.stderr
    new = target.read_text(encoding="utf-8")
    assert new.splitlines() == lines[: comment - 4] + lines[comment:]
    assert not next(t for t in check(target).tasks() if t.id == "II.2.1.c").updates


def test_a_bad_spreadsheet_names_sheet_row_and_column_and_writes_nothing(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    updates = wb["Cập nhật"]
    updates["C2"] = "xong xuôi"
    updates["B3"] = "31/02/2022"
    updates["F4"] = "=1+1"
    wb["Nhiệm vụ"]["E2"] = "Phòng không có"
    wb.save(book)
    target = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE_PLAN, target)
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 1
    err = result.stderr
    assert "trang tính 'Cập nhật', dòng 2, cột C:" in err and "xong xuôi" in err
    assert "trang tính 'Cập nhật', dòng 3, cột B:" in err
    assert "trang tính 'Cập nhật', dòng 4, cột F: ô chứa công thức" in err
    assert "trang tính 'Nhiệm vụ', dòng 2, cột E: không có đơn vị 'Phòng không có'" in err
    assert "lead:" not in err  # the unknown unit is said once, not again as an empty list
    # In the order of the workbook: the task sheet first, then updates by row.
    assert err.index("'Nhiệm vụ', dòng 2") < err.index("'Cập nhật', dòng 2") < err.index("'Cập nhật', dòng 3")
    assert "Traceback" not in err
    assert target.read_bytes() == SAMPLE_PLAN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "plan.yaml"]


def test_a_missing_sheet_or_column_is_named(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    del wb["Đơn vị"]
    wb["Nhiệm vụ"]["D1"] = "Sản phẩm gì"
    wb.save(book)
    result = run_generator("import", "--xlsx", str(book))
    assert result.returncode == 1
    assert "trang tính 'Đơn vị': không có trang tính này" in result.stderr
    assert "trang tính 'Nhiệm vụ', dòng 1: thiếu cột 'Sản phẩm'" in result.stderr
    assert result.stdout == ""


def test_not_a_workbook_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "x.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    result = run_generator("import", "--xlsx", str(fake))
    assert result.returncode == 1
    assert "không mở được tệp Excel" in result.stderr and "Traceback" not in result.stderr


def test_an_unreadable_target_file_is_not_overwritten_without_force(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    target = tmp_path / "plan.yaml"
    target.write_text("# ghi chú\n- not: [a plan\n", encoding="utf-8")
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 1 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("# ghi chú")
    forced = run_generator("import", "--xlsx", str(book), "--out", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert check(target) == check(SAMPLE_PLAN)


def test_units_that_share_a_name_still_round_trip(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.yaml"
    plan_path.write_text(
        PLAN_HEAD
        + """\
  - {id: "van-phong-2", name: "Văn phòng Sở", short: "Văn phòng"}
  - {id: "thanh-tra", name: "van-phong", short: "Thanh tra"}
areas:
  - id: "I"
    title: "Lĩnh vực"
    targets:
      - id: "I.1"
        text: "Mục tiêu"
        tasks:
          - id: "I.1.a"
            title: "Việc"
            products: ["Báo cáo"]
            lead: ["van-phong-2", "thanh-tra"]
            partners: ["van-phong"]
            deadline: {text: "Quý IV/2022", kind: "quarter", quarter: "2022-Q4"}
""",
        encoding="utf-8",
    )
    assert read_plan(export(plan_path, tmp_path / "plan.xlsx")) == check(plan_path)


def test_an_edit_in_a_read_only_column_is_not_lost_silently(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    wb["Nhiệm vụ"]["B2"] = "Mục tiêu đã sửa"
    wb.save(book)
    result = run_generator("import", "--xlsx", str(book))
    assert result.returncode == 1
    assert "trang tính 'Nhiệm vụ', dòng 2, cột B: cột 'Mục tiêu' chỉ để xem" in result.stderr


# Any text a plan can hold and Excel can store (XML 1.0 characters, no other control characters).
_CELL_TEXT = st.one_of(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs",),
            blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"],
        ),
        min_size=1,
        max_size=40,
    ),
    # The characters that matter to cells, lines and formulas, often.
    st.text(alphabet=" \t\n\r=+-@'\"<>&_x0Dđ—:", min_size=1, max_size=12),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_CELL_TEXT, note=_CELL_TEXT, item=_CELL_TEXT, evidence=_CELL_TEXT)
def test_any_text_survives_export_and_import(
    title: str, note: str, item: str, evidence: str, tmp_path: Path
) -> None:
    base = check(SAMPLE_PLAN)
    assume(" ".join(title.split()) and " ".join(item.split()) and " ".join(evidence.split()))
    area = base.areas[0]
    target = area.all_targets()[0]
    task = target.tasks[0]
    link = Link(title=evidence, url="https://example.gov.vn/a")
    update = Update(date=base.plan.as_of, status=Status.IN_PROGRESS, note=note, evidence=[link])
    new_task = task.model_copy(update={"title": title, "items": [item], "note": note, "updates": [update]})
    new_task = Task.model_validate(new_task.model_dump())
    new_target = target.model_copy(update={"tasks": [new_task, *target.tasks[1:]]})
    new_area = area.model_copy(update={"targets": [new_target, *area.targets[1:]]})
    plan = Plan.model_validate(base.model_copy(update={"areas": [new_area, *base.areas[1:]]}).model_dump())
    assert plan.tasks()[0].note == note and plan.tasks()[0].updates[0].evidence[0] == link
    book = tmp_path / "h.xlsx"
    book.write_bytes(xlsx(derive(plan, plan.plan.as_of)))
    assert read_plan(book) == plan


def test_export_and_report_never_overwrite_a_file_they_did_not_make(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE_PLAN, plan)
    before = plan.read_bytes()
    for command, flag in (("export", "--xlsx"), ("report", "--docx")):
        refused = run_generator(command, flag, str(plan), "--plan", str(SAMPLE_PLAN))
        assert refused.returncode == 1, refused.stderr
        assert "không ghi vào" in refused.stderr
        assert plan.read_bytes() == before
        # A document the command made earlier is replaced, as staff re-export each month.
        target = tmp_path / f"bao-cao.{flag[2:]}"
        for _ in range(2):
            done = run_generator(command, flag, str(target), "--plan", str(SAMPLE_PLAN))
            assert done.returncode == 0, done.stderr
