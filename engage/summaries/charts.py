"""The numbers of the summaries' charts: where each bar, label and line goes.

Python works out the geometry (positions and widths as data); templates/macros/charts.html
draws it as inline SVG: no JavaScript, nothing from outside the app, no style attributes (the
CSP forbids them: sizes are SVG attributes, colours are CSS classes in static/css/summaries.css).
Each chart carries a title and a description, or a label (its text alternative); pages put the
data table beside it. `draw_chart(chart)` draws any of them, by its `kind`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import count
from typing import Sequence

from engage.summaries.filters import CHANNELS
from engage.summaries.followup import status_label

_ids = count(1)


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_ids) % 1_000_000}"


def _fmt(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,.1f}"


def _short(label: str, room: int) -> str:
    return label if len(label) <= room else label[:room - 2] + "…"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    css: str = "sm-chart__label"
    end: bool = False  # anchored at its end (right-aligned)


@dataclass(frozen=True)
class Chart:
    """One drawing: its kind names the macro (a plain chart, a sentiment bar, a sparkline), its
    size, its text alternative, then shapes in drawing order."""

    kind: str
    width: int
    height: int
    title: str
    desc: str = ""
    id: str = ""
    css: str = "sm-chart"
    fluid: bool = True  # width="100%" (it shrinks with the column) rather than its own width
    rects: tuple[Rect, ...] = ()
    texts: tuple[Text, ...] = ()
    lines: tuple[Rect, ...] = ()  # x, y to x + width, y + height, in `css`
    legend: tuple[tuple[Rect, Text], ...] = ()  # a key beside the drawing: a swatch and its words
    caption: str = ""  # words a table cell shows under the drawing


def bar_chart(items: Sequence[tuple[str, float]], title: str, *, unit: str = "voices", width: int = 640,
              bar_class: str = "sm-bar") -> Chart | None:
    """Horizontal bars, one per (label, value), labelled with the value."""
    if not items:
        return None
    label_w, gap, bar_h = 230, 8, 22
    height = len(items) * (bar_h + gap) + gap
    top = max((v for _, v in items), default=0) or 1
    room = width - label_w - 70
    rects, texts = [], []
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar_h + gap)
        w = max(1 if value else 0, round(room * value / top))
        baseline = round(y + bar_h * 0.7)
        texts.append(Text(label_w - 8, baseline, _short(label, 34), end=True))
        rects.append(Rect(label_w, y, w, bar_h, bar_class))
        texts.append(Text(label_w + w + 6, baseline, _fmt(value), "sm-chart__value"))
    return Chart("chart", width, height, title, "; ".join(f"{label}: {_fmt(v)} {unit}" for label, v in items),
                 _id("chart"), rects=tuple(rects), texts=tuple(texts))


def sentiment_bar(negative: int, neutral: int, positive: int, *, width: int = 120, height: int = 14) -> Chart:
    """A stacked bar of negative, neutral and positive shares (its numbers sit beside it)."""
    total = negative + neutral + positive
    label = f"Negative {negative:,}, neutral {neutral:,}, positive {positive:,}" if total else "No voices"
    rects, x = [], 0.0
    for name, n in (("negative", negative), ("neutral", neutral), ("positive", positive)):
        if total and n:
            w = width * n / total
            rects.append(Rect(round(x, 1), 0, round(w, 1), height, f"sm-sentiment__{name}"))
            x += w
    if not total:
        rects.append(Rect(0, 0, width, height, "sm-sentiment__none"))
    return Chart("label", width, height, label, css="sm-sentiment", fluid=False, rects=tuple(rects),
                 caption=f"{negative} negative, {neutral} neutral, {positive} positive")


def sentiment_of(counts: dict) -> Chart:
    """The sentiment bar of a row's {"negative", "neutral", "positive"} counts."""
    return sentiment_bar(counts["negative"], counts["neutral"], counts["positive"])


def sparkline(values: Sequence[int], labels: Sequence[str], title: str, *, width: int = 140,
              height: int = 32) -> Chart | None:
    """A small column chart of a monthly trend."""
    if not values:
        return None
    top = max(values) or 1
    step = width / len(values)
    desc = ", ".join(f"{m}: {v:,}" for m, v in zip(labels, values))
    rects = []
    for i, v in enumerate(values):
        h = max(1 if v else 0, round((height - 2) * v / top))
        rects.append(Rect(round(i * step + 0.5, 1), height - h, round(max(1.0, step - 1), 1), h, "sm-spark__bar"))
    return Chart("label", width, height, f"{title}. {desc}", css="sm-spark", fluid=False, rects=tuple(rects))


def column_chart(items: Sequence[tuple[str, int]], title: str, *, unit: str = "responses", width: int = 640,
                 height: int = 180) -> Chart | None:
    """Vertical columns over time, first and last label shown under the axis."""
    if not items:
        return None
    top = max(v for _, v in items) or 1
    n = len(items)
    plot_h = height - 30
    step = (width - 10) / n
    rects = []
    for i, (_, v) in enumerate(items):
        h = max(1 if v else 0, round((plot_h - 16) * v / top))
        rects.append(Rect(round(5 + i * step + 1, 1), plot_h - h, round(max(1.0, step - 2), 1), h, "sm-bar"))
    texts = [Text(5, height - 8, items[0][0])]
    if n > 1:
        texts.append(Text(width - 5, height - 8, items[-1][0], end=True))
    texts.append(Text(5, 12, f"Highest: {top:,}", "sm-chart__value"))
    return Chart("chart", width, height, title, "; ".join(f"{k}: {v:,} {unit}" for k, v in items), _id("cols"),
                 rects=tuple(rects), texts=tuple(texts),
                 lines=(Rect(5, plot_h, width - 10, 0, "sm-chart__axis"),))


