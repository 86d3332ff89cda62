"""How `check` grows with the number of problems in one list: it must grow linearly.

Usage: .venv/bin/python benchmarks/problems.py [N ...]   (default: 2000 20000)

For each kind of mistake below, writes the sample plan with N of them in one list (or
one mapping), runs `python -m generator check` on it as a child process and prints its
wall and CPU seconds, peak RSS and the lines it printed (at most errors.SHOWN problems and
a count line), then the ratio of the largest N to the smallest, of the CPU seconds and of
those above `check` of the valid sample plan (starting Python, reading a plan): about N's
ratio (10) when the time is linear, N's ratio squared (100) when quadratic. Prints what it
measured; it asserts nothing.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-plan.yaml"


def _first_task(plan: dict[str, Any]) -> dict[str, Any]:
    area = plan["areas"][0]
    targets = area["groups"][0]["targets"] if area.get("groups") else area["targets"]
    task: dict[str, Any] = targets[0]["tasks"][0]
    return task


def bad_statuses(plan: dict[str, Any], n: int) -> str:
    """N updates of one task, each with a status that is no code ('xong': a guess is made)."""
    _first_task(plan)["updates"] = [{"date": "2022-01-01", "status": "xong"} for _ in range(n)]
    return _dump(plan)


def undeclared_units(plan: dict[str, Any], n: int) -> str:
    """N units declared and N undeclared ones in one task's `lead` (a guess among N units each)."""
    plan["units"] += [{"id": f"phong-so-{i}", "name": f"Phòng {i}", "short": f"P{i}"} for i in range(n)]
    _first_task(plan)["lead"] = [f"phong-sp-{i}" for i in range(n)]
    return _dump(plan)


def bad_unit_ids(plan: dict[str, Any], n: int) -> str:
    """N units whose id ends with a zero-width space (each named in words)."""
    plan["units"] += [{"id": f"phong-{i}\u200b", "name": f"Phòng {i}", "short": f"P{i}"} for i in range(n)]
    return _dump(plan)


def unknown_keys(plan: dict[str, Any], n: int) -> str:
    """N keys no plan has, in one task (a guess among the task's keys each)."""
    _first_task(plan).update({f"ghi_chu_{i}": "x" for i in range(n)})
    return _dump(plan)


def duplicate_keys(plan: dict[str, Any], n: int) -> str:
    """N keys each written twice in one task: every second one names the line of the first."""
    text = _dump(plan)
    task = _first_task(plan)
    marker = f"title: {yaml.safe_dump(task['title'], allow_unicode=True).splitlines()[0]}"
    assert marker in text, marker
    lines = [f"ghi_chu_{i}: x" for i in range(n)]
    indent = text[: text.index(marker)].rsplit("\n", 1)[1]
    extra = "".join(f"\n{indent}{line}\n{indent}{line}" for line in lines)
    return text.replace(marker, marker + extra, 1)


def aliases(plan: dict[str, Any], n: int) -> str:
    """N aliases in one task's `products` (loader problems) beside N products of the wrong type."""
    text = _dump(plan)
    task = _first_task(plan)
    marker = "products:\n"
    at = text.index(marker, text.index(task["id"]))
    indent = text[:at].rsplit("\n", 1)[1]
    items = [f"{indent}- &a{i} 'x'" for i in range(n)] + [f"{indent}- *a{i}" for i in range(n)]
    items += [f"{indent}- {{}}" for _ in range(n)]
    return text[: at + len(marker)] + "\n".join(items) + "\n" + text[at + len(marker) :]


def _dump(plan: dict[str, Any]) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(plan, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000))


KINDS: dict[str, Callable[[dict[str, Any], int], str]] = {
    "bad status in updates": bad_statuses,
    "undeclared units in lead": undeclared_units,
    "invisible character in unit ids": bad_unit_ids,
    "unknown keys in a task": unknown_keys,
    "duplicate keys in a task": duplicate_keys,
    "aliases in products": aliases,
}


def measure(plan: Path) -> tuple[float, float, float, int, int]:
    """Wall s, CPU s, peak RSS MB, exit code and stderr lines of `check` on `plan`."""
    env = {**os.environ, "GITHUB_ACTIONS": "false"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "check", "--plan", str(plan)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, err.count(b"\n")


def main() -> None:
    sizes = [int(n) for n in sys.argv[1:]] or [2000, 20000]
    base = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    print(f"{'kind':34} {'N':>7} {'KB':>7} {'wall s':>7} {'CPU s':>7} {'RSS MB':>7} {'lines':>6}")
    wall, baseline, rss, code, lines = measure(SAMPLE)
    assert code == 0, f"{SAMPLE} is not valid"
    size = SAMPLE.stat().st_size // 1024
    print(f"{'(the sample plan, valid)':34} {0:7} {size:7} {wall:7.2f} {baseline:7.2f} {rss:7.0f} {lines:6}")
    with tempfile.TemporaryDirectory() as folder:
        for name, make in KINDS.items():
            cpu: dict[int, float] = {}
            for n in sizes:
                plan = Path(folder) / "plan.yaml"
                plan.write_text(make(copy.deepcopy(base), n), encoding="utf-8")
                wall, cpu[n], rss, code, lines = measure(plan)
                assert code == 1, f"{name}: check exited {code}"
                size = plan.stat().st_size // 1024
                print(f"{name:34} {n:7} {size:7} {wall:7.2f} {cpu[n]:7.2f} {rss:7.0f} {lines:6}")
            low, high = min(sizes), max(sizes)
            if low != high:
                ratio = cpu[high] / cpu[low]
                above = (cpu[high] - baseline) / (cpu[low] - baseline)  # without Python starting up
                print(
                    f"{'':34} CPU ratio {high}/{low}: {ratio:.1f}, above the valid sample's "
                    f"{above:.1f} (N ratio {high / low:.0f})"
                )


if __name__ == "__main__":
    main()
