"""Ids are exact: a code (id, link, month) is matched whole and holds no character nobody sees.

An attack found that "van-phong\\n" passed `check` (`re.match` with `$` takes a final line
break) and became the page `docs/don-vi/van-phong⏎.md`, on which MkDocs stopped. Every code
of the model is tried here with a final line break, every kind of invisible character
(control, zero-width, bidi, BOM, odd spaces), written in the file and as an escape, through
both YAML parsers, the Excel importer and the command line. Each is refused with the
character named in words and its place; in text it is a located warning instead.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from generator.cli import main
from generator.errors import PlanError, Problem, SheetError
from generator.office.importer import read_plan
from generator.office.sheets import TASKS, UNITS
from generator.plan import chars
from generator.plan.load import events, load_text
from generator.plan.validate import validate

from .conftest import PLAN_HEAD, SAMPLE_PLAN, run_generator

# Every code of the model, each in a line of a small plan: (marker written in PLAN, the code).
PLAN = (
    PLAN_HEAD.replace('  source: "Phụ lục thử"\n', '  source: "Phụ lục thử"\n  agency: "so-thu"\n')
    + """\
areas:
  - id: "I"
    title: "Cải cách thể chế"
    groups:
      - id: "I.1"
        title: "Nhóm thử"
        targets:
          - id: "I.1.1"
            text: "Mục tiêu thử"
            kpis:
              - id: "hs-dung-han"
                metric: "Tỷ lệ hồ sơ đúng hạn"
                comparison: at_least
                value: 96
                unit: "%"
                measurements:
                  - {date: 2022-09-30, value: 97, source: "Báo cáo", url: "https://example.gov.vn/so-lieu"}
            tasks:
              - id: "I.1.1.a"
                title: "Nhiệm vụ thử"
                products: ["Quyết định"]
                lead: ["van-phong"]
                deadline: {text: "Tháng 11/2022", kind: "month", month: "2022-11"}
              - id: "I.1.1.b"
                title: "Nhiệm vụ thường xuyên"
                products: ["Báo cáo"]
                lead: ["van-phong"]
                deadline: {text: "Thường xuyên", kind: "ongoing"}
                updates:
                  - {date: 2022-10-01, status: in_progress, period: "2022-Q3"}
              - id: "I.1.1.c"
                title: "Nhiệm vụ theo quý"
                products: ["Báo cáo"]
                lead: ["van-phong"]
                deadline: {text: "Quý IV/2022", kind: "quarter", quarter: "2022-Q4"}
                updates:
                  - date: 2022-10-01
                    status: in_progress
                    note: "Ghi chú"
                    evidence:
                      - {title: "Báo cáo", url: "https://example.gov.vn/bao-cao"}
