"""Inline SVG charts drawn here, so the HTML report needs no script and no network.

Two shapes cover the report: columns (grouped or stacked, counts or shares) and a line over
time. Every text is escaped; every mark carries a <title> with its exact value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 680
FONT = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif\""


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    color: str


def _ticks(value: float, percent: bool) -> list[float]:
    """Round axis ticks from 0 to at least `value`: 0–100 % for shares, else steps of 1, 2 or 5 × 10ⁿ."""
    if percent:
        return [0, 0.25, 0.5, 0.75, 1.0]
    if value <= 0:
        return [0, 1]
    magnitude = 10 ** math.floor(math.log10(value / 5)) if value >= 5 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude * 5 >= value)
    return [step * k for k in range(math.ceil(value / step) + 1)]


def _label(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%"
    return f"{value:g}" if value != int(value) else f"{int(value)}"


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    out = []
    for s in series:
        out.append(f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" rx="2" fill="{s.color}"/>')
        out.append(f'<text x="{x + 14:.1f}" y="{y:.1f}" font-size="11" fill="#333">{escape(s.name)}</text>')
        x += 22 + 12 * len(s.name) + 8
    return out


def _grid(ticks: Sequence[float], left: float, right: float, top: float, plot_h: float, percent: bool) -> list[str]:
    out = []
    for value in ticks:
        y = top + plot_h - plot_h * value / ticks[-1]
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end" fill="#666">'
            f"{_label(value, percent)}</text>"
        )
    return out


def _frame(height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _empty(title: str) -> str:
    return _frame(
        80,
        title,
        [f'<text x="{WIDTH / 2}" y="45" text-anchor="middle" font-size="13" fill="#888">暂无数据 / no data</text>'],
    )


def columns(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    percent: bool = False,
    height: int = 300,
) -> str:
    """A column chart: one group (or stack) per category, one colour per series, values on the marks."""
    if not categories or not series:
        return _empty(title)
    left, right, top, bottom = 44, 12, 34, 58 if max(len(c) for c in categories) > 4 else 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    totals = [
        sum(v or 0 for v in (s.values[i] for s in series)) if stacked else max((s.values[i] or 0) for s in series)
        for i in range(len(categories))
    ]
    ticks = _ticks(max(totals, default=0), percent)
    top_value = ticks[-1]
    body = _legend(series, left, 16) + _grid(ticks, left, right, top, plot_h, percent)
    slot = plot_w / len(categories)
    bar_w = slot * 0.7 / (1 if stacked else len(series))
    rotate = slot < 46
    for i, category in enumerate(categories):
        x0 = left + slot * i + slot * 0.15
        base = top + plot_h
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = plot_h * value / top_value
            x = x0 if stacked else x0 + bar_w * j
            y = base - h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}" fill="{s.color}">'
                f"<title>{escape(category)} · {escape(s.name)}：{_label(value, percent)}</title></rect>"
            )
            if value and (not stacked or h >= 13) and bar_w >= 11:
                ty = y + h / 2 + 4 if stacked else y - 3
                fill = "#fff" if stacked else "#333"
                body.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{ty:.1f}" font-size="10" text-anchor="middle" fill="{fill}">'
                    f"{_label(value, percent)}</text>"
                )
            if stacked:
                base = y
        cx = left + slot * i + slot / 2
        label_y = top + plot_h + 14
        if rotate:
            body.append(
                f'<text x="{cx:.1f}" y="{label_y:.1f}" font-size="10" text-anchor="end" fill="#333" '
                f'transform="rotate(-35 {cx:.1f} {label_y:.1f})">{escape(category)}</text>'
            )
        else:
            body.append(
                f'<text x="{cx:.1f}" y="{label_y:.1f}" font-size="11" text-anchor="middle" fill="#333">'
                f"{escape(category)}</text>"
            )
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#999"/>')
    return _frame(height, title, body)


def line(title: str, categories: Sequence[str], series: Series, *, percent: bool = True, height: int = 260) -> str:
    """A line over time with a dot and a value at each point."""
    points = [(i, v) for i, v in enumerate(series.values) if v is not None]
    if not points:
        return _empty(title)
    left, right, top, bottom = 44, 16, 34, 40
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    ticks = _ticks(max(v for _, v in points), percent)
    top_value = ticks[-1]
    body = _legend([series], left, 16) + _grid(ticks, left, right, top, plot_h, percent)
    step = plot_w / max(len(categories), 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + step * i + step / 2, top + plot_h - plot_h * v / top_value

    path = " ".join(f"{'M' if k == 0 else 'L'}{x:.1f},{y:.1f}" for k, (x, y) in enumerate(xy(i, v) for i, v in points))
    body.append(f'<path d="{path}" fill="none" stroke="{series.color}" stroke-width="2.5"/>')
    for i, v in points:
        x, y = xy(i, v)
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#fff" stroke="{series.color}" stroke-width="2">'
            f"<title>{escape(categories[i])}：{_label(v, percent)}</title></circle>"
        )
        body.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="10" text-anchor="middle" fill="#333">'
            f"{_label(v, percent)}</text>"
        )
    for i, category in enumerate(categories):
        body.append(
            f'<text x="{left + step * i + step / 2:.1f}" y="{top + plot_h + 16:.1f}" font-size="10" '
            f'text-anchor="middle" fill="#333">{escape(category)}</text>'
        )
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#999"/>')
    return _frame(height, title, body)
