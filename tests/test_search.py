"""The search index the generator writes: tokens, folding, abbreviations, ids, shards, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.build.pipeline import ASSETS, lean_script
from generator.derive.views import Site, derive
from generator.outputs.search import (
    INDEX_DIR,
    SHARD_TARGET,
    VOCABULARY,
    W_ID,
    index_files,
    page_docs,
    plan_doc,
    plan_docs,
    shard_count,
    unit_docs,
)
from generator.outputs.search_keys import expand, fnv1a, key, query_phrases, status_key, words
from generator.pages.escape import md
from generator.pages.glossary import GLOSSARY, STATUS_WORDS, SYNONYMS, expansions
from generator.pages.render import iter_pages
from generator.plan.check import check
from generator.plan.labels import MARKER_LABELS, SHOWN_LABELS, Marker
from generator.plan.model import Shown

from .conftest import REAL_PLAN


@pytest.fixture(scope="module")
def real() -> Site:
    plan = check(REAL_PLAN)
    return derive(plan, plan.plan.as_of)


def _index(site: Site) -> dict[str, bytes]:
    """The search index of a one-plan site, made as the build makes it."""
    pages = dict(iter_pages(site))
    return index_files([*plan_docs(site), *unit_docs(site), *page_docs(pages, home=False)])


@pytest.fixture(scope="module")
def files(real: Site) -> dict[str, bytes]:
    return _index(real)


def _load(files: dict[str, bytes], path: str) -> object:
    return json.loads(files[f"{INDEX_DIR}/{path}"])


def _lookup(files: dict[str, bytes], k: str) -> tuple[list[str], list[tuple[int, int, int]]] | None:
    """The postings of key `k` as search.js finds them: hash -> shard -> key."""
    meta = _load(files, "meta.json")
    assert isinstance(meta, dict)
    shard = _load(files, f"s/{fnv1a(k) % meta['shards']}.json")
    assert isinstance(shard, dict)
    if k not in shard:
        return None
    forms, flat = shard[k]
    postings, doc = [], 0
    for i in range(0, len(flat), 3):
        doc += flat[i]
        postings.append((doc, flat[i + 1], flat[i + 2]))
    return forms, postings


def _doc(files: dict[str, bytes], number: int) -> list[object]:
    meta = _load(files, "meta.json")
    assert isinstance(meta, dict)
    chunk = _load(files, f"d/{number // meta['chunk']}.json")
    assert isinstance(chunk, list)
    return chunk[number % meta["chunk"]]  # type: ignore[no-any-return]


# --- tokens and folding -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Chữ ký số", ["chu", "ky", "so"]),
        # Precomposed toned vowels stay inside their syllable ("số" is not cut to "s").
        ("sở, số, sổ", ["so", "so", "so"]),
        ("Đề án vị trí việc làm", ["de", "an", "vi", "tri", "viec", "lam"]),
        ("ĐỒNG NAI", ["dong", "nai"]),
        ("Quyết định 468/QĐ-TTg", ["quyet", "dinh", "468", "qd", "ttg"]),
        ("Ủy ban; (thời gian...)", ["uy", "ban", "thoi", "gian"]),
    ],
)
def test_words_fold_to_keys(text: str, keys: list[str]) -> None:
    assert [key(w) for w in words(text)] == keys


def test_words_keep_diacritics_and_read_decomposed_text_alike() -> None:
    assert words("Chữ Ký Số") == ["chữ", "ký", "số"]
    decomposed = "Chu\u031b\u0303 ky\u0301 so\u0302\u0301"
    assert words(decomposed) == ["chữ", "ký", "số"]


def test_fnv1a_matches_the_published_vectors() -> None:
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("foobar") == 0xBF9CF968


def test_shard_count_is_a_power_of_two_that_grows_with_the_index() -> None:
    assert shard_count(0) == 1
    assert shard_count(SHARD_TARGET) == 1
    assert shard_count(SHARD_TARGET + 1) == 2
    assert shard_count(SHARD_TARGET * 512) == 512
    assert shard_count(SHARD_TARGET * 512 + 1) == 1024


# --- abbreviations -----------------------------------------------------------------


def test_abbreviations_read_as_their_meaning() -> None:
    assert expand("Công khai bộ TTHC trên CSDL") == "Công khai bộ thủ tục hành chính trên cơ sở dữ liệu"
    assert expand("MCLT và MC") == "một cửa liên thông và một cửa"
    # Only whole words, and only as the plan writes them (capitals).
    assert expand("TTHCX tthc PAN") == "TTHCX tthc PAN"


def test_a_query_reads_abbreviations_through_the_table_of_meta_json(files: dict[str, bytes]) -> None:
    """search.js reads each typed word through meta.json's `abbr` (folded form -> meaning),
    then looks up the meaning's keys (test_browser.py types TTHC, tthc and the meaning)."""
    abbr = _load(files, "meta.json")["abbr"]  # type: ignore[index]
    assert abbr["tthc"] == "thủ tục hành chính"
    assert (abbr["mc"], abbr["mclt"]) == ("một cửa", "một cửa liên thông")
    assert "egov" not in abbr  # its meaning is a description, not words to search for
    for k in ("thu", "tuc", "hanh", "chinh", "thu tuc", "tuc hanh", "hanh chinh"):
        assert _lookup(files, k) is not None, k


