"""`python -m generator new-year`: next year's plan from the last one, structure without progress."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from generator.plan.load import load_text
from generator.plan.model import Plan, area_targets
from generator.plan.newyear import new_year
from generator.plan.validate import validate

from .conftest import ONE_TASK, PLAN_HEAD, SAMPLE_PLAN, run_generator
from .conftest import PRISTINE_PLAN as REAL_PLAN  # the real plan before any report


def _plan(text: str) -> Plan:
    return validate(load_text(text, "new.yaml"))


def _structure(plan: Plan) -> list[object]:
    """Everything a new year keeps: units, areas, targets, KPI thresholds, tasks without progress."""
    out: list[object] = [plan.units]
    for a, area in enumerate(plan.areas):
        out.append((area.id, area.title, [g.id for g in area.groups]))
        for target in (placed.target for placed in area_targets(area, a)):
            out.append(
                (target.id, target.text, [k.model_copy(update={"measurements": []}) for k in target.kpis])
            )
            for task in target.tasks:
                deadline = task.deadline.model_copy(update={"trigger": None})
                out.append(task.model_copy(update={"updates": [], "deadline": deadline}))
    return out


def _changed_lines(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    a, b = old.splitlines(), new.splitlines()
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


def test_real_plan_becomes_next_year_changing_only_the_plan_header(tmp_path: Path) -> None:
    old_text = REAL_PLAN.read_text(encoding="utf-8")
    out = tmp_path / "plan-2023.yaml"
    result = run_generator("new-year", "--from", str(REAL_PLAN), "--year", "2023", "--out", str(out))
    assert result.returncode == 0, result.stderr
    new_text = out.read_text(encoding="utf-8")
    plan, old = _plan(new_text), _plan(old_text)
    assert (plan.plan.year, plan.plan.as_of) == (2023, dt.date(2023, 1, 1))
    assert plan.plan.title == "Kế hoạch cải cách hành chính năm 2023"
    assert _structure(plan) == _structure(old)
    # Comments, quotes, key order and one-line deadlines are the staff's: only 4 lines change.
    changes = _changed_lines(old_text, new_text)
    assert [tag for tag, _, _ in changes] == ["replace", "replace"]
    changed = [line.split(":")[0].strip() for _, before, _ in changes for line in before]
    assert changed == ["title", "year", "as_of", "source"]
    # Deadlines left in 2022 are listed with the line to edit in the new file.
    listed = re.findall(rf"^{re.escape(str(out))}:(\d+):\d+: (\S+): thời hạn '(.+)'$", result.stdout, re.M)
    lines = new_text.splitlines()
    assert [task for _, task, _ in listed] == [
        "I.1.a",
        "I.1.b",
        "I.2.a",
        "II.1.5.a",
        "VI.2.2.a",
        "VII.1.a",
        "VII.2.a",
    ]
    for line, _, text in listed:
        assert lines[int(line) - 1].lstrip().startswith("deadline: {text: " + f'"{text}"')
    assert "7 thời hạn vẫn ở năm cũ" in result.stdout


def test_progress_is_dropped_and_every_comment_kept() -> None:
    old_text = SAMPLE_PLAN.read_text(encoding="utf-8")
    old = _plan(old_text)
    made = new_year(old_text, old, 2023)
    plan = _plan(made.text)
    assert _structure(plan) == _structure(old)
    assert not any(t.updates or t.deadline.trigger for t in plan.tasks())
    assert not any(k.measurements for t in plan.targets() for k in t.kpis)
    assert made.removed == {
        "updates": sum(len(t.updates) for t in old.tasks()),
        "measurements": sum(len(k.measurements) for t in old.targets() for k in t.kpis),
        "trigger": sum(1 for t in old.tasks() if t.deadline.trigger),
    }
    assert made.removed["updates"] > 0 and made.removed["measurements"] > 0 and made.removed["trigger"] > 0

    def comments(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.lstrip().startswith("#")]

    assert comments(made.text) == comments(old_text)  # same words, same indentation, same order
    # Apart from the header, the new file is the old one with lines taken out, none added.
    for tag, before, after in _changed_lines(old_text, made.text):
        assert tag == "delete" or {line.split(":")[0].strip() for line in before} <= {
            "title",
            "title_en",
            "year",
            "as_of",
            "source",
        }, (tag, before, after)


def test_shift_deadlines_moves_old_year_deadlines_and_their_words(tmp_path: Path) -> None:
    out = tmp_path / "plan-2023.yaml"
    result = run_generator(
        "new-year",
        "--from",
        str(REAL_PLAN),
        "--year",
        "2023",
        "--out",
        str(out),
        "--shift-deadlines",
        "--as-of",
        "2023-03-31",
    )
    assert result.returncode == 0, result.stderr
    plan, old = _plan(out.read_text(encoding="utf-8")), _plan(REAL_PLAN.read_text(encoding="utf-8"))
    assert plan.plan.as_of == dt.date(2023, 3, 31)
    pairs = list(zip(old.tasks(), plan.tasks(), strict=True))
    moved = [(a.deadline, b.deadline) for a, b in pairs if a.deadline != b.deadline]
    assert len(moved) == 7
    for before, after in moved:
        assert "2022" not in after.text and after.text == before.text.replace("2022", "2023")
        if before.date:
            assert after.date == before.date.replace(year=2023)
        if before.quarter:
            assert after.quarter == before.quarter.replace("2022", "2023")
        if before.month:
            assert after.month == before.month.replace("2022", "2023")
    assert "Đã dời 7 thời hạn" in result.stdout and "vẫn ở năm cũ" not in result.stdout


LEAP = (
    PLAN_HEAD.replace("2022", "2024")
    + ONE_TASK.replace("Nhiệm vụ thử", "Nhiệm vụ hạn ngày nhuận")
    .replace("15/11/2022", "29/02/2024")
    .replace("2022-11-15", "2024-02-29")
    + """\
          - id: "I.1.b"
            title: "Nhiệm vụ có điều kiện"
            products: ["Quyết định"]
            lead: ["van-phong"]
            deadline:
              text: "Khi có chủ trương của UBND tỉnh"
              kind: "condition"
              trigger:
                date: 2024-03-01
                due: 2024-06-30
            # the next task keeps this comment
          - id: "I.1.c"
            title: "Nhiệm vụ thường xuyên"
            products: ["Báo cáo"]
            lead: ["van-phong"]
            deadline: {text: "Thường xuyên", kind: "ongoing"}
