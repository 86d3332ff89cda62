"""Every YAML mistake gets the right advice; `tidy` repairs the mechanical ones; warnings do not fail.

The broken fixtures (tests/fixtures/broken/, checked line, column and whole message by
test_validation.py) hold one slip each in an excerpt of the real plan; here: the slips'
repairs work, advice never repeats the text as it is, `tidy` keeps every other byte, and
the warnings of plan/validate/likely.py are printed by `check`, which still passes.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import PlanError, Problem
from generator.pages import guide
from generator.plan import chars
from generator.plan.check import check_located
from generator.plan.labels import FIELD_WORDS
from generator.plan.load import load_text
from generator.plan.model import Deadline, Kpi, Link, Measurement, PlanMeta, Target, Task, Trigger, Update
from generator.plan.newyear import new_year
from generator.plan.tidy import tidied
from generator.plan.validate import validate
from generator.plan.validate.likely import legacy_encoding, likely_wrong, previous_year

from .conftest import BROKEN, PRISTINE_PLAN, REAL_PLAN, run_generator

NO_CI = {"GITHUB_ACTIONS": "false"}
REAL = PRISTINE_PLAN.read_text(encoding="utf-8")
WITH_UPDATE = guide.apply(REAL, guide.UPDATE)
SLIPS = [
    "nbsp-after-colon",
    "nbsp-after-status",
    "nbsp-indent",
    "bom-in-line",
    "zero-width-indent",
    "curly-quotes",
    "fullwidth-colon",
]


def _problems(text: str) -> list[str]:
    with pytest.raises(PlanError) as err:
        validate(load_text(text, "content/plan.yaml"))
    return [str(p) for p in err.value.problems]


def _fixture(name: str) -> str:
    return (BROKEN / f"{name}.yaml").read_text(encoding="utf-8")


# --- syntax advice --------------------------------------------------------------------


@pytest.mark.parametrize("name", SLIPS)
def test_a_slip_is_named_and_its_fix_is_what_tidy_writes(name: str) -> None:
    text = _fixture(name)
    (problem,) = _problems(text)
    assert "U+" in problem or "ngoặc kép cong" in problem  # the character is named
    assert "dòng này thiếu dấu hai chấm" not in problem and "thụt lề sai" not in problem
    before, after = re.search(r"Sửa «(.*?)» thành «(.*?)»", problem).groups()  # type: ignore[union-attr]
    assert before != after
    repaired = tidied(text).text
    line = int(problem.split(":")[1])
    assert after in repaired.split("\n")[line - 1]
    validate(load_text(repaired, "content/plan.yaml"))  # the one slip was the only mistake


def test_a_harmless_slip_is_not_blamed_for_another_mistake() -> None:
    # Curly quotes around a title without ':' read as text; the error is the missing space.
    text = WITH_UPDATE.replace(
        'title: "Báo cáo số 123/BC-SCT ngày 26/12/2022"', "title: “Báo cáo số 123/BC-SCT ngày 26/12/2022”"
    ).replace("status: in_progress", "status:in_progress")
    (problem,) = _problems(text)
    assert "thiếu dấu cách sau dấu hai chấm" in problem, problem


_ODD = ["\u00a0", "\ufeff", "\u200b", "\u200d", "\u202f", "“", "”", "：", "\u3000"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_advice_never_repeats_the_text_as_it_is(data: st.DataObject) -> None:
    # One odd character anywhere in the update staff paste: whatever the advice, its fix
    # differs from the text, and a byte-order mark never gets indentation advice.
    text = guide.UPDATE.text
    at = data.draw(st.integers(0, len(text) - 1))
    odd = data.draw(st.sampled_from(_ODD))
    plan = guide.apply(REAL, guide.Edit(guide.EXAMPLE_TASK, text[:at] + odd + text[at:]))
    try:
        validate(load_text(plan, "content/plan.yaml"))
    except PlanError as err:
        for problem in err.problems:
            for before, after in re.findall(r"Sửa «(.*?)» thành «(.*?)»", problem.message):
                assert before != after, problem
            if odd == "\ufeff":
                assert "thụt lề sai" not in problem.message, problem


def test_a_byte_order_mark_at_the_start_of_any_pasted_line_is_named() -> None:
    for n, line in enumerate(guide.UPDATE.text.splitlines(keepends=True)):
        lines = guide.UPDATE.text.splitlines(keepends=True)
        lines[n] = "\ufeff" + line
        problems = _problems(guide.apply(REAL, guide.Edit(guide.EXAMPLE_TASK, "".join(lines))))
        assert len(problems) == 1 and "dấu BOM" in problems[0], (n, problems)


def test_a_note_broken_across_lines_is_joined_not_given_a_colon() -> None:
    text = WITH_UPDATE.replace(
        'note: "Quý IV/2022: đã đồng bộ 45/60 TTHC lên Cổng DVC của tỉnh."',
        "note: Quý IV/2022 đã đồng bộ 45/60 TTHC\n                    lên Cổng DVC của tỉnh.",
    )
    (problem,) = _problems(text)
    assert "dòng này thiếu dấu hai chấm" not in problem
    assert '«note: "Quý IV/2022 đã đồng bộ 45/60 TTHC lên Cổng DVC của tỉnh."»' in problem


# --- advice on the plan's shape ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "field"),
    [("ghi chú", "note"), ("trạng thái", "status"), ("tỷ lệ", "percent"), ("Minh chứng", "evidence")],
)
def test_a_vietnamese_key_is_answered_with_its_field_alone(key: str, field: str) -> None:
    text = WITH_UPDATE.replace(f"                    {field}:", f"                    {key}:")
    problems = _problems(text)
    assert len(problems) == 1, problems  # no second "missing field" for the same mistake
    assert f"Sửa «{key}:» thành «{field}:»" in problems[0]


def test_every_vietnamese_field_word_names_a_real_field() -> None:
    fields = {
        name
        for model in (PlanMeta, Target, Task, Deadline, Trigger, Update, Link, Kpi, Measurement)
        for name in model.model_fields
    } | {"updates", "measurements", "units", "tasks"}
    assert set(FIELD_WORDS.values()) <= fields


def test_a_task_field_under_a_task_itself_says_it_belongs_to_an_update() -> None:
    text = guide.apply(REAL, guide.Edit(guide.EXAMPLE_TASK, "                status: done\n"))
    (problem,) = _problems(text)
    assert "'status' là trường của lần cập nhật, không phải của nhiệm vụ" in problem


@pytest.mark.parametrize(
    ("typed", "advice"),
    [("0.75", "hãy viết 75"), ("75.5", "hãy viết 76"), ('"75%"', "hãy viết 75"), ('"75,5"', "hãy viết 76")],
)
def test_percent_says_it_is_a_whole_number(typed: str, advice: str) -> None:
    (problem,) = _problems(WITH_UPDATE.replace("percent: 75", f"percent: {typed}"))
    assert "số nguyên từ 0 đến 100, không có phần thập phân" in problem and advice in problem


@pytest.mark.parametrize(
    ("plain", "curly"),
    [('lead: ["thanh-tra"]', "lead: [“thanh-tra”]"), ("status: in_progress", "status: “in_progress”")],
)
def test_curly_quotes_read_as_text_are_named_first(plain: str, curly: str) -> None:
    (problem,) = _problems(WITH_UPDATE.replace(plain, curly, 1))
    assert re.search(r"^\S+:\d+:\d+: [^:]+: giá trị nằm trong ngoặc kép cong “ ”", problem), problem
    assert "tidy --write" in problem


# --- tidy ---------------------------------------------------------------------------------


def _messy(text: str) -> str:
    """`text` with slips staff make, each of which tidy repairs exactly."""
    return "\ufeff" + (
        text.replace("                    percent: 75", "\u200b                    percent:\u00a075")
        .replace(
            'note: "Quý IV/2022: đã đồng bộ 45/60 TTHC lên Cổng DVC của tỉnh."',
            "note: “Quý IV/2022: đã đồng bộ 45/60 TTHC lên Cổng DVC của tỉnh.”",
        )
        .replace("                    status: in_progress", "                    status：in_progress")
        .replace('products: ["Quyết định"]', "products: [“Quyết định”]", 1)
        .replace("\n", "\r\n")
    )


def test_tidy_repairs_only_the_slips_and_keeps_every_other_byte() -> None:
    messy = _messy(WITH_UPDATE)
    assert messy.count("#") == WITH_UPDATE.count("#") > 90  # the real plan's comments are there
    made = tidied(messy)
    assert made.text == WITH_UPDATE
    # BOM, line endings, zero-width, no-break space, quotes, the colon and the space after it, list
    assert len(made.repairs) == 8
    assert tidied(made.text).repairs == []


def test_tidy_leaves_text_inside_values_and_comments_alone() -> None:
    text = WITH_UPDATE.replace('note: "Quý IV/2022: đã', 'note: "Quý IV/2022:\u00a0“đã').replace(
        "updates:\n", "updates:  # “ghi chú”\u00a0: x\n"
    )
    assert tidied(text).text == text


def test_tidy_shows_and_writes_only_when_asked(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    messy = _messy(WITH_UPDATE).encode("utf-8")
    plan.write_bytes(messy)
    shown = run_generator("tidy", "--plan", str(plan), env=NO_CI)
    assert shown.returncode == 0, shown.stderr
    assert plan.read_bytes() == messy
    assert "-<U+200B>                    percent:<U+00A0>75" in shown.stdout
    assert "+                    percent: 75" in shown.stdout
    assert "--write" in shown.stdout
    written = run_generator("tidy", "--plan", str(plan), "--write", env=NO_CI)
    assert written.returncode == 0, written.stderr
    assert plan.read_text(encoding="utf-8") == WITH_UPDATE
    assert run_generator("check", "--plan", str(plan), env=NO_CI).returncode == 0
    again = run_generator("tidy", "--plan", str(plan), env=NO_CI)
    assert "không có gì cần sửa" in again.stdout


# --- warnings -----------------------------------------------------------------------------


def _update(day: str, status: str, percent: int, note: str = "Báo cáo", url: str = "https://a.vn/b") -> str:
    return (
        "                updates:\n"
        f"                  - date: {day}\n"
        f"                    status: {status}\n"
        f"                    percent: {percent}\n"
        f'                    note: "{note}"\n'
        "                    evidence:\n"
        f'                      - {{title: "Báo cáo", url: "{url}"}}\n'
    )


WARNED = [
    (_update("2021-12-26", "in_progress", 50), "ngày báo cáo 26/12/2021 trước năm kế hoạch 2022"),
    (_update("2025-01-05", "in_progress", 50), "ngày báo cáo 05/01/2025 hơn 1 năm sau năm kế hoạch 2022"),
    (_update("2022-09-30", "in_progress", 100), "percent 100 nhưng status là in_progress"),
    (_update("2022-09-30", "not_started", 20), "percent 20 nhưng status là not_started"),
    (_update("2022-09-30", "in_progress", 50, note="®· ®ång bé"), "bảng mã cũ TCVN3 (ABC) ('®·')"),
    (_update("2022-09-30", "in_progress", 50, note="ñaõ ñoàng boä"), "bảng mã cũ VNI ('ñaõ')"),
    (_update("2022-09-30", "in_progress", 50, url="http://a.vn/b"), "liên kết bắt đầu bằng http://"),
]


@pytest.mark.parametrize(("update", "warning"), WARNED, ids=[w for _, w in WARNED])
def test_likely_wrong_data_is_warned_at_its_line(update: str, warning: str) -> None:
    text = guide.apply(REAL, guide.Edit(guide.DATED_TASK, update))
    located = load_text(text, "content/plan.yaml")
    plan = validate(located)
    (found,) = [n for n in located.notices if "[warning" in n.message and "invisible" not in n.message]
    assert warning in found.message
    assert found.label.startswith(f"Nhiệm vụ {guide.DATED_TASK}, cập nhật thứ 1")
    line = text.splitlines()[found.line - 1]
    assert found.field.split(".")[-1] in line  # at the line of the field it is about
    assert likely_wrong(plan, located) == [found]


def test_warnings_are_printed_by_check_which_still_passes(tmp_path: Path) -> None:
    # Two tasks: percent 100 still in progress, and a note in TCVN3.
    text = guide.apply(REAL, guide.Edit(guide.DATED_TASK, WARNED[2][0]))
    text = guide.apply(text, guide.Edit(guide.EXAMPLE_TASK, WARNED[4][0].replace("100", "50")))
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    result = run_generator("check", "--plan", str(plan), env=NO_CI)
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "cảnh báo:" in line]
    assert len(warnings) == 2, result.stderr
    assert all(re.match(rf"{re.escape(str(plan))}:\d+:\d+: Nhiệm vụ ", w) for w in warnings)
    assert "2 cảnh báo" in result.stderr and "hợp lệ" in result.stdout
    annotated = run_generator("check", "--plan", str(plan), env={"GITHUB_ACTIONS": "true"})
    assert annotated.returncode == 0
    assert annotated.stderr.count("::warning file=") == 2


def test_warnings_are_looked_for_only_by_a_caller_that_prints_them() -> None:
    # `build` prints no warnings (check does): it does not scan the plan's texts for them.
    text = guide.apply(REAL, guide.Edit(guide.DATED_TASK, WARNED[2][0]))
    text = guide.apply(text, guide.Edit(guide.EXAMPLE_TASK, WARNED[4][0].replace("100", "50")))
    quiet = load_text(text, "content/plan.yaml")
    plan = check_located(quiet)
    assert quiet.notices == []
    told = load_text(text, "content/plan.yaml")
    notices: list[Problem] = []
    assert check_located(told, notices) == plan
    assert len(notices) == 2 and told.notices == notices


def test_the_published_plans_have_no_warnings() -> None:
    for path in (REAL_PLAN, PRISTINE_PLAN):
        located = load_text(path.read_text(encoding="utf-8"), str(path))
        validate(located)
        assert located.notices == []


def test_a_new_years_titles_that_name_last_year_are_warned() -> None:
    old = validate(load_text(REAL, "content/plan.yaml"))
    text = new_year(REAL, old, 2023, dt.date(2023, 1, 1), shift_deadlines=True).text
    located = load_text(text, "content/plan-2023.yaml")
    validate(located)
    titles = [n for n in located.notices if "năm trước của kế hoạch năm 2023" in n.message]
    assert {n.label.split(",")[0] for n in titles} >= {"Nhiệm vụ VII.1.a", "Nhiệm vụ VII.2.a"}
    assert all("'năm 2022'" in n.message for n in titles)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("®· ®ång bé", "TCVN3 (ABC)"),
        ("Bé c¸o kÕt qu¶", "TCVN3 (ABC)"),
        ("ñaõ ñoàng boä", "VNI"),
        ("Quyết định số 123/QĐ-SCT «Báo cáo» về 100 m² và 25 °C", None),
        ("Microsoft® Word · mục 2", None),
    ],
)
def test_legacy_encodings_are_told_by_their_telltale_characters(text: str, found: str | None) -> None:
    result = legacy_encoding(text)
    assert (result[0] if result else None) == found


def test_previous_year_is_named_only_as_a_plan_names_its_year() -> None:
    assert previous_year("Báo cáo CCHC năm 2022", 2023) == "năm 2022"
    assert previous_year("Quý IV/2022", 2023) == "Quý IV/2022"
    assert previous_year("Kế hoạch số 5755/KH-UBND ngày 7/5/2022, Nghị định 107/2022/NĐ-CP", 2023) is None


def test_percent_rule_is_said_in_the_schema() -> None:
    schema = (REAL_PLAN.parent / "plan.schema.json").read_text(encoding="utf-8")
    assert "số nguyên từ 0 đến 100, không có phần thập phân" in schema
    assert chars.name("\uff1a").startswith('"dấu hai chấm toàn khổ')


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        ('  - {id: "x", name: "a, “A”, b"}', '  - {id: "x", name: "a, “A”, b"}'),
        ('  - {id: “x”, name: "a",\u00a0short: “B”}', '  - {id: "x", name: "a", short: "B"}'),
        ("    lead: [“thanh-tra”, “van-phong”]  # “c”", '    lead: ["thanh-tra", "van-phong"]  # “c”'),
        ('    note: "Nói \\"“A”\\""', '    note: "Nói \\"“A”\\""'),
        ('    note: “Nói "A" \\ B”', '    note: "Nói \\"A\\" \\\\ B"'),
        ("\u200b\u00a0 - title:\u2009“A: b’", '  - title: "A: b"'),
    ],
)
def test_tidy_repairs_yaml_places_in_one_line(line: str, repaired: str) -> None:
    assert tidied(line + "\n").text == repaired + "\n"


def test_a_tab_after_a_colon_becomes_a_space_and_one_in_the_indentation_stays() -> None:
    assert tidied("    status:\tdone\n").text == "    status: done\n"
    assert tidied("\t\tstatus: done\n").text == "\t\tstatus: done\n"  # how deep: check's advice says
