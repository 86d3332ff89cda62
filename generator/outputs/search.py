"""Stage 4b: the site's search index, written by the generator as static JSON files.

Vietnamese readers often type without diacritics ("chu ky so" for "chữ ký số"),
and "d" for "đ". The index keys are folded syllables and folded pairs of
neighbouring syllables (bigrams), so a phrase ranks above scattered syllables;
each posting keeps which accented forms the document holds, so a query typed
with diacritics ranks exact matches first. Keys are spread over shards by a
hash: a query fetches only the shards of its own keys, then the few document
chunks of its best results. `generator/pages/templates/assets/javascripts/search.js`
reads these files; how text becomes keys, and keys shards, is search_keys.py, which
search.js must follow exactly. The English of a field (its `_en` twin) is indexed beside
it with the same weight and keys: folding leaves English words as they are.
"""

from __future__ import annotations

import functools
import html
import json
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from pydantic import BaseModel

from ..derive import routes
from ..derive.views import AreaView, Site, TargetView, TaskView
from ..pages.markup import badge_parts
from ..plan.english import english_texts
from ..plan.labels import Marker
from ..plan.model import Area, Group
from ..plan.slug import slugify
from .search_keys import (
    expand,
    fnv1a,
    key,
    query_abbreviations,
    query_phrases,
    status_key,
    stop_words,
    words,
)

INDEX_DIR = "search"
FORMAT = 1
# Documents per chunk file: results cluster in one area, so a page of results
# usually needs one or two chunks.
CHUNK = 64
# Characters of postings per shard that the shard count aims at.
SHARD_TARGET = 6_000
MAX_FORMS = 30  # accented forms tracked per key (bits of the form mask)
VOCABULARY = "v.json"

# Field weights: what a posting records is the best field the key appears in.
W_ID = 10
W_TITLE = 4
W_BODY = 2
W_CONTEXT = 1

# "guide" is the staff guide, which search.js ranks after everything meant for citizens.
KIND_LETTERS = {
    "plan": "k",
    "task": "t",
    "target": "r",
    "group": "g",
    "area": "a",
    "unit": "u",
    "page": "p",
    "guide": "h",
}
# A syllable a joined word ("motcua") may be split into: letters only.
_SYLLABLE = re.compile(r"[a-z]+")

