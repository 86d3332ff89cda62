"""Linear in problems: a plan with many mistakes in one list cannot hold CI.

An attack found validation quadratic in the problems of one list (`load._Places.children`
rebuilt a list's slots for every problem: 20,000 bad items 19 s, a 4 MB plan past 600 s).
Nothing here times anything (timings are benchmarks/problems.py's): the work is counted as
the functions called (Python's and built-in ones, such as a list's append), which the
machine's load does not change, for N and 2N problems of each kind; linear work doubles,
quadratic work quadruples. And however many problems there
are, `check` prints the first errors.SHOWN of a file and a line with the count of the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml

from generator.errors import SHOWN, PlanError
from generator.plan.load import load_text
from generator.plan.validate import validate

from .conftest import ONE_TASK, PLAN_HEAD, run_generator

TASK = ONE_TASK
FIELD = "            "  # the indentation of the task's fields


def bad_statuses(n: int) -> str:
    """N updates in one list, each with a status that is no code (and a guess made for it)."""
    lines = [f"{FIELD}updates:"] + [f"{FIELD}  - {{date: 2022-10-01, status: xong}}" for _ in range(n)]
    return PLAN_HEAD + TASK + "\n".join(lines) + "\n"


def undeclared_units(n: int) -> str:
    """N units declared, N others led with: each undeclared one compared with the declared."""
    units = "".join(f'  - {{id: "phong-so-{i}", name: "Phòng {i}", short: "P{i}"}}\n' for i in range(n))
    lead = ", ".join(f'"phong-sp-{i}"' for i in range(n))
    return PLAN_HEAD + units + TASK.replace('lead: ["van-phong"]', f"lead: [{lead}]")


def unknown_keys(n: int) -> str:
    """N keys no task has, in one task: each is located among the task's keys."""
    return PLAN_HEAD + TASK + "".join(f"{FIELD}ghi_chu_{i}: x\n" for i in range(n))


def duplicate_keys(n: int) -> str:
    """N keys each written twice in one task: each second one names the line of the first."""
    return PLAN_HEAD + TASK + "".join(f"{FIELD}ghi_chu_{i}: x\n{FIELD}ghi_chu_{i}: y\n" for i in range(n))


def aliases(n: int) -> str:
    """N anchors and N aliases in one list (the loader's problems) and N items of the wrong type."""
    items = [f"{FIELD}  - &a{i} 'x'" for i in range(n)] + [f"{FIELD}  - *a{i}" for i in range(n)]
    items += [f"{FIELD}  - {{}}" for _ in range(n)]
    return PLAN_HEAD + TASK.replace('products: ["Quyết định"]', "products:\n" + "\n".join(items))


# Each kind with its N: large enough that quadratic work outweighs the rest of a run (a
# guess among the declared units is dear: 200 is enough).
KINDS: dict[str, tuple[Callable[[int], str], int]] = {
    "bad statuses": (bad_statuses, 1000),
    "undeclared units": (undeclared_units, 200),
    "unknown keys": (unknown_keys, 1000),
    "duplicate keys": (duplicate_keys, 1000),
    "aliases": (aliases, 1000),
}


