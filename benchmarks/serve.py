"""The live preview as staff use it: save a one-task edit, time until the browser shows it.

Usage: .venv/bin/python benchmarks/serve.py [--tasks 5000] [--edits 3] [--no-dirty]

Writes a synthetic plan (benchmarks/scale.py), builds docs/ once, then runs what
`make serve` runs: `python -m generator watch` and `mkdocs serve --livereload` (with
`--dirty` unless told otherwise), opens the edited task's area page in Chromium and,
for each edit, changes the task's title in the plan file and measures the seconds from
the write until the page in the browser shows the new title (MkDocs' live reload
reloads it). It also prints, from the two processes' logs, when the generator finished
and when MkDocs told the browser to reload. It asserts nothing: timings belong here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import ROOT, _env, plan_yaml

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class Log:
    """A process's output lines with the time each arrived (read on a thread)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.lines: list[tuple[float, str]] = []
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:  # type: ignore[no-untyped-def]
        for raw in iter(stream.readline, b""):
            self.lines.append((time.perf_counter(), raw.decode(errors="replace").rstrip()))

    def first_after(self, start: float, needle: str) -> float | None:
        return next((t for t, line in list(self.lines) if t >= start and needle in line), None)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, timeout: float) -> None:
    import urllib.request

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--no-dirty", action="store_true", help="mkdocs serve without --dirty")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    env = _env()
    py = sys.executable
    with tempfile.TemporaryDirectory(prefix="cc-serve-") as tmp:
        work = Path(tmp)
        plan = work / "plan.yaml"
        text = plan_yaml(args.tasks)
        plan.write_text(text, encoding="utf-8")
        shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
        shutil.copytree(ROOT / "overrides", work / "overrides")
        docs = work / "docs"
        subprocess.run(
            [py, "-m", "generator", "build", "--plan", str(plan), "--out", str(docs)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        # The task to edit: the first whose title starts with one of these verbs.
        match = re.search(r"- id: (\S+)\n(?:.*\n){0,3}?\s+title: (Rà soát|Triển khai|Tổ chức)", text)
        assert match, "no task to edit"
        task_id = match.group(1).strip("'\"")
        area = task_id.split(".")[0].lower()
        port = _port()
        serve = [
            py,
            "-m",
            "mkdocs",
            "serve",
            "--livereload",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(work / "mkdocs.yml"),
        ]
        if not args.no_dirty:
            serve.append("--dirty")
        both = {
            "stdout": subprocess.PIPE,
            "stderr": subprocess.STDOUT,
            "env": {**env, "PYTHONUNBUFFERED": "1"},
        }
        watcher = subprocess.Popen(
            [py, "-m", "generator", "watch", "--plan", str(plan), "--out", str(docs)], cwd=ROOT, **both
        )  # type: ignore[call-overload]
        mkdocs = subprocess.Popen(serve, cwd=work, **both)  # type: ignore[call-overload]
        watch_log, mkdocs_log = Log(watcher), Log(mkdocs)
        results = []
        try:
            _wait_http(f"http://127.0.0.1:{port}/", 300)
            time.sleep(3)  # the watcher's first pass (nothing changed) and MkDocs settle
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                page.set_default_timeout(120_000)
                page.goto(f"http://127.0.0.1:{port}/linh-vuc/{area}/#{task_id}")
                current = text
                for n in range(1, args.edits + 1):
                    marker = f"Đã sửa lần {n}"
                    edited = re.sub(
                        r"(- id: "
                        + re.escape(match.group(1))
                        + r"\n(?:.*\n){0,3}?\s+title: )(Đã sửa lần \d+ )?",
                        lambda m, marker=marker: m.group(1) + marker + " ",
                        current,
                        count=1,
                    )
                    assert edited != current
                    start = time.perf_counter()
                    plan.write_text(edited, encoding="utf-8")
                    page.wait_for_function("m => document.body.innerText.includes(m)", arg=marker, polling=50)
                    shown = time.perf_counter() - start
                    generated = watch_log.first_after(start, "đã tạo lại")
                    reload = mkdocs_log.first_after(start, "Reloading browsers")
                    results.append(
                        (
                            shown,
                            generated - start if generated else None,
                            reload - start if reload else None,
                        )
                    )
                    current = edited
                    time.sleep(2)
                browser.close()
        finally:
            for proc in (watcher, mkdocs):
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        mode = "mkdocs serve --livereload" + ("" if args.no_dirty else " --dirty")
        print(f"{args.tasks:,} tasks, {mode}; edit of task {task_id}'s title, seconds from saving the plan:")
        print("| edit | generator done | MkDocs reloads browsers | shown in the browser |")
        print("|---:|---:|---:|---:|")
        for n, (shown, generated, reload) in enumerate(results, start=1):
            g = f"{generated:.2f}" if generated is not None else "?"
            r = f"{reload:.2f}" if reload is not None else "?"
            print(f"| {n} | {g} | {r} | {shown:.2f} |")


if __name__ == "__main__":
    main()
