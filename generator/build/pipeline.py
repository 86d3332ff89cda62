"""The whole pipeline, top to bottom: load -> validate -> derive -> render -> write."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import pickle
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence, Set
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar, cast

import yaml

from ..derive import routes
from ..derive.portal import PlanEntry, Portal, agency_id
from ..derive.views import Site, derive
from ..errors import PlanError, Problem
from ..outputs.feed import FEED_FILE, atom_feed, portal_feed
from ..outputs.opendata import PAGE as OPEN_DATA_PAGE
from ..outputs.opendata import open_data, open_data_files, open_data_page
from ..outputs.search import Doc, index_files, page_docs, plan_docs, unit_docs
from ..pages.env import compile_all
from ..pages.i18n import EN, LANGS, Lang
from ..pages.nav import nav as site_nav
from ..pages.render import iter_pages, portal_front, render_portal_pages
from ..pages.render import page_paths as plan_page_paths
from ..plan.check import check
from ..plan.model import Plan
from ..plan.validate.files import logo_file
from .fingerprint import ROOT, site_url
from .folder import check_output_folder
from .spool import Entry, Spool, spooled
from .write import write_tree

ASSETS = Path(__file__).resolve().parents[1] / "pages" / "templates" / "assets"


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Python's cycle collector off while a plan is loaded and its outputs made.

    A build makes millions of objects that all live until it ends (the YAML tree, the
    model, the search postings); each full collection walks all of them, again and
    again as they grow: at 5,000 tasks that was a third of the build's CPU time
    (10.3 -> 6.2 s). The plan file is at most 64 MB (plan/load), so the garbage kept
    meanwhile is bounded (+7 % peak memory measured); the collector resumes after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- outputs: each turns the derived plans into files under docs/ -----------------------
# Pages are rendered first (the search index reads them); every other output is one
# function in OUTPUTS. On a site of several plans a plan's files sit under its prefix.

Output = Callable[[Portal, "PageTexts", str], dict[str, bytes]]


def each_plan(make: Callable[[Site, str, str], dict[str, bytes]]) -> Output:
    """An output made for every plan alone (site, its URL, its prefix), its files under the prefix."""

    @functools.wraps(make)  # keeps its name, and `__wrapped__` says which output it is
    def output(portal: Portal, pages: PageTexts, url: str) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for entry in portal.plans:
            made = make(entry.site, url.rstrip("/") + "/" + entry.prefix, entry.prefix)
            files.update({entry.prefix + path: data for path, data in made.items()})
        return files

    return output


def feed(site: Site, url: str, prefix: str = "") -> dict[str, bytes]:
    """The Atom feed of a plan's updates."""
    return {FEED_FILE: atom_feed(site, url)}


def site_feed(portal: Portal, pages: PageTexts, url: str) -> dict[str, bytes]:
    """On a site of several plans, one more feed at the top holding every plan's updates."""
    if not portal.several:
        return {}
    return {FEED_FILE: portal_feed(portal, url)}


def search(portal: Portal, pages: PageTexts, url: str) -> dict[str, bytes]:
    """One search index over every plan; results name their plan when there are several."""

    def docs() -> Iterator[Doc]:  # made as the index reads them, not all held (search.index_files)
        for entry in portal.plans:
            own = pages.under(entry.prefix)
            label = entry.label if portal.several else ""
            yield from plan_docs(entry.site, entry.prefix, label)
            yield from unit_docs(entry.site, entry.prefix, label)
            yield from page_docs(own, entry.prefix, label, home=False)
        if portal.several:
            yield from page_docs({p: pages[p] for p in (routes.HOME, routes.PROVINCE)})

    return index_files(docs())


def nav(portal: Portal, pages: PageTexts, url: str) -> dict[str, bytes]:
    """The nav MkDocs reads (mkdocs.yml INHERITs it), made from the routes of every plan."""
    text = yaml.safe_dump(site_nav(portal), allow_unicode=True, sort_keys=False, width=1000)
    return {routes.NAV_FILE: ("# Tạo tự động từ generator/derive/routes.py; đừng sửa tay.\n" + text).encode()}


# Our stylesheets, kept apart by concern for us and served as one file (the first, which
# mkdocs.yml names) in this order, the cascade's: one request instead of four.
STYLESHEETS = ("extra.css", "search.css", "access.css", "official.css")


