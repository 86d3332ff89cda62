"""Excel as Excel works: what staff type or pick in the workbook is read as they meant it.

Cells are written here as Excel and LibreOffice store what staff type: a percent cell holds
0.75 for 75 % (format 0%), a date cell a datetime, a text cell the text. The workbook also
goes through LibreOffice itself (`soffice --convert-to xlsx`, as a staff member opening and
saving it) and comes back the same plan.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.errors import SheetError
from generator.office.importer import read_plan
from generator.office.sheets import SHEETS, TASKS, TYPING, UPDATES, Col, Kind, Sheet
from generator.plan.check import check
from generator.plan.labels import STATUS_LABELS
from generator.plan.model import Plan, Status

from .conftest import ONE_TASK, PLAN_HEAD, REAL_PLAN, SAMPLE_PLAN, run_generator

SOFFICE = os.environ.get("SOFFICE", "soffice")
# A small plan: I.1.a is due 15/11/2022, I.1.b is ongoing; as_of is 31/12/2022.
PLAN = (
    PLAN_HEAD
    + ONE_TASK
    + """\
          - id: "I.1.b"
            title: "Nhiệm vụ thường xuyên"
            products: ["Báo cáo"]
            lead: ["van-phong"]
            deadline: {text: "Thường xuyên", kind: "ongoing"}
"""
)
TASK = UPDATES.ref("task")
DATE, STATUS, PERCENT, NOTE = (UPDATES.field(name) for name in ("date", "status", "percent", "note"))
TITLE_1, LINK_1 = UPDATES.link("evidence", 1, Kind.LINK_TITLE), UPDATES.link("evidence", 1)


def exported(plan: Path, book: Path) -> Path:
    result = run_generator("export", "--xlsx", str(book), "--plan", str(plan))
    assert result.returncode == 0, result.stderr
    return book


def small_book(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    return exported(plan, tmp_path / "plan.xlsx")


def typed(ws: Worksheet, sheet: Sheet, row: int, values: dict[Col, object]) -> None:
    """Cells of `row` as Excel stores what was typed: a float in a percent cell keeps its 0%."""
    for col, value in values.items():
        cell = ws[f"{sheet.letter(col)}{row}"]
        cell.value = value
        if col.kind is Kind.PERCENT and isinstance(value, float):
            cell.number_format = "0%"
        elif isinstance(value, dt.datetime):
            cell.number_format = "DD/MM/YYYY"


def with_updates(book: Path, rows: list[dict[Col, object]]) -> Path:
    """`book` with `rows` typed in the update sheet from its second row (a task, a day, a status
    unless given)."""
    wb = load_workbook(book)
    ws = wb[UPDATES.name]
    for number, values in enumerate(rows, start=2):
        base: dict[Col, object] = {TASK: "I.1.a", DATE: dt.datetime(2022, 10, 5), STATUS: "Đang thực hiện"}
        typed(ws, UPDATES, number, base | values)
    wb.save(book)
    return book


def problems(book: Path) -> list[str]:
    with pytest.raises(SheetError) as caught:
        read_plan(book)
    return caught.value.messages


def at(row: int, col: Col) -> str:
    """How a message names the update sheet's cell of `col` in `row`."""
    return f"trang tính '{UPDATES.name}', dòng {row}, cột {UPDATES.letter(col)} ({col.header}): "


def message_at(messages: list[str], row: int, col: Col) -> str:
    found = [m for m in messages if at(row, col) in m]
    assert len(found) == 1, messages
    return found[0].split(at(row, col), 1)[1]


def no_plan_file_words(messages: list[str]) -> None:
    """Nothing of the YAML file's syntax: no format codes, no status codes, no field names."""
    text = "\n".join(messages)
    for word in ("YYYY", "Hãy viết", "in_progress", "'done'", "percent", "status:", "date:", "evidence"):
        assert word not in text, (word, text)


def updates(plan: Plan, task: str = "I.1.a") -> list[tuple[dt.date, Status, int | None]]:
    found = next(t for t in plan.tasks() if t.id == task)
    return [(u.date, u.status, u.percent) for u in found.updates]


# --- percent ----------------------------------------------------------------------------------


