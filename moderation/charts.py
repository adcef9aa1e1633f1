"""Bar charts as plain geometry for server-rendered SVG (no script, nothing inline to allow in the CSP).

Bars run sideways so every label fits in full; the SVG is drawn at its real size in CSS pixels (a
narrow screen scrolls it instead of shrinking the text below 12 px), and the same numbers go into a
table beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

FONT_PX = 14
CHAR_PX = 8  # a generous average width of a character at FONT_PX, to size the label column
ROW_PX = 28
BAR_PX = 18
PLOT_PX = 240
MARGIN_PX = 12
AXIS_PX = 52  # below the bars: tick numbers and the axis title


@dataclass
class Bar:
    label: str
    value: float
    shown: str  # the value as the chart and its table write it
    y: float
    width: float


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    maximum: float
    unit: str = ""
    category_label: str = ""
    value_label: str = ""
    label_width: float = 0
    plot_width: float = PLOT_PX
    ticks: list[Tick] = field(default_factory=list)

    @property
    def plot_left(self) -> float:
        return MARGIN_PX + self.label_width

    @property
    def plot_bottom(self) -> float:
        return MARGIN_PX + ROW_PX * max(len(self.bars), 1)


def _plain(value: float) -> str:
    return f"{value:.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


def _shown(value: float | None, unit: str, number: Callable[[float], str] = _plain) -> str:
    return "–" if value is None else f"{number(value)}{unit}"


def bar_chart(title: str, data: list[tuple[str, float | None]], unit: str = "", category_label: str = "",
              value_label: str = "", number: Callable[[float], str] = _plain) -> BarChart:
    """Horizontal bars scaled to the largest value; an empty value draws no bar but keeps its label.
    `number` writes a value in the reader's language (1,5 in Dutch)."""
    values = [v for _, v in data if v is not None]
    maximum = max(values, default=0) or 1
    label_width = min(max((len(label) for label, _ in data), default=4), 40) * CHAR_PX + MARGIN_PX
    bars = [Bar(label, value if value is not None else 0, _shown(value, unit, number),
                MARGIN_PX + index * ROW_PX + (ROW_PX - BAR_PX) / 2, (value or 0) / maximum * PLOT_PX)
            for index, (label, value) in enumerate(data)]
    chart = BarChart(title, bars, 0, 0, maximum, unit, category_label, value_label, label_width)
    whole = all(float(v).is_integer() for v in values)
    steps = sorted({0, maximum // 2, maximum}) if whole else [0, maximum / 2, maximum]
    chart.ticks = [Tick(chart.plot_left + step / maximum * PLOT_PX, _shown(step, "", number)) for step in steps]
    chart.width = int(chart.plot_left + PLOT_PX + 8 * CHAR_PX + MARGIN_PX)
    chart.height = int(chart.plot_bottom + AXIS_PX)
    return chart


@dataclass
class Column:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class SmallBars:
    """Upright bars without axes or labels inside: a sparkline the page explains in words beside it."""

    bars: list[Column]
    width: int
    height: int
    maximum: float


def small_bars(data: list[tuple[str, int]], width: int = 240, height: int = 70) -> SmallBars:
    """A sparkline of bars (the register's cases per quarter): the geometry, for the template to draw."""
    maximum = max((value for _, value in data), default=0) or 1
    slot = width / max(len(data), 1)
    columns = [Column(label, value, round(index * slot + slot * 0.15, 1),
                      round(height - value / maximum * (height - 4), 1), round(slot * 0.7, 1),
                      round(value / maximum * (height - 4), 1))
               for index, (label, value) in enumerate(data)]
    return SmallBars(columns, width, height, maximum)
