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
from generator.office.export import xlsx
from generator.office.importer import read_plan
from generator.office.sheets import READ_ONLY, SHEETS, TARGET_TEXT, TASKS, UNITS, UPDATES, Col, Sheet
from generator.plan.check import check
from generator.plan.load import load_text
from generator.plan.model import Link, Plan, Status, Task, Update
from generator.plan.validate import validate

from .conftest import PLAN_HEAD, PRISTINE_PLAN, REAL_PLAN, SAMPLE_PLAN, run_generator

# A plan's one area and one target, its tasks to follow.
ONE_TARGET = """\
areas:
  - id: "I"
    title: "Lĩnh vực"
    targets:
      - id: "I.1"
        text: "Mục tiêu"
        tasks:
"""


def import_into(book: Path, plan: Path, target: Path) -> str:
    """`import --out` of `book` into a copy of `plan` at `target`: the file's new text."""
    shutil.copy(plan, target)
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 0, result.stderr
    return target.read_text(encoding="utf-8")


def address(sheet: Sheet, col: Col, row: int) -> str:
    """The cell of `col` in `row`, where export writes it."""
    return f"{sheet.letter(col)}{row}"


def cells(sheet: Sheet, values: dict[Col, object]) -> list[object]:
    """A row to append to `sheet`, its values placed by column."""
    return [values.get(col) for col in sheet.columns]


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
    targets = [t for p in plans for t in p.targets()]
    assert any(k.measurements for t in targets for k in t.kpis) and any(t.title for t in targets)
    assert any(a.groups and a.targets for p in plans for a in p.areas)
    assert any(u.collective for p in plans for u in p.units)


def test_workbook_has_the_appendix_layout_and_prints_on_a4_landscape(tmp_path: Path) -> None:
    wb = load_workbook(export(SAMPLE_PLAN, tmp_path / "plan.xlsx"))
    assert wb.sheetnames == [sheet.name for sheet in SHEETS]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1
    for sheet in SHEETS:
        assert [c.value for c in wb[sheet.name][1]] == [col.title for col in sheet.columns]
    assert TARGET_TEXT.title.endswith(READ_ONLY)
    tasks = wb[TASKS.name]
    assert tasks.max_row - 1 == len(check(SAMPLE_PLAN).tasks())
    assert all(tasks.column_dimensions[TASKS.letter(col)].width >= 10 for col in TASKS.columns[:7])


def test_two_exports_are_byte_identical(tmp_path: Path) -> None:
    first = export(REAL_PLAN, tmp_path / "a.xlsx").read_bytes()
    second = export(REAL_PLAN, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2026, 11, 28)}


def test_import_into_the_plan_file_keeps_comments_and_bytes(tmp_path: Path) -> None:
    book = export(REAL_PLAN, tmp_path / "plan.xlsx")
    target = tmp_path / "plan.yaml"
    import_into(book, REAL_PLAN, target)
    # Nothing changed in the workbook, so nothing changes in the file, comments included.
    assert target.read_bytes() == REAL_PLAN.read_bytes()


