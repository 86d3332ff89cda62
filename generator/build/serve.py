"""`make serve`: one resident process that shows a saved edit in the browser, soonest first.

The plan, derived, stays in memory and so does MkDocs (its config, files, nav and theme).
On a save (the plans' modification times are polled; MkDocs' live-reload server runs
`rebuild` in its build loop, then reloads the browsers):

1. the plans are loaded, validated and derived again (a problem is printed, located, and
   the last good site stays served). When a save changed the lines of one task only, only
   those lines are read and that task validated again (`plan/load/splice.py`,
   `validate_task`), spliced into the last good plan held in memory; anything else loads
   and validates the whole file;
2. only the pages holding a task that changed are rendered, in the edition the edit is
   read in (English when only English text changed), written to docs/ in place and built
   by MkDocs (`MkDocsSite.update`); every other page, the search index, the open data
   and the feed wait until no save came for IDLE_SECONDS (`Preview.idle`), after which
   docs/ holds exactly what `generator build` writes, stamp included.

An edit of anything but tasks (the plan's title, an area, a unit) renders every page at once.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation

from ..derive import routes
from ..derive.portal import Portal
from ..derive.views import TaskView
from ..errors import PlanError, Problem, fail
from ..plan.check import check, check_located
from ..plan.load import MAX_BYTES, Located, load_text, plain_text
from ..plan.load.splice import reload_task
from ..plan.model import Plan, Task
from ..plan.validate import validate_task
from . import fingerprint
from .fingerprint import ROOT, site_url
from .folder import locked
from .pipeline import no_gc_pauses, page_files, page_paths, portal_files, portal_of
from .stamp import STAMP
from .write import write_tree

# After a save, the rest of the site waits this long for another save: a second save in
# the meantime is shown as fast as the first.
IDLE_SECONDS = 1.0
# How often the plans' folders are looked at (MkDocs' watcher, 0.5 s by default): twenty
# listings a second cost nothing, and the wait after a save is half of this on average.
POLL_SECONDS = 0.05


class _Held(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps what a MkDocs build made (files, nav, theme environment) for `MkDocsSite.update`."""

    def __init__(self, site: MkDocsSite) -> None:
        self.site = site

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        self.site.nav = nav

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> None:
        self.site.config, self.site.files, self.site.env = config, files, env


class MkDocsSite:
    """MkDocs in this process, building `docs_dir` into `site_dir` for the live preview."""

    def __init__(self, config_file: Path, docs_dir: Path, site_dir: Path, addr: str) -> None:
        self.config_file, self.docs_dir, self.site_dir, self.addr = config_file, docs_dir, site_dir, addr
        self.config: MkDocsConfig | None = None
        self.files: Files | None = None
        self.nav: Navigation | None = None
        self.env: Any = None
        self.url = ""

    def full(self) -> None:
        """The whole site, its config read again (as `mkdocs serve` does on every change)."""
        config = load_config(
            config_file=str(self.config_file),
            docs_dir=str(self.docs_dir),
            site_dir=str(self.site_dir),
            dev_addr=self.addr,
        )
        host, port = config.dev_addr
        self.url = config.site_url = f"http://{host}:{port}/"
        config.plugins["cc-serve-held"] = _Held(self)
        build(config, serve_url=self.url)

    def update(self, changed: Sequence[str]) -> None:
        """Build again what changed in docs/ (paths relative to it): the pages and files
        MkDocs already knows are built or copied alone; anything else (the nav, a new or
        removed page) builds the whole site."""
        files, config = self.files, self.config
        known = [files.get_file_from_path(rel) if files else None for rel in changed]
        if (
            files is None
            or config is None
            or any(f is None or not Path(f.abs_src_path or "").is_file() for f in known)
        ):
            self.full()
            return
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in known:
            assert file is not None
            if file.page is not None:
                # MkDocs' own two steps of a page (1.6); `build` runs them for every page.
                _populate_page(file.page, config, files)
                _build_page(file.page, config, doc_files, self.nav, self.env)  # type: ignore[arg-type]
            else:
                file.copy_file()


def _changed_tasks(old: Portal, new: Portal) -> set[str] | None:
    """The pages (paths under docs/) holding a task that differs between two versions of the
    portal, or None when more than tasks changed (their set, or anything else).

    A page in the edition the edit is read in: the Vietnamese one, or the English one when
    only English text changed (`*_en`). The other edition's page follows when idle."""
    if [e.prefix for e in old.plans] != [e.prefix for e in new.plans]:
        return None
    pages: set[str] = set()
    for before, after in zip(old.plans, new.plans, strict=True):
        if before.site.plan.plan != after.site.plan.plan or len(before.site.tasks) != len(after.site.tasks):
            return None

        def key(view: TaskView) -> tuple[object, ...]:
            return (view.task, view.state, view.page, view.area.id, view.area.title)

        for a, b in zip(before.site.tasks, after.site.tasks, strict=True):
            if a.task.id != b.task.id:
                return None
            if key(a) != key(b):
                edition = routes.ENGLISH if _vietnamese(a.task) == _vietnamese(b.task) else ""
                pages |= {edition + after.prefix + a.page, edition + after.prefix + b.page}
    return pages