def test_percent_cells_are_written_as_excel_percent_cells(tmp_path: Path) -> None:
    book = exported(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    ws = load_workbook(book)[UPDATES.name]
    letter = UPDATES.letter(PERCENT)
    written = [ws[f"{letter}{r}"] for r in range(2, ws.max_row + 1) if ws[f"{letter}{r}"].value is not None]
    plan_percents = [
        u.percent for t in check(SAMPLE_PLAN).tasks() for u in t.updates if u.percent is not None
    ]
    assert [c.value for c in written] == [p / 100 for p in plan_percents]
    assert {c.number_format for c in written} == {"0%"}
    # The empty rows below too: a 75 typed there in Excel becomes 75 %.
    assert ws.column_dimensions[letter].number_format == "0%"
    assert ws.column_dimensions[UPDATES.letter(DATE)].number_format == "DD/MM/YYYY"


def test_a_percent_is_read_as_excel_stores_it(tmp_path: Path) -> None:
    book = with_updates(
        small_book(tmp_path),
        [
            {PERCENT: 0.75},  # 75 % typed in a percent cell
            {PERCENT: 0.29},  # 29 %: 0.29 * 100 is 28.999999999999996
            {PERCENT: 80},  # a plain 80 in a cell that is not a percent cell
            {PERCENT: 70.0},  # 70 in a percent cell that shows 7000%
            {PERCENT: "85%"},  # text, as typed in a text cell
            {PERCENT: "90"},
            {PERCENT: 1.0, STATUS: "Đã hoàn thành"},  # 100 %
        ],
    )
    percents = [p for _, _, p in updates(read_plan(book))]
    assert percents == [75, 29, 80, 70, 85, 90, 100]


def test_a_percent_with_decimals_gets_one_answer_whatever_the_separator(tmp_path: Path) -> None:
    book = with_updates(
        small_book(tmp_path),
        [{PERCENT: "75,5"}, {PERCENT: "75.5"}, {PERCENT: 0.755}, {PERCENT: "75,5%"}, {PERCENT: 150}],
    )
    messages = problems(book)
    decimals = {message_at(messages, row, PERCENT) for row in (2, 3, 4, 5)}
    assert decimals == {
        "phần trăm 75,5% có phần lẻ, mà kế hoạch ghi phần trăm nguyên: hãy gõ 75% hoặc 76% "
        "[cannot read the cell]"
    }
    assert message_at(messages, 6, PERCENT).startswith("phần trăm 150% không nằm trong khoảng 0% đến 100%")
    assert TYPING[Kind.PERCENT] in message_at(messages, 6, PERCENT)
    no_plan_file_words(messages)


# --- dates ------------------------------------------------------------------------------------


def test_a_date_is_read_from_a_date_cell_or_as_typed_in_a_text_cell(tmp_path: Path) -> None:
    days = [
        dt.datetime(2022, 10, 5),
        "05/10/2022",
        "5/10/2022",
        "5-10-2022",
        "05.10.2022",
        "2022-10-05",
        44839,
    ]
    book = with_updates(small_book(tmp_path), [{DATE: day} for day in days])
    assert {day for day, _, _ in updates(read_plan(book))} == {dt.date(2022, 10, 5)}


def test_a_date_that_cannot_be_read_says_what_to_type_in_the_cell(tmp_path: Path) -> None:
    book = with_updates(small_book(tmp_path), [{DATE: "31/02/2022"}, {DATE: "hôm qua"}, {DATE: 2022}])
    messages = problems(book)
    assert message_at(messages, 2, DATE) == (
        f"không có ngày '31/02/2022'; {TYPING[Kind.DATE]} [cannot read the cell]"
    )
    assert message_at(messages, 3, DATE).startswith("không đọc được 'hôm qua'; gõ ngày dạng 31/12/2022")
    assert message_at(messages, 4, DATE).startswith("không đọc được 2022; gõ ngày dạng 31/12/2022")
    assert "hoặc chọn ô kiểu Ngày" in TYPING[Kind.DATE]
    no_plan_file_words(messages)


def test_an_empty_required_cell_is_named_at_its_own_column(tmp_path: Path) -> None:
    book = with_updates(small_book(tmp_path), [{DATE: None}])
    messages = problems(book)
    assert message_at(messages, 2, DATE) == f"ô trống; {TYPING[Kind.DATE]} [empty cell]"
    no_plan_file_words(messages)


# --- status, ids ------------------------------------------------------------------------------


def test_the_status_drop_down_labels_are_accepted_however_typed(tmp_path: Path) -> None:
    labels = list(STATUS_LABELS.values())
    typed_labels = [
        *labels,
        *(label.upper() for label in labels),
        *(unicodedata.normalize("NFD", label) for label in labels),  # as macOS may store it
        "Đã huỷ bỏ",  # the tone mark placed the other way
        " đang  thực hiện ",
    ]
    plan = tmp_path / "plan.yaml"
    # A task that is neither ongoing nor late may take every status.
    plan.write_text(PLAN.replace("2022-11-15", "2023-11-15"), encoding="utf-8")
    book = with_updates(
        exported(plan, tmp_path / "plan.xlsx"),
        [
            {STATUS: label, DATE: dt.datetime(2022, 1, 1) + dt.timedelta(days=n)}
            for n, label in enumerate(typed_labels)
        ],
    )
    statuses = [status for _, status, _ in updates(read_plan(book))]
    expected = [*STATUS_LABELS, *STATUS_LABELS, *STATUS_LABELS, Status.CANCELLED, Status.IN_PROGRESS]
    assert statuses == expected


def test_a_status_not_in_the_list_gets_the_nearest_label_and_the_list(tmp_path: Path) -> None:
    book = with_updates(small_book(tmp_path), [{STATUS: "Hoàn thành"}])
    message = message_at(problems(book), 2, STATUS)
    assert message.startswith("'Hoàn thành' không có trong danh sách; Có phải 'Đã hoàn thành'?")
    assert "chọn trong danh sách thả xuống của ô: " + ", ".join(STATUS_LABELS.values()) in message
    no_plan_file_words([message])


def test_the_plan_rules_are_said_in_the_sheet_words(tmp_path: Path) -> None:
    period = UPDATES.field("period")
    book = with_updates(
        small_book(tmp_path),
        [
            {TASK: "I.1.b", STATUS: "Đã hoàn thành"},  # an ongoing task is never done
            {period: "2022-Q4", DATE: dt.datetime(2022, 10, 6)},  # a period for a task that is not ongoing
            {STATUS: "Đã hoàn thành", PERCENT: 0.5, DATE: dt.datetime(2022, 10, 7)},
            {DATE: dt.datetime(2023, 1, 5)},  # after the plan's as-of date
        ],
    )
    messages = problems(book)
    ongoing = message_at(messages, 2, STATUS)
    assert "'Đã hoàn thành'" in ongoing and "'Đang thực hiện'" in ongoing
    assert message_at(messages, 3, period).startswith(
        "'Kỳ báo cáo' chỉ dùng cho nhiệm vụ thường xuyên ('Loại thời hạn' là 'thường xuyên')"
    )
    assert (
        message_at(messages, 4, PERCENT)
        == "nhiệm vụ đã hoàn thành thì 'Phần trăm' phải là 100 (hoặc bỏ trống)"
    )
    assert "sau ngày chốt số liệu ở trang tính 'Kế hoạch' (31/12/2022)" in message_at(messages, 5, DATE)
    no_plan_file_words(messages)
    assert "kind:" not in "\n".join(messages) and "as_of" not in "\n".join(messages)


def test_the_updates_of_a_task_left_out_point_to_its_row(tmp_path: Path) -> None:
    book = with_updates(small_book(tmp_path), [{}])
    wb = load_workbook(book)
    wb[TASKS.name][f"{TASKS.letter(TASKS.ref('target'))}2"] = "I.9"  # no such target: task I.1.a is left out
    wb.save(book)
    messages = problems(book)
    assert message_at(messages, 2, TASK) == (
        f"nhiệm vụ 'I.1.a' chưa đọc được: hãy sửa lỗi ở trang tính '{TASKS.name}', dòng 2 trước "
        "[its task has an error]"
    )
    assert any(
        f"'{TASKS.name}', dòng 2" in m
        and "không có mục tiêu 'I.9' ở trang tính 'Mục tiêu'; có phải 'I.1'?" in m
        for m in messages
    )


def test_an_unknown_task_id_gets_the_nearest_ids(tmp_path: Path) -> None:
    book = with_updates(exported(SAMPLE_PLAN, tmp_path / "plan.xlsx"), [{TASK: "II.1.2.x"}])
    rows = load_workbook(book)[UPDATES.name].max_row
    message = message_at(problems(book), 2, TASK)
    assert message.startswith(f"không có nhiệm vụ 'II.1.2.x' ở trang tính '{TASKS.name}'; có phải 'II.1.2.")
    assert "'II.1.2.a'" in message and "'II.1.2.b'" in message
    assert rows > 2  # the sample's own updates were kept below


def test_the_update_sheet_may_be_sorted_by_any_column(tmp_path: Path) -> None:
    book = exported(SAMPLE_PLAN, tmp_path / "plan.xlsx")
    wb = load_workbook(book)
    ws = wb[UPDATES.name]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    formats = [[c.number_format for c in row] for row in ws.iter_rows(min_row=2)]
    order = sorted(range(len(rows)), key=lambda n: (str(rows[n][UPDATES.columns.index(STATUS)]), -n))
    for r, n in enumerate(order, start=2):  # sorted by status, newest first within a status
        for c, value in enumerate(rows[n], start=1):
            cell = ws.cell(row=r, column=c)
            cell.value, cell.number_format = value, formats[n][c - 1]
    wb.save(book)
    assert order != sorted(order)
    assert read_plan(book) == check(SAMPLE_PLAN)


# --- evidence ---------------------------------------------------------------------------------


def test_evidence_title_and_link_have_their_own_columns_and_more_can_be_added(tmp_path: Path) -> None:
    book = small_book(tmp_path)
    wb = load_workbook(book)
    ws = wb[UPDATES.name]
    headers = [c.value for c in ws[1]]
    assert headers[-4:] == [
        "Tên minh chứng 1",
        "Liên kết minh chứng 1",
        "Tên minh chứng 2",
        "Liên kết minh chứng 2",
    ]
    # A third piece of evidence: staff add its two columns after the others.
    ws.cell(row=1, column=len(headers) + 1, value="Tên minh chứng 3")
    ws.cell(row=1, column=len(headers) + 2, value="Liên kết minh chứng 3")
    row = [None] * (len(headers) + 2)
    row[: len(UPDATES.columns)] = [
        {TASK: "I.1.a", DATE: dt.datetime(2022, 10, 5), STATUS: "Đang thực hiện"}.get(c)
        for c in UPDATES.columns
    ]
    row[UPDATES.columns.index(TITLE_1)] = "Báo cáo số 1"
    row[UPDATES.columns.index(LINK_1)] = "https://example.gov.vn/1"
    row[-2:] = ["Báo cáo số 3", " https://example.gov.vn/3 "]
    ws.append(row)
    wb.save(book)
    plan = read_plan(book)
    evidence = next(t for t in plan.tasks() if t.id == "I.1.a").updates[0].evidence
    assert [(e.title, e.url) for e in evidence] == [
        ("Báo cáo số 1", "https://example.gov.vn/1"),
        ("Báo cáo số 3", "https://example.gov.vn/3"),
    ]
    # Written back, the third goes in pair 2: export gives each record's links in order.
    again = tmp_path / "again.xlsx"
    again.write_bytes(_xlsx(plan))
    assert read_plan(again) == plan


def test_a_plan_with_more_links_than_declared_gets_more_column_pairs(tmp_path: Path) -> None:
    text = PLAN + (
        "            updates:\n"
        '              - {date: 2022-10-05, status: "in_progress", evidence: ['
        + ", ".join(f'{{title: "Văn bản {n}", url: "https://example.gov.vn/{n}"}}' for n in range(1, 5))
        + "]}\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    book = exported(plan, tmp_path / "plan.xlsx")
    headers = [c.value for c in load_workbook(book)[UPDATES.name][1]]
    assert headers[-2:] == ["Tên minh chứng 4", "Liên kết minh chứng 4"]
    assert read_plan(book) == check(plan)


def test_a_piece_of_evidence_with_a_title_but_no_link_is_named_at_the_empty_cell(tmp_path: Path) -> None:
    book = with_updates(small_book(tmp_path), [{TITLE_1: "Báo cáo số 1"}])
    message = message_at(problems(book), 2, LINK_1)
    assert message.startswith("ô trống; mỗi minh chứng cần cả tên và liên kết: gõ địa chỉ web đầy đủ")
    assert f"hoặc xóa ô '{TITLE_1.header}'" in message


# --- notes on the headers ---------------------------------------------------------------------


def test_every_header_has_a_note_saying_what_goes_there_and_what_to_type(tmp_path: Path) -> None:
    for sheet in SHEETS:
        for col in sheet.columns:
            assert col.help, f"{sheet.name}: cột '{col.header}' chưa có lời dặn (help)"
    wb = load_workbook(exported(SAMPLE_PLAN, tmp_path / "plan.xlsx"))
    for sheet in SHEETS:
        ws = wb[sheet.name]
        for col in sheet.columns:
            note = ws[f"{sheet.letter(col)}1"].comment
            assert note is not None and note.text == col.note
            assert note.text.startswith(col.help) and TYPING[col.kind][1:] in note.text
    status_note = wb[UPDATES.name][f"{UPDATES.letter(STATUS)}1"].comment.text
    assert ", ".join(STATUS_LABELS.values()) in status_note


# --- LibreOffice ------------------------------------------------------------------------------


def _xlsx(plan: Plan) -> bytes:
    from generator.derive.views import derive
    from generator.office.export import xlsx

    return xlsx(derive(plan, plan.plan.as_of))


def resaved(book: Path, work: Path) -> Path:
    """`book` opened and saved again by LibreOffice Calc, as a staff member would."""
    binary = shutil.which(SOFFICE)
    assert binary, f"LibreOffice ({SOFFICE}) not found: run `make libreoffice` (as root) or set SOFFICE"
    out = work / "libreoffice"
    out.mkdir()
    profile = (work / "profile").as_uri()  # its own profile: runs at the same time do not collide
    result = subprocess.run(
        [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(book),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    saved = out / book.name
    assert saved.exists(), result.stdout + result.stderr
    assert saved.read_bytes() != book.read_bytes()
    return saved


@pytest.mark.parametrize("plan_path", [REAL_PLAN, SAMPLE_PLAN], ids=["real", "sample"])
def test_a_workbook_saved_again_by_libreoffice_imports_back_unchanged(
    plan_path: Path, tmp_path: Path
) -> None:
    book = resaved(exported(plan_path, tmp_path / "plan.xlsx"), tmp_path)
    assert read_plan(book) == check(plan_path)
    # What staff see survived too: the notes, the percent format, the drop-down lists.
    ws = load_workbook(book)[UPDATES.name]
    assert ws[f"{UPDATES.letter(STATUS)}1"].comment.text == STATUS.note
    assert ws.column_dimensions[UPDATES.letter(PERCENT)].number_format == "0%"
    assert ws.data_validations.dataValidation


def test_an_update_typed_in_libreoffice_style_cells_lands_in_the_plan_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    book = with_updates(
        resaved(exported(plan, tmp_path / "plan.xlsx"), tmp_path),
        [
            {
                PERCENT: 0.6,
                NOTE: "Đã trình dự thảo",
                TITLE_1: "Tờ trình số 1",
                LINK_1: "https://example.gov.vn/1",
            }
        ],
    )
    result = run_generator("import", "--xlsx", str(book), "--out", str(plan))
    assert result.returncode == 0, result.stderr
    task = next(t for t in check(plan).tasks() if t.id == "I.1.a")
    assert [(u.date, u.status, u.percent, u.note) for u in task.updates] == [
        (dt.date(2022, 10, 5), Status.IN_PROGRESS, 60, "Đã trình dự thảo")
    ]
    assert task.updates[0].evidence[0].title == "Tờ trình số 1"
    assert "percent: 60" in plan.read_text(encoding="utf-8")


def test_the_guide_names_the_columns_as_the_workbook_does() -> None:
    guide = (Path(__file__).parent.parent / "generator" / "pages" / "templates" / "guide.md.j2").read_text(
        "utf-8"
    )
    section = guide.split("## Báo cáo bằng Excel", 1)[1].split("\n## ", 1)[0]
    assert f"**{UPDATES.name}**" in section
    for col in (TASK, DATE, STATUS, PERCENT, NOTE, TITLE_1, LINK_1, UPDATES.link("evidence", 2)):
        assert f"*{col.header}*" in section, col.header