def calls_made(work: Callable[[], Any]) -> int:
    """How many functions `work` calls, of Python (the standard library's too) and built in."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        count += event in ("call", "c_call")

    before = sys.getprofile()
    sys.setprofile(profile)
    try:
        work()
    except PlanError:
        pass
    finally:
        sys.setprofile(before)
    return count


def check_text(text: str) -> None:
    validate(load_text(text, "plan.yaml"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_work_of_validation_grows_linearly_with_the_problems_of_one_list(kind: str) -> None:
    make, n = KINDS[kind]
    # The texts are made before counting: only loading and validation are counted.
    small, large = make(n), make(2 * n)
    with pytest.raises(PlanError) as caught:
        check_text(small)
    assert len(caught.value.problems) >= n, caught.value.problems[:3]
    ratio = calls_made(lambda: check_text(large)) / calls_made(lambda: check_text(small))
    # Twice the problems: twice the work when linear (1.1 to 2.0 measured), four times when
    # quadratic (2.8 to 4.0 before the fix).
    assert ratio < 2.4, f"{kind}: {ratio:.2f} times the work for twice the problems"


def test_duplicate_keys_name_the_line_of_the_first_one() -> None:
    # They are worded once the mapping is read whole (load.events.Builder._name_duplicates).
    with pytest.raises(PlanError) as caught:
        check_text(duplicate_keys(3))
    first_line = PLAN_HEAD.count("\n") + TASK.count("\n") + 1
    messages = [p.message for p in caught.value.problems if "bị lặp" in p.message]
    assert messages == [
        f"khóa 'ghi_chu_{i}' bị lặp, đã có ở dòng {first_line + 2 * i} "
        "[duplicate key: YAML would silently keep only the last one]"
        for i in range(3)
    ]


def test_check_shows_the_first_problems_of_a_file_and_counts_the_rest(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = bad_statuses(SHOWN + 50)
    plan.write_text(text, encoding="utf-8")
    result = run_generator("check", "--plan", str(plan), env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    lines = result.stderr.strip().split("\n")
    printed = [line for line in lines if line.startswith(f"{plan}:")]
    annotations = [line for line in lines if line.startswith("::error ")]
    assert len(printed) == SHOWN + 1 and len(annotations) == SHOWN + 1
    # The last line stands for the rest, located at the first one not shown.
    statuses = [(n, line.index("xong") + 1) for n, line in enumerate(text.split("\n"), 1) if "xong" in line]
    line, col = statuses[SHOWN]
    assert printed[-1] == (
        f"{plan}:{line}:{col}: ... và 50 lỗi khác chưa hiện (chỉ hiện {SHOWN} lỗi đầu mỗi tệp) [and 50 more]"
    )
    assert lines[-1] == f"{SHOWN + 50} lỗi, hãy sửa rồi chạy lại [{SHOWN + 50} error(s)]"


def test_each_file_of_a_multi_plan_check_is_capped_alone(tmp_path: Path) -> None:
    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    one.write_text(bad_statuses(SHOWN + 1), encoding="utf-8")
    two.write_text(bad_statuses(3), encoding="utf-8")
    result = run_generator("check", "--plan", str(one), "--plan", str(two), env={"GITHUB_ACTIONS": "false"})
    lines = result.stderr.strip().split("\n")
    assert len([line for line in lines if line.startswith(f"{one}:")]) == SHOWN + 1
    assert len([line for line in lines if line.startswith(f"{two}:")]) == 3
    assert sum("... và 1 lỗi khác" in line for line in lines) == 1


def test_a_workbook_with_many_bad_rows_is_capped_too(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from generator.office.sheets import UPDATES

    from .conftest import SAMPLE_PLAN

    book = tmp_path / "plan.xlsx"
    assert run_generator("export", "--xlsx", str(book), "--plan", str(SAMPLE_PLAN)).returncode == 0
    wb = load_workbook(book)
    updates = wb[UPDATES.name]
    first = updates.max_row + 1
    for row in range(first, first + SHOWN + 20):
        updates[f"{UPDATES.letter(UPDATES.ref('task'))}{row}"] = "IX.9.9.z"  # no such task
    wb.save(book)
    result = run_generator("import", "--xlsx", str(book))
    assert result.returncode == 1
    lines = result.stderr.strip().split("\n")
    assert len([line for line in lines if "không có nhiệm vụ 'IX.9.9.z'" in line]) == SHOWN
    assert lines[-2] == f"... và 20 lỗi khác chưa hiện (chỉ hiện {SHOWN} lỗi đầu mỗi tệp) [and 20 more]"
    assert lines[-1].startswith(f"{SHOWN + 20} lỗi")


def test_the_texts_above_are_the_yaml_they_claim() -> None:
    # A plan text the tests above count on must read as meant, not fail as broken YAML.
    for make, _ in KINDS.values():
        if make is not aliases and make is not duplicate_keys:
            yaml.safe_load(make(2))