def _vietnamese(task: Task) -> object:
    """A task's data without its English text (plan/model.py: `*_en` beside each field)."""

    def kept(value: object) -> object:
        if isinstance(value, dict):
            return {k: kept(v) for k, v in value.items() if not k.endswith("_en")}
        if isinstance(value, list):
            return [kept(v) for v in value]
        return value

    return kept(task.model_dump())


@dataclass(frozen=True)
class _Good:
    """A plan file's last text that was valid, as loaded and as validated."""

    text: str
    located: Located
    plan: Plan


class _Plans:
    """The plan files, each held as last validated, loaded again after a save."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        self.held: list[_Good | None] = [None] * len(paths)
        self.tasks_only = 0  # of the files just read, how many by their edited task's lines alone

    def read(self, raws: Sequence[bytes | None]) -> list[Plan]:
        """Every plan validated from the bytes read; PlanError with the problems of all files."""
        plans: list[Plan] = []
        problems: list[Problem] = []
        self.tasks_only = 0
        for index, raw in enumerate(raws):
            try:
                plans.append(self._plan(index, raw))
            except PlanError as err:
                problems += err.problems
        if problems:
            raise PlanError(problems)
        return plans

    def _plan(self, index: int, raw: bytes | None) -> Plan:
        path, held = self.paths[index], self.held[index]
        text = _text(raw)
        if text is None:  # unreadable: the loader says why, as `make check` would
            return check(path)
        if held is not None:
            if text == held.text:
                return held.plan
            spliced = reload_task(held.text, held.located, text)
            if spliced is not None:
                plan = validate_task(held.plan, spliced.located, spliced.path)
                if plan is not None:
                    self.held[index] = _Good(text, spliced.located, plan)
                    self.tasks_only += 1
                    return plan
        located = load_text(text, str(path))
        plan = check_located(located)
        self.held[index] = _Good(text, located, plan)
        return plan


def _text(raw: bytes | None) -> str | None:
    """The text of a plan file as the parser reads it; None when only the loader can word
    what is wrong with it (missing, too large, not text, not UTF-8)."""
    if raw is None or len(raw) > MAX_BYTES or b"\0" in raw[:8192]:
        return None
    try:
        return plain_text(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None


class Preview:
    """The plans in memory, docs/ and the MkDocs site kept in step with them."""

    def __init__(self, plans: list[Path], out: Path, mkdocs: MkDocsSite) -> None:
        self.plans, self.out, self.mkdocs = plans, out, mkdocs
        self.texts = self._read()
        self.saved = 0.0  # when the last edit was taken (monotonic)
        self.behind = False  # pages, search index, open data or feed older than the plans
        self.rendered: set[str] = set()  # pages rendered from the plans as they are now
        # The fingerprint of the plans the portal is made from, taken before they are read (as
        # pipeline.build): a stamp must never vouch for a later save, a broken one above all.
        self.inputs = fingerprint.digest(plans, None)
        self.loaded = _Plans(plans)
        with no_gc_pauses():
            self.portal = portal_of(self.loaded.read(self.texts), plans)
            self.files = portal_files(self.portal, site_url())
        write_tree(out, self.files, plan=plans[0], root=ROOT, inputs=self.inputs)

    def _read(self) -> list[bytes | None]:
        texts: list[bytes | None] = []
        for plan in self.plans:
            try:
                texts.append(plan.read_bytes())
            except OSError:
                texts.append(None)
        return texts

    def rebuild(self, server: LiveReloadServer) -> None:
        """Take a saved edit, or finish the rest of the site when idle.

        The server's build loop runs this, then tells the browsers to reload; meanwhile it
        holds back every request for a page until the build is done. That suits an edit
        (the reload waits for its page), not the rest of the site: pages are served from
        the last build while it is made, and the browsers reload after only if a page changed."""
        texts = self._read()
        if texts != self.texts:
            self.texts = texts
            self.saved = time.monotonic()
            if not self.edit(texts):
                _set_epoch(server, reload=False)
        elif self.behind and time.monotonic() - self.saved >= IDLE_SECONDS:
            _set_epoch(server, reload=False)
            _set_epoch(server, reload=self.idle())
        else:
            _set_epoch(server, reload=False)

    def edit(self, texts: Sequence[bytes | None]) -> bool:
        """The pages an edit shows on, first; a problem keeps the last good site."""
        start = time.perf_counter()
        inputs = fingerprint.digest(self.plans, None)
        try:
            with no_gc_pauses():
                plans = self.loaded.read(texts)
                validated = time.perf_counter()
                portal = portal_of(plans, self.plans)
        except PlanError as err:
            fail(err, again=False)
            print("Trang xem trước giữ bản đúng gần nhất [the last good site stays served]", file=sys.stderr)
            return False
        loaded = time.perf_counter()
        first = _changed_tasks(self.portal, portal)
        if page_paths(portal) != page_paths(self.portal):
            first = None
        old_pages = set(page_paths(self.portal))
        self.portal, self.inputs = portal, inputs
        self.behind = True
        if first is None:  # more than tasks: every page now, the other files when idle
            pages = page_files(portal)
            kept = {p: d for p, d in self.files.items() if p not in old_pages}
            self.files = {**kept, **pages}
        else:
            pages = page_files(portal, first)
            self.files.update(pages)
        self.rendered = set(pages)
        rendered = time.perf_counter()
        if first is None:
            changed = write_tree(self.out, self.files, plan=self.plans[0], root=ROOT)
        else:
            changed = write_pages(self.out, pages)
        written = time.perf_counter()
        self.mkdocs.update(changed)
        done = time.perf_counter()
        how = "edited task's lines" if self.loaded.tasks_only else "whole file"
        print(
            f"đã hiện thay đổi: {len(pages)} trang trong {done - start:.2f} s [edit shown] "
            f"(load+validate {validated - start:.2f} [{how}], derive {loaded - validated:.2f}, "
            f"render {rendered - loaded:.2f}, "
            f"write {written - rendered:.2f}, MkDocs {done - written:.2f})",
            flush=True,
        )
        return bool(changed)

    def idle(self) -> bool:
        """Every other page, the search index, the open data and the feed, as `generator build`."""
        start = time.perf_counter()
        self.behind = False  # from now: the idle watcher need not ask again meanwhile
        fresh = {p: self.files[p] for p in self.rendered}
        try:
            with no_gc_pauses():
                self.files = portal_files(self.portal, site_url(), fresh)
            changed = write_tree(self.out, self.files, plan=self.plans[0], root=ROOT, inputs=self.inputs)
        except BaseException:
            self.behind = True
            raise
        self.mkdocs.update(changed)
        print(
            f"đã cập nhật phần còn lại ({len(changed)} tệp) trong {time.perf_counter() - start:.2f} s "
            f"[rest of the site done]",
            flush=True,
        )
        return any(rel.endswith(".md") for rel in changed)


def write_pages(out: Path, pages: Mapping[str, bytes]) -> list[str]:
    """Write the pages of an edit that differ from docs/ into it, each replaced whole, and
    return their paths. Only for pages docs/ already holds (`Preview.edit`: a new or
    removed page goes through write_tree).

    write_tree would read every file of docs/ back to compare (40 MB at 5,000 tasks) and
    link them all into a new tree: 0.1 to 0.4 s of each edit. The stamp goes first: it
    must not vouch for a tree an edit changed (`idle` writes the next one)."""
    changed = []
    with locked(out):
        for rel in pages:
            target = out / rel
            try:
                same = target.read_bytes() == pages[rel]
            except OSError:
                same = False
            if not same:
                changed.append(rel)
        if changed:
            (out / STAMP).unlink(missing_ok=True)
        for rel in changed:
            target = out / rel
            # A dot file, which MkDocs does not read; made as write_tree makes files (the
            # umask's mode), so that the tree stays what `generator build` writes.
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                tmp.write_bytes(pages[rel])
                os.replace(tmp, target)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
    return changed


def _set_epoch(server: LiveReloadServer, reload: bool) -> None:
    """The version of the site the build loop makes visible when the build ends: a new one
    reloads the browsers; the one now visible lets page requests through at once."""
    with server._epoch_cond:
        # In MkDocs' unit, milliseconds of time.monotonic (livereload._timestamp).
        server._wanted_epoch = round(time.monotonic() * 1000) if reload else server._visible_epoch
        server._epoch_cond.notify_all()


def serve(plans: list[Path], out: Path, config_file: Path, addr: str) -> None:
    """Build once, serve at `addr`, take every save until interrupted."""
    # MkDocs' messages (warnings, "Serving on", reloads) as its own command prints them;
    # other libraries' stay quiet.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    preview_dir = Path(tempfile.mkdtemp(prefix="cc-serve-"))
    try:
        mkdocs = MkDocsSite(config_file, out, preview_dir, addr)
        preview = Preview(plans, out, mkdocs)
        mkdocs.full()
        host, port = addr.rsplit(":", 1)

        def rebuild() -> None:
            preview.rebuild(server)

        server = LiveReloadServer(
            builder=rebuild, host=host, port=int(port), root=str(preview_dir), polling_interval=POLL_SECONDS
        )
        server.build_delay = 0.0  # the plan is read whole; there is no burst of files to wait out
        server.error_handler = lambda code: _error_page(preview_dir, code)
        # The folder of each plan, not its subfolders (docs/ may be one): a save there runs
        # `rebuild`, and pages get the script that reloads them.
        for folder in {plan.resolve().parent for plan in plans}:
            server.watch(str(folder), recursive=False)
        threading.Thread(target=_when_idle, args=(preview, server), daemon=True).start()
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(preview_dir, ignore_errors=True)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _when_idle(preview: Preview, server: LiveReloadServer) -> None:
    """Run the build loop once more when no save came for IDLE_SECONDS after an edit."""
    while True:
        time.sleep(POLL_SECONDS)
        if preview.behind and time.monotonic() - preview.saved >= IDLE_SECONDS:
            with server._rebuild_cond:  # what its own file watcher does
                server._want_rebuild = True
                server._rebuild_cond.notify_all()
