"""The shared SVG bar charts (seam_scm.charts) the KPIs page draws."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from seam_scm import charts


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (1, 1), (3, 5), (5, 5), (7, 10), (12, 20), (99, 100), (101, 200), (0.3, 1)],
)
def test_nice_maximum(value, expected):
    assert charts.nice_maximum(value) == expected


def test_bar_chart_scales_bars_to_the_axis():
    chart = charts.bar_chart(
        ["Q1", "Q2"],
        [charts.Series("cases", [2, 5])],
        integer=True,
        title="Cases",
        description="Cases per quarter",
    )

    # Plot: 260 - 14 - 28 = 218 high; the axis runs to 5, so 5 fills it and 2 takes 2/5.
    assert [bar.height for bar in chart.bars] == [round(218 * 2 / 5, 1), 218.0]
    assert [bar.text for bar in chart.bars] == ["2", "5"]
    assert [bar.title for bar in chart.bars] == ["cases, Q1: 2", "cases, Q2: 5"]
    assert [tick.text for tick in chart.y_ticks] == ["0", "1", "2", "3", "4", "5"]
    assert [tick.text for tick in chart.x_labels] == ["Q1", "Q2"]


def test_counts_below_five_tick_on_whole_numbers():
    chart = charts.bar_chart(
        ["a"], [charts.Series("n", [2])], integer=True, title="t", description="d"
    )

    assert [tick.text for tick in chart.y_ticks] == ["0", "1", "2"]


def test_missing_values_are_marked_not_drawn_as_zero():
    chart = charts.bar_chart(
        ["Oct", "Nov"],
        [
            charts.Series("acknowledged", [Decimal("66.7"), None]),
            charts.Series("resolved", [None, Decimal("0.0")]),
        ],
        maximum=100,
        suffix="%",
        title="t",
        description="d",
    )

    assert [bar.title for bar in chart.bars] == ["acknowledged, Oct: 66.7%", "resolved, Nov: 0.0%"]
    assert [mark.title for mark in chart.missing] == ["resolved, Oct: —", "acknowledged, Nov: —"]
    assert [tick.text for tick in chart.y_ticks] == ["0%", "20%", "40%", "60%", "80%", "100%"]
    assert [item.label for item in chart.legend] == ["acknowledged", "resolved"]
    assert chart.legend[0].colour != chart.legend[1].colour


def test_values_above_the_maximum_stop_at_the_top():
    chart = charts.bar_chart(
        ["a"], [charts.Series("n", [7])], maximum=5, title="t", description="d"
    )

    assert chart.bars[0].y == chart.top


def test_horizontal_bars_take_the_longest_as_the_full_width():
    chart = charts.horizontal_bar_chart(
        ["a very long channel name that does not fit beside its bar", "short", "none"],
        [4, 2, None],
        title="t",
        description="d",
    )

    assert [bar.width for bar in chart.bars] == [chart.plot_width, chart.plot_width / 2, 0]
    assert chart.bars[0].short_label.endswith("…")
    assert len(chart.bars[0].short_label) == charts.HBAR_LABEL_CHARS
    assert chart.bars[0].title.startswith("a very long channel name that does not fit")
    assert (chart.bars[2].missing, chart.bars[2].text) == (True, "—")
    assert chart.height == 12 + 3 * charts.HBAR_ROW


def test_templates_draw_titles_descriptions_and_bars():
    chart = charts.bar_chart(
        ["Q1", "Q2"],
        [charts.Series("a", [1, None]), charts.Series("b", [2, 3])],
        title="Title <b>",
        description="Described",
    )
    html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "c1"})

    assert 'aria-labelledby="c1-title c1-desc"' in html
    assert '<title id="c1-title">Title &lt;b&gt;</title>' in html
    assert '<desc id="c1-desc">Described</desc>' in html
    assert html.count("<rect x=") == 3
    assert html.count('data-value="—"') == 1
    assert html.count("list-inline-item") == 2  # the legend, for two series

    bars = charts.horizontal_bar_chart(["x", "y"], [1, None], title="H", description="D")
    html = render_to_string("includes/hbar_chart.html", {"chart": bars, "chart_id": "h"})
    assert '<title id="h-title">H</title>' in html
    assert html.count("<rect ") == 1
