"""The English fields (`<field>_en`): which there are, how check judges them, and the text
each language shows (generator/plan/english.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import BaseModel

from generator.errors import PlanError, Problem
from generator.office.sheets import TASKS
from generator.pages import guide
from generator.plan import model
from generator.plan.check import check
from generator.plan.english import (
    EN,
    VI,
    Localized,
    english_field,
    english_places,
    localized,
    localized_list,
    records,
    translated_fields,
)
from generator.plan.load import load_file

from .conftest import ONE_TASK, PLAN_HEAD, PORTAL_PLANS, REAL_PLAN, ROOT, SAMPLE_PLAN, run_generator

# The decision of issue 19, written once: what staff may translate. Updates, evidence and
# measurements are reports and documents in Vietnamese; they are shown as written.
TRANSLATED = {
    model.PlanMeta: ("title", "organization", "parent"),
    model.Unit: ("name", "short"),
    model.Area: ("title",),
    model.Group: ("title",),
    model.Target: ("title", "text"),
    model.Kpi: ("metric",),
    model.Task: ("title", "items", "products", "note"),
    model.Deadline: ("text",),
}
MODELS = [m for m in vars(model).values() if isinstance(m, type) and issubclass(m, BaseModel)]


@pytest.mark.parametrize("cls", MODELS, ids=lambda m: m.__name__)
def test_the_translated_fields_are_the_ones_decided(cls: type[BaseModel]) -> None:
    assert translated_fields(cls) == TRANSLATED.get(cls, ())


@pytest.mark.parametrize(("cls", "field"), [(m, f) for m, fs in TRANSLATED.items() for f in fs])
def test_an_english_field_takes_the_type_of_its_original_and_is_optional(
    cls: type[BaseModel], field: str
) -> None:
    original, english = cls.model_fields[field], cls.model_fields[field + "_en"]
    assert not english.is_required()
    assert "tiếng Anh" in (english.description or "")
    if original.annotation is str:  # a free note: its English is a text like any other
        assert english.annotation == model.Text | None
    elif getattr(original.annotation, "__origin__", None) is list:
        assert english.annotation == original.annotation
    else:
        assert english.annotation in (original.annotation, original.annotation | None)
        assert english.metadata == original.metadata


def test_a_dotted_field_finds_its_english_twin() -> None:
    assert english_field(model.Task, "title") == "title_en"
    assert english_field(model.Task, "deadline.text") == "deadline.text_en"
    assert english_field(model.Task, "deadline.kind") is None
    assert english_field(model.Task, "id") is None
    assert english_field(model.PlanMeta, "contact.person.name") is None


def _task(**fields: Any) -> model.Task:
    base: dict[str, Any] = {
        "id": "I.1.a",
        "title": "Rà soát thủ tục",
        "products": ["Quyết định", "Báo cáo"],
        "lead": ["van-phong"],
        "deadline": {"text": "Thường xuyên", "kind": "ongoing"},
    }
    return model.Task.model_validate(base | fields)


def test_english_is_shown_where_given_and_the_vietnamese_is_marked_where_not() -> None:
    task = _task(title_en="Review procedures")
    assert localized(task, "title", EN) == Localized("Review procedures", EN, True)
    assert localized(task, "title", VI) == Localized("Rà soát thủ tục", VI, True)
    assert str(localized(task, "title", EN)) == "Review procedures"
    untranslated = localized(task.deadline, "text", EN)
    assert untranslated == Localized("Thường xuyên", VI, False)
    assert localized(task, "note", EN) is None  # no Vietnamese note: nothing to show in any language


def test_a_list_is_english_whole_or_vietnamese_marked() -> None:
    assert localized_list(_task(), "products", EN) == [
        Localized("Quyết định", VI, False),
        Localized("Báo cáo", VI, False),
    ]
    translated = _task(products_en=["Decision", "Report"])
    assert [p.text for p in localized_list(translated, "products", EN)] == ["Decision", "Report"]
    assert all(p.translated and p.lang == EN for p in localized_list(translated, "products", EN))
    assert [p.text for p in localized_list(translated, "products", VI)] == ["Quyết định", "Báo cáo"]


def _plan(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_english_identical_to_the_vietnamese_is_a_located_warning(tmp_path: Path) -> None:
    text = (PLAN_HEAD + ONE_TASK).replace(
        '            title: "Nhiệm vụ thử"\n',
        '            title: "Nhiệm vụ thử"\n            title_en: "Nhiệm vụ  thử"\n',
    )
    notices: list[Problem] = []
    check(_plan(tmp_path, text), notices)
    assert [(n.line, n.field) for n in notices] == [(18, "areas[I].targets[I.1].tasks[I.1.a].title_en")]
    assert notices[0].message.startswith("cảnh báo: 'title_en' giống hệt 'title'")


def test_english_fields_take_the_text_rules_of_the_vietnamese(tmp_path: Path) -> None:
    text = (PLAN_HEAD + ONE_TASK).replace(
        '            title: "Nhiệm vụ thử"\n',
        '            title: "Nhiệm vụ thử"\n            title_en: "   "\n',
    )
    with pytest.raises(PlanError) as caught:
        check(_plan(tmp_path, text))
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (18, "areas[I].targets[I.1].tasks[I.1.a].title_en")
    assert "không được để trống" in problem.message


def test_every_error_about_english_comes_in_the_one_run(tmp_path: Path) -> None:
    text = (
        (PLAN_HEAD + ONE_TASK)
        .replace(
            '        text: "Mục tiêu thử"\n', '        text: "Mục tiêu thử"\n        title_en: "Orphan"\n'
        )
        .replace(
            '            products: ["Quyết định"]\n',
            '            products: ["Quyết định"]\n'
            "            products_en: []\n"
            '            items_en: ["One"]\n',
        )
        .replace("  year: 2022", '  year: "năm nay"')
    )
    with pytest.raises(PlanError) as caught:
        check(_plan(tmp_path, text))
    found = [(p.line, p.field) for p in caught.value.problems]
    assert found == [
        (4, "plan.year"),
        (15, "areas[I].targets[I.1].title_en"),
        (21, "areas[I].targets[I.1].tasks[I.1.a].items_en"),
    ]


def test_the_real_plan_holds_no_english_it_was_not_given() -> None:
    """No invented translation: the real plan's English fields stay empty until an official text exists."""
    plan = check(REAL_PLAN)
    filled = [
        (path, f)
        for record, path in records(plan)
        for f in translated_fields(type(record))
        if getattr(record, f + "_en")
    ]
    assert filled == []


