"""The guide page and the README: every example, applied to the real plan as they say, works.

The texts live once, in generator/pages/guide.py; the page shows them (checked on the rendered
Markdown) and these tests apply them to a copy of content/plan.yaml at the place the page
names. A wrong indentation, a renamed key or a changed rule makes an example fail here
before staff copy it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator.derive.views import derive
from generator.errors import PlanError
from generator.pages import guide
from generator.pages.render import iter_pages
from generator.plan.check import check
from generator.plan.labels import SHOWN_LABELS
from generator.plan.load import load_text
from generator.plan.model import KpiResult, Plan, Shown, Status
from generator.plan.newyear import new_year
from generator.plan.status import TaskState, kpi_state, task_state
from generator.plan.validate import validate

from .conftest import REAL_PLAN, ROOT, build_site

# The real plan as the guide shows it: before any report. Staff following the guide add
# real reports (to II.1.3.b first of all); the guide's examples must still apply, so the
# tests take the plan without its progress (what `new-year` keeps, for the same year).
_REAL = check(REAL_PLAN)
REAL_TEXT = new_year(REAL_PLAN.read_text(encoding="utf-8"), _REAL, _REAL.plan.year, _REAL.plan.as_of).text
SHOWN = "content/plan.yaml"


def _yaml_blocks(markdown: str) -> list[str]:
    """The text of every top-level ```yaml block, as a reader copies it."""
    return [m[1] for m in re.finditer(r"^```yaml\n(.*?)^```$", markdown, re.S | re.M)]


def _valid(text: str) -> Plan:
    return validate(load_text(text, SHOWN))


def _problems(text: str) -> list[str]:
    with pytest.raises(PlanError) as err:
        _valid(text)
    return [str(p) for p in err.value.problems]


@pytest.fixture(scope="module")
def guide_page() -> str:
    plan = check(REAL_PLAN)
    return dict(iter_pages(derive(plan, plan.plan.as_of)))["huong-dan.md"]


def test_the_lines_the_guide_shows_are_the_real_files_lines() -> None:
    for context in (guide.EXAMPLE_CONTEXT, guide.KPI_CONTEXT, guide.TRIGGER_BEFORE):
        assert context in REAL_TEXT, (
            f"content/plan.yaml no longer holds these lines; update generator/pages/guide.py:\n{context}"
        )
    # The page shows the task before its first report and says the plan has no `updates:` yet.
    assert guide.EXAMPLE_CONTEXT + guide.EXAMPLE_NEXT in REAL_TEXT, (
        f"{guide.EXAMPLE_TASK} now has lines after its deadline (a real report?): the guide's "
        "'before' view no longer matches; pick a task without updates in generator/pages/guide.py"
    )
    assert guide.UPDATE.text.lstrip().startswith("updates:")


def test_the_page_shows_every_example_verbatim(guide_page: str) -> None:
    blocks = _yaml_blocks(guide_page)
    shown = [
        guide.EXAMPLE_CONTEXT + guide.EXAMPLE_NEXT,
        guide.UPDATE.text,
        guide.EXAMPLE_CONTEXT + guide.UPDATE.text + guide.EXAMPLE_NEXT,
        guide.QUARTERS.text,
        guide.TRIGGER_BEFORE,
        guide.TRIGGER.text,
        guide.KPI_CONTEXT + guide.MEASUREMENT.text,
        guide.ENGLISH.text,
    ]
    for mistake in guide.MISTAKES:
        shown += [mistake.before.text.replace("\t", "⇥"), mistake.after.text]
    assert blocks == shown


def test_the_pasted_result_is_what_the_page_shows() -> None:
    after = guide.apply(REAL_TEXT, guide.UPDATE)
    assert guide.EXAMPLE_CONTEXT + guide.UPDATE.text + guide.EXAMPLE_NEXT in after
    assert len(after.splitlines()) == len(REAL_TEXT.splitlines()) + len(guide.UPDATE.text.splitlines())


def test_status_table_names_every_code_with_the_sites_label(guide_page: str) -> None:
    assert set(guide.STATUS_MEANINGS) == set(Status)
    for status in Status:
        row = next(line for line in guide_page.splitlines() if line.startswith(f"| `{status.value}` |"))
        assert SHOWN_LABELS[Shown(status.value)] in row
    assert SHOWN_LABELS[Shown.NOT_REPORTED] in guide_page


def _task_section(page: Path, task_id: str) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    heading = soup.find(id=task_id)
    assert isinstance(heading, Tag), task_id
    parts = []
    for sibling in heading.find_next_siblings():
        if isinstance(sibling, Tag) and sibling.name in ("h2", "h3", "h4"):
            break
        parts.append(str(sibling))
    return "".join(parts)


def test_worked_example_validates_and_the_area_page_shows_it(tmp_path: Path) -> None:
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(guide.apply(REAL_TEXT, guide.UPDATE), encoding="utf-8")
    _valid(plan_file.read_text(encoding="utf-8"))
    site = build_site(plan_file, tmp_path / "work")
    section = _task_section(site / "linh-vuc" / "ii" / "index.html", guide.EXAMPLE_TASK)
    soup = BeautifulSoup(section, "html.parser")
    status = soup.select_one(".cc-st")
    assert status is not None and "cc-st-in_progress" in status["class"]
    assert SHOWN_LABELS[Shown.IN_PROGRESS] in status.get_text()
    assert "(75%)" in soup.get_text()
    assert "đã đồng bộ 45/60 TTHC" in soup.get_text()
    link = soup.find("a", href="https://congthuong.dongnai.gov.vn/bao-cao-123-bc-sct.pdf")
    assert link is not None and link.get_text() == "Báo cáo số 123/BC-SCT ngày 26/12/2022"
    # The guide page itself is in the strict build, reachable from the nav and the method page.
    assert (site / "huong-dan" / "index.html").is_file()
    method = (site / "cach-tinh" / "index.html").read_text(encoding="utf-8")
    assert 'href="../huong-dan/"' in method


def _state_of(plan: Plan, task_id: str) -> TaskState:
    task = next(t for t in plan.tasks() if t.id == task_id)
    return task_state(task, plan.plan.as_of, dt.date(plan.plan.year, 12, 31))


def test_quarterly_reports_count_for_their_own_quarters() -> None:
    plan = _valid(guide.apply(REAL_TEXT, guide.QUARTERS))
    state = _state_of(plan, guide.EXAMPLE_TASK)
    assert state.period == "2022-Q4" and state.shown == Shown.IN_PROGRESS
    assert state.latest is not None and state.latest.date == dt.date(2022, 12, 26)
    assert [u.period for u in state.history] == ["2022-Q3", None]


def test_a_recorded_trigger_gives_the_conditional_task_its_due_date() -> None:
    before = _state_of(_valid(REAL_TEXT), guide.TRIGGER_TASK)
    assert before.awaiting_trigger and before.due is None
    after = _state_of(_valid(guide.apply(REAL_TEXT, guide.TRIGGER)), guide.TRIGGER_TASK)
    assert after.due == dt.date(2022, 12, 31) and not after.awaiting_trigger


def test_a_kpi_measurement_is_counted() -> None:
    plan = _valid(guide.apply(REAL_TEXT, guide.MEASUREMENT))
    kpi = next(k for t in plan.targets() for k in t.kpis if k.id == guide.KPI_ID)
    state = kpi_state(kpi, plan.plan.as_of)
    assert state.latest is not None and state.latest.value == 75
    assert state.result == KpiResult.NOT_MET  # 75% against "100%"


def _inserted_lines(edit: guide.Edit) -> range:
    """Line numbers (1-based) that `edit` writes into the real plan."""
    after = guide.apply(REAL_TEXT, edit).splitlines()
    before = REAL_TEXT.splitlines()
    first = next(i for i, (a, b) in enumerate(zip(after, before, strict=False)) if a != b)
    return range(first + 1, first + 1 + len(edit.text.splitlines()))


@pytest.mark.parametrize("mistake", guide.MISTAKES, ids=lambda m: m.title)
def test_each_mistake_fails_near_its_line_and_its_fix_passes(mistake: guide.Mistake) -> None:
    problems = _problems(guide.apply(REAL_TEXT, mistake.before))
    lines = _inserted_lines(mistake.before)
    reported = [int(p.split(":")[1]) for p in problems]
    # The line of the mistake, or the line right after it (where YAML notices it).
    assert any(lines.start <= n <= lines.stop for n in reported), (lines, problems)
    _valid(guide.apply(REAL_TEXT, mistake.after))


def test_an_existing_updates_list_gets_only_the_new_entry() -> None:
    once = guide.apply(REAL_TEXT, guide.UPDATE)
    later = guide.Edit(guide.EXAMPLE_TASK, guide.UPDATE.text.replace("2022-12-26", "2022-12-30"))
    twice = guide.apply(once, later)
    assert twice.count("                updates:\n") == once.count("                updates:\n") == 1
    task = next(t for t in _valid(twice).tasks() if t.id == guide.EXAMPLE_TASK)
    assert [u.date.day for u in task.updates] == [26, 30]


# --- README ------------------------------------------------------------------------


def _readme_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Cập nhật tiến độ một nhiệm vụ (dành cho cán bộ)")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def test_readme_example_pasted_as_the_readme_says_validates() -> None:
    section = _readme_section()
    blocks = _yaml_blocks(section)
    assert len(blocks) >= 2, "README: a block of the task as it is, then the lines to add"
    context, paste = blocks[0], blocks[1]
    task_id = re.search(r'- id: "([^"]+)"', context)
    assert task_id, context
    # The task lines shown are the file's own lines, with their real indentation.
    assert context.splitlines()[0] + "\n" in REAL_TEXT
    for line in context.splitlines():
        assert line + "\n" in REAL_TEXT, f"README shows a line the plan does not hold: {line!r}"
    plan = _valid(guide.apply(REAL_TEXT, guide.Edit(task_id[1], paste)))
    state = _state_of(plan, task_id[1])
    assert state.latest is not None and state.latest.evidence
    assert "huong-dan" in section, "README links to the guide page"
