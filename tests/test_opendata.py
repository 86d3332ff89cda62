"""Open data on the site: CSV, XLSX and JSON of tasks and KPIs, schemas, and the page listing them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from generator.build.pipeline import OUTPUTS, portal_files
from generator.derive.portal import PlanEntry, Portal
from generator.derive.views import derive
from generator.office.cells import csv_text, set_cell
from generator.outputs.datasets import DATASETS
from generator.outputs.opendata import EN_FOLDER, FOLDER, PAGE, open_data
from generator.plan.check import check
from generator.plan.model import Plan

from .conftest import REAL_PLAN, SAMPLE_PLAN

URL = "https://example.gov.vn/cchc/"


@pytest.fixture(scope="module")
def sample() -> tuple[Plan, dict[str, bytes]]:
    plan = check(SAMPLE_PLAN)
    return plan, open_data(derive(plan, plan.plan.as_of), URL)


def _type_ok(value: Any, schema: dict[str, Any]) -> bool:
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    python = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "array": list,
        "null": type(None),
    }
    if isinstance(value, bool) and "boolean" not in types:
        return False
    return any(isinstance(value, python[t]) for t in types)  # type: ignore[arg-type]


def test_open_data_is_one_output_of_the_build() -> None:
    assert open_data in [getattr(output, "__wrapped__", output) for output in OUTPUTS]


def test_json_rows_match_their_schema(sample: tuple[Plan, dict[str, bytes]]) -> None:
    plan, files = sample
    counts = {
        "nhiem-vu": len(plan.tasks()),
        "chi-tieu": sum(len(t.kpis) for t in plan.targets()),
    }
    for dataset in DATASETS:
        rows = json.loads(files[f"{FOLDER}/{dataset.name}.json"])
        schema = json.loads(files[f"{FOLDER}/{dataset.name}.schema.json"])
        assert schema["$schema"].endswith("2020-12/schema")
        props = schema["items"]["properties"]
        assert len(rows) == counts[dataset.name] > 0
        for row in rows:
            assert list(row) == list(props) == schema["items"]["required"]
            for key, value in row.items():
                assert _type_ok(value, props[key]), (dataset.name, key, value)
                if props[key].get("format") == "date" and value is not None:
                    dt.date.fromisoformat(value)
        assert all(p["description"] for p in props.values())


def test_csv_has_the_same_rows_as_json(sample: tuple[Plan, dict[str, bytes]]) -> None:
    _, files = sample
    for dataset in DATASETS:
        raw = files[f"{FOLDER}/{dataset.name}.csv"]
        assert raw.startswith("\ufeff".encode())
        table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        rows = json.loads(files[f"{FOLDER}/{dataset.name}.json"])
        assert table[0] == [c.name for c in dataset.columns]
        assert len(table) - 1 == len(rows)
        for line, row in zip(table[1:], rows, strict=True):
            for cell, value in zip(line, row.values(), strict=True):
                if isinstance(value, list):
                    assert cell == "\n".join(csv_text(v) for v in value)
                elif isinstance(value, str):
                    assert cell == csv_text(value)


def test_xlsx_has_a_sheet_per_dataset_and_column_descriptions(
    sample: tuple[Plan, dict[str, bytes]], tmp_path: Path
) -> None:
    _, files = sample
    path = tmp_path / "d.xlsx"
    path.write_bytes(files[f"{FOLDER}/du-lieu.xlsx"])
    wb = load_workbook(path)
    assert wb.sheetnames == [d.name for d in DATASETS] + ["mo-ta-cot"]
    for dataset in DATASETS:
        ws = wb[dataset.name]
        assert [c.value for c in ws[1]] == [c.name for c in dataset.columns]
        assert ws.max_row - 1 == len(json.loads(files[f"{FOLDER}/{dataset.name}.json"]))
    described = {(r[0], r[1]) for r in wb["mo-ta-cot"].iter_rows(min_row=2, values_only=True)}
    assert described == {(d.name, c.name) for d in DATASETS for c in d.columns}


def test_whole_plan_json_is_the_plan(sample: tuple[Plan, dict[str, bytes]]) -> None:
    plan, files = sample
    assert Plan.model_validate_json(files[f"{FOLDER}/ke-hoach.json"]) == plan


def test_page_lists_every_file_and_column(sample: tuple[Plan, dict[str, bytes]]) -> None:
    _, files = sample
    page = files[PAGE].decode("utf-8")
    for name in files:
        if name.startswith(FOLDER + "/"):
            assert f"]({name})" in page, name
    for dataset in DATASETS:
        for column in dataset.columns:
            assert column.name.replace("_", "&#95;") in page


def test_built_site_serves_the_files_linked_from_home_and_source(sample_site: Path) -> None:
    for dataset in DATASETS:
        for ext in ("csv", "json", "schema.json"):
            assert (sample_site / FOLDER / f"{dataset.name}.{ext}").is_file()
    for page in ("index.html", "nguon-du-lieu/index.html"):
        soup = BeautifulSoup((sample_site / page).read_text(encoding="utf-8"), "html.parser")
        assert any(a["href"].rstrip("/").endswith("du-lieu-mo") for a in soup.find_all("a", href=True)), page
    soup = BeautifulSoup((sample_site / "du-lieu-mo/index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert "../du-lieu/nhiem-vu.csv" in hrefs and "../du-lieu/du-lieu.xlsx" in hrefs


def test_open_data_bytes_are_deterministic() -> None:
    plan = check(REAL_PLAN)

    def files() -> dict[str, bytes]:
        return portal_files(Portal([PlanEntry(derive(plan, plan.plan.as_of), REAL_PLAN, "")]), URL)

    first, second = files(), files()
    assert first == second
    assert f"{FOLDER}/du-lieu.xlsx" in first


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x","y")'])
def test_no_text_becomes_a_formula(text: str, tmp_path: Path) -> None:
    assert csv_text(text) == "'" + text
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    set_cell(ws["A1"], text)
    wb.save(tmp_path / "f.xlsx")
    cell = load_workbook(tmp_path / "f.xlsx").active["A1"]  # type: ignore[index]
    assert cell.data_type == "s" and cell.value == text and cell.quotePrefix
    assert csv_text("bình thường") == "bình thường"


# --- English column names (issue 19) ---------------------------------------------------


def test_every_column_has_an_english_name_and_description() -> None:
    for dataset in DATASETS:
        names = [c.name_en for c in dataset.columns]
        assert len(set(names)) == len(names), dataset.name
        for column in dataset.columns:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", column.name_en), column.name_en
            assert column.description_en and column.description_en.isascii(), column.name
            # A column of the plan's English text is named so in both languages.
            assert column.name.endswith("_en") == column.name_en.endswith("_en"), column.name


def test_the_english_files_hold_the_same_rows_under_english_names(
    sample: tuple[Plan, dict[str, bytes]],
) -> None:
    _, files = sample
    for dataset in DATASETS:
        vi = json.loads(files[f"{FOLDER}/{dataset.name}.json"])
        en = json.loads(files[f"{EN_FOLDER}/{dataset.name_en}.json"])
        renamed = [{c.name_en: row[c.name] for c in dataset.columns} for row in vi]
        assert en == renamed
        header = next(
            csv.reader(io.StringIO(files[f"{EN_FOLDER}/{dataset.name_en}.csv"].decode("utf-8-sig")))
        )
        assert header == [c.name_en for c in dataset.columns]
        schema = json.loads(files[f"{EN_FOLDER}/{dataset.name_en}.schema.json"])
        assert schema["title"] == dataset.title_en and schema["$id"].endswith(
            f"/en/{dataset.name_en}.schema.json"
        )
        assert {n: p["description"] for n, p in schema["items"]["properties"].items()} == {
            c.name_en: c.description_en for c in dataset.columns
        }
        for row in en:
            for name, prop in schema["items"]["properties"].items():
                assert _type_ok(row[name], prop), (dataset.name_en, name, row[name])


def test_english_text_columns_hold_the_plans_english_or_nothing(
    sample: tuple[Plan, dict[str, bytes]],
) -> None:
    _, files = sample
    tasks = {row["id"]: row for row in json.loads(files[f"{EN_FOLDER}/tasks.json"])}
    task = tasks["II.1.6.a"]
    assert task["task_en"].startswith("Review eligible administrative procedures and propose them as online")
    assert task["products_en"] == ["List of level 3 and level 4 online public services"]
    assert task["lead_en"] == ["All divisions and units of the Department"]
    assert task["deadline_en"] == "Ongoing" and task["area_title_en"] == "Administrative procedure reform"
    kpis = json.loads(files[f"{EN_FOLDER}/kpis.json"])
    assert {k["metric_en"] for k in kpis} >= {"Share of applications settled on time"}
    # The real plan has no English: its English columns are empty, never the Vietnamese.
    real = check(REAL_PLAN)
    real_files = open_data(derive(real, real.plan.as_of), URL)
    for row in json.loads(real_files[f"{EN_FOLDER}/tasks.json"]):
        assert [row[n] for n in row if n.endswith("_en")] == [None, None, None, [], [], [], [], None]


def test_the_workbooks_column_list_is_bilingual(
    sample: tuple[Plan, dict[str, bytes]], tmp_path: Path
) -> None:
    _, files = sample
    path = tmp_path / "d.xlsx"
    path.write_bytes(files[f"{FOLDER}/du-lieu.xlsx"])
    rows = list(load_workbook(path)["mo-ta-cot"].iter_rows(values_only=True))
    assert list(rows[0]) == ["bo_du_lieu", "cot", "kieu", "mo_ta", "dataset", "column", "type", "description"]
    row = next(r for r in rows if r[1] == "nhiem_vu_en")
    assert row[:7] == ("nhiem-vu", "nhiem_vu_en", "chữ", row[3], "tasks", "task_en", "text")


# --- The workbook's rows written as XML (sheet_rows.py, issue 18) -----------------------

_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**17), max_value=10**17),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from(
        ["", " a", "b ", "#N/A", "#REF!", "=1+1", "-1", "@x", "\t=1", "\r=1", "a&b<c>d\"e'", "x" * 32770]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.lists(st.text(max_size=5), max_size=3),
)


def _openpyxl_workbook(site: Any, tables: dict[str, list[list[Any]]]) -> bytes:
    """The open-data workbook as openpyxl writes every cell itself (before sheet_rows)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from generator.office.cells import FORMULA_START
    from generator.office.export import DATE_FORMAT, page_setup, stamp, workbook_bytes
    from generator.outputs.opendata import DICTIONARY_HEADER

    def sheet(wb: Workbook, name: str, rows: list[list[Any]], header: Font | None) -> None:
        ws = wb.create_sheet(name)
        ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"
        ws.calculate_dimension = lambda: ref  # type: ignore[method-assign]
        page_setup(ws)

        def styled(value: Any, font: Font | None = None) -> Any:
            cell = WriteOnlyCell(ws)
            set_cell(cell, value)
            if font is not None:
                cell.font = font
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            return cell

        def plain(value: Any) -> Any:
            if isinstance(value, list):
                value = "\n".join(str(v) for v in value)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
                return styled(value) if value.startswith(FORMULA_START) else value
            return styled(value) if isinstance(value, dt.date) else value

        ws.append([styled(v, header) for v in rows[0]])
        for row in rows[1:]:
            ws.append([plain(v) for v in row])
        if len(rows) > 1:
            ws.auto_filter.ref = ref

    wb = Workbook(write_only=True)
    for d in DATASETS:
        sheet(wb, d.name, [[c.name for c in d.columns], *tables[d.name]], Font(bold=True))
    described = [
        [d.name, c.name, c.kind_label, c.description, d.name_en, c.name_en, c.kind_label_en, c.description_en]
        for d in DATASETS
        for c in d.columns
    ]
    sheet(wb, "mo-ta-cot", [DICTIONARY_HEADER, *described], None)
    stamp(wb, site.as_of)
    return workbook_bytes(wb, site.as_of)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_workbook_rows_written_as_xml_are_openpyxls_bytes(data: st.DataObject) -> None:
    """The sheets' rows are written by sheet_rows, not cell by cell through openpyxl: the
    workbook is byte for byte what openpyxl writes, whatever the cells hold."""
    from types import SimpleNamespace

    from generator.outputs.opendata import datasets_xlsx

    tables = {
        d.name: data.draw(
            st.lists(st.lists(_CELL, min_size=len(d.columns), max_size=len(d.columns)), max_size=4)
        )
        for d in DATASETS
    }
    site = SimpleNamespace(as_of=dt.date(2022, 10, 15))
    assert datasets_xlsx(site, tables) == _openpyxl_workbook(site, tables)  # type: ignore[arg-type]


def test_workbook_rows_of_the_sample_plan_are_openpyxls_bytes(sample: tuple[Plan, dict[str, bytes]]) -> None:
    plan, files = sample
    site = derive(plan, plan.plan.as_of)
    tables = {d.name: d.table(site, URL) for d in DATASETS}
    assert files[f"{FOLDER}/du-lieu.xlsx"] == _openpyxl_workbook(site, tables)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(_CELL, min_size=len(DATASETS[1].columns), max_size=len(DATASETS[1].columns)), max_size=4
    )
)
def test_dataset_json_is_json_dumps_indented(rows: list[list[Any]]) -> None:
    """dataset_json writes its rows itself (json's indented encoder is pure Python): the text
    is json.dumps(indent=2)'s, whatever the cells hold."""
    from generator.outputs.opendata import dataset_json

    dataset = DATASETS[1]
    for lang in ("vi", "en"):
        names = [c.name_en if lang == "en" else c.name for c in dataset.columns]
        records = [
            {n: v.isoformat() if isinstance(v, dt.date) else v for n, v in zip(names, row, strict=True)}
            for row in rows
        ]
        expected = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        assert dataset_json(dataset, rows, lang) == expected.encode("utf-8")