@pytest.mark.parametrize("path", [SAMPLE_PLAN, *PORTAL_PLANS], ids=lambda p: p.name)
def test_the_sample_plans_are_translated_in_full_without_warnings(path: Path) -> None:
    notices: list[Problem] = []
    plan = check(path, notices)
    assert [n for n in notices if "tiếng Anh" in n.message or "English" in n.message] == []
    missing = [
        (path, f)
        for record, path in records(plan)
        for f in translated_fields(type(record))
        if getattr(record, f) and not getattr(record, f + "_en")
    ]
    assert missing == []
    assert load_file(path).data["plan"]["sample"] is True


def test_english_typed_in_the_workbook_lands_beside_the_vietnamese_in_the_plan_file(tmp_path: Path) -> None:
    book = tmp_path / "plan.xlsx"
    assert run_generator("export", "--xlsx", str(book), "--plan", str(REAL_PLAN)).returncode == 0
    wb = load_workbook(book)
    ws = wb[TASKS.name]
    headers = [c.value for c in ws[1]]
    assert "Nhiệm vụ cụ thể (tiếng Anh)" in headers and "Sản phẩm (tiếng Anh)" in headers
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "II.1.3.b")
    title, products = (headers.index(TASKS.field(f).title) for f in ("title_en", "products_en"))
    row[title].value = "Publish administrative procedures on the province's online public services portal"
    row[products].value = "Procedures synchronised to the provincial portal"
    wb.save(book)
    target = tmp_path / "plan.yaml"
    shutil.copy(REAL_PLAN, target)
    result = run_generator("import", "--xlsx", str(book), "--out", str(target))
    assert result.returncode == 0, result.stderr
    task = next(t for t in check(target).tasks() if t.id == "II.1.3.b")
    assert (
        task.title_en == "Publish administrative procedures on the province's online public services portal"
    )
    assert task.products_en == ["Procedures synchronised to the provincial portal"]
    old = REAL_PLAN.read_text(encoding="utf-8").splitlines()
    new = target.read_text(encoding="utf-8").splitlines()
    assert len(new) - len(old) == 3 and set(old) <= set(new)  # title_en, products_en and its item


