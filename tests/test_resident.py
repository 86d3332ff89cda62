"""`make serve` loads a save by the edited task's lines alone (plan/load/splice.py): the plan
it splices must be the one a whole reload gives, positions included, and anything it
cannot splice must fall back to the whole reload."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build.serve import MkDocsSite, Preview, _Plans
from generator.build.stamp import STAMP
from generator.derive import routes
from generator.errors import PlanError
from generator.plan.check import check_located
from generator.plan.load import Located, load_text
from generator.plan.load.splice import reload_task
from generator.plan.model import Plan
from generator.plan.validate import validate, validate_task

from .conftest import SAMPLE_PLAN, run_generator

SAMPLE = SAMPLE_PLAN
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


class _NoMkDocs(MkDocsSite):
    """The preview without MkDocs: what each step asked it to build."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def full(self) -> None:
        self.asked.append(["*"])

    def update(self, changed: Sequence[str]) -> None:
        self.asked.append(list(changed))


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_an_edit_rewrites_its_page_alone_and_idle_makes_the_build(tmp_path: Path) -> None:
    """A task's edit writes its page into docs/ in place, nothing else (docs/ was read back
    and linked anew on every save: 0.1 to 0.4 s at 5,000 tasks); the stamp goes, as it no
    longer describes docs/; when idle, docs/ is what `generator build` writes."""
    plan, docs = tmp_path / "plan.yaml", tmp_path / "docs"
    plan.write_text(TEXT, encoding="utf-8")
    mkdocs = _NoMkDocs()
    preview = Preview([plan], docs, mkdocs)
    folder, before = docs.stat().st_ino, _inodes(docs)
    assert STAMP in before
    plan.write_text(EDITS["title"], encoding="utf-8")
    assert preview.edit(preview._read())
    page = routes.area("I")
    assert mkdocs.asked == [[page]]
    assert "Sửa&#58; Rà soát" in (docs / page).read_text(encoding="utf-8")
    after = _inodes(docs)
    assert docs.stat().st_ino == folder
    assert after.keys() == before.keys() - {STAMP}
    assert [rel for rel in after if after[rel] != before[rel]] == [page]
    # Saved again unchanged: nothing to write, nothing for MkDocs.
    assert not preview.edit(preview._read()) and mkdocs.asked[-1] == []
    preview.idle()
    built = tmp_path / "built"
    done = run_generator("build", "--plan", str(plan), "--out", str(built))
    assert done.returncode == 0, done.stderr
    assert _files(docs) == _files(built)


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_an_edit_of_english_text_alone_shows_first_in_the_english_edition(tmp_path: Path) -> None:
    plan, docs = tmp_path / "plan.yaml", tmp_path / "docs"
    plan.write_text(TEXT, encoding="utf-8")
    mkdocs = _NoMkDocs()
    preview = Preview([plan], docs, mkdocs)
    title_en = _line("title_en:", TASK)
    plan.write_text(_edited(title_en, 'title_en: "', 'title_en: "Edited: '), encoding="utf-8")
    assert preview.edit(preview._read())
    page = routes.ENGLISH + routes.area("I")
    assert mkdocs.asked == [[page]]
    assert "Edited&#58; Review" in (docs / page).read_text(encoding="utf-8")
