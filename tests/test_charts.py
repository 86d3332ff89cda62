"""KPI charts: small, self-describing inline SVG with the numbers also in text."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

from generator.pages.charts import DATE_LABEL_W, kpi_chart, number
from generator.plan.check import check
from generator.plan.dates import vn_date
from generator.plan.status import kpi_state

from .conftest import SAMPLE_PLAN

SVG = "{http://www.w3.org/2000/svg}"


def _kpis():  # type: ignore[no-untyped-def]
    plan = check(SAMPLE_PLAN)
    return [(t, k, kpi_state(k, plan.plan.as_of)) for t in plan.targets() for k in t.kpis]


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


def _texts(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}text"))


def test_target_label_sits_above_the_plot_not_on_the_data() -> None:
    for _, kpi, state in _kpis():
        root = ET.fromstring(str(kpi_chart(kpi, state, "x")))
        label = next(t for t in root.iter(f"{SVG}text") if (t.text or "").startswith("Mục tiêu"))
        data_top = min(
            [float(c.get("cy", 0)) - 4 for c in root.iter(f"{SVG}circle")]
            + [
                float(p)
                for line in root.iter(f"{SVG}line")
                if "cc-target" in (line.get("class") or "")
                for p in (line.get("y1"), line.get("y2"))
                if float(line.get("x2", 0)) - float(line.get("x1", 0)) > 30
            ]
        )
        # The label's baseline plus its descent stays above every point and the target line.
        assert float(label.get("y", 0)) + 3 < data_top, (kpi.id, label.get("y"), data_top)


def test_every_measured_date_is_labelled_when_they_fit() -> None:
    measured = [(k, s) for _, k, s in _kpis() if len(s.measurements) >= 3]
    assert measured
    for kpi, state in measured:
        texts = " ".join(t.text or "" for t in _texts(str(kpi_chart(kpi, state, "x"))))
        for m in state.measurements:
            assert vn_date(m.date) in texts, (kpi.id, m.date)


def test_crowded_dates_keep_a_readable_subset() -> None:
    _, kpi, state = next(x for x in _kpis() if len(x[2].measurements) >= 3)
    monthly = tuple(
        state.measurements[0].model_copy(update={"date": dt.date(2022, month, 28), "value": 50 + month})
        for month in range(1, 13)
    )
    svg = str(kpi_chart(kpi, replace(state, measurements=monthly), "x"))
    labels = [t for t in _texts(svg) if re.fullmatch(r"\d\d/\d\d/\d{4}", t.text or "")]
    assert 3 <= len(labels) < 12
    assert labels[-1].text == "28/12/2022" and labels[0].text == "28/01/2022"
    centres = sorted(float(t.get("x", 0)) for t in labels)
    assert all(b - a >= DATE_LABEL_W for a, b in itertools.pairwise(centres))
    assert len(ET.fromstring(svg).findall(f"{SVG}circle")) == 12
