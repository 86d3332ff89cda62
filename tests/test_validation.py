"""`python -m generator check` on broken plans: every mistake, with its line, in Vietnamese.

Each file in tests/fixtures/broken/ is a small valid plan with exactly one mistake. Its
first line says what `check` must print:

    # expect: LINE:COL PLACE: MESSAGE-START    (a mistake in one field, its place in words)
    # expect: LINE:COL MESSAGE-START           (a mistake in the YAML itself)

and the line LINE of the file carries the comment `# <- lỗi`, so a fixture whose
expectation drifts away from its mistake fails too.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.errors import PlanError, Problem
from generator.plan.load import load_file, load_text
from generator.plan.validate import validate

from .conftest import BROKEN, ONE_TASK, PLAN_HEAD, PRISTINE_PLAN, REAL_PLAN, ROOT, SAMPLE_PLAN, run_generator

FIXTURES = sorted(BROKEN.glob("*.yaml"))
NO_CI = {"GITHUB_ACTIONS": "false"}  # the plain output, even when the suite runs under Actions

# The shape every fixture starts from; tests below write variants of it.
MINIMAL_PLAN = (
    PLAN_HEAD
    + ONE_TASK
    + """\
            updates:
              - date: 2022-10-01
                status: "in_progress"
                evidence:
                  - {title: "Báo cáo", url: "https://example.gov.vn/bao-cao"}
"""
)


def expectation(path: Path) -> tuple[int, int, str]:
    """(line, col, start of the printed problem) from the fixture's `# expect:` line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (\d+):(\d+) (.+)", first)
    assert match, f"{path.name}: first line must be '# expect: LINE:COL ...', got {first!r}"
    return int(match[1]), int(match[2]), match[3]


def problem_lines(output: str, shown: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"{shown}:")]


