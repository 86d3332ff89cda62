"""The model documents itself, and the real plan holds the whole appendix."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from generator.pages import guide
from generator.plan import model
from generator.plan.check import check
from generator.plan.status import due_date

from .conftest import REAL_PLAN


def _models() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == model.__name__
        and not obj.__name__.startswith("_")
    ]


def test_every_field_is_described_for_staff() -> None:
    missing = [
        f"{m.__name__}.{name}"
        for m in _models()
        for name, field in m.model_fields.items()
        if not (field.description or "").strip()
    ]
    assert not missing, f"fields without a description (shown to staff in their editor): {missing}"


def test_every_model_has_a_docstring() -> None:
    assert all((m.__doc__ or "").strip() for m in _models())


def test_real_plan_has_every_task_row_of_the_appendix() -> None:
    plan = check(REAL_PLAN)
    per_area = Counter(task.id.split(".")[0] for task in plan.tasks())
    assert per_area == {"I": 3, "II": 27, "III": 5, "IV": 6, "V": 3, "VI": 9, "VII": 4}
    assert sum(per_area.values()) == 57
    assert [a.id for a in plan.areas] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [g.id for g in plan.areas[1].groups] == ["II.1", "II.2", "II.3", "II.4"]
    # VI has three groups and, after them, a target of its own (VI.4), as in the appendix.
    assert [g.id for g in plan.areas[5].groups] == ["VI.1", "VI.2", "VI.3"]
    assert [p.target.id for p in model.walk_targets(plan) if p.area is plan.areas[5]][-1] == "VI.4"


def test_real_plan_reports_no_invented_progress() -> None:
    plan = check(REAL_PLAN)
    assert not plan.plan.sample
    # Reports staff add are real; what must never land is made-up progress: the guide's
    # illustration pasted as it is, or the sample data's links.
    illustration = guide.UPDATE.text
    for task in plan.tasks():
        for update in task.updates:
            assert not (update.note and update.note in illustration), (task.id, update.note)
            for link in update.evidence:
                assert "example." not in link.url and link.url not in illustration, (task.id, link.url)
    kpis = [k for t in plan.targets() for k in t.kpis]
    for kpi in kpis:
        for m in kpi.measurements:
            assert not (m.url and "example." in m.url), (kpi.id, m.url)


def test_real_plan_kpis_match_the_thresholds_the_targets_state() -> None:
    plan = check(REAL_PLAN)
    targets = {t.id: t for t in plan.targets()}
    assert [k.value for k in targets["II.2.2"].kpis] == [96]
    assert sorted(k.value for k in targets["II.4"].kpis) == [90, 95]
    assert len(targets["VI.3.1"].kpis) == 3
    assert all(k.comparison == "at_least" for k in targets["II.4"].kpis)


def test_real_plan_keeps_every_part_of_combined_cells() -> None:
    plan = check(REAL_PLAN)
    tasks = {t.id: t for t in plan.tasks()}
    combined = tasks["II.2.1.a"].deadline
    assert combined.kind == "ongoing" and "condition" in combined.also
    assert "Khi có chủ trương của UBND tỉnh" in combined.text
    assert set(tasks["VII.1.a"].lead) == {"van-phong", "thanh-tra", "phong-khtcth"}
    assert len(tasks["VII.1.a"].items) == 4
    assert "chữ ký số" in " ".join(t.text for t in plan.targets() if t.id == "VI.3.2")


def test_real_plan_dated_deadlines_are_typed() -> None:
    plan = check(REAL_PLAN)
    tasks = {t.id: t for t in plan.tasks()}
    import datetime as dt

    as_of = plan.plan.as_of
    assert due_date(tasks["I.1.a"].deadline, as_of) == dt.date(2022, 11, 15)
    assert due_date(tasks["VII.1.a"].deadline, as_of) == dt.date(2022, 1, 31)
    assert due_date(tasks["II.1.5.a"].deadline, as_of) == dt.date(2022, 9, 30)
    assert due_date(tasks["VII.2.a"].deadline, as_of) == dt.date(2022, 12, 31)


def test_committed_json_schema_is_current() -> None:
    from generator.plan.schema import SCHEMA_FILE, plan_schema

    from .conftest import ROOT

    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == plan_schema(), "run `make schema` and commit content/plan.schema.json"
    assert "Trạng thái tại ngày báo cáo." in committed  # staff see the model's descriptions


def test_plan_files_point_editors_at_the_schema() -> None:
    from .conftest import REAL_PLAN, SAMPLE_PLAN

    for plan in (REAL_PLAN, SAMPLE_PLAN):
        assert "# yaml-language-server: $schema=" in plan.read_text(encoding="utf-8").splitlines()[0]