def test_glossary_is_the_one_list_the_source_page_prints(real: Site) -> None:
    page = dict(iter_pages(real))["nguon-du-lieu.md"]
    for entry in GLOSSARY:
        assert f"| {md(', '.join(entry.forms))} | {md(entry.shown)} |" in page, entry
    # Every abbreviation search expands is one that readers can look up on that page.
    listed = {form for entry in GLOSSARY for form in entry.forms}
    assert set(expansions()) <= listed


# --- the index of the real plan ---------------------------------------------------


def test_index_files_are_deterministic(real: Site, files: dict[str, bytes]) -> None:
    again = _index(real)
    assert again == files
    assert all(path.startswith(f"{INDEX_DIR}/") and path.endswith(".json") for path in files)


def test_every_key_is_in_the_shard_its_hash_names(files: dict[str, bytes]) -> None:
    meta = _load(files, "meta.json")
    assert isinstance(meta, dict)
    shards = meta["shards"]
    assert shards & (shards - 1) == 0
    assert sorted(p for p in files if "/s/" in p) == sorted(f"{INDEX_DIR}/s/{n}.json" for n in range(shards))
    for n in range(shards):
        shard = _load(files, f"s/{n}.json")
        assert isinstance(shard, dict)
        assert all(fnv1a(k) % shards == n for k in shard)


def test_task_document_has_its_text_status_and_anchor(real: Site, files: dict[str, bytes]) -> None:
    meta = _load(files, "meta.json")
    assert isinstance(meta, dict)
    found = _lookup(files, "#vi.3.2.a")
    assert found is not None
    _, postings = found
    own = [p for p in postings if p[1] == W_ID]
    assert len(own) == 1
    number = own[0][0]
    assert meta["kinds"][number] == "t"
    kind, label, title, url, context, status = _doc(files, number)
    assert (kind, label, url) == ("task", "Nhiệm vụ VI.3.2.a", "linh-vuc/vi/#VI.3.2.a")
    assert title == (
        "Tăng cường sử dụng ký số phê duyệt, ký duyệt văn bản điện tử; "
        "xử lý hồ sơ công việc trên môi trường điện tử"
    )
    assert context == "VI. Phát triển Chính quyền điện tử, Chính quyền số"
    assert status == [["not_reported", "? Chưa cập nhật Quý IV/2022"]]


def test_phrase_keys_keep_the_accented_forms(files: dict[str, bytes]) -> None:
    found = _lookup(files, "ky so")
    assert found is not None
    forms, postings = found
    assert "ký số" in forms
    bit = 1 << forms.index("ký số")
    labels = {_doc(files, doc)[1] for doc, _, mask in postings if mask & bit}
    assert {"Nhiệm vụ VI.3.2.a", "Mục tiêu VI.3.2"} <= labels


def test_tasks_carry_their_target_words(real: Site, files: dict[str, bytes]) -> None:
    # "chữ ký số" is written in target VI.3.2 only; its task is found by it too.
    found = _lookup(files, "chu ky")
    assert found is not None
    labels = {_doc(files, doc)[1] for doc, _, _ in found[1]}
    assert "Nhiệm vụ VI.3.2.a" in labels


def test_every_task_target_and_area_is_a_document(real: Site) -> None:
    docs = list(plan_docs(real))
    assert sum(d.kind == "task" for d in docs) == len(real.tasks) == 57
    assert sum(d.kind == "area" for d in docs) == len(real.areas)
    urls = [d.url for d in docs]
    assert len(urls) == len(set(urls))


