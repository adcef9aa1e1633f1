"""Bar charts as plain geometry for server-rendered SVG (no script, nothing inline to allow in the CSP)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    maximum: float
    unit: str = ""


def bar_chart(title: str, data: list[tuple[str, float | None]], width: int = 560, height: int = 200,
              unit: str = "") -> BarChart:
    """Vertical bars scaled to the largest value; an empty value draws no bar but keeps its label."""
    values = [v for _, v in data if v is not None]
    maximum = max(values, default=0) or 1
    plot_height = height - 40
    slot = width / max(len(data), 1)
    bars = []
    for index, (label, value) in enumerate(data):
        bar_height = (value or 0) / maximum * plot_height
        bars.append(Bar(label, value if value is not None else 0, index * slot + slot * 0.15,
                        20 + plot_height - bar_height, slot * 0.7, bar_height))
    return BarChart(title, bars, width, height, maximum, unit)


def small_bars(data: list[tuple[str, int]], width: int = 240, height: int = 70) -> BarChart:
    """A sparkline of bars (the register's cases per quarter): the geometry, for the template to draw."""
    maximum = max((value for _, value in data), default=0) or 1
    slot = width / max(len(data), 1)
    bars = [Bar(label, value, round(index * slot + slot * 0.15, 1), round(height - value / maximum * (height - 4), 1),
                round(slot * 0.7, 1), round(value / maximum * (height - 4), 1))
            for index, (label, value) in enumerate(data)]
    return BarChart("", bars, width, height, maximum)
