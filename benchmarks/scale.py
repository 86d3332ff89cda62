"""How the build grows with the number of tasks: times each stage for synthetic plans.

Usage: .venv/bin/python benchmarks/scale.py [N ...]   (default: 57 1000 5000)

Reports what it measured on this machine; it asserts nothing (timings belong here,
not in tests). Each plan has 7 areas, 10 targets per area and N/70 tasks per target,
every task with two updates, so pages, feed and search index all grow with N.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.derive import derive  # noqa: E402 - after the path is set
from generator.load import load_file  # noqa: E402
from generator.pipeline import site_files, site_url  # noqa: E402
from generator.validate import validate  # noqa: E402
from generator.write import write_tree  # noqa: E402

AREAS = ["I", "II", "III", "IV", "V", "VI", "VII"]
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def synthetic_plan(tasks: int) -> dict[str, object]:
    per_target = max(1, tasks // (len(AREAS) * 10))
    units = [{"id": f"don-vi-{i}", "name": f"Phòng số {i}", "short": f"P{i}"} for i in range(12)]
    areas = []
    for a in AREAS:
        targets = []
        for t in range(1, 11):
            target_id = f"{a}.{t}"
            items = []
            for n in range(per_target):
                # ids: a..z, then za..zz, zza... keep them valid and unique
                letter = "z" * (n // 26) + LETTERS[n % 26]
                items.append(
                    {
                        "id": f"{target_id}.{letter}" if len(letter) == 1 else f"{target_id}.{n + 1}.a",
                        "title": f"Nhiệm vụ {n} của mục tiêu {target_id}: rà soát, công khai TTHC",
                        "products": ["Báo cáo", "Quyết định"],
                        "lead": [f"don-vi-{n % 12}"],
                        "partners": [f"don-vi-{(n + 1) % 12}"],
                        "deadline": {"text": "Quý IV/2022", "kind": "quarter", "quarter": "2022-Q4"},
                        "updates": [
                            {"date": dt.date(2022, 3, 1), "status": "not_started"},
                            {"date": dt.date(2022, 9, 1), "status": "in_progress", "percent": 50},
                        ],
                    }
                )
            kpi = {
                "id": "ty-le",
                "metric": "Tỷ lệ hồ sơ đúng hạn",
                "comparison": "at_least",
                "value": 96,
                "unit": "%",
                "measurements": [{"date": dt.date(2022, 6, 30), "value": 95.5, "source": "Báo cáo"}],
            }
            targets.append({"id": target_id, "text": f"Mục tiêu {target_id}", "kpis": [kpi], "tasks": items})
        areas.append({"id": a, "title": f"Lĩnh vực {a}", "targets": targets})
    meta = {
        "title": "Kế hoạch thử tải",
        "organization": "Tỉnh thử",
        "year": 2022,
        "as_of": dt.date(2022, 10, 15),
        "source": "tổng hợp",
        "sample": True,
    }
    return {"plan": meta, "units": units, "areas": areas}


def timed(label: str, results: list[tuple[str, float]], fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    results.append((label, time.perf_counter() - start))
    return value


def measure(tasks: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plan_file = work / "plan.yaml"
        plan_file.write_text(yaml.safe_dump(synthetic_plan(tasks), allow_unicode=True), encoding="utf-8")
        results: list[tuple[str, float]] = []
        located = timed("load", results, lambda: load_file(plan_file))
        plan = timed("validate", results, lambda: validate(located))
        site = timed("derive", results, lambda: derive(plan, plan.plan.as_of))
        files = timed("render", results, lambda: site_files(site, site_url()))
        timed("write", results, lambda: write_tree(work / "docs", files))
        for name in ("mkdocs.yml", "overrides"):
            subprocess.run(["cp", "-r", str(ROOT / name), str(work)], check=True)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(work / "mkdocs.yml")]
        timed("mkdocs build", results, lambda: subprocess.run(cmd, check=True, env=env))
        # generator/search.py's index: many small files, of which a query fetches a few.
        index = sum(f.stat().st_size for f in (work / "site" / "search").rglob("*.json"))
        count = len(plan.tasks())
        stages = ", ".join(f"{label} {seconds:.2f}s" for label, seconds in results)
        total = sum(seconds for _, seconds in results)
        print(f"{count:>6} tasks: total {total:.1f}s ({stages}); search index {index / 1e6:.1f} MB")


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [57, 1000, 5000]:
        measure(n)