_PLACE = re.compile(r"\b(tỉnh|thành phố)\s*(?=$|\()", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:!?()\[\]]|\.(?!\d)")
_TAG = re.compile(r"<[^>]+>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ATTR = re.compile(r"\{[#.][^}]*\}")
_EXPLICIT_ID = re.compile(r"\{#([^\s}]+)[^}]*\}")


@dataclass
class Doc:
    """One search result: a task, target, group, area, unit or page section."""

    kind: str
    label: str
    title: str
    url: str
    context: str = ""
    status: list[tuple[str, str]] = field(default_factory=list)
    # (text, weight) pairs to index; ids are indexed whole as '#'-keys.
    fields: list[tuple[str, int]] = field(default_factory=list)
    ids: list[tuple[str, int]] = field(default_factory=list)
    # Fields shared with other documents (a target's words, given to each of its tasks).
    shared: tuple[tuple[str, int], ...] = ()
    # A task's state and markers (Shown and Marker values), whatever its badges print.
    states: tuple[str, ...] = ()

    def record(self) -> list[object]:
        return [self.kind, self.label, self.title, self.url, self.context, [list(s) for s in self.status]]


def _texts(record: BaseModel, field: str, weight: int) -> list[tuple[str, int]]:
    """A field's text (each item of a list) and its English, with `weight`: English words find
    the record as Vietnamese ones do, through the same keys."""
    value = getattr(record, field)
    texts = list(value) if isinstance(value, list) else [value] if value else []
    return [(text, weight) for text in texts + english_texts(record, field)]


def _id_keys(own: str) -> list[tuple[str, int]]:
    """A plan id and its ancestors: 'II.2.2' finds target II.2.2 first, then its tasks."""
    parts = own.split(".")
    keys = [(own, W_ID)]
    keys += [(".".join(parts[:n]), W_BODY) for n in range(len(parts) - 1, 0, -1)]
    return keys


def plan_docs(site: Site, prefix: str = "", plan: str = "") -> Iterator[Doc]:
    """The plan itself (its home page), then areas, groups, targets and tasks, in order.

    On a site of several plans `prefix` is the plan's place and `plan` names it in
    every result, since ids repeat from one plan to the next.
    """
    yield plan_doc(site, prefix)
    for view in site.areas:
        area = view.area
        area_name = f"{plan} · {area.id}. {area.title}" if plan else f"{area.id}. {area.title}"
        yield Doc(
            "area",
            f"Lĩnh vực {area.id}",
            area.title,
            prefix + routes.url(routes.area(area.id)),
            plan,
            [],
            _texts(area, "title", W_TITLE),
            _id_keys(area.id),
        )
        seen_groups: set[str] = set()
        for tv in view.targets:
            if tv.group and tv.group.id not in seen_groups:
                seen_groups.add(tv.group.id)
                yield _group_doc(view, tv.group, tv.page, prefix, area_name)
            yield from _target_docs(area, tv, prefix, area_name)


def plan_doc(site: Site, prefix: str = "") -> Doc:
    """The plan, found by its agency's names: a portal reader types the agency, not a task."""
    meta = site.plan.plan
    # "Sở Công Thương", not "tỉnh Đồng Nai": every plan of a province shares its place.
    own = _PLACE.sub("", meta.organization.replace(meta.place, "") if meta.place else meta.organization)
    names = [own, meta.short_name, meta.title]
    around = [meta.organization, meta.parent, meta.place, str(meta.year)]
    return Doc(
        "plan",
        f"Kế hoạch năm {meta.year}",
        meta.organization,
        prefix + routes.url(routes.HOME),
        meta.title,
        [],
        [(n, W_TITLE) for n in names if n] + [(a, W_CONTEXT) for a in around if a],
    )


def _group_doc(view: AreaView, group: Group, page: str, prefix: str, area_name: str) -> Doc:
    """A group, found on the page of its first target."""
    return Doc(
        "group",
        f"Nhóm {group.id}",
        group.title,
        # A split area's group has a page of its own (derive.PartView).
        prefix + routes.url(page) + ("" if view.parts else f"#{routes.group_anchor(group.id)}"),
        area_name,
        [],
        _texts(group, "title", W_TITLE) + _texts(view.area, "title", W_CONTEXT),
        _id_keys(group.id),
    )


def _target_docs(area: Area, tv: TargetView, prefix: str, area_name: str) -> Iterator[Doc]:
    """A target, then each of its tasks."""
    target, group = tv.target, tv.group
    around = _texts(area, "title", W_CONTEXT) + (_texts(group, "title", W_CONTEXT) if group else [])
    target_text = _texts(target, "text", W_TITLE) + _texts(target, "title", W_TITLE)
    described = target_text + [f for k in tv.kpis for f in _texts(k.kpi, "metric", W_BODY)] + around
    yield Doc(
        "target",
        f"Mục tiêu {target.id}",
        f"{target.title}: {target.text}" if target.title else target.text,
        f"{prefix}{routes.url(tv.page)}#{routes.target_anchor(target.id)}",
        area_name,
        [],
        described,
        _id_keys(target.id),
    )
    # A task serves its target: the target's words and measures describe it as well.
    inherited = tuple(described)
    for task_view in tv.tasks:
        task = task_view.task
        yield Doc(
            "task",
            f"Nhiệm vụ {task.id}",
            task.title,
            f"{prefix}{routes.url(task_view.page)}#{routes.task_anchor(task.id)}",
            area_name,
            badge_parts(task_view),
            _texts(task, "title", W_TITLE) + _texts(task, "items", W_BODY) + _texts(task, "products", W_BODY),
            _id_keys(task.id),
            inherited,
            _states(task_view),
        )


def _states(view: TaskView) -> tuple[str, ...]:
    """What "chưa cập nhật" or "quá hạn" finds a task by: its state, then its markers."""
    state = view.state
    markers = [(Marker.OVERDUE, state.overdue), (Marker.LATE, state.done_late)]
    return (state.shown.value, *(marker.value for marker, on in markers if on))


def unit_docs(site: Site, prefix: str = "", plan: str = "") -> Iterator[Doc]:
    for view in site.units:
        unit = view.unit
        yield Doc(
            "unit",
            "Đơn vị",
            unit.name,
            prefix + routes.url(routes.unit(unit.id)),
            plan,
            [],
            _texts(unit, "name", W_TITLE) + _texts(unit, "short", W_TITLE),
        )


def _plain(markdown: str) -> str:
    text = _LINK.sub(r"\1", markdown)
    text = _ATTR.sub("", _TAG.sub(" ", text))
    return " ".join(html.unescape(text).replace("*", " ").replace("|", " ").split())


# Pages whose sections are prose worth finding; the others list what the plan docs hold.
PROSE_PAGES = (routes.METHOD, routes.GUIDE, routes.SOURCE)


def page_docs(pages: Mapping[str, str], prefix: str = "", plan: str = "", home: bool = True) -> Iterator[Doc]:
    """Each page by its title; the prose pages also by each of their sections.

    `home=False` leaves out the home page, which a plan's own document (plan_doc) stands for.
    """
    for path in sorted(pages):
        if path == routes.HOME and not home:
            continue
        kind = "guide" if path == routes.GUIDE else "page"
        lines = pages[path].splitlines()
        title = next((_plain(line[2:]) for line in lines if line.startswith("# ")), "")
        if not title:
            continue
        url = prefix + routes.url(path)
        if path not in PROSE_PAGES:
            if path.startswith(("linh-vuc/", "don-vi/")) and not path.endswith("index.md"):
                continue  # areas and units are documents of their own
            yield Doc("page", "Trang", title, url, plan, [], [(title, W_TITLE)])
            continue
        sections: list[tuple[str, list[str]]] = [(title, [])]
        fenced = False
        for line in lines:
            fenced ^= line.startswith(("```", "~~~"))
            if line.startswith("## ") and not fenced:
                sections.append((line[3:], []))
            elif fenced or not line.startswith("# "):
                sections[-1][1].append(line)
        for n, (raw, body) in enumerate(sections):
            heading = _plain(raw)
            explicit = _EXPLICIT_ID.search(raw)
            anchor = "" if n == 0 else "#" + (explicit.group(1) if explicit else slugify(heading))
            text = _plain(" ".join(body))
            yield Doc(
                kind,
                "Trang" if n == 0 else title,
                heading,
                url + anchor,
                plan,
                [],
                [(heading, W_TITLE), (text, W_CONTEXT), (title, W_CONTEXT)],
            )


# Bounded: area, group and target words come again with each task of theirs, one after
# another; a task's own words come once (65,536 entries: this and _shared held ~100 MB at
# 50,000 tasks of distinct words).
@functools.lru_cache(maxsize=4096)
def _keys(text: str) -> dict[str, frozenset[str]]:
    """Every key of `text` (syllables and pairs of neighbouring syllables) with its accented forms.

    Cached, and never changed by a caller: area, group and target words are indexed
    again with each of their tasks.
    """
    found: dict[str, set[str]] = defaultdict(set)
    # Pairs only within a clause: "chữ ký, số trang" does not hold the phrase "chữ ký số".
    for clause in _CLAUSE.split(expand(text)):
        syllables = words(clause)
        for w in syllables:
            found[key(w)].add(w)
        for a, b in pairwise(syllables):
            found[f"{key(a)} {key(b)}"].add(f"{a} {b}")
    return {k: frozenset(forms) for k, forms in found.items()}


# A posting: (best field weight, how many (field, accented form) pairs hold the key, the
# forms). Tuples, so documents can share them unchanged: the index holds ~120 per task.
_Posting = tuple[int, int, frozenset[str]]
_NO_FORMS: frozenset[str] = frozenset()


def _collect(found: dict[str, _Posting], fields: Iterable[tuple[str, int]]) -> None:
    """Add the keys of `fields` to `found`."""
    for text, weight in fields:
        for k, forms in _keys(text).items():
            posting = found.get(k)
            if posting is None:
                found[k] = (weight, len(forms), forms)
            else:
                best, count, held = posting
                found[k] = (
                    weight if weight > best else best,
                    count + len(forms),
                    held if forms <= held else held | forms,
                )


# A target's tasks come one after another: a few entries serve them (each holds ~50 keys).
@functools.lru_cache(maxsize=256)
def _shared(fields: tuple[tuple[str, int], ...]) -> dict[str, _Posting]:
    """The postings of fields that many documents share, computed once (never changed after)."""
    found: dict[str, _Posting] = {}
    _collect(found, fields)
    return found


class _Postings:
    """The documents holding one key, packed: 12 bytes a document instead of a dict entry and
    a tuple (~120 postings a task: 1.3 GB at 50,000 tasks, benchmarks/README.md)."""

    __slots__ = ("forms", "numbers", "weights")

    def __init__(self) -> None:
        self.numbers = array("I")  # document numbers, increasing
        self.weights = array("I")  # best field weight, one more when two fields hold the key
        self.forms = array("I")  # which accented forms the document holds (FormSets id)


class _FormSets:
    """Each distinct set of accented forms once, by number: few exist per key."""

    def __init__(self) -> None:
        self.ids: dict[frozenset[str], int] = {}
        self.sets: list[frozenset[str]] = []

    def id(self, forms: frozenset[str]) -> int:
        found = self.ids.get(forms)
        if found is None:
            found = self.ids[forms] = len(self.sets)
            self.sets.append(forms)
        return found


def build_index(docs: Iterable[Doc]) -> tuple[dict[str, _Postings], _FormSets]:
    """Key -> the documents holding it, each with its weight and the accented forms found."""
    index: dict[str, _Postings] = {}
    form_sets = _FormSets()
    for number, doc in enumerate(docs):
        found = dict(_shared(doc.shared)) if doc.shared else {}
        _collect(found, doc.fields)
        for plan_id, weight in doc.ids:
            found["#" + plan_id.lower()] = (weight, 1, _NO_FORMS)
        # A task's state, so that "quá hạn" lists the overdue tasks (search_keys.query_phrases).
        for state in doc.states:
            found[status_key(state)] = (W_TITLE, 1, _NO_FORMS)
        for k, (weight, fields, held) in found.items():
            postings = index.get(k)
            if postings is None:
                postings = index[k] = _Postings()
            postings.numbers.append(number)
            # A key found in two fields (title and target) counts a little more.
            postings.weights.append(min(W_ID, weight + (fields > 1)))
            postings.forms.append(form_sets.id(held))
    return index, form_sets


def _encode(postings: _Postings, form_sets: _FormSets) -> str:
    """JSON of [forms, flat postings]: doc-number deltas, weight, mask of the forms it holds."""
    held_sets = {i: form_sets.sets[i] for i in set(postings.forms)}
    forms = sorted(_NO_FORMS.union(*held_sets.values()))[:MAX_FORMS]
    bit = {f: 1 << i for i, f in enumerate(forms)}
    masks = {i: sum(bit.get(f, 0) for f in held) for i, held in held_sets.items()}
    flat: list[int] = []
    previous = 0
    for number, weight, held_id in zip(postings.numbers, postings.weights, postings.forms, strict=True):
        flat += (number - previous, weight, masks[held_id])
        previous = number
    return _dump([forms, flat]).decode("utf-8")


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def shard_count(size: int) -> int:
    """A power of two giving shards of about SHARD_TARGET bytes."""
    count = 1
    while size / count > SHARD_TARGET:
        count *= 2
    return count


def index_files(docs: Iterable[Doc]) -> dict[str, bytes]:
    """Every file of the search index over `docs`, keyed by its path under docs/.

    `docs` is read once, in order: of each document only what a result shows is kept after
    its keys are indexed (from a generator, the words of 50,000 tasks are never all held)."""
    records: list[list[object]] = []
    kinds: list[str] = []

    def kept() -> Iterator[Doc]:
        for doc in docs:
            records.append(doc.record())
            kinds.append(KIND_LETTERS[doc.kind])
            yield doc

    index, form_sets = build_index(kept())
    # The caches serve one build_index; at 50,000 tasks they held ~100 MB, which the encoding
    # below would otherwise add to (the build's peak at that size is here).
    _keys.cache_clear()
    _shared.cache_clear()
    vocabulary = _vocabulary(index)
    # Each key's entry as UTF-8 bytes (less than the same text held as str), made once; the
    # shards are sized by its length in characters, which is what SHARD_TARGET counts.
    encoded: dict[str, bytes] = {}
    size = 0
    for k in sorted(index):
        text = _encode(index.pop(k), form_sets)
        size += len(k) + len(text)
        encoded[k] = text.encode("utf-8")
    shards = shard_count(size)
    grouped: dict[int, list[str]] = defaultdict(list)
    for k in encoded:
        grouped[fnv1a(k) % shards].append(k)
    # Written by hand from pre-encoded entries (as json.dumps with sort_keys would): each once,
    # and each entry let go as soon as its shard is written.
    files = {}
    for n in range(shards):
        entries = [_dump(k) + b":" + encoded.pop(k) for k in grouped[n]]
        files[f"{INDEX_DIR}/s/{n}.json"] = b"{" + b",".join(entries) + b"}"
    for start in range(0, len(records), CHUNK):
        files[f"{INDEX_DIR}/d/{start // CHUNK}.json"] = _dump(records[start : start + CHUNK])
    meta = {
        "format": FORMAT,
        "docs": len(records),
        "chunk": CHUNK,
        "shards": shards,
        # One letter per document, so ranking can prefer tasks before any chunk is fetched.
        "kinds": "".join(kinds),
        "abbr": query_abbreviations(),
        "phrases": query_phrases(),
        "stop": " ".join(stop_words()),
    }
    files[f"{INDEX_DIR}/meta.json"] = _dump(meta)
    files[f"{INDEX_DIR}/{VOCABULARY}"] = _dump(vocabulary)
    return files


def _vocabulary(index: Mapping[str, _Postings]) -> str:
    """Every syllable of the index, most documents first, one space apart: search.js fetches it
    only to split a joined word ("motcua" -> "mot cua"), preferring the commoner syllables."""
    syllables = [k for k in index if _SYLLABLE.fullmatch(k)]
    syllables.sort(key=lambda k: (-len(index[k].numbers), k))
    return " ".join(syllables)