def assets(portal: Portal, pages: PageTexts, url: str) -> dict[str, bytes]:
    """Images copied as they are; our CSS as one file; JavaScript without its comments and
    indentation."""
    files = {}
    sheets = ASSETS / "stylesheets"
    for asset in sorted(ASSETS.rglob("*")):
        if asset.is_file() and not (asset.parent == sheets and asset.name in STYLESHEETS):
            data = asset.read_bytes()
            if asset.suffix == ".js":
                data = lean_script(data.decode("utf-8")).encode("utf-8")
            files["assets/" + asset.relative_to(ASSETS).as_posix()] = data
    files[f"assets/stylesheets/{STYLESHEETS[0]}"] = b"\n".join(
        (sheets / name).read_bytes() for name in STYLESHEETS
    )
    return files


def lean_script(source: str) -> str:
    """Our JavaScript as readers download it: the comments are for us (a quarter of
    search.js gzipped). Only whole comment lines and indentation go, which no statement
    needs."""
    lines = [line.strip() for line in source.splitlines()]
    # Left alone: a template string, or a comment opened after code, over several lines.
    if any(line.count("`") % 2 or line.rfind("/*") > max(0, line.rfind("*/")) for line in lines):
        return source
    kept: list[str] = []
    inside = False  # a /* ... */ comment over several lines
    for line in lines:
        if inside or line.startswith("/*"):
            inside = "*/" not in line
            line = "" if inside else line.partition("*/")[2].strip()
        if line and not line.startswith("//"):
            kept.append(line)
    return "".join(line + "\n" for line in kept)


def logos(portal: Portal, pages: PageTexts, url: str) -> dict[str, bytes]:
    """Each plan's own logo (plan.logo, checked by validation), where its pages show it."""
    return {
        entry.prefix + routes.logo_path(logo): logo_file(str(entry.source), logo).read_bytes()
        for entry in portal.plans
        if (logo := entry.site.plan.plan.logo)
    }


OPEN_DATA = each_plan(open_data)


def open_data_stream(portal: Portal, url: str) -> Iterator[tuple[str, bytes]]:
    """OPEN_DATA's files one at a time, for a spool to write as they come."""
    for entry in portal.plans:
        for path, data in open_data_files(entry.site, url.rstrip("/") + "/" + entry.prefix, entry.prefix):
            yield entry.prefix + path, data


def open_data_english(portal: Portal, pages: PageTexts, url: str) -> dict[str, bytes]:
    """The open-data page of the English edition, listing the same files."""
    return {
        routes.ENGLISH + entry.prefix + OPEN_DATA_PAGE: open_data_page(entry.site, entry.prefix, EN)
        for entry in portal.plans
    }


# Every output of a build after the pages, in order. A new output is one function and one line.
OUTPUTS: list[Output] = [
    each_plan(feed),
    site_feed,
    OPEN_DATA,
    open_data_english,
    search,
    nav,
    assets,
    logos,
]
# Outputs that read no page: made by a second process while this one renders the pages
# (see `beside`). Open data is a fifth of a build's time (1.3 to 1.8 s at 5,000 tasks).
BESIDE_PAGES: list[Output] = [OPEN_DATA]
# The same files one at a time: into a spool, the second process writes them itself and
# hands over only their names (270 MB of open data at 50,000 tasks, not sent through a pipe).
STREAMED: dict[Output, Callable[[Portal, str], Iterator[tuple[str, bytes]]]] = {OPEN_DATA: open_data_stream}

T = TypeVar("T")


