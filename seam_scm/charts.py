"""Bar charts drawn as inline SVG on the server: no JavaScript, no CDN.

Python works out the coordinates; two shared templates draw them:

- `bar_chart` -> templates/includes/bar_chart.html: vertical bars, one group per label and one
  bar per series in each group (e.g. cases per month; two percentages per quarter);
- `horizontal_bar_chart` -> templates/includes/hbar_chart.html: one horizontal bar per label
  (e.g. cases per channel), the label left of its bar and the value right of it.

Each chart carries a title and a description, which the templates put in the SVG's <title>
and <desc> (role="img", aria-labelledby) for screen readers; every bar has a <title> tooltip
with its value, and a missing value (None) is drawn as "—" instead of a zero-height bar, so
that "nothing to measure" never reads as 0. Pages show the same numbers in a table too.

    chart = bar_chart(
        ["Q1", "Q2"], [Series("Cases", [3, 5])], title="Cases per quarter", description="..."
    )
    {% include "includes/bar_chart.html" with chart=chart chart_id="cases" %}
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | float | Decimal

# Bootstrap's palette, readable on white.
PALETTE = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#d63384", "#20c997", "#495057"]


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number | None]
    colour: str = ""


@dataclass(frozen=True)
class Tick:
    position: float  # x for labels along the bottom, y for the value axis
    text: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str  # the value as shown
    title: str  # "series, label: value", the bar's tooltip


@dataclass(frozen=True)
class Missing:
    """Where a bar would stand if its value were known; drawn as "—"."""

    x: float
    y: float
    title: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    bars: list[Bar]
    missing: list[Missing]
    x_labels: list[Tick]
    y_ticks: list[Tick]
    legend: list[LegendItem] = field(default_factory=list)

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def right(self) -> int:
        return self.left + self.plot_width

    @property
    def label_y(self) -> int:
        return self.bottom + 18


HBAR_THICKNESS = 18
HBAR_ROW = 26
# Longer labels are cut short (with "…") beside the bar; the tooltip keeps them whole.
HBAR_LABEL_CHARS = 32


@dataclass(frozen=True)
class HorizontalBar:
    y: float  # top of the bar
    width: float
    label: str
    text: str
    title: str
    missing: bool
    text_x: float  # where the value is written, right of the bar

    @property
    def middle(self) -> float:
        return self.y + HBAR_THICKNESS / 2

    @property
    def short_label(self) -> str:
        if len(self.label) <= HBAR_LABEL_CHARS:
            return self.label
        return self.label[: HBAR_LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class HorizontalBarChart:
    title: str
    description: str
    width: int
    height: int
    left: int  # where the bars start; labels end here
    plot_width: int
    colour: str
    bars: list[HorizontalBar]


def format_number(value: Number, suffix: str = "") -> str:
    """A value as the table shows it: 12 -> "12", Decimal("66.7") -> "66.7", 2.0 -> "2"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}{suffix}"


def _tick_text(value: Decimal, suffix: str) -> str:
    """An axis tick without trailing zeros: 20, 0.4, 2.5."""
    if value == value.to_integral_value():
        return f"{int(value)}{suffix}"
    return f"{value.normalize():f}{suffix}"


def nice_maximum(value: Number) -> Number:
    """The smallest 1, 2 or 5 times a power of ten at or above `value` (at least 1)."""
    value = float(value)
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            result = step * power
            return int(result) if float(result).is_integer() else result
    raise AssertionError("unreachable")  # pragma: no cover


def _scale(values: Sequence[Number | None], maximum: Number | None) -> Number:
    if maximum is not None:
        return maximum
    return nice_maximum(max((float(v) for v in values if v is not None), default=1))


def _value_ticks(maximum: Number, ticks: int, *, integer: bool) -> list[Decimal]:
    if integer and maximum < ticks:
        ticks = int(maximum)
    step = Decimal(str(maximum)) / ticks
    return [step * index for index in range(ticks + 1)]


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    maximum: Number | None = None,
    ticks: int = 5,
    integer: bool = False,
    suffix: str = "",
    width: int = 640,
    height: int = 260,
) -> BarChart:
    """Vertical bars: one group per label, one bar per series in each group.

    `maximum` is the top of the value axis (default: a round number above the largest value);
    `integer` keeps the axis' ticks on whole numbers (counts); `suffix` follows each value
    ("%").
    """
    left, top, right_margin, bottom_margin = 44, 14, 12, 28
    plot_width = width - left - right_margin
    plot_height = height - top - bottom_margin
    every_value = [value for s in series for value in s.values]
    top_value = _scale(every_value, maximum)
    slot = plot_width / max(len(labels), 1)
    group_width = slot * 0.7
    bar_width = group_width / max(len(series), 1)
    bottom = top + plot_height

    def y_of(value: Number) -> float:
        share = min(float(value) / float(top_value), 1.0) if top_value else 0.0
        return bottom - share * plot_height

    bars: list[Bar] = []
    missing: list[Missing] = []
    for index, label in enumerate(labels):
        group_left = left + index * slot + (slot - group_width) / 2
        for number, one in enumerate(series):
            value = one.values[index] if index < len(one.values) else None
            x = group_left + number * bar_width
            name = f"{one.label}, {label}" if len(series) > 1 or one.label else label
            if value is None:
                missing.append(Missing(x + bar_width / 2, bottom - 4, f"{name}: —"))
                continue
            y = y_of(value)
            text = format_number(value, suffix)
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(max(bar_width - 2, 1), 1),
                    height=round(bottom - y, 1),
                    colour=one.colour or PALETTE[number % len(PALETTE)],
                    text=text,
                    title=f"{name}: {text}",
                )
            )
    return BarChart(
        title=title,
        description=description,
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        bars=bars,
        missing=missing,
        x_labels=[
            Tick(round(left + index * slot + slot / 2, 1), label)
            for index, label in enumerate(labels)
        ],
        y_ticks=[
            Tick(round(y_of(value), 1), _tick_text(value, suffix))
            for value in _value_ticks(top_value, ticks, integer=integer)
        ],
        legend=[
            LegendItem(one.label, one.colour or PALETTE[number % len(PALETTE)])
            for number, one in enumerate(series)
        ],
    )


def horizontal_bar_chart(
    labels: Sequence[str],
    values: Sequence[Number | None],
    *,
    title: str,
    description: str,
    maximum: Number | None = None,
    suffix: str = "",
    width: int = 640,
    label_width: int = 220,
    colour: str = PALETTE[0],
) -> HorizontalBarChart:
    """One horizontal bar per label, longest value = the whole width unless `maximum` is set."""
    value_room = 56
    plot_width = width - label_width - value_room
    known = [float(value) for value in values if value is not None]
    top_value = float(maximum if maximum is not None else max(known, default=0)) or 1.0
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 6 + index * HBAR_ROW
        if value is None:
            bars.append(HorizontalBar(y, 0, label, "—", f"{label}: —", True, label_width + 6))
            continue
        length = round(min(float(value) / top_value, 1.0) * plot_width, 1)
        text = format_number(value, suffix)
        bars.append(
            HorizontalBar(
                y, length, label, text, f"{label}: {text}", False, label_width + length + 6
            )
        )
    return HorizontalBarChart(
        title=title,
        description=description,
        width=width,
        height=12 + len(bars) * HBAR_ROW,
        left=label_width,
        plot_width=plot_width,
        colour=colour,
        bars=bars,
    )