def check(path: Path | str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = run_generator("check", "--plan", str(path), env={**NO_CI, **(env or {})})
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result.returncode, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_there_is_one_fixture_per_class_of_mistake() -> None:
    names = {p.stem for p in FIXTURES}
    required = {
        "syntax",
        "duplicate-key",
        "unknown-key",
        "duplicate-id",
        "undeclared-unit",
        "impossible-date",
        "unknown-status",
        "wrong-type",
        "bad-link",
        "python-tag",
    }
    assert required <= names, required - names


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_broken_fixture_is_reported_at_its_line(fixture: Path) -> None:
    line, col, start = expectation(fixture)
    source = fixture.read_text(encoding="utf-8").splitlines()
    assert "# <- lỗi" in source[line - 1], f"line {line} of {fixture.name} is not the marked mistake"

    shown = fixture.relative_to(ROOT).as_posix()
    code, stdout, stderr = check(shown)

    assert code == 1
    assert "PWNED" not in stdout + stderr  # python-tag.yaml: `echo PWNED` must never run
    problems = problem_lines(stderr, shown)
    assert len(problems) == 1, f"exactly one mistake per fixture, got:\n{stderr}"
    prefix = f"{shown}:{line}:{col}: {start}"
    assert problems[0].startswith(prefix), f"expected {prefix!r}, got {problems[0]!r}"
    assert "1 lỗi, hãy sửa rồi chạy lại" in stderr


def test_several_mistakes_in_one_file_are_all_reported_in_one_run(tmp_path: Path) -> None:
    text = (
        MINIMAL_PLAN.replace("  year: 2022", '  year: "năm nay"')
        .replace('        text: "Mục tiêu thử"', '        txt: "Mục tiêu thử"')
        .replace('            products: ["Quyết định"]\n', "")
        .replace("              - date: 2022-10-01", "              - date: 2022-02-30")
        .replace('"in_progress"', '"xong"')
        .replace('"https://example.gov.vn/bao-cao"', '"javascript:alert(1)"')
    )
    plan = write(tmp_path / "plan.yaml", text)
    code, _, stderr = check(plan)
    assert code == 1
    shown = str(plan)
    expected = [
        (4, 9, "Thông tin chung (plan), trường year: phải là một số"),
        # `txt` for `text` is one mistake: its message names `text`, with no second "missing".
        (
            14,
            9,
            "Mục tiêu I.1, trường txt: khóa 'txt' không có trong mẫu kế hoạch [unknown key]. "
            "Có phải ý bạn là 'text'?",
        ),
        (16, 13, "Nhiệm vụ I.1.a, trường products: thiếu trường bắt buộc 'products'"),
        (21, 23, "Nhiệm vụ I.1.a, cập nhật thứ 1, trường date: ngày không hợp lệ '2022-02-30'"),
        (22, 25, "Nhiệm vụ I.1.a, cập nhật thứ 1, trường status: giá trị 'xong' không hợp lệ"),
        (24, 45, "Nhiệm vụ I.1.a, cập nhật thứ 1, minh chứng thứ 1, trường url: liên kết phải"),
    ]
    problems = problem_lines(stderr, shown)
    assert len(problems) == len(expected), stderr
    for (line, col, text_), problem in zip(expected, problems, strict=True):
        assert problem.startswith(f"{shown}:{line}:{col}: {text_}"), problem
    assert f"{len(expected)} lỗi" in stderr


def test_several_cross_reference_mistakes_are_all_reported_in_one_run(tmp_path: Path) -> None:
    second_task = """\
          - id: "I.1.a"
            title: "Nhiệm vụ hai"
            products: ["Báo cáo"]
            lead: ["van-phong"]
            partners: ["phong-qltm"]
            deadline: {text: "Thường xuyên", kind: "ongoing"}
            updates:
              - {date: 2023-03-01, status: "in_progress"}
"""
    text = MINIMAL_PLAN.replace('lead: ["van-phong"]', 'lead: ["van-phong", "thanh-tra"]') + second_task
    plan = write(tmp_path / "plan.yaml", text)
    code, _, stderr = check(plan)
    assert code == 1
    shown = str(plan)
    problems = problem_lines(stderr, shown)
    assert [p.split(": ", 1)[0].removeprefix(f"{shown}:") for p in problems] == [
        "19:33",  # lead[1]: thanh-tra is not declared
        "26:17",  # the second I.1.a
        "30:24",  # partners[0]: phong-qltm is not declared
        "33:24",  # an update after plan.as_of
    ], stderr
    assert "'thanh-tra' chưa được khai báo" in problems[0]
    assert "mã 'I.1.a' bị trùng, đã dùng ở dòng 16" in problems[1]
    assert "'phong-qltm' chưa được khai báo" in problems[2]
    assert "sau ngày chốt số liệu" in problems[3]


def test_several_yaml_level_mistakes_are_all_reported_in_one_run(tmp_path: Path) -> None:
    text = (
        MINIMAL_PLAN.replace('  source: "Phụ lục thử"', '  source: "Phụ lục thử"\n  year: 2023')
        .replace('  - {id: "van-phong"', '  - &vp {id: "van-phong"')
        .replace("areas:", "  - *vp\nareas:")
        .replace('title: "Nhiệm vụ thử"', 'title: !!python/object/apply:os.system ["echo PWNED"]')
    )
    plan = write(tmp_path / "plan.yaml", text)
    code, stdout, stderr = check(plan)
    assert code == 1
    assert "PWNED" not in stdout + stderr
    shown = str(plan)
    problems = problem_lines(stderr, shown)
    assert len(problems) == 3, stderr
    assert problems[0].startswith(
        f"{shown}:7:3: Thông tin chung (plan), trường year: khóa 'year' bị lặp, đã có ở dòng 4"
    )
    assert problems[1].startswith(f"{shown}:10:5: Đơn vị thứ 2: không dùng neo/bí danh YAML")
    assert problems[2].startswith(f"{shown}:19:20: Nhiệm vụ I.1.a, trường title: thẻ YAML")


def test_mistakes_of_different_stages_are_reported_in_one_run(tmp_path: Path) -> None:
    # A duplicate key (found while reading) must not hide a wrong status (found by the model).
    text = MINIMAL_PLAN.replace('  source: "Phụ lục thử"', '  source: "Phụ lục thử"\n  year: 2023').replace(
        '"in_progress"', '"xong"'
    )
    plan = write(tmp_path / "plan.yaml", text)
    code, _, stderr = check(plan)
    assert code == 1
    problems = problem_lines(stderr, str(plan))
    assert len(problems) == 2, stderr
    assert "khóa 'year' bị lặp" in problems[0]
    assert "giá trị 'xong' không hợp lệ" in problems[1]


def test_an_alias_gets_one_message_not_a_second_one_from_the_model(tmp_path: Path) -> None:
    text = MINIMAL_PLAN.replace('  - {id: "van-phong"', '  - &vp {id: "van-phong"').replace(
        "areas:", "  - *vp\nareas:"
    )
    plan = write(tmp_path / "plan.yaml", text)
    _, _, stderr = check(plan)
    problems = problem_lines(stderr, str(plan))
    assert len(problems) == 1, stderr
    assert "không dùng neo/bí danh YAML" in problems[0]


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    text = MINIMAL_PLAN.replace("  year: 2022", "  year: true")
    plan = write(tmp_path / "plan.yaml", text)
    code, _, stderr = check(plan)
    assert code == 1
    assert "Thông tin chung (plan), trường year: phải là một số" in stderr


def test_github_actions_gets_an_annotation_per_problem() -> None:
    fixture = BROKEN / "unknown-status.yaml"
    shown = fixture.relative_to(ROOT).as_posix()
    code, _, stderr = check(shown, env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    lines = stderr.splitlines()
    plain = f"{shown}:25:25: Nhiệm vụ I.1.a, cập nhật thứ 1, trường status: giá trị 'finished'"
    assert any(line.startswith(plain) for line in lines), stderr
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(annotations) == 1, stderr
    assert annotations[0].startswith(f"::error file={shown},line=25,col=25::")
    # On the pull request's diff the place is said in words, the field by its Vietnamese name.
    words = "Nhiệm vụ I.1.a, cập nhật thứ 1, trường «Trạng thái» (status)"
    assert f"::{words}: giá trị 'finished'" in annotations[0]
    assert "areas[" not in annotations[0]


def test_no_annotations_outside_github_actions() -> None:
    _, _, stderr = check(BROKEN / "unknown-status.yaml")
    assert "::error" not in stderr


def test_annotation_escapes_what_would_break_the_workflow_command() -> None:
    problem = Problem("kế hoạch,1:a.yaml", 3, 4, "plan.title", "100% sai\ndòng hai")
    assert problem.github_annotation() == (
        "::error file=kế hoạch%2C1%3Aa.yaml,line=3,col=4::plan.title: 100%25 sai%0Adòng hai"
    )
    assert str(problem) == "kế hoạch,1:a.yaml:3:4: plan.title: 100% sai\\ndòng hai"


def test_a_message_quoting_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    text = MINIMAL_PLAN.replace('"https://example.gov.vn/bao-cao"', '"https://a.vn/\\njavascript:alert(1)"')
    plan = write(tmp_path / "plan.yaml", text)
    code, _, stderr = check(plan)
    assert code == 1
    problems = problem_lines(stderr, str(plan))
    # The line break is shown by its code and named in words (fields.HiddenInCode).
    assert len(problems) == 1 and "<U+000A>javascript:alert(1)" in problems[0], stderr
    assert '"xuống dòng" (U+000A) ở ký tự thứ 14' in problems[0], stderr
    assert len(stderr.splitlines()) == 2  # the problem and the summary


def test_valid_plan_with_bom_and_crlf_passes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + MINIMAL_PLAN.replace("\n", "\r\n").encode("utf-8"))
    code, stdout, _ = check(plan)
    assert code == 0
    assert "hợp lệ (1 nhiệm vụ)" in stdout


def test_crlf_and_bom_do_not_shift_the_reported_position(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = MINIMAL_PLAN.replace('"in_progress"', '"finished"')
    plan.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    code, _, stderr = check(plan)
    assert code == 1
    assert problem_lines(stderr, str(plan))[0].startswith(f"{plan}:23:25: ")


def test_text_is_nfc_normalised_when_loaded(tmp_path: Path) -> None:
    nfc = "Nhiệm vụ cải cách thủ tục hành chính"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    unit = unicodedata.normalize("NFD", "Văn phòng Sở")
    text = MINIMAL_PLAN.replace('"Nhiệm vụ thử"', f'"{nfd}"').replace('"Văn phòng Sở"', f'"{unit}"')
    plan = validate(load_file(write(tmp_path / "plan.yaml", text)))
    assert plan.tasks()[0].title == nfc
    assert plan.units[0].name == "Văn phòng Sở"
    assert unicodedata.is_normalized("NFC", plan.units[0].name)


def test_columns_count_the_characters_of_the_file_as_written(tmp_path: Path) -> None:
    # NFD text is longer than its NFC form: the column must match the line in the editor.
    nfd = unicodedata.normalize("NFD", "Nhiệm vụ thử")
    line = f'            title: "{nfd}" x: y'
    text = MINIMAL_PLAN.replace('            title: "Nhiệm vụ thử"', line)
    with pytest.raises(PlanError) as caught:
        load_text(text, "plan.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.col) == (17, line.index(" x:") + 2)


@pytest.mark.parametrize("plan", [REAL_PLAN, SAMPLE_PLAN], ids=["content", "examples"])
def test_published_plans_pass(plan: Path) -> None:
    code, stdout, stderr = check(plan.relative_to(ROOT).as_posix())
    assert code == 0, stderr
    assert "hợp lệ" in stdout


# --- inputs that are not a plan at all: a clean, located message, never a traceback ---


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(
        MINIMAL_PLAN.encode("utf-8").replace("Kế hoạch thử".encode(), "Kế hoạch ".encode() + b"th\xfd")
    )
    code, _, stderr = check(plan)
    assert code == 1
    assert f"{plan}:2:22: tệp không phải mã UTF-8" in stderr


def test_control_character_is_reported_where_it_is(tmp_path: Path) -> None:
    plan = write(tmp_path / "plan.yaml", MINIMAL_PLAN.replace("Sở thử", "Sở\x07 thử"))
    code, _, stderr = check(plan)
    assert code == 1
    assert f"{plan}:3:20: ký tự điều khiển #x0007 không được phép" in stderr


@pytest.mark.parametrize("text", ["", "\n\n", "# chỉ có ghi chú\n", "\ufeff"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    plan = write(tmp_path / "plan.yaml", text)
    code, _, stderr = check(plan)
    assert code == 1
    assert f"{plan}:1:1: tệp rỗng" in stderr


@pytest.mark.parametrize("where", ["missing.yaml", "."])
def test_plan_that_cannot_be_read(tmp_path: Path, where: str) -> None:
    code, _, stderr = check(tmp_path / where)
    assert code == 1
    assert "không đọc được tệp" in stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "1:1: phải là một nhóm các dòng 'khóa: giá trị'"),
        ("chỉ một dòng chữ\n", "1:1: phải là một nhóm các dòng 'khóa: giá trị'"),
        ("[" * 5000, "1:1: dữ liệu lồng nhau quá sâu"),
        ("a: " + "[" * 200 + "]" * 200 + "\n", "dữ liệu lồng nhau quá sâu"),
        ("plan: !!bool maybe\n", "Thông tin chung (plan): phải là một nhóm các dòng"),
        ("plan: !!timestamp abc\n", "Thông tin chung (plan): phải là một nhóm các dòng"),
        ("plan: !!binary aGVsbG8=\n", "1:7: Thông tin chung (plan): thẻ YAML '!!binary' không được phép"),
        (
            "plan: !!python/name:os.system\n",
            "1:7: Thông tin chung (plan): thẻ YAML '!!python/name:os.system'",
        ),
        ("plan: 0x" + "F" * 5000 + "\n", "1:7: Thông tin chung (plan): số quá lớn"),
        ('plan: "\\ud800"\n', "1:7: Thông tin chung (plan): có ký tự không hợp lệ"),
        ("? [a, b]\n: c\n", "1:3: khóa phải là một chữ đơn giản"),
        ("a: 1\n---\nb: 2\n", "2:1: tệp chỉ chứa một kế hoạch: hãy xóa dòng '---'"),
        ("plan: {title: 'abc\n", "1:15: dấu ngoặc kép mở ở đây chưa được đóng"),
    ],
    ids=[
        "list",
        "scalar",
        "deep-flow",
        "deep-value",
        "bad-bool-tag",
        "bad-timestamp-tag",
        "binary-tag",
        "python-name-tag",
        "huge-int",
        "lone-surrogate",
        "complex-key",
        "two-documents",
        "quote-open-at-end",
    ],
)
def test_odd_input_gets_a_clean_message(tmp_path: Path, text: str, message: str) -> None:
    plan = write(tmp_path / "plan.yaml", text)
    code, _, stderr = check(plan)
    assert code == 1
    assert message in stderr, stderr


@pytest.mark.parametrize("value", ["=", "<<"])
def test_symbols_that_yaml_reserves_are_plain_text_as_values(value: str) -> None:
    text = MINIMAL_PLAN.replace(
        'status: "in_progress"', f'status: "in_progress"\n                note: {value}'
    )
    plan = validate(load_text(text, "plan.yaml"))
    assert plan.tasks()[0].updates[0].note == value


# --- every problem in one run, named as staff name things --------------------------------


def problems_of(text: str) -> list[str]:
    """The problems of a plan as `check` prints them (without the file name)."""
    with pytest.raises(PlanError) as caught:
        validate(load_text(text, "plan.yaml"))
    return [str(p).removeprefix("plan.yaml:") for p in caught.value.problems]


SECOND_TASK = """\
          - id: "I.1.a"
            title: "Nhiệm vụ hai"
            products: ["Báo cáo"]
            lead: ["thanh-tra"]
            deadline: {text: "Thường xuyên", kind: "ongoing"}
"""


def test_a_shape_mistake_does_not_hide_a_duplicate_id_or_an_undeclared_unit() -> None:
    # Fix: cross-checks (ids, units, dates) used to wait for a valid shape: two rounds.
    text = MINIMAL_PLAN.replace('"in_progress"', '"finished"') + SECOND_TASK
    assert problems_of(text) == [
        "23:25: Nhiệm vụ I.1.a, cập nhật thứ 1, trường status: giá trị 'finished' không hợp lệ "
        "[unknown value]. Hãy viết 'done'. Chọn một trong: " + _STATUS_CHOICES,
        "26:17: Nhiệm vụ I.1.a, trường id: mã 'I.1.a' bị trùng, đã dùng ở dòng 16 [duplicate id]",
        "29:20: Nhiệm vụ I.1.a, trường lead, mục thứ 1: đơn vị 'thanh-tra' chưa được khai báo trong "
        "'units' [undeclared unit].",
    ]


def test_cross_checks_skip_only_the_values_that_are_themselves_wrong() -> None:
    # The task's deadline is unreadable and its lead list is not a list: the duplicate id and
    # the update after as_of are still found; nothing is said twice about the same value.
    text = MINIMAL_PLAN.replace('kind: "date", date: 2022-11-15', 'kind: "sometime"').replace(
        'lead: ["van-phong"]', 'lead: "van-phong"'
    ).replace("- date: 2022-10-01", "- date: 2023-02-01") + SECOND_TASK.replace('"thanh-tra"', '"van-phong"')
    problems = problems_of(text)
    assert [p.split(": ", 1)[0] for p in problems] == ["19:19", "20:56", "22:23", "26:17"], problems
    assert "trường lead: phải là một danh sách" in problems[0]
    assert "trường deadline.kind: giá trị 'sometime'" in problems[1]
    assert "ngày cập nhật 01/02/2023 sau ngày chốt số liệu" in problems[2]
    assert "mã 'I.1.a' bị trùng" in problems[3]


_STATUS_CHOICES = (
    "not_started (chưa triển khai), in_progress (đang thực hiện), done (đã hoàn thành), "
    "paused (tạm dừng), cancelled (đã hủy bỏ), waiting (chờ điều kiện)"
)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("xong", "done"),
        ("hoàn thành", "done"),
        ("Đã hoàn thành", "done"),
        ("da hoan thanh", "done"),
        ("đang làm", "in_progress"),
        ("Đang thực hiện", "in_progress"),
        ("in progress", "in_progress"),
        ("chưa làm", "not_started"),
        ("chưa triển khai", "not_started"),
        ("tạm dừng", "paused"),
        ("đã hủy", "cancelled"),
        ("chờ điều kiện", "waiting"),
        ("finished", "done"),
    ],
)
def test_a_status_typed_in_vietnamese_gets_its_code_suggested(typed: str, code: str) -> None:
    [problem] = problems_of(MINIMAL_PLAN.replace('"in_progress"', f'"{typed}"'))
    assert problem.startswith(
        f"23:25: Nhiệm vụ I.1.a, cập nhật thứ 1, trường status: giá trị '{typed}' không hợp lệ "
        f"[unknown value]. Hãy viết '{code}'. Chọn một trong: "
    ), problem