def beside(make: Callable[[], T]) -> Callable[[], T]:
    """Start `make` in a forked process; the returned function waits for its files.

    Only where fork is safe and helps: a single-threaded process (the command line, and
    `serve` before its threads start; a forked thread-holding process could deadlock on a
    lock another thread held) on a machine with a second core. Otherwise `make` runs when its files are
    asked for. The child's error comes back as the parent's RuntimeError.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if not hasattr(os, "fork") or threading.active_count() > 1 or cores < 2:
        return make
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: make the files, send them, leave without any clean-up
        # Whatever happens, the child leaves here: an exception going up would unwind the
        # parent's frames it was forked inside (a parent killed mid-build left a closed
        # pipe, and the child then removed the build's spool on its way out).
        sent = False
        try:
            os.close(read)
            result: tuple[str, object]
            try:
                result = ("files", make())
            except BaseException:  # every failure, even an exit, must reach the parent
                result = ("error", traceback.format_exc())
            with os.fdopen(write, "wb") as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            sent = True
        finally:
            os._exit(0 if sent else 1)
    os.close(write)

    def files() -> T:
        with os.fdopen(read, "rb") as source:
            try:  # from the pipe as it comes: never the pickled bytes and their objects at once
                kind, value = pickle.load(source)
            except (EOFError, pickle.UnpicklingError):
                kind, value = "error", "the second process died"
        os.waitpid(pid, 0)
        if kind == "error":
            raise RuntimeError(f"an output made beside the pages failed:\n{value}")
        return cast(T, value)

    return files


class PageTexts(Mapping[str, str]):
    """The pages' text, decoded from their bytes when read.

    A page is held once, as the bytes written: text of Vietnamese takes two to four bytes a
    character in Python, and holding every page as text beside its bytes cost 260 MB of
    the peak at 50,000 tasks (benchmarks/memory.py --stages). `encoded` may hold other
    files too (a build's spool): `paths` names the pages, by their key in it."""

    def __init__(self, encoded: Mapping[str, bytes], paths: Mapping[str, str] | None = None) -> None:
        self._encoded = encoded
        self._paths = {p: p for p in encoded} if paths is None else paths

    def __getitem__(self, path: str) -> str:
        return self._encoded[self._paths[path]].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def under(self, prefix: str) -> PageTexts:
        """The pages under `prefix`, keyed by their path below it (none read here)."""
        return PageTexts(
            self._encoded, {p.removeprefix(prefix): k for p, k in self._paths.items() if p.startswith(prefix)}
        )


def page_files(
    portal: Portal,
    only: Set[str] | None = None,
    langs: Sequence[Lang] = LANGS,
    into: MutableMapping[str, bytes] | None = None,
) -> MutableMapping[str, bytes]:
    """Every page (with `only`, those whose path is in it) of the editions `langs` as the
    bytes docs/ holds, rendered and encoded one at a time (put `into` a spool as they come)."""
    encoded: MutableMapping[str, bytes] = {} if into is None else into
    encoded.update(iter_page_files(portal, only, langs))
    return encoded


def iter_page_files(
    portal: Portal, only: Set[str] | None = None, langs: Sequence[Lang] = LANGS
) -> Iterator[tuple[str, bytes]]:
    """page_files' pages one at a time, in its order: path under docs/ and bytes."""
    # Each edition whole (routes.edition: English under en/), rendered by the same templates.
    for lang in langs:
        edition = routes.edition(lang)
        for entry in portal.plans:
            among = portal_front(portal, entry, lang) if portal.several else None
            here = edition + entry.prefix
            own = None if only is None else {p.removeprefix(here) for p in only if p.startswith(here)}
            for path, text in iter_pages(entry.site, entry.prefix, among, own, lang):
                yield here + path, text.encode("utf-8")
        if portal.several:
            site_wide = {edition + routes.HOME, edition + routes.PROVINCE}
            wanted = None if only is None else site_wide & set(only)
            pages = render_portal_pages(portal, lang) if wanted is None or wanted else {}
            for path, text in pages.items():
                if wanted is None or edition + path in wanted:
                    yield edition + path, text.encode("utf-8")


def page_paths(portal: Portal) -> list[str]:
    """The path under docs/ of every page, without rendering them."""
    paths: list[str] = []
    for lang in LANGS:  # in page_files' order
        edition = routes.edition(lang)
        paths += [edition + e.prefix + path for e in portal.plans for path in plan_page_paths(e.site, lang)]
        paths += [edition + routes.HOME, edition + routes.PROVINCE] if portal.several else []
    return paths


def portal_files(
    portal: Portal,
    url: str,
    rendered: Mapping[str, bytes] | None = None,
    into: MutableMapping[str, bytes] | None = None,
) -> MutableMapping[str, bytes]:
    """Every file docs/ must hold: the pages, then what each output of OUTPUTS makes.

    `rendered`: pages already rendered from this portal (the live preview's), not rendered again.
    `into`: where the files go, as they are made (a build's spool); a new dict otherwise."""
    files: MutableMapping[str, bytes] = {} if into is None else into
    none = PageTexts({})
    compile_all()  # before the second processes fork, which then compile none
    spool = files if isinstance(files, Spool) else None
    streamed: dict[Output, Callable[[], dict[str, Entry]]] = {}
    pending: dict[Output, Callable[[], dict[str, bytes]]] = {}
    for o in BESIDE_PAGES:
        if spool is not None and o in STREAMED:
            streamed[o] = beside(functools.partial(spool.put, STREAMED[o](portal, url)))
        else:
            pending[o] = beside(functools.partial(o, portal, none, url))
    if rendered:
        paths = page_paths(portal)
        fresh = page_files(portal, set(paths) - rendered.keys())
        # In the nav's order, as page_files gives them: the search index lists pages in it.
        for path in paths:
            files[path] = fresh[path] if path in fresh else rendered[path]
    else:
        # The other editions on the second core while this process renders the first: an
        # edition is half the pages' time (2.6 of 5.2 s at 5,000 tasks). The first edition
        # comes first, as page_files orders them. Into a spool the second process writes
        # its pages itself and hands over their names, as open data does.
        first, *others = LANGS
        if spool is not None:
            spooled = beside(functools.partial(spool.put, iter_page_files(portal, None, others)))
            page_files(portal, None, (first,), into=files)
            spool.adopt(spooled())
        else:
            rest = beside(functools.partial(page_files, portal, None, others))
            page_files(portal, None, (first,), into=files)
            files.update(rest())
    pages = PageTexts(files)  # the pages alone: outputs are added to `files` below
    for output in OUTPUTS:
        if spool is not None and output in streamed:
            before = dict.fromkeys(files)  # on one core `put` writes into `files` itself
            written = streamed[output]()
            _no_clash(output, before, written)
            spool.adopt(written)
            continue
        made = pending[output]() if output in pending else output(portal, pages, url)
        _no_clash(output, files, made)
        files.update(made)
    return files


def _no_clash(output: Output, files: Mapping[str, object], made: Mapping[str, object]) -> None:
    clash = files.keys() & made.keys()
    if clash:
        raise RuntimeError(f"{output.__name__} would overwrite {sorted(clash)}")


def check_all(
    plan_paths: Sequence[Path], notices: list[Problem] | None = None, infos: list[Problem] | None = None
) -> list[Plan]:
    """Load and validate every plan; raise PlanError with every problem of every file.

    Warnings are added to `notices`, what the plans lack of the agency's identity to `infos`."""
    plans: list[Plan] = []
    problems: list[Problem] = []
    for path in plan_paths:
        try:
            with no_gc_pauses():
                plans.append(check(path, notices, infos))
        except PlanError as err:
            problems += err.problems
    if problems:
        raise PlanError(problems)
    return plans


def make_portal(plan_paths: Sequence[Path], as_of: dt.date | None = None) -> Portal:
    """Validate and derive every plan; several plans each get a prefix of their own."""
    return portal_of(check_all(plan_paths), plan_paths, as_of)


def portal_of(plans: Sequence[Plan], plan_paths: Sequence[Path], as_of: dt.date | None = None) -> Portal:
    """Derive every plan, validated, read from `plan_paths`; several plans each get a prefix."""
    sites = [derive(plan, as_of or plan.plan.as_of) for plan in plans]
    if len(sites) == 1:
        return Portal([PlanEntry(sites[0], plan_paths[0], "")])
    entries = [
        PlanEntry(site, path, routes.plan_prefix(agency_id(site), site.plan.plan.year))
        for site, path in zip(sites, plan_paths, strict=True)
    ]
    seen: dict[str, Path] = {}
    problems = []
    for entry in entries:
        if entry.prefix in seen:
            problems.append(
                Problem(
                    str(entry.source),
                    1,
                    1,
                    "plan",
                    f"trùng cơ quan '{entry.agency}' và năm {entry.year} với {seen[entry.prefix]}: "
                    "mỗi cơ quan chỉ có một kế hoạch một năm; hãy sửa plan.agency hoặc plan.year "
                    "[two plans of one agency and year]",
                )
            )
        seen.setdefault(entry.prefix, entry.source)
    if problems:
        raise PlanError(problems)
    return Portal(entries)


def build(paths: Sequence[Path], out_dir: Path, as_of: dt.date | None, inputs: str | None) -> list[str]:
    """Validate, then render into `out_dir`; on any problem `out_dir` is left untouched.

    `inputs` is the build's fingerprint (fingerprint.digest), which the caller took before
    the plans were read and with which it saw that `out_dir` is not up to date
    (stamp.up_to_date); it is stored with the output for the next build to compare.
    Returns the files written or removed. Raises OutputRefused when `out_dir` is not the
    generator's to replace.
    """
    with no_gc_pauses():
        portal = make_portal(paths, as_of)
    for path in paths:  # before a spool is made beside it
        check_output_folder(out_dir, path, ROOT)
    # Each file on disk beside out_dir as soon as it is made, not all of them held until
    # written: the build's peak at 50,000 tasks was the derived plan plus 680 MB of files.
    with spooled(out_dir) as spool:
        with no_gc_pauses():
            files = portal_files(portal, site_url(), into=spool)
        del portal  # the plans and their views are not needed to write: ~400 MB at 50,000 tasks
        return write_tree(out_dir, files, plan=paths[0], root=ROOT, inputs=inputs)