# Agree-disagree answers from the disagree end to the agree end; "neither" straddles the middle.
DIVERGING_ORDER = ("strongly-disagree", "disagree", "neither", "agree", "strongly-agree")


def diverging_bar(options: Sequence, title: str, *, width: int = 480) -> Chart | None:
    """An agree-disagree question as one bar that diverges from a middle line: disagreement to the
    left, agreement to the right, "neither" split across the middle. Shares are of the people who
    gave a view; "Don't know" and unanswered are said under it, not drawn.
    `options` are the question's OptionCount rows (value, label, count)."""
    by_value = {o.value: o for o in options}
    shown = [by_value[v] for v in DIVERGING_ORDER if v in by_value]
    total = sum(o.count for o in shown)
    if not total:
        return None
    left_edge, bar_y, bar_h = 10, 24, 30
    half = (width - 2 * left_edge) / 2
    middle = left_edge + half
    share = {o.value: o.count / total for o in shown}
    disagree = share.get("strongly-disagree", 0) + share.get("disagree", 0)
    agree = share.get("strongly-agree", 0) + share.get("agree", 0)
    others = [o for o in options if o.value not in DIVERGING_ORDER and o.count]
    desc = "; ".join(f"{o.label}: {o.count:,} ({round(100 * share[o.value])}%)" for o in shown)
    if others:
        desc += ". Not in the bar: " + "; ".join(f"{o.label}: {o.count:,}" for o in others)
    legend_top = bar_y + bar_h + 34
    height = legend_top + len(shown) * 22 + (22 if others else 0)
    texts = [Text(left_edge, 16, f"Disagree {round(100 * disagree)}%"),
             Text(width - left_edge, 16, f"Agree {round(100 * agree)}%", end=True)]
    rects, x = [], middle - half * (disagree + share.get("neither", 0) / 2)
    for o in shown:
        w = half * share[o.value]
        if w:
            rects.append(Rect(round(x, 1), bar_y, round(w, 1), bar_h, f"sm-diverging__{o.value}"))
        x += w
    legend = tuple((Rect(left_edge, y - 12, 14, 14, f"sm-diverging__{o.value}"),
                    Text(left_edge + 22, y, f"{o.label}: {o.count:,} ({round(100 * share[o.value])}%)"))
                   for i, o in enumerate(reversed(shown))  # the legend reads from "Strongly agree" down
                   for y in [legend_top + i * 22])
    if others:
        texts.append(Text(left_edge, legend_top + len(shown) * 22,
                          "Not in the bar: " + "; ".join(f"{o.label} {o.count:,}" for o in others), "sm-chart__value"))
    return Chart("chart", width, height, title, desc, _id("diverging"), css="sm-chart sm-diverging",
                 rects=tuple(rects), texts=tuple(texts), legend=legend,
                 lines=(Rect(round(middle, 1), bar_y - 4, 0, bar_h + 8, "sm-chart__axis sm-diverging__middle"),))


def gap_chart(topic) -> Chart:
    """The Reach page's paired bars per group: the population's share and the responses' share.
    A suppressed share draws no bar and says so. `topic` is a reach Topic."""
    row_h, label_w, width = 34, 250, 680
    room = width - label_w - 60
    top = max([g.population_share for g in topic.groups] + [g.response_share or 0 for g in topic.groups] + [1])
    desc = "; ".join(f"{g.label}: {g.population_share:.0f}% of the population, "
                     + (f"{g.response_share:.0f}% of responses" if g.response_share is not None
                        else "fewer than 10 responses") for g in topic.groups)
    legend = ((Rect(label_w, 4, 12, 10, "sm-bar--alt"), Text(label_w + 16, 13, "Population")),
              (Rect(label_w + 110, 4, 12, 10, "sm-bar"), Text(label_w + 126, 13, "Responses")))
    rects, texts = [], []
    for i, g in enumerate(topic.groups):
        y = 26 + i * row_h
        texts.append(Text(0, y + 18, _short(g.label, 38)))
        pw = room * g.population_share / top
        rects.append(Rect(label_w, y + 2, round(pw, 1), 12, "sm-bar--alt"))
        texts.append(Text(round(label_w + pw + 4, 1), y + 12, f"{g.population_share:.0f}%", "sm-chart__value"))
        if g.response_share is None:
            texts.append(Text(label_w, y + 27, "fewer than 10", "sm-chart__value"))
        else:
            rw = room * g.response_share / top
            rects.append(Rect(label_w, y + 16, round(rw, 1), 12, "sm-bar"))
            texts.append(Text(round(label_w + rw + 4, 1), y + 26, f"{g.response_share:.0f}%", "sm-chart__value"))
    return Chart("chart", width, len(topic.groups) * row_h + 30,
                 f"{topic.label}: share of population and of responses", desc, f"reach-{topic.topic}",
                 rects=tuple(rects), texts=tuple(texts), legend=legend)


def items(rows, label: str = "name", value: str = "count") -> list[tuple[str, float]]:
    """(label, value) pairs from summary rows, for bar_chart."""
    return [(getattr(r, label), getattr(r, value)) for r in rows]


def pairs(labels: Sequence, values: Sequence) -> list[tuple[str, float]]:
    return [(str(k), v) for k, v in zip(labels, values)]


def channel_items(channels: Sequence[tuple]) -> list[tuple[str, float]]:
    return [(CHANNELS.get(c, c or "Not known"), n) for c, n, *_ in channels]


def status_items(follow) -> list[tuple[str, float]]:
    return [(status_label(s), follow.status_totals.get(s, 0)) for s in follow.statuses]
