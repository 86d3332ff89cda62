"""KPI charts as small inline SVG, made at build time: no JavaScript, no requests.

Each chart has a title and description for screen readers; the page also shows
the same numbers in a table, so the picture is never the only way to read them.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..plan.labels import COMPARISON_LABELS, NO_MEASUREMENT
from ..plan.model import Kpi, Measurement
from ..plan.status import KpiState, meets
from .escape import attr
from .i18n import _, date_text, number_text

WIDTH, HEIGHT = 320, 156
# The top strip holds the legend (the target's label), so no label sits on the data.
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 30, 26
# Width of a "dd/mm/yyyy" label at the 10 px tick size, with a gap: closer dates drop labels.
DATE_LABEL_W = 58


def _date_labels(xs: list[float]) -> list[int]:
    """Which points get a date label: all that fit without overlapping, last and first first."""
    order = [len(xs) - 1, 0, *range(1, len(xs) - 1)] if xs else []
    chosen: list[int] = []
    spans: list[tuple[float, float]] = []
    for i in dict.fromkeys(order):
        left = min(max(xs[i] - DATE_LABEL_W / 2, LEFT - 10), WIDTH - DATE_LABEL_W)
        span = (left, left + DATE_LABEL_W)
        if all(span[1] <= a or span[0] >= b for a, b in spans):
            chosen.append(i)
            spans.append(span)
    return sorted(chosen)


def number(value: float) -> str:
    """A number as the page's readers write it: 92,5 and 96 (not 96.0); 92.5 in English."""
    return number_text(value)


def _x_positions(points: Sequence[Measurement], plot_w: float) -> list[float]:
    """Where each measurement sits across the plot: by date, or centred when alone."""
    if len(points) > 1:
        first, last = points[0].date.toordinal(), points[-1].date.toordinal()
        span = max(last - first, 1)
        return [round(LEFT + plot_w * (m.date.toordinal() - first) / span, 1) for m in points]
    return [LEFT + plot_w / 2] * len(points)


def _axis_range(kpi: Kpi, points: Sequence[Measurement]) -> tuple[float, float]:
    """The lowest and highest values of the axis."""
    values = [kpi.value, *(m.value for m in points)]
    top_value = max(values) or 1.0
    if kpi.unit == "%":
        top_value = max(top_value, 100.0)
    # Start the axis near the data (a multiple of 10), so 94% vs 96% is visible; the
    # axis is labelled, so the cut is never hidden.
    return max(0.0, (min(values) - 5) // 10 * 10), top_value


def kpi_chart(kpi: Kpi, state: KpiState, chart_id: str) -> Markup:
    """An SVG line chart of the KPI's measurements with its target as a dashed line."""
    points = state.measurements
    low_value, top_value = _axis_range(kpi, points)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - (value - low_value) / (top_value - low_value)), 1)

    xs = _x_positions(points, plot_w)
    threshold = f"{_(COMPARISON_LABELS[kpi.comparison])} {number(kpi.value)}{kpi.unit}"
    title = _("{metric}: mục tiêu {threshold}").format(metric=kpi.metric, threshold=threshold)
    if points:
        described = "; ".join(f"{date_text(m.date)}: {number(m.value)}{kpi.unit}" for m in points)
    else:
        described = _(NO_MEASUREMENT)
    target_y = y(kpi.value)
    parts = [
        f'<svg class="cc-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{attr(title)}</title>',
        f'<desc id="{chart_id}-d">{attr(described)}</desc>',
        # legend above the plot: the dashed line means the target
        f'<line x1="{LEFT}" y1="10" x2="{LEFT + 24}" y2="10" class="cc-target"/>',
        f'<text x="{LEFT + 30}" y="13" class="cc-tick">{_("Mục tiêu:")} {attr(threshold)}</text>',
        # axes
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" class="cc-axis"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" class="cc-axis"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end" class="cc-tick">{number(top_value)}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end" class="cc-tick">'
        f"{number(low_value)}</text>",
        # the target line, its value on the axis beside it
        f'<line x1="{LEFT}" y1="{target_y}" x2="{WIDTH - RIGHT}" y2="{target_y}" class="cc-target"/>',
    ]
    if abs(target_y - TOP) > 10 and abs(target_y - TOP - plot_h) > 10:
        parts.append(
            f'<text x="{LEFT - 4}" y="{target_y + 3}" text-anchor="end" class="cc-tick">'
            f"{number(kpi.value)}</text>"
        )
    parts += _marks(kpi, points, xs, [y(m.value) for m in points], plot_w, plot_h)
    parts.append("</svg>")
    return Markup("".join(parts))


def _marks(
    kpi: Kpi, points: Sequence[Measurement], xs: list[float], ys: list[float], plot_w: float, plot_h: float
) -> list[str]:
    """The measurements: a line through them, a dot each (met or not), their dates below."""
    parts = []
    if len(points) > 1:
        path = " ".join(f"{x},{y}" for x, y in zip(xs, ys, strict=True))
        parts.append(f'<polyline points="{path}" class="cc-line"/>')
    for x, y, m in zip(xs, ys, points, strict=True):
        ok = "cc-met" if meets(m.value, kpi) else "cc-not-met"
        parts.append(f'<circle cx="{x}" cy="{y}" r="4" class="{ok}"/>')
        parts.append(f'<line x1="{x}" y1="{TOP + plot_h}" x2="{x}" y2="{TOP + plot_h + 4}" class="cc-axis"/>')
    for i in _date_labels(xs):
        left = min(max(xs[i] - DATE_LABEL_W / 2, LEFT - 10), WIDTH - DATE_LABEL_W)
        parts.append(
            f'<text x="{round(left + DATE_LABEL_W / 2, 1)}" y="{HEIGHT - 6}" text-anchor="middle" '
            f'class="cc-tick">{date_text(points[i].date)}</text>'
        )
    if not points:
        parts.append(
            f'<text x="{LEFT + plot_w / 2}" y="{TOP + plot_h / 2}" text-anchor="middle" '
            f'class="cc-tick">Chưa có số liệu</text>'
        )
    return parts
