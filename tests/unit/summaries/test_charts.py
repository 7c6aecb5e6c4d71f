"""Charts: Python works out the geometry, one Jinja macro draws it. Every chart is an image with
a text alternative, draws no style attribute (the CSP forbids them) and escapes its words."""

from __future__ import annotations

import re
from types import SimpleNamespace as NS

import pytest

from engage.summaries import charts
from engage.web.templating import environment


def draw(chart) -> str:
    return str(environment().globals["draw_chart"](chart))


OPTIONS = [NS(value=v, label=label, count=n) for v, label, n in [
    ("strongly-agree", "Strongly agree", 5), ("agree", "Agree", 10), ("neither", "Neither", 3),
    ("disagree", "Disagree", 7), ("strongly-disagree", "Strongly disagree", 0), ("dont-know", "Don't know", 2)]]
TOPIC = NS(topic="age", label="Age", groups=[NS(label="16 to 24", population_share=30.0, response_share=18.0),
                                              NS(label="65 to 74", population_share=12.0, response_share=None)])

CHARTS = {
    "bars": lambda: charts.bar_chart([("Castle <b>", 12), ("Abbey", 3)], "Voices & wards"),
    "columns": lambda: charts.column_chart([("2026-01", 3), ("2026-02", 10)], "Responses"),
    "sparkline": lambda: charts.sparkline([1, 0, 5], ["Jan", "Feb", "Mar"], "Voices about <x>"),
    "sentiment": lambda: charts.sentiment_bar(3, 4, 5),
    "diverging": lambda: charts.diverging_bar(OPTIONS, "Q1. Do you agree?"),
    "gap": lambda: charts.gap_chart(TOPIC),
}


@pytest.mark.parametrize("name", CHARTS)
def test_every_chart_is_an_image_with_a_text_alternative_and_no_style(name):
    svg = draw(CHARTS[name]())
    assert svg.startswith("<svg") and svg.endswith("</svg>") and 'role="img"' in svg and 'focusable="false"' in svg
    labelled = re.search(r'aria-labelledby="([^"]+)-t \1-d"', svg)
    if labelled:  # a chart with a table beside it: a title and a description
        assert f'<title id="{labelled.group(1)}-t">' in svg and f'<desc id="{labelled.group(1)}-d">' in svg
    else:  # a small chart in a table cell: a label, said again as its title
        assert re.search(r'aria-label="[^"]+"', svg) and "<title>" in svg
    assert "style=" not in svg and "<b>" not in svg and "<x>" not in svg


def test_words_are_escaped_once_not_drawn_as_markup():
    bars = draw(CHARTS["bars"]())
    assert "Castle &lt;b&gt;" in bars and "Voices &amp; wards" in bars
    # "Don't know" sits under the diverging bar as words (it was once escaped twice and showed its tags).
    diverging = draw(CHARTS["diverging"]())
    assert 'y="198">Not in the bar: Don&#39;t know 2</text>' in diverging and "&lt;text" not in diverging


def test_nothing_to_draw_draws_nothing():
    assert charts.bar_chart([], "Empty") is None and draw(None).strip() == ""
    assert charts.diverging_bar([NS(value="agree", label="Agree", count=0)], "No views") is None


def test_the_geometry_is_data_a_template_can_draw():
    chart = charts.bar_chart([("A", 10), ("B", 5)], "Two")
    assert chart is not None
    a, b = chart.rects
    assert a.width == 2 * b.width and a.x == b.x and b.y > a.y  # proportional bars, one under the other