def test_an_unknown_word_gets_no_suggestion() -> None:
    [problem] = problems_of(MINIMAL_PLAN.replace('"in_progress"', '"bình thường"'))
    assert "Hãy viết" not in problem


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("05/10/2022", "2022-10-05"), ("5/10/2022", "2022-10-05"), ("31.12.2022", "2022-12-31")],
)
def test_a_date_written_day_first_gets_the_iso_date_suggested(typed: str, iso: str) -> None:
    [problem] = problems_of(MINIMAL_PLAN.replace("- date: 2022-10-01", f"- date: {typed}"))
    assert problem == (
        f"22:23: Nhiệm vụ I.1.a, cập nhật thứ 1, trường date: ngày không hợp lệ '{typed}': phải là "
        f"ngày có thật, dạng YYYY-MM-DD, ví dụ 2022-11-15 [invalid date]. Hãy viết {iso} (năm-tháng-ngày)."
    )


def test_a_day_that_does_not_exist_gets_no_suggestion() -> None:
    [problem] = problems_of(MINIMAL_PLAN.replace("- date: 2022-10-01", "- date: 31/02/2022"))
    assert "Hãy viết" not in problem


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (("plan", "as_of"), "Thông tin chung (plan), trường as_of"),
        (("units", 0, "short"), "Đơn vị van-phong, trường short"),
        (("areas", 0, "targets", 0, "kpis"), "Mục tiêu I.1, trường kpis"),
        (
            ("areas", 0, "targets", 0, "tasks", 0, "updates", 0, "status"),
            "Nhiệm vụ I.1.a, cập nhật thứ 1, trường status",
        ),
        (
            ("areas", 0, "targets", 0, "tasks", 0, "updates", 0, "evidence", 0, "url"),
            "Nhiệm vụ I.1.a, cập nhật thứ 1, minh chứng thứ 1, trường url",
        ),
        (("areas", 0, "targets", 0, "tasks", 0, "deadline", "date"), "Nhiệm vụ I.1.a, trường deadline.date"),
        (("areas", 0, "targets", 0, "tasks", 0, "lead", 0), "Nhiệm vụ I.1.a, trường lead, mục thứ 1"),
        (("areas", 0, "targets", 0, "tasks", 5), "Mục tiêu I.1, nhiệm vụ thứ 6"),
        (("areas",), "Trường areas"),
        ((), ""),
    ],
)
def test_places_are_named_in_words(path: tuple[str | int, ...], words: str) -> None:
    from generator.plan.load.names import field_words

    assert field_words(path, load_text(MINIMAL_PLAN, "plan.yaml").data) == words