def test_an_english_list_that_does_not_match_is_named_at_its_cell(tmp_path: Path) -> None:
    book = tmp_path / "plan.xlsx"
    assert run_generator("export", "--xlsx", str(book), "--plan", str(SAMPLE_PLAN)).returncode == 0
    wb = load_workbook(book)
    ws = wb[TASKS.name]
    headers = [c.value for c in ws[1]]
    column = headers.index(TASKS.field("products_en").title)
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "II.1.5.a")
    row[column].value = "Only one product"
    wb.save(book)
    result = run_generator("import", "--xlsx", str(book))
    assert result.returncode == 1
    letter = get_column_letter(column + 1)
    assert f"trang tính 'Nhiệm vụ', dòng {row[0].row}, cột {letter}" in result.stderr
    assert "'products_en' có 1 mục nhưng 'products' có 2" in result.stderr


def test_the_guides_english_example_is_valid_in_the_real_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(guide.apply(REAL_PLAN.read_text(encoding="utf-8"), guide.ENGLISH), encoding="utf-8")
    notices: list[Problem] = []
    task = next(t for t in check(path, notices).tasks() if t.id == guide.EXAMPLE_TASK)
    assert task.title_en and task.title_en.startswith("Publish the administrative procedures")
    assert len(task.products_en) == len(task.products)
    assert notices == []


def test_the_guide_names_every_english_field() -> None:
    template = (ROOT / "generator/pages/templates/guide.md.j2").read_text(encoding="utf-8")
    for fields in TRANSLATED.values():
        for field in fields:
            assert f"{field}_en`" in template, field


def test_a_new_year_moves_the_year_in_the_english_title_and_deadlines_too(tmp_path: Path) -> None:
    out = tmp_path / "plan-2023.yaml"
    result = run_generator(
        "new-year", "--from", str(SAMPLE_PLAN), "--year", "2023", "--out", str(out), "--shift-deadlines"
    )
    assert result.returncode == 0, result.stderr
    plan = check(out)
    assert plan.plan.title_en == "2023 Administrative Reform Plan (sample data)"
    task = next(t for t in plan.tasks() if t.id == "I.1.a")
    assert (task.deadline.text, task.deadline.text_en) == ("Trước 15/11/2023", "Before 15 November 2023")


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=2),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=_VALUES,
    products=_VALUES,
    items=_VALUES,
    deadline=_VALUES,
    area=_VALUES,
    drop_title=st.booleans(),
)
def test_any_value_in_an_english_field_gives_a_plan_or_located_problems(
    tmp_path: Path, title: Any, products: Any, items: Any, deadline: Any, area: Any, drop_title: bool
) -> None:
    data = yaml.safe_load(PLAN_HEAD + ONE_TASK)
    task = data["areas"][0]["targets"][0]["tasks"][0]
    task.update(title_en=title, products_en=products, items_en=items)
    task["deadline"]["text_en"] = deadline
    data["areas"][0]["title_en"] = area
    if drop_title:
        del task["title"]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        check(path)
    except PlanError as err:
        assert err.problems and all(p.line >= 1 for p in err.problems)


def test_a_missing_required_original_is_said_once(tmp_path: Path) -> None:
    text = (PLAN_HEAD + ONE_TASK).replace(
        '            title: "Nhiệm vụ thử"\n', '            title_en: "Test task"\n'
    )
    with pytest.raises(PlanError) as caught:
        check(_plan(tmp_path, text))
    assert [p.message for p in caught.value.problems] == [
        "thiếu trường bắt buộc 'title' [required field missing]"
    ]


def test_the_pull_request_summary_lists_english_changes(tmp_path: Path) -> None:
    text = SAMPLE_PLAN.read_text(encoding="utf-8")
    changed = (
        text.replace(
            'title_en: "Issue electronic internal workflows"', 'title_en: "Issue *electronic* workflows"'
        )
        .replace('text_en: "Q3 2022", ', "")
        .replace('name_en: "Department Office", ', "")
    )
    new = tmp_path / "plan.yaml"
    new.write_text(changed, encoding="utf-8")
    result = run_generator("diff", str(SAMPLE_PLAN), str(new))
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("### Lời tiếng Anh (3)\n\n", 1)[1]
    assert section.split("\n\n")[0].splitlines() == [
        "- **II.1.2.a** `title_en`: Issue electronic internal workflows → Issue \\*electronic\\* workflows",
        "- **II.1.5.a** `deadline.text_en`: đã xóa (Q3 2022)",
        "- **van-phong** `name_en`: đã xóa (Department Office)",
    ]
    assert (
        english_places(check(SAMPLE_PLAN))[("", "plan.title_en")]
        == "2022 Administrative Reform Plan (sample data)"
    )
