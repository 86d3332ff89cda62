"""The live preview as staff use it: save a one-task edit, time until the browser shows it.

Usage: .venv/bin/python benchmarks/serve.py [--tasks 5000] [--edits 3] [--hugo]

Writes a synthetic plan (benchmarks/scale.py), then runs what `make serve` runs,
`python -m generator serve` (one resident process: it builds once, then on each save
builds the pages the edit shows on and reloads the browser), opens the edited task's
page in Chromium (its area's, or its group's when the area is over the page budget)
and, for each edit, changes the task's title in the plan file and measures the seconds
from the write until the page in the browser shows the new title.
It also prints, from the process's log, when the edited page was built and when the
browser was told to reload.

--hugo runs `hugo server` on the same plan beside it (benchmarks/hugo_site.py: the
plan as Hugo data, the same page paths) and times the same edit made to Hugo's data
file, in the same browser, by the same method: ours, then Hugo, then ours... so that
both share the machine's moments of load. It asserts nothing: timings belong here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO, TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import _env, generator_cmd, site_folder

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
# While a page reloads, `document.body` is null for a moment and the old page's context goes
# away under a running check: the check guards against the first and wait_shown retries the
# second.
SHOWN = "m => document.body !== null && document.body.innerText.includes(m)"
RELOADING = (
    "Execution context was destroyed",
    "Cannot find context with specified id",
    "frame was detached",
    "navigating",
)
SETTLE_SECONDS = 3.0  # after an edit is shown, the servers finish what they do after it


class Log:
    """A process's output lines with the time each arrived (read on a thread)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.lines: list[tuple[float, str]] = []
        assert proc.stdout is not None
        threading.Thread(target=self._read, args=(proc.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes]) -> None:
        for raw in iter(stream.readline, b""):
            self.lines.append((time.perf_counter(), raw.decode(errors="replace").rstrip()))

    def first_after(self, start: float, needle: str) -> float | None:
        return next((t for t, line in list(self.lines) if t >= start and needle in line), None)

    def tail(self, n: int = 20) -> str:
        return "\n".join(line for _, line in self.lines[-n:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def wait_shown(page: Page, marker: str, timeout: float = 120.0) -> None:
    """Until the page in the browser shows `marker`, across the reloads that bring it."""
    from playwright.sync_api import Error

    end = time.monotonic() + timeout
    while True:
        left_ms = max(1.0, (end - time.monotonic()) * 1000)
        try:
            page.wait_for_function(SHOWN, arg=marker, polling=50, timeout=left_ms)
            return
        except Error as err:
            if not any(words in err.message for words in RELOADING) or time.monotonic() > end:
                raise


@dataclass
class Preview:
    """A running preview server: where the edited task's page is, how to save an edit,
    and the steps its logs tell (name, log, line) to time after each save."""

    name: str
    url: str
    save: Callable[[str], None]
    steps: list[tuple[str, Log, str]]
    # The log line saying the server is done with an edit (ours: the rest of the site, made
    # when idle), waited for before the next edit so that each edit finds it at rest.
    settled: tuple[Log, str] | None = None
    times: list[tuple[float, dict[str, float | None]]] = field(default_factory=list)


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _piped(cmd: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    env = {**_env(), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def retitled(text: str, before: str, marker: str) -> str:
    """`text` with the title after `before` (a regex ending just before the title) starting
    with `marker`, in place of an earlier marker."""
    edited, n = re.subn(
        "(" + before + r")(Đã sửa lần \d+ )?", lambda m: m.group(1) + marker + " ", text, count=1
    )
    assert n == 1, f"no title after {before!r}"
    return edited


@contextmanager
def ours(work: Path, plan: Path, task_id: str, page: str) -> Iterator[Preview]:
    """`make serve`: `python -m generator serve`, in the folder holding mkdocs.yml."""
    port = free_port()
    server = _piped([*generator_cmd("serve", [plan], work / "docs"), "-a", f"127.0.0.1:{port}"], work)
    log = Log(server)
    text = [plan.read_text(encoding="utf-8")]
    before = r"- id: ['\"]?" + re.escape(task_id) + r"['\"]?\n(?:.*\n){0,3}?\s+title: "

    def save(marker: str) -> None:
        text[0] = retitled(text[0], before, marker)
        plan.write_text(text[0], encoding="utf-8")

    try:
        wait_http(f"http://127.0.0.1:{port}/", 300)
        time.sleep(SETTLE_SECONDS)
        steps = [("page built", log, "đã hiện thay đổi")]
        settled = (log, "phần còn lại")
        yield Preview("make serve", _page_url(port, page, task_id), save, steps, settled)
    except TimeoutError:
        sys.exit(f"generator serve did not start:\n{log.tail()}")
    finally:
        _stop([server])


@contextmanager
def hugo(site: Path, task_id: str, page: str) -> Iterator[Preview]:
    """`hugo server` with its defaults (fast render, pages written to disk, live reload)."""
    from hugo_site import hugo_binary

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    cmd = [str(hugo_binary()), "server", "--source", str(site), "--port", str(port), "--baseURL", base]
    server = _piped(cmd, site)
    log = Log(server)
    data = site / "data" / "plan.json"
    text = [data.read_text(encoding="utf-8")]
    before = re.escape(json.dumps({"id": task_id, "title": ""}, ensure_ascii=False)[:-2])

    def save(marker: str) -> None:
        text[0] = retitled(text[0], before, marker)
        data.write_text(text[0], encoding="utf-8")

    try:
        wait_http(base, 300)
        time.sleep(SETTLE_SECONDS)
        steps = [("Hugo rebuilt", log, "Total in")]
        yield Preview("hugo server", _page_url(port, page, task_id), save, steps)
    except TimeoutError:
        sys.exit(f"hugo server did not start:\n{log.tail()}")
    finally:
        _stop([server])


def _page_url(port: int, page: str, task_id: str) -> str:
    return f"http://127.0.0.1:{port}/{page}#{task_id}"


def task_page(plan: Path, task_id: str) -> str:
    """The URL path of the page holding the task: its area's, or its group's when the area
    is over the page budget (Hugo's reference site has the same paths)."""
    from generator.derive import routes
    from generator.derive.views import derive
    from generator.plan.check import check

    validated = check(plan)
    site = derive(validated, validated.plan.as_of)
    return routes.url(next(v.page for v in site.tasks if v.task.id == task_id))


def first_task(plan_text: str) -> str:
    """The task to edit: the first whose title starts with one of these verbs."""
    match = re.search(r"- id: (\S+)\n(?:.*\n){0,3}?\s+title: (Rà soát|Triển khai|Tổ chức)", plan_text)
    assert match, "no task to edit"
    return match.group(1).strip("'\"")


def run_edits(previews: list[Preview], edits: int) -> None:
    """Each edit saved to each preview in turn; seconds until its browser page shows it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = []
        for preview in previews:
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(preview.url)
            pages.append(page)
        for n in range(1, edits + 1):
            for preview, page in zip(previews, pages, strict=True):
                marker = f"Đã sửa lần {n}"
                start = time.perf_counter()
                preview.save(marker)
                wait_shown(page, marker)
                shown = time.perf_counter() - start
                steps = {}
                for name, log, needle in preview.steps:
                    at = log.first_after(start, needle)
                    steps[name] = at - start if at is not None else None
                preview.times.append((shown, steps))
                if preview.settled:
                    log, needle = preview.settled
                    while log.first_after(start, needle) is None:
                        time.sleep(0.1)
                time.sleep(SETTLE_SECONDS)
        browser.close()


def print_results(previews: list[Preview], tasks: int, task_id: str, load: tuple[float, float]) -> None:
    print(
        f"{tasks:,} tasks; edit of task {task_id}'s title, seconds from saving the file until each "
        f"step (load average {load[0]:.1f} before, {load[1]:.1f} after):"
    )
    paired = len(previews) == 2
    names = [
        f"{p.name}: {step}" for p in previews for step in [*(s for s, _, _ in p.steps), "shown in Chromium"]
    ]
    names += ["ours / Hugo"] if paired else []
    print("| edit | " + " | ".join(names) + " |")
    print("|---:|" + "---:|" * len(names))

    def cell(value: float | None) -> str:
        return f"{value:.2f}" if value is not None else "?"

    for n in range(len(previews[0].times)):
        cells = []
        for p in previews:
            shown, steps = p.times[n]
            cells += [cell(steps[s]) for s, _, _ in p.steps] + [cell(shown)]
        if paired:
            cells.append(f"{previews[0].times[n][0] / previews[1].times[n][0]:.1f}")
        print(f"| {n + 1} | " + " | ".join(cells) + " |")
    medians = [statistics.median(shown for shown, _ in p.times) for p in previews]
    cells = []
    for p, median in zip(previews, medians, strict=True):
        cells += [""] * len(p.steps) + [f"**{median:.2f}**"]
    cells += [f"**{medians[0] / medians[1]:.1f}**"] if paired else []
    print("| median | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--hugo", action="store_true", help="hugo server beside, edits in turn")
    args = parser.parse_args()
    with TemporaryDirectory(prefix="cc-serve-") as tmp, ExitStack() as stack:
        work = Path(tmp)
        if args.hugo:
            from hugo_site import make_sites

            plan, site = make_sites(work, args.tasks)
        else:
            from scale import write_plan

            plan = work / "plan.yaml"
            write_plan(args.tasks, plan)
        site_folder(work)
        task_id = first_task(plan.read_text(encoding="utf-8"))
        page = task_page(plan, task_id)
        previews = [stack.enter_context(ours(work, plan, task_id, page))]
        if args.hugo:
            previews.append(stack.enter_context(hugo(site, task_id, page)))
        load = os.getloadavg()[0]
        run_edits(previews, args.edits)
        print_results(previews, args.tasks, task_id, (load, os.getloadavg()[0]))
        for preview in previews:
            with urllib.request.urlopen(preview.url.partition("#")[0]) as response:
                size = len(response.read())
            print(f"{preview.name}: /{page}, {size / 1000:,.0f} KB of HTML")
        # Where the time of each edit went, as the server logs it (load, render, write, MkDocs).
        _, log, _ = previews[0].steps[0]
        print(
            "\nmake serve, per edit:\n"
            + "\n".join(line for _, line in log.lines if "đã hiện thay đổi" in line)
        )


if __name__ == "__main__":
    main()