def test_a_done_word_on_an_ongoing_task_of_the_real_plan_suggests_in_progress(tmp_path: Path) -> None:
    # `status: xong` on II.1.3.b: the real plan's line and column, the task named by its id,
    # and not 'done' suggested, since an ongoing task is never done.
    text = PRISTINE_PLAN.read_text(encoding="utf-8")  # before any real report
    deadline = '                deadline: {text: "Thường xuyên", kind: "ongoing"}\n'
    marker = deadline + '              - id: "II.1.3.c"'
    assert text.count(marker) == 1
    update = (
        deadline + "                updates:\n"
        "                  - date: 2022-10-05\n"
        "                    status: xong\n"
        '              - id: "II.1.3.c"'
    )
    plan = write(tmp_path / "plan.yaml", text.replace(marker, update))
    line = plan.read_text(encoding="utf-8").splitlines().index("                    status: xong") + 1
    code, _, stderr = check(plan)
    assert code == 1
    [problem] = problem_lines(stderr, str(plan))
    assert problem == (
        f"{plan}:{line}:29: Nhiệm vụ II.1.3.b, cập nhật thứ 1, trường status: giá trị 'xong' không hợp lệ "
        "[unknown value]. Nhiệm vụ thường xuyên không bao giờ 'done': hãy viết 'in_progress' và ghi kết "
        "quả của kỳ vào note. Chọn một trong: " + _STATUS_CHOICES
    )