"""
)
CODES = {
    "task id": '"I.1.1.a"',
    "target id": '"I.1.1"',
    "group id": '"I.1"',
    "area id": '"I"',
    "unit id": '{id: "van-phong"',
    "unit in lead": '["van-phong"]',
    "agency": '"so-thu"',
    "kpi id": '"hs-dung-han"',
    "month": '"2022-11"',
    "quarter": '"2022-Q4"',
    "period": '"2022-Q3"',
    "evidence url": '"https://example.gov.vn/bao-cao"',
    "measurement url": '"https://example.gov.vn/so-lieu"',
}
# What staff meet, and what an attacker would try: named in chars.NAMES or by their kind.
HIDDEN = [
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",  # soft hyphen
    "\u00a0",  # no-break space
    "\u202f",
    "\u3000",
    "\u200e",  # bidi marks, embeddings, overrides, isolates
    "\u200f",
    "\u061c",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u2028",
    "\u2029",
    "\U000e0041",  # a tag character: named by its kind
]


def with_code(which: str, before: str = "", after: str = "") -> str:
    """PLAN with the code `which` given `before` and `after` inside its quotes (only there)."""
    marker = CODES[which]
    assert PLAN.count(marker) >= 1, marker
    quoted = marker[marker.index('"') : marker.rindex('"') + 1]
    changed = marker.replace(quoted, f'"{before}{quoted[1:-1]}{after}"')
    return PLAN.replace(marker, changed, 1)


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(PlanError) as caught:
        validate(load_text(text, "plan.yaml"))
    return caught.value.problems


def test_the_test_plan_is_valid_and_uses_every_kind_of_code() -> None:
    located = load_text(PLAN, "plan.yaml")
    plan = validate(located)
    assert plan.plan.agency == "so-thu" and located.notices == []
    assert plan.areas[0].groups[0].targets[0].kpis[0].measurements[0].url


@pytest.mark.parametrize("which", list(CODES))
def test_a_code_ending_in_a_line_break_is_refused_and_the_break_named(which: str) -> None:
    # "\n" written as an escape: what `re.match(...$)` let through.
    found = problems_of(with_code(which, after="\\n"))
    named = [p for p in found if '"xuống dòng" (U+000A)' in p.message]
    assert named, found
    assert "<U+000A>" in named[0].message and "\n" not in str(named[0])


@pytest.mark.parametrize("which", list(CODES))
@pytest.mark.parametrize("ch", ["\u200b", "\u202e", "\u00a0"], ids=["zwsp", "rlo", "nbsp"])
def test_a_code_holding_a_hidden_character_is_refused_at_the_character(which: str, ch: str) -> None:
    text = with_code(which, after=ch)
    line_number, line = next((n, line) for n, line in enumerate(text.split("\n"), 1) if ch in line)
    col = line.index(ch) + 1
    problem = next(p for p in problems_of(text) if chars.code(ch) in p.message)
    # At the character itself, with its column in words too.
    assert (problem.line, problem.col) == (line_number, col), problem
    assert f"{chars.name(ch)} ở cột {col}" in problem.message
    assert problem.message.endswith("[invisible character in a code]") or "Ngoài ra" in problem.message


@pytest.mark.parametrize("ch", HIDDEN, ids=[chars.code(ch) for ch in HIDDEN])
def test_every_kind_of_hidden_character_in_a_unit_id_is_named_in_words(ch: str) -> None:
    [problem] = [p for p in problems_of(with_code("unit id", before="van", after=ch)) if "U+" in p.message]
    assert chars.name(ch) in problem.message
    word = chars.NAMES.get(ch) or {"Cf": "ký tự định dạng vô hình"}[unicodedata.category(ch)]
    assert word in problem.message
    assert f"<{chars.code(ch)}>" in problem.message  # shown where it is in the id
    assert ch not in str(problem)  # the character itself never reaches the output


def test_a_hidden_character_written_as_an_escape_is_named_by_its_place_in_the_code() -> None:
    [problem] = problems_of(with_code("task id", after="\\u200b"))
    assert '"khoảng trắng độ rộng 0" (U+200B zero width space) ở ký tự thứ 8' in problem.message
    assert "hãy xóa ký tự này, viết 'I.1.1.a'" in problem.message


def test_several_hidden_characters_are_each_named_with_their_column() -> None:
    text = with_code("unit id", before="\u200e", after="\u200b\u200b")
    [problem] = [p for p in problems_of(text) if "U+" in p.message]
    line = next(line for line in text.split("\n") if "\u200e" in line)
    first, zwsp = line.index("\u200e") + 1, line.index("\u200b") + 1
    assert problem.col == first
    assert f"(U+200E left-to-right mark) ở cột {first}" in problem.message
    assert f"(U+200B zero width space) ở cột {zwsp}, ở cột {zwsp + 1}" in problem.message


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_both_yaml_parsers_place_the_character_in_the_same_column(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if parser == "python":
        monkeypatch.setattr(events, "FAST_LOADER", yaml.SafeLoader)
    elif events.FAST_LOADER is yaml.SafeLoader:
        pytest.skip("PyYAML built without libyaml")
    # Vietnamese letters before it on the line: columns count characters, not bytes.
    text = with_code("task id").replace('title: "Nhiệm vụ thử"', 'title: "Nhiệm vụ\u200b thử"')
    text = text.replace('"I.1.1.a"', '"I.1.1.a\u200b"')
    located = load_text(text, "plan.yaml")
    with pytest.raises(PlanError) as caught:
        validate(located)
    [problem] = caught.value.problems
    lines = text.split("\n")
    assert (problem.line, problem.col) == next(
        (n, line.index("\u200b") + 1) for n, line in enumerate(lines, 1) if "I.1.1.a\u200b" in line
    )
    [notice] = located.notices
    assert (notice.line, notice.col) == next(
        (n, line.index("\u200b") + 1) for n, line in enumerate(lines, 1) if "Nhiệm vụ\u200b" in line
    )


def test_a_hidden_character_in_a_key_is_named() -> None:
    text = PLAN.replace("    groups:", "    gro\u200bups:")
    problem = next(p for p in problems_of(text) if "khóa" in p.message)
    assert "khóa 'gro<U+200B>ups' không có trong mẫu kế hoạch" in problem.message
    assert '"khoảng trắng độ rộng 0" (U+200B zero width space) ở ký tự thứ 4: hãy xóa' in problem.message
    assert "Có phải ý bạn là 'groups'?" in problem.message
    assert "gro<U+200B>ups" in problem.label and "\u200b" not in str(problem)


def test_a_value_with_a_hidden_character_is_named_in_any_message_quoting_it() -> None:
    text = PLAN.replace("status: in_progress\n", 'status: "in_progress\u200b"\n')
    [problem] = problems_of(text)
    assert "giá trị 'in_progress<U+200B>' không hợp lệ" in problem.message
    assert "Hãy viết 'in_progress'" in problem.message
    assert '(giá trị có ký tự vô hình "khoảng trắng độ rộng 0" (U+200B' in problem.message


def test_ids_with_a_hidden_character_name_their_item_visibly() -> None:
    [problem] = [p for p in problems_of(with_code("task id", after="\u202e")) if "U+202E" in p.message]
    assert problem.label.startswith("Nhiệm vụ I.1.1.a<U+202E>, trường id")
    assert problem.field.endswith("tasks[I.1.1.a<U+202E>].id")


def test_a_unit_id_ending_in_a_line_break_writes_no_page(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.replace('{id: "van-phong"', '{id: "van-phong\\n"'), encoding="utf-8")
    out = tmp_path / "docs"
    result = run_generator("build", "--plan", str(plan), "--out", str(out))
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"xuống dòng" (U+000A)' in result.stderr
    assert not out.exists()


# --- text: reported, not refused -----------------------------------------------------------


def test_hidden_format_characters_in_text_are_a_located_warning_not_an_error() -> None:
    text = PLAN.replace('title: "Nhiệm vụ thử"', 'title: "Nhiệm\u00ad vụ \u202ethử\u202c"')
    text = text.replace('note: "Ghi chú"', 'note: "Ghi\u200b chú"')
    located = load_text(text, "plan.yaml")
    validate(located)  # the page can be built: text is always escaped
    title, note = located.notices
    line = next(line for line in text.split("\n") if "Nhiệm\u00ad" in line)
    assert (title.col, title.label) == (line.index("\u00ad") + 1, "Nhiệm vụ I.1.1.a, trường title")
    assert title.message.startswith("cảnh báo: có ký tự vô hình ")
    assert f'"dấu gạch nối mềm" (U+00AD soft hyphen) ở cột {line.index(chr(0xAD)) + 1}' in title.message
    assert "(chữ hiện ngược)" in title.message and "(U+202C pop directional formatting)" in title.message
    assert title.message.endswith("[warning: invisible character in text]")
    assert note.label == "Nhiệm vụ I.1.1.c, cập nhật thứ 1, trường note" and "U+200B" in note.message


def test_spaces_tabs_and_line_breaks_in_text_are_not_warned_about() -> None:
    # Word's no-break space is a space: the model's text becomes a plain one. A note keeps
    # its Tabs and line breaks (layout, not hidden).
    text = PLAN.replace('title: "Nhiệm vụ thử"', 'title: "Nhiệm\u00a0vụ thử"')
    text = text.replace('note: "Ghi chú"', 'note: "Ghi\\tchú\\ndòng\u00a0hai"')
    located = load_text(text, "plan.yaml")
    plan = validate(located)
    assert located.notices == []
    assert plan.tasks()[0].title == "Nhiệm vụ thử"


def test_control_characters_in_text_stay_refused_with_their_place() -> None:
    [problem] = problems_of(PLAN.replace('note: "Ghi chú"', 'note: "Ghi\\x1b[31m chú"'))
    assert problem.message.startswith("ký tự điều khiển #x001b không được phép (ở ký tự thứ 4)")


def test_check_prints_warnings_and_github_annotations_and_still_passes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = PLAN.replace('title: "Nhiệm vụ thử"', 'title: "Nhiệm vụ\u200b thử"')
    plan.write_text(text, encoding="utf-8")
    line, col = next(
        (n, line.index("\u200b") + 1) for n, line in enumerate(text.split("\n"), 1) if "\u200b" in line
    )
    result = run_generator("check", "--plan", str(plan), env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0, result.stderr
    assert "hợp lệ (3 nhiệm vụ)" in result.stdout
    warning, annotation, summary = result.stderr.strip().split("\n")
    assert warning.startswith(
        f"{plan}:{line}:{col}: Nhiệm vụ I.1.1.a, trường title: cảnh báo: có ký tự vô hình"
    )
    assert annotation.startswith(f"::warning file={plan},line={line},col={col}::")
    assert summary == "1 cảnh báo, xem các dòng trên [1 warning(s)]"
    assert "\u200b" not in result.stderr


# --- the workbook and the command line ------------------------------------------------------


def test_a_unit_id_typed_with_a_line_break_in_excel_is_refused_and_named(tmp_path: Path) -> None:
    export = run_generator("export", "--xlsx", str(tmp_path / "plan.xlsx"), "--plan", str(SAMPLE_PLAN))
    assert export.returncode == 0, export.stderr
    book = tmp_path / "plan.xlsx"
    wb = load_workbook(book)
    units = wb[UNITS.name]
    unit_id = f"{UNITS.letter(UNITS.field('id'))}2"
    units[unit_id] = f"{units[unit_id].value}\n"  # Alt+Enter at the end of the cell
    tasks = wb[TASKS.name]
    target_id = f"{TASKS.letter(TASKS.ref('target'))}2"
    tasks[target_id] = f"{tasks[target_id].value}\u200b"  # a target id pasted from a web page
    wb.save(book)
    with pytest.raises(SheetError) as caught:
        read_plan(book)
    messages = caught.value.messages
    unit = next(m for m in messages if f"'{UNITS.name}', dòng 2, cột {unit_id[:-1]}" in m)
    assert '"xuống dòng" (U+000A) ở ký tự thứ' in unit and "<U+000A>" in unit
    target = next(m for m in messages if f"'{TASKS.name}', dòng 2" in m)
    assert "không có mục tiêu '" in target and "<U+200B>' (có ký tự vô hình" in target


def test_the_command_line_dates_and_years_are_whole_ascii(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for bad in ["2022-12-31\n", "２０２２-12-31", "2022-12-31 "]:
        with pytest.raises(SystemExit):
            main(["build", "--as-of", bad])
        assert "ngày không hợp lệ" in capsys.readouterr().err
    for bad in ["2023\n", "２０２３", "2_023", " 2023"]:
        with pytest.raises(SystemExit):
            main(["new-year", "--year", bad, "--out", str(tmp_path / "new.yaml")])
        err = capsys.readouterr().err
        assert "năm không hợp lệ" in err and "\n'" not in err
    assert not (tmp_path / "new.yaml").exists()


# --- the naming itself ---------------------------------------------------------------------


def test_hidden_is_what_python_does_not_print_and_nothing_else() -> None:
    sample = "a Đ\t\n\u00a0\u200b\u202e\ufeff\u00ad\x85\u2028\ue000\U000e0041“”é"
    assert [ch for _, ch in chars.hidden(sample)] == [ch for ch in sample if not ch.isprintable()]
    assert chars.hidden("Nhiệm vụ “trích dẫn”") == []


def test_every_named_character_has_a_name_in_words_and_a_code() -> None:
    for ch, words in chars.NAMES.items():
        assert chars.name(ch).startswith(f'"{words}" ({chars.code(ch)}')
    assert chars.name("\u2062") == "ký tự định dạng vô hình (U+2062 invisible times)"
    assert chars.name("\x1b") == "ký tự điều khiển (U+001B)"


def test_a_long_run_of_hidden_characters_is_described_briefly() -> None:
    text = "Đ\u200b" * 5000 + "\u200e\u200f\ufeff\u2060"
    found = [(ch, f"ở ký tự thứ {i + 1}") for i, ch in chars.hidden(text)]
    described = chars.described(found)
    assert "ở ký tự thứ 2, ở ký tự thứ 4, ở ký tự thứ 6 và 4997 chỗ khác" in described
    assert described.endswith("và 2 loại ký tự vô hình khác") and len(described) < 400