def test_an_update_added_in_excel_lands_in_the_plan_file_keeping_comments(tmp_path: Path) -> None:
    book = export(PRISTINE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    ws = wb[UPDATES.name]
    new = {
        UPDATES.ref("task"): "II.1.3.b",
        UPDATES.field("date"): "05/10/2022",
        UPDATES.field("status"): "Đang thực hiện",
        UPDATES.field("percent"): "60%",
        UPDATES.field("note"): "Đã công khai 45/60 TTHC",
    }
    ws.append(cells(UPDATES, new))
    wb.save(book)
    target = tmp_path / "plan.yaml"
    text = import_into(book, PRISTINE_PLAN, target)
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
    updates = wb[UPDATES.name]
    for row in reversed(range(2, updates.max_row + 1)):
        if updates[address(UPDATES, UPDATES.ref("task"), row)].value == "II.2.1.c":
            updates.delete_rows(row)
    wb.save(book)
    target = tmp_path / "plan.yaml"
    new = import_into(book, SAMPLE_PLAN, target)
    assert new.splitlines() == lines[: comment - 4] + lines[comment:]
    assert not next(t for t in check(target).tasks() if t.id == "II.2.1.c").updates


def test_a_note_cleared_in_excel_leaves_the_comment_written_after_it(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        PLAN_HEAD
        + ONE_TARGET
        + """\
          - id: "I.1.a"
            title: "Việc"
            products: ["Báo cáo"]
            lead: ["van-phong"]
            deadline: {text: "Quý IV/2022", kind: "quarter", quarter: "2022-Q4"}
            note: "Ghi chú sẽ xóa"
          # Việc thứ hai
          - id: "I.1.b"
            title: "Việc khác"
            products: ["Báo cáo"]
            lead: ["van-phong"]
            deadline: {text: "Quý IV/2022", kind: "quarter", quarter: "2022-Q4"}
""",
        encoding="utf-8",
    )
    book = export(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    wb[TASKS.name][address(TASKS, TASKS.field("note"), 2)] = None
    wb.save(book)
    old = plan.read_text(encoding="utf-8").splitlines()
    new = import_into(book, plan, tmp_path / "new.yaml").splitlines()
    assert new == [line for line in old if "note:" not in line]


def test_a_bad_spreadsheet_names_sheet_row_and_column_and_writes_nothing(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    status, date, note = UPDATES.field("status"), UPDATES.field("date"), UPDATES.field("note")
    lead = TASKS.field("lead")
    updates = wb[UPDATES.name]
    updates[address(UPDATES, status, 2)] = "xong xuôi"
    updates[address(UPDATES, date, 3)] = "31/02/2022"
    updates[address(UPDATES, note, 4)] = "=1+1"
    wb[TASKS.name][address(TASKS, lead, 2)] = "Phòng không có"
    wb.save(book)
    target = tmp_path / "plan.yaml"
    shutil.copy(SAMPLE_PLAN, target)
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 1
    err = result.stderr
    where = f"trang tính '{UPDATES.name}', dòng"
    assert f"{where} 2, cột {UPDATES.letter(status)} ({status.header}):" in err and "xong xuôi" in err
    assert f"{where} 3, cột {UPDATES.letter(date)} ({date.header}): không có ngày '31/02/2022'" in err
    assert f"{where} 4, cột {UPDATES.letter(note)} ({note.header}): ô chứa công thức" in err
    assert (
        f"trang tính '{TASKS.name}', dòng 2, cột {TASKS.letter(lead)} ({lead.header}): "
        "không có đơn vị 'Phòng không có'" in err
    )
    assert "lead:" not in err  # the unknown unit is said once, not again as an empty list
    # In the order of the workbook: the task sheet first, then updates by row.
    assert err.index(f"'{TASKS.name}', dòng 2") < err.index(f"{where} 2") < err.index(f"{where} 3")
    assert "Traceback" not in err
    assert target.read_bytes() == SAMPLE_PLAN.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "plan.yaml"]


def test_a_missing_sheet_or_column_is_named(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    products = TASKS.field("products")
    del wb[UNITS.name]
    wb[TASKS.name][address(TASKS, products, 1)] = products.header + " gì"
    wb.save(book)
    result = run_generator("import", "--xlsx", str(book))
    assert result.returncode == 1
    assert f"trang tính '{UNITS.name}': không có trang tính này" in result.stderr
    assert f"trang tính '{TASKS.name}', dòng 1: thiếu cột '{products.header}'" in result.stderr
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
"""
        + ONE_TARGET
        + """\
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


def test_a_row_without_the_id_of_its_owner_is_named_at_that_cell(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    target_id = TASKS.ref("target")
    wb[TASKS.name][address(TASKS, target_id, 3)] = None
    wb.save(book)
    result = run_generator("import", "--xlsx", str(book))
    assert result.returncode == 1
    where = f"trang tính '{TASKS.name}', dòng 3, cột {TASKS.letter(target_id)} ({target_id.header})"
    assert f"{where}: ô trống; hãy ghi mã mục tiêu" in result.stderr


def test_an_edit_in_a_read_only_column_is_not_lost_silently(tmp_path: Path) -> None:
    book = export(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    wb[TASKS.name][address(TASKS, TARGET_TEXT, 2)] = "Mục tiêu đã sửa"
    wb.save(book)
    result = run_generator("import", "--xlsx", str(book))
    assert result.returncode == 1
    where = f"trang tính '{TASKS.name}', dòng 2, cột {TASKS.letter(TARGET_TEXT)} ({TARGET_TEXT.header})"
    assert f"{where}: cột '{TARGET_TEXT.header}' chỉ để xem" in result.stderr


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
    target = area.targets[0]  # replaced below among the area's own targets
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