"""
)


def test_a_deadline_that_cannot_move_is_listed_not_guessed() -> None:
    made = new_year(LEAP, _plan(LEAP), 2025, shift_deadlines=True)
    plan = _plan(made.text)
    first = plan.tasks()[0]
    assert first.deadline.date == dt.date(2024, 2, 29)  # 29/02/2025 does not exist: a person decides
    assert [task for _, task, _ in made.stale] == ["I.1.a"]
    assert plan.tasks()[1].deadline.trigger is None and made.removed["trigger"] == 1
    assert '            # the next task keeps this comment\n          - id: "I.1.c"' in made.text


def test_refuses_to_overwrite_and_writes_nothing_from_a_broken_plan(tmp_path: Path) -> None:
    existing = tmp_path / "plan.yaml"
    existing.write_text("giữ nguyên\n", encoding="utf-8")
    result = run_generator("new-year", "--from", str(REAL_PLAN), "--year", "2023", "--out", str(existing))
    assert result.returncode == 1 and "không ghi đè" in result.stderr
    assert existing.read_text(encoding="utf-8") == "giữ nguyên\n"

    broken = tmp_path / "broken.yaml"
    broken.write_text(LEAP.replace('kind: "ongoing"', 'kind: "xong"'), encoding="utf-8")
    out = tmp_path / "new.yaml"
    result = run_generator("new-year", "--from", str(broken), "--year", "2025", "--out", str(out))
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(str(broken))}:\d+:\d+: .*'xong'", result.stderr, re.M), result.stderr
    assert not out.exists()
