"""KPI charts: small, self-describing inline SVG with the numbers also in text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.charts import kpi_chart, number
from generator.pipeline import check
from generator.status import kpi_state

from .conftest import SAMPLE_PLAN

SVG = "{http://www.w3.org/2000/svg}"


def _kpis():  # type: ignore[no-untyped-def]
    plan = check(SAMPLE_PLAN)
    return [
        (t, k, kpi_state(k, plan.plan.as_of)) for a in plan.areas for t in a.all_targets() for k in t.kpis
    ]


def test_every_chart_is_small_valid_svg_with_title_and_description() -> None:
    kpis = _kpis()
    assert len(kpis) >= 3
    for target, kpi, state in kpis:
        svg = str(kpi_chart(kpi, state, f"kpi-{kpi.id}"))
        assert len(svg.encode("utf-8")) < 10 * 1024
        root = ET.fromstring(svg)
        assert root.get("role") == "img"
        title = root.find(f"{SVG}title")
        desc = root.find(f"{SVG}desc")
        assert title is not None and kpi.metric in (title.text or "")
        assert desc is not None
        for m in state.measurements:  # the description repeats every number
            assert number(m.value) in (desc.text or "")
        assert len(root.findall(f"{SVG}circle")) == len(state.measurements)
        texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
        assert f"{number(kpi.value)}{kpi.unit}" in texts, target.id


def test_unmeasured_kpi_says_so() -> None:
    unmeasured = [(k, s) for _, k, s in _kpis() if not s.measurements]
    assert unmeasured
    kpi, state = unmeasured[0]
    svg = str(kpi_chart(kpi, state, "x"))
    assert "Chưa có số liệu" in svg and "<circle" not in svg


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert number(92.5) == "92,5"
    assert number(96.0) == "96"
    assert number(1 / 3) == "0,33"