def test_every_result_link_lands_on_a_page_and_anchor(real_site: Path) -> None:
    """Search links are built here, not by MkDocs: check each against the built site."""
    index = real_site / INDEX_DIR
    meta = json.loads((index / "meta.json").read_bytes())
    records = [
        r
        for n in range(-(-meta["docs"] // meta["chunk"]))
        for r in json.loads((index / f"d/{n}.json").read_bytes())
    ]
    assert len(records) == meta["docs"] == len(meta["kinds"])
    ids: dict[str, set[str]] = {}
    for record in records:
        path, _, anchor = record[3].partition("#")
        html_file = real_site / path / "index.html"
        assert html_file.is_file(), record
        if path not in ids:
            ids[path] = set(re.findall(r'\bid="([^"]+)"', html_file.read_text(encoding="utf-8")))
        assert not anchor or anchor in ids[path], record
    kinds = {r[0] for r in records}
    assert kinds == {"plan", "task", "target", "group", "area", "unit", "page", "guide"}


# --- what search.js reads a query with: synonyms, status words, joined words ------------


def test_meta_json_carries_the_one_list_of_synonyms_and_status_words(files: dict[str, bytes]) -> None:
    phrases = _load(files, "meta.json")["phrases"]  # type: ignore[index]
    assert phrases == query_phrases()
    # Typed without diacritics, each synonym reads as itself first, then what it also finds.
    assert phrases["khieu nai"] == ["khiếu nại", "phản ánh", "kiến nghị"]
    for typed, also in SYNONYMS.items():
        assert phrases[" ".join(key(w) for w in words(typed))][1:] == [" ".join(words(a)) for a in also]
    # Every badge's words find the tasks wearing it, and so do the few everyday ones.
    for shown, label in SHOWN_LABELS.items():
        assert phrases[" ".join(key(w) for w in words(label))] == [status_key(shown.value)], label
    for marker, label in MARKER_LABELS.items():
        assert phrases[" ".join(key(w) for w in words(label))] == [status_key(marker.value)], label
    assert set(STATUS_WORDS.values()) <= {s.value for s in Shown} | {m.value for m in Marker}


def test_tasks_are_indexed_under_their_state(real: Site, files: dict[str, bytes]) -> None:
    for state, holds in [
        (Shown.NOT_REPORTED.value, lambda v: v.state.shown == Shown.NOT_REPORTED),
        (Marker.OVERDUE.value, lambda v: v.state.overdue),
    ]:
        expected = {f"Nhiệm vụ {v.task.id}" for v in real.tasks if holds(v)}
        found = _lookup(files, status_key(state))
        assert found is not None and expected
        assert {_doc(files, doc)[1] for doc, _, _ in found[1]} == expected


def test_the_vocabulary_holds_every_syllable_commonest_first(files: dict[str, bytes]) -> None:
    vocabulary = json.loads(files[f"{INDEX_DIR}/{VOCABULARY}"]).split(" ")
    assert {"mot", "cua", "dich", "vu", "cong"} <= set(vocabulary)
    assert all(re.fullmatch("[a-z]+", w) for w in vocabulary)
    sizes = [len(_lookup(files, w)[1]) for w in vocabulary]  # type: ignore[index]
    assert sizes == sorted(sizes, reverse=True)


def test_the_plan_is_found_by_its_agency_not_by_its_province(real: Site) -> None:
    doc = plan_doc(real)
    meta = real.plan.plan
    assert (doc.kind, doc.label, doc.title, doc.url) == ("plan", "Kế hoạch năm 2022", meta.organization, "")
    assert doc.context == meta.title
    titled = " ".join(text for text, weight in doc.fields if weight > 1)
    assert "Sở Công Thương" in titled and "Đồng Nai" not in titled
    assert next(plan_docs(real)) == doc


def test_the_staff_guide_is_a_kind_of_its_own(files: dict[str, bytes], real: Site) -> None:
    docs = [*plan_docs(real), *unit_docs(real), *page_docs(dict(iter_pages(real)), home=False)]
    kinds = _load(files, "meta.json")["kinds"]  # type: ignore[index]
    assert kinds[0] == "k"
    for doc, letter in zip(docs, kinds, strict=True):
        assert (letter == "h") == doc.url.startswith("huong-dan/"), doc.url


# --- the script readers download ---------------------------------------------------------


def test_scripts_ship_without_comments_and_nothing_else_changes() -> None:
    source = (Path(ASSETS) / "javascripts" / "search.js").read_text("utf-8")
    lean = lean_script(source)
    assert len(lean) < 0.8 * len(source)
    assert "/*" not in lean and not re.search(r"^\s*//", lean, re.MULTILINE)
    # Every statement line is kept, only without its indentation.
    statements = ("const ", "return ", "if (")
    code = [line.strip() for line in source.splitlines() if line.strip().startswith(statements)]
    assert code and all(line in lean.splitlines() for line in code)
    script = "const a = 1; // kept\n/* gone\n still gone */\n  // gone\nconst b = a\n  * 2;\n/** c */ f();\n"
    assert lean_script(script) == "const a = 1; // kept\nconst b = a\n* 2;\nf();\n"
    # What stripping lines could break is left alone: a template string or a comment after code.
    for multi in ("const t = `a\n  b`;\n", "f(); /* a comment\n  over lines */\n"):
        assert lean_script(multi) == multi
