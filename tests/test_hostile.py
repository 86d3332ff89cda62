"""Hostile text in every output: one corpus of injection payloads in every text field of a plan.

The plan is the sample plan with each text (titles, notes, products, unit names, KPI
metrics, evidence titles...) replaced by a payload and each link by a hostile URL
that still passes validation. Then every output is checked: every page of the built
site in Chromium (no script runs, no dialog opens, no request leaves, the text shows
literally), the Atom feed, the JSON and JSON Schemas, the CSV, the XLSX files (no
formula anywhere, the staff workbook still round-trips) and the Word report.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

from generator.derive import routes
from generator.derive.views import derive
from generator.office.cells import FORMULA_START, csv_text
from generator.office.export import xlsx
from generator.office.importer import plan_yaml, read_plan
from generator.office.letter import Choices, letter
from generator.office.period import cut_off
from generator.office.report import docx
from generator.office.sheets import TASKS
from generator.outputs.datasets import DATASETS
from generator.outputs.opendata import EN_FOLDER, FOLDER
from generator.plan.check import check
from generator.plan.load import load_text
from generator.plan.model import Plan
from generator.plan.schema import plan_schema
from generator.plan.validate import validate

from .conftest import ROOT, SAMPLE_PLAN, _serve, build_site

# What a payload does when it runs, besides alert(): a global the pages must never set
# (scripts and inline handlers are not strict code, so this assigns window.__pwned).
PWN = "__pwned=1"
# Payloads that close whatever may hold the text in the final HTML (<title>, <textarea>,
# <script>, <style>, a comment, a quoted attribute), or that a second unescaping (a
# theme's `striptags`) would turn into markup.
BREAKOUTS = [
    f"</title><script>{PWN}</script>p40",
    f"</textarea><script>{PWN}</script>p41",
    f"</script><script>{PWN}</script>p42",
    f"</style><script>{PWN}</script>p43",
    f"--><script>{PWN}</script><!--p44",
    f"--!><img src=x onerror={PWN}>p45",
    f'" onmouseover="{PWN}" autofocus onfocus="{PWN}" x="p46',
    f"' onmouseover='{PWN}' autofocus onfocus='{PWN}' x='p47",
    f"</noscript></xmp></iframe></noembed><svg onload={PWN}>p48",
    f"&lt;/title&gt;&lt;script&gt;{PWN}&lt;/script&gt;p49",
    f"&#60;/title&#62;&#60;img src=x onerror={PWN}&#62;p50",
]
# All of them at once, for the first text of each field (see `Poison`): out of a quoted
# attribute, then every closing tag before one script, then the unescaping kind. Short
# enough for a plan title in document properties (255 characters).
BREAKOUT = (
    f"\" onfocus=\"{PWN}\" autofocus x=\" ' onfocus='{PWN}' autofocus x=' "
    f"</title></textarea></style></noscript></xmp>--!>--></script><script>{PWN}</script> "
    f"&#60;/title&#62;&#60;img src=x onerror={PWN}&#62;p51"
)
# One line each: titles and other single-line texts are whitespace-normalised by the model.
PAYLOADS = [
    '<script>alert("p1")</script>',
    '<img src=x onerror=alert("p2")>',
    '"><svg onload=alert("p3")>',
    "javascript:alert('p4')",
    'data:text/html,<script>alert("p5")</script>',
    '</td></tr></table></div><script>alert("p6")</script>',
    "[bấm vào đây p7](javascript:alert(1))",
    "![ảnh p8](https://evil.example/p8.png)",
    '<a href="javascript:alert(1)">liên kết p9</a>',
    "{{ 7*7 }} {% if true %}p10{% endif %}",
    '=HYPERLINK("https://evil.example/?p11","Bấm vào")',
    "+1+2 p12",
    "-3+4 p13",
    "@SUM(A1:A2) p14",
    "=1+1 p15",
    'a","=1+1 p16',
    "| p17 | ô | bảng |",
    "<!-- p18",
    "]]> &amp; &lt;p19&gt; &#60;",
    "**đậm** _nghiêng_ `mã` p20",
    "\u202ep21 đảo chiều\u200b",
    "${7*7} #{7*7} p22",
    "'; DROP TABLE p23; --",
    "<style>body{display:none}</style>p24",
    '<iframe src="javascript:alert(1)">p25</iframe>',
    "# p26 tiêu đề\n- p26 danh sách",
    # The markers of a pre-rendered HTML block (generator/pages/markdown_lean.py): text must not end one.
    '<!--/cc:html--><script>alert("p31")</script><!--cc:html-->',
    *BREAKOUTS,
]
# Free-text notes keep their line breaks and tabs.
NOTE_PAYLOADS = [
    "\t=1+1 p27",
    "\r=2+2 p28",
    'dòng 1\n<script>alert("p29")</script>\ndòng 2',
    '"\n=cmd|" /C calc"!A0 p30',
    'dòng 1\n<!--/cc:html-->\n<script>alert("p32")</script>\n<!--cc:html-->\ndòng 2',
]
URLS = [
    'https://evil.example/"><script>alert(1)</script>',
    "https://evil.example/'onmouseover='alert(1)",
    "https://evil.example/?q=<img/src=x/onerror=alert(1)>",
    "https://evil.example/#javascript:alert(1)",
    'https://evil.example/=HYPERLINK("x")',
    f"https://evil.example/</title><script>{PWN}</script>",
    f"https://evil.example/'autofocus/onfocus='{PWN}'",
    f"https://evil.example/--><script>{PWN}</script>",
]
# The first link of each field: every breakout a URL can hold (it has no spaces).
URL_BREAKOUT = f"https://evil.example/\"'></title></textarea></script></style>--><script>{PWN}</script>"
TEXT_KEYS = {"title", "organization", "source", "name", "short", "text", "metric", "unit"}
LIST_KEYS = {"items", "products"}
# The English twins (`title_en`...) take payloads too: they reach search and open data.
TEXT_KEYS |= {f"{key}_en" for key in TEXT_KEYS | {"parent", "note"}}
LIST_KEYS |= {f"{key}_en" for key in LIST_KEYS}


class Poison:
    """Replaces every text of a plan: the first of each field (path of keys) by BREAKOUT,
    the others by the next payload of their kind."""

    def __init__(self, texts: Iterator[str], notes: Iterator[str], urls: Iterator[str]) -> None:
        self.texts, self.notes, self.urls = texts, notes, urls
        # English fields draw from their own round, so the Vietnamese get the same payloads as
        # without them.
        self.english = itertools.cycle(PAYLOADS)
        self.seen: set[tuple[str, ...]] = set()

    def _next(self, path: tuple[str, ...], rest: Iterator[str], first: str = BREAKOUT) -> str:
        if path in self.seen:
            return next(rest)
        self.seen.add(path)
        return first

    def __call__(self, node: Any, path: tuple[str, ...] = ()) -> None:
        if isinstance(node, list):
            for item in node:
                self(item, path)
        elif isinstance(node, dict):
            for key, value in node.items():
                here = (*path, key)
                texts = self.english if key.endswith("_en") else self.texts
                if key in TEXT_KEYS and isinstance(value, str):
                    node[key] = self._next(here, texts)
                elif key == "note" and isinstance(value, str):
                    node[key] = self._next(here, self.notes)
                elif key in LIST_KEYS:
                    node[key] = [self._next(here, texts) for _ in range(max(2, len(value)))]
                elif key == "url":
                    node[key] = self._next(here, self.urls, URL_BREAKOUT)
                else:
                    self(value, here)


def hostile_data() -> dict[str, Any]:
    """The sample plan with every text field replaced by a payload."""
    data: dict[str, Any] = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    texts = itertools.cycle(PAYLOADS)
    Poison(texts, itertools.cycle(NOTE_PAYLOADS + PAYLOADS), itertools.cycle(URLS))(data)
    # Every task gets a note, items and evidence, so each of those reaches every output.
    for area in data["areas"]:
        for target in [t for g in area.get("groups", []) for t in g["targets"]] + area.get("targets", []):
            for task in target["tasks"]:
                task.setdefault("note", next(texts))
                task.setdefault("items", [next(texts), next(texts)])
    return data


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile-plan.yaml"
    path.write_text(yaml.safe_dump(hostile_data(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plan(hostile_path: Path) -> Plan:
    return check(hostile_path)


@pytest.fixture(scope="module")
def hostile_site(hostile_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(hostile_path, tmp_path_factory.mktemp("hostile-site"))


def test_every_payload_reaches_the_plan(plan: Plan) -> None:
    dumped = plan.model_dump_json()
    for payload in PAYLOADS + NOTE_PAYLOADS:
        assert (
            json.dumps(_flat(payload), ensure_ascii=False)[1:-1] in dumped
            or json.dumps(payload, ensure_ascii=False)[1:-1] in dumped
        ), payload
    assert plan.plan.sample


# --- the site in Chromium ---------------------------------------------------------

_INSPECT = """() => {
  const bad = [];
  for (const s of document.querySelectorAll('script')) {
    if (/alert\\(|__pwned/.test(s.textContent)) bad.push('inline script: ' + s.textContent.slice(0, 80));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.trim().toLowerCase();
      if (a.name.startsWith('on')) bad.push('handler ' + a.name + ' on ' + el.tagName);
      if (['href', 'src', 'action', 'formaction', 'data'].includes(a.name)
          && (v.startsWith('javascript:') || v.startsWith('data:text')))
        bad.push(a.name + '=' + a.value.slice(0, 60));
    }
    if (['IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push('element ' + el.tagName);
  }
  if ('__pwned' in window) bad.push('a payload ran');
  const topic = document.querySelector('[data-md-component=header-topic]');
  return {bad, title: document.title, topic: topic ? topic.textContent : '', text: document.body.innerText};
}"""
# What the theme appends to every page title in <title> (mkdocs.yml).
SITE_NAME = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M)[1]  # type: ignore[index]


def open_every_page(site: Path, browser: Any) -> dict[str, dict[str, Any]]:
    """Every page of a built site in Chromium, as _INSPECT finds it once loaded.

    Fails on anything a payload did: a dialog, a request leaving 127.0.0.1, a script or
    handler in the page, the sentinel set."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    dialogs: list[str] = []
    outside: list[str] = []
    found: dict[str, dict[str, Any]] = {}
    for base in _serve(site):
        context = browser.new_context()

        def guard(route: Any) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in pages:
            page.goto(base + rel, wait_until="load")
            found[rel] = page.evaluate(_INSPECT)
            assert found[rel]["bad"] == [], (rel, found[rel]["bad"])
        context.close()
    assert dialogs == []
    assert outside == []
    return found


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path, browser: Any) -> dict[str, dict[str, Any]]:
    return open_every_page(hostile_site, browser)


def test_every_page_shows_payloads_as_text_and_runs_none(
    hostile_pages: dict[str, dict[str, Any]], plan: Plan
) -> None:
    found = hostile_pages
    assert len(found) > 15
    texts = {rel: _flat(f["text"]) for rel, f in found.items()}
    everything = "\n".join(texts.values())
    # The text shows literally: titles on the overview, each task's title somewhere.
    assert _flat(plan.plan.title) in texts["index.html"]
    missing = [t.id for t in plan.tasks() if _flat(t.title) not in everything]
    assert missing == []
    for payload in (
        "{{ 7*7 }}",
        '<script>alert("p1")</script>',
        '=HYPERLINK("https://evil.example/?p11"',
        BREAKOUT,
    ):
        assert payload in everything


def test_page_titles_read_as_the_plan_wrote_them(
    hostile_pages: dict[str, dict[str, Any]], plan: Plan
) -> None:
    """Area and unit pages take their <title> and header from the plan: Material's
    `striptags` once decoded them into markup (`</title><script>` ran)."""
    assert plan.areas[0].title == plan.units[0].name == BREAKOUT
    titles = {f"{a.id}. {a.title}": routes.area(a.id) for a in plan.areas}
    titles.update({u.name: routes.unit(u.id) for u in plan.units})
    for title, source in titles.items():
        seen = hostile_pages[routes.url(source) + "index.html"]
        assert seen["title"] == f"{_flat(title)} - {SITE_NAME}"
        assert _flat(seen["topic"]) == _flat(title)


# --- feed, JSON, schemas -------------------------------------------------------------


def test_feed_parses_and_holds_the_notes_literally(hostile_site: Path, plan: Plan) -> None:
    root = ET.parse(hostile_site / "atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summaries = [e.findtext("a:summary", default="", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert summaries
    notes = [u.note for t in plan.tasks() for u in t.updates if u.note]
    for note in notes:
        assert any(note.replace("\r", "\n") in s.replace("\r", "\n") for s in summaries), note
    assert root.findtext("a:title", namespaces=ns) == f"{plan.plan.title}: cập nhật tiến độ"


def test_json_and_schemas_hold_the_text_literally(hostile_site: Path, plan: Plan) -> None:
    folder = hostile_site / FOLDER
    assert Plan.model_validate_json((folder / "ke-hoach.json").read_bytes()) == plan
    assert (folder / "ke-hoach.schema.json").read_text(encoding="utf-8") == plan_schema()
    tasks = json.loads((folder / "nhiem-vu.json").read_text(encoding="utf-8"))
    assert [r["nhiem_vu"] for r in tasks] == [t.title for t in plan.tasks()]
    for dataset in DATASETS:
        json.loads((folder / f"{dataset.name}.schema.json").read_text(encoding="utf-8"))


# --- CSV, XLSX, DOCX: no cell is ever a formula ---------------------------------------


def test_csv_cells_never_start_a_formula_and_quotes_do_not_break(hostile_site: Path, plan: Plan) -> None:
    for dataset in DATASETS:
        for path in (f"{FOLDER}/{dataset.name}.csv", f"{EN_FOLDER}/{dataset.name_en}.csv"):
            rows = list(csv.reader(io.StringIO((hostile_site / path).read_text("utf-8-sig"), newline="")))
            assert all(len(row) == len(dataset.columns) for row in rows)
            for row in rows[1:]:
                for cell in row:
                    assert not cell.startswith(FORMULA_START), cell
    english = list(
        csv.DictReader(io.StringIO((hostile_site / EN_FOLDER / "tasks.csv").read_text("utf-8-sig")))
    )
    assert [r["task_en"] for r in english] == [csv_text(t.title_en or "") for t in plan.tasks()]
    rows = list(csv.DictReader(io.StringIO((hostile_site / FOLDER / "nhiem-vu.csv").read_text("utf-8-sig"))))
    assert [r["nhiem_vu"] for r in rows] == [csv_text(t.title) for t in plan.tasks()]
    assert any(r["nhiem_vu"].startswith("'=") for r in rows)


def _no_formula(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and re.search(rb"<f[ >]", archive.read(name))
        ]


def test_xlsx_files_hold_no_formula_and_the_staff_workbook_round_trips(
    hostile_site: Path, plan: Plan, tmp_path: Path
) -> None:
    opendata = (hostile_site / FOLDER / "du-lieu.xlsx").read_bytes()
    staff = xlsx(derive(plan, plan.plan.as_of))
    for data in (opendata, staff):
        assert _no_formula(data) == []
        path = tmp_path / "x.xlsx"
        path.write_bytes(data)
        wb = load_workbook(path)
        assert [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    path = tmp_path / "staff.xlsx"
    path.write_bytes(staff)
    assert read_plan(path) == plan
    cells = [c for row in load_workbook(path)[TASKS.name].iter_rows(min_row=2) for c in row]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)


def test_docx_holds_the_text_literally_and_no_field(plan: Plan, tmp_path: Path) -> None:
    period, as_of, _ = cut_off(plan.plan, None, None)
    data = docx(derive(plan, as_of), period, letter(plan.plan, Choices()))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml")
    for marker in (b"<w:fldSimple", b"<w:instrText", b"<w:hyperlink", b"<w:fldChar"):
        assert marker not in body
    path = tmp_path / "r.docx"
    path.write_bytes(data)
    cells = "\n".join(c.text for t in Document(str(path)).tables for row in t.rows for c in row.cells)
    missing = [t.id for t in plan.tasks() if t.title not in cells]
    assert missing == []


def test_yaml_written_by_import_reads_back_the_same_hostile_plan(plan: Plan, hostile_path: Path) -> None:
    assert validate(load_text(plan_yaml(plan), "fresh.yaml")) == plan
    # Updating the existing file in place keeps it equal too.
    base = hostile_path.read_text(encoding="utf-8")
    assert validate(load_text(plan_yaml(plan, base), "merged.yaml")) == plan
