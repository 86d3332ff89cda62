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

from generator.cells import FORMULA_START, csv_text
from generator.derive import derive
from generator.export import xlsx
from generator.importer import plan_yaml, read_plan
from generator.load import load_text
from generator.model import Plan
from generator.opendata import DATASETS, FOLDER
from generator.pipeline import check
from generator.report import docx
from generator.schema import plan_schema
from generator.validate import validate

from .conftest import SAMPLE_PLAN, _serve, build_site

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
    # The markers of a pre-rendered HTML block (generator/markdown_lean.py): text must not end one.
    '<!--/cc:html--><script>alert("p31")</script><!--cc:html-->',
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
]
TEXT_KEYS = {"title", "organization", "source", "name", "short", "text", "metric", "unit"}
LIST_KEYS = {"items", "products"}


def _poison(node: Any, texts: Iterator[str], notes: Iterator[str], urls: Iterator[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _poison(item, texts, notes, urls)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str):
                node[key] = next(texts)
            elif key == "note" and isinstance(value, str):
                node[key] = next(notes)
            elif key in LIST_KEYS:
                node[key] = [next(texts) for _ in range(max(2, len(value)))]
            elif key == "url":
                node[key] = next(urls)
            else:
                _poison(value, texts, notes, urls)


def hostile_data() -> dict[str, Any]:
    """The sample plan with every text field replaced by a payload."""
    data: dict[str, Any] = yaml.safe_load(SAMPLE_PLAN.read_text(encoding="utf-8"))
    texts = itertools.cycle(PAYLOADS)
    _poison(
        data,
        texts,
        itertools.cycle(NOTE_PAYLOADS + PAYLOADS),
        itertools.cycle(URLS),
    )
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
    if (s.textContent.includes('alert(')) bad.push('inline script: ' + s.textContent.slice(0, 80));
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
  return {bad, text: document.body.innerText};
}"""


def test_every_page_shows_payloads_as_text_and_runs_none(
    hostile_site: Path, plan: Plan, browser: Any
) -> None:
    pages = sorted(p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*.html"))
    assert len(pages) > 15
    dialogs: list[str] = []
    outside: list[str] = []
    texts: dict[str, str] = {}
    for base in _serve(hostile_site):
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
            found = page.evaluate(_INSPECT)
            assert found["bad"] == [], (rel, found["bad"])
            texts[rel] = _flat(found["text"])
        context.close()
    assert dialogs == []
    assert outside == []
    everything = "\n".join(texts.values())
    # The text shows literally: titles on the overview, each task's title somewhere.
    assert _flat(plan.plan.title) in texts["index.html"]
    missing = [t.id for t in plan.tasks() if _flat(t.title) not in everything]
    assert missing == []
    for payload in ("{{ 7*7 }}", '<script>alert("p1")</script>', '=HYPERLINK("https://evil.example/?p11"'):
        assert payload in everything


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
        raw = (hostile_site / FOLDER / f"{dataset.name}.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        assert all(len(row) == len(dataset.columns) for row in rows)
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_START), cell
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
    cells = [c for row in load_workbook(path)["Nhiệm vụ"].iter_rows(min_row=2) for c in row]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)


def test_docx_holds_the_text_literally_and_no_field(plan: Plan, tmp_path: Path) -> None:
    data = docx(derive(plan, plan.plan.as_of))
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
