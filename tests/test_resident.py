"""`make serve` loads a save by the edited task's lines alone (plan/load/splice.py): the plan
it splices must be the one a whole reload gives, positions included, and anything it
cannot splice must fall back to the whole reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build.serve import _Plans
from generator.errors import PlanError
from generator.plan.check import check_located
from generator.plan.load import Located, load_text
from generator.plan.load.splice import reload_task
from generator.plan.model import Plan
from generator.plan.validate import validate, validate_task

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-plan.yaml"
TEXT = SAMPLE.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


def _line(start: str, after: int = 0) -> int:
    """The index of the first line from `after` on that starts (stripped) with `start`."""
    return next(i for i in range(after, len(LINES)) if LINES[i].strip().startswith(start))


def _edited(index: int, old: str, new: str) -> str:
    lines = list(LINES)
    assert old in lines[index]
    lines[index] = lines[index].replace(old, new, 1)
    return "\n".join(lines)


def _inserted(index: int, added: list[str]) -> str:
    return "\n".join(LINES[:index] + added + LINES[index:])


def _held() -> tuple[Located, Plan]:
    located = load_text(TEXT, str(SAMPLE))
    return located, validate(located)


def _same_as_whole(spliced: Located, text: str) -> None:
    whole = load_text(text, str(SAMPLE))
    assert spliced.data == whole.data
    assert dict(spliced.values) == dict(whole.values)
    assert dict(spliced.keys) == dict(whole.keys)
    assert dict(spliced.written) == dict(whole.written)
    assert dict(spliced.hidden) == dict(whole.hidden)


# The task I.2.a holds two updates; it is followed by I.2.b (an insertion at the end of
# a task is also just above the next one).
TASK = _line('- id: "I.2.a"')
TITLE = _line("title:", TASK)
STATUS = _line("status:", TASK)
NEXT = _line("- id:", TASK + 1)
EDITS = {
    "title": _edited(TITLE, 'title: "', 'title: "Sửa: '),
    "status": _edited(STATUS, "in_progress", "not_started"),
    "update added": _inserted(
        NEXT,
        [
            "              - date: 2022-10-14",
            '                status: "done"',
            "                percent: 100",
            '                note: "Đã ban hành, có khoảng trắng\u00a0không ngắt."',
        ],
    ),
    "blank line removed and comment added": _inserted(TITLE + 1, ["                # ghi chú"]),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_inside_one_task_is_spliced_as_a_whole_reload_reads_it(name: str) -> None:
    text = EDITS[name]
    located, plan = _held()
    spliced = reload_task(TEXT, located, text)
    assert spliced is not None
    assert spliced.path[-2] == "tasks"
    _same_as_whole(spliced.located, text)
    new = validate_task(plan, spliced.located, spliced.path)
    assert new is not None
    assert new.model_dump() == validate(load_text(text, str(SAMPLE))).model_dump()
    # The plan held before is untouched: a later problem falls back to it.
    assert plan.model_dump() == validate(load_text(TEXT, str(SAMPLE))).model_dump()
    assert located.data == load_text(TEXT, str(SAMPLE)).data


def test_a_second_edit_splices_into_the_first_one() -> None:
    located, _ = _held()
    first = reload_task(TEXT, located, EDITS["update added"])
    assert first is not None
    later = EDITS["update added"].replace("percent: 100", "percent: 99", 1)
    second = reload_task(EDITS["update added"], first.located, later)
    assert second is not None
    _same_as_whole(second.located, later)


def test_an_error_in_the_edited_task_names_its_real_line() -> None:
    # An unknown unit: a cross-check, found on the spliced plan at the spliced position.
    lead = _line("lead:", TASK)
    text = _edited(lead, '"', '"khong-co-')
    located, plan = _held()
    spliced = reload_task(TEXT, located, text)
    assert spliced is not None
    with pytest.raises(PlanError) as err:
        validate_task(plan, spliced.located, spliced.path)
    with pytest.raises(PlanError) as whole:
        check_located(load_text(text, str(SAMPLE)))
    assert err.value.problems == whole.value.problems
    assert [p.line for p in err.value.problems] == [lead + 1]


def test_the_preview_words_a_wrong_value_as_a_whole_reload_does() -> None:
    # A wrong status is the model's to word: the task alone gives up, the whole file says it.
    plans = _Plans([SAMPLE])
    plans.read([TEXT.encode()])
    text = _edited(STATUS, "in_progress", "xong")
    with pytest.raises(PlanError) as err:
        plans.read([text.encode()])
    assert [p.line for p in err.value.problems] == [STATUS + 1]
    # The last good plan is still the one spliced from: fixing it splices again.
    plans.read([EDITS["title"].encode()])
    assert plans.tasks_only == 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(TEXT.replace("title: ", "title: Sửa ", 1), id="plan title"),
        pytest.param(_inserted(NEXT, ['          - id: "I.2.x"']), id="a new task"),
        pytest.param(_inserted(TITLE + 1, ["    products: []"]), id="a key moved out of the task"),
        pytest.param(_edited(TITLE, 'title: "', 'title: &a "'), id="an anchor"),
    ],
)
def test_a_change_outside_one_task_falls_back_to_the_whole_file(text: str) -> None:
    located, _ = _held()
    assert reload_task(TEXT, located, text) is None
    plans = _Plans([SAMPLE])
    plans.read([TEXT.encode()])
    try:
        got = plans.read([text.encode()])
    except PlanError as err:
        with pytest.raises(PlanError) as whole:
            check_located(load_text(text, str(SAMPLE)))
        assert err.problems == whole.value.problems
    else:
        assert got[0].model_dump() == validate(load_text(text, str(SAMPLE))).model_dump()
    assert plans.tasks_only == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=st.integers(min_value=0, max_value=len(LINES) - 1),
    removed=st.integers(min_value=0, max_value=3),
    added=st.lists(st.sampled_from([*LINES, "", "  - x", "# c", "\t- y", "      ]"]), max_size=3),
)
def test_any_splice_reads_as_the_whole_file(at: int, removed: int, added: list[str]) -> None:
    """Lines removed and others (from the file) put in their place: whatever is spliced
    equals the whole reload of the same text."""
    text = "\n".join(LINES[:at] + added + LINES[at + removed :])
    located, _ = _held()
    spliced = reload_task(TEXT, located, text)
    if spliced is None:
        return
    _same_as_whole(spliced.located, text)
