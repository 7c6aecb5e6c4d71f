"""Charts drawn on the server as inline SVG: no JavaScript, nothing from outside the app, no
style attributes (the CSP forbids them: sizes are SVG attributes, colours are CSS classes in
static/css/summaries.css). Each chart carries a title and a description (its text alternative);
pages put the data table beside it.
"""

from __future__ import annotations

from itertools import count
from typing import Sequence

from markupsafe import Markup, escape

from engage.summaries.filters import CHANNELS
from engage.summaries.followup import status_label

_ids = count(1)


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_ids) % 1_000_000}"


def _fmt(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,.1f}"


def bar_chart(items: Sequence[tuple[str, float]], title: str, *, unit: str = "voices", width: int = 640,
              bar_class: str = "sm-bar") -> Markup:
    """Horizontal bars, one per (label, value), labelled with the value."""
    if not items:
        return Markup("")
    label_w, gap, bar_h = 230, 8, 22
    height = len(items) * (bar_h + gap) + gap
    top = max((v for _, v in items), default=0) or 1
    room = width - label_w - 70
    cid = _id("chart")
    desc = "; ".join(f"{label}: {_fmt(v)} {unit}" for label, v in items)
    parts = [f'<svg class="sm-chart" viewBox="0 0 {width} {height}" width="100%" height="{height}" role="img" '
             f'aria-labelledby="{cid}-t {cid}-d" focusable="false">',
             f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>']
    for i, (label, value) in enumerate(items):
        y = gap + i * (bar_h + gap)
        w = max(1 if value else 0, round(room * value / top))
        short = label if len(label) <= 34 else label[:32] + "…"
        parts.append(f'<text class="sm-chart__label" x="{label_w - 8}" y="{y + bar_h * 0.7:.0f}" '
                     f'text-anchor="end">{escape(short)}</text>')
        parts.append(f'<rect class="{bar_class}" x="{label_w}" y="{y}" width="{w}" height="{bar_h}"></rect>')
        parts.append(f'<text class="sm-chart__value" x="{label_w + w + 6}" y="{y + bar_h * 0.7:.0f}">'
                     f'{_fmt(value)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sentiment_bar(negative: int, neutral: int, positive: int, *, width: int = 120, height: int = 14) -> Markup:
    """A stacked bar of negative, neutral and positive shares (its numbers sit beside it)."""
    total = negative + neutral + positive
    label = (f"Negative {negative:,}, neutral {neutral:,}, positive {positive:,}" if total
             else "No voices")
    parts = [f'<svg class="sm-sentiment" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(label)}" focusable="false"><title>{escape(label)}</title>']
    x = 0.0
    for name, n in (("negative", negative), ("neutral", neutral), ("positive", positive)):
        if total and n:
            w = width * n / total
            parts.append(f'<rect class="sm-sentiment__{name}" x="{x:.1f}" y="0" width="{w:.1f}" '
                         f'height="{height}"></rect>')
            x += w
    if not total:
        parts.append(f'<rect class="sm-sentiment__none" x="0" y="0" width="{width}" height="{height}"></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[int], labels: Sequence[str], title: str, *, width: int = 140,
              height: int = 32) -> Markup:
    """A small column chart of a monthly trend."""
    if not values:
        return Markup("")
    top = max(values) or 1
    n = len(values)
    step = width / n
    desc = ", ".join(f"{m}: {v:,}" for m, v in zip(labels, values))
    text = f"{title}. {desc}"
    parts = [f'<svg class="sm-spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="{escape(text)}" focusable="false"><title>{escape(text)}</title>']
    for i, v in enumerate(values):
        h = max(1 if v else 0, round((height - 2) * v / top))
        parts.append(f'<rect class="sm-spark__bar" x="{i * step + 0.5:.1f}" y="{height - h}" '
                     f'width="{max(1.0, step - 1):.1f}" height="{h}"></rect>')
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(items: Sequence[tuple[str, int]], title: str, *, unit: str = "responses", width: int = 640,
                 height: int = 180) -> Markup:
    """Vertical columns over time, first and last label shown under the axis."""
    if not items:
        return Markup("")
    top = max(v for _, v in items) or 1
    n = len(items)
    plot_h = height - 30
    step = (width - 10) / n
    cid = _id("cols")
    desc = "; ".join(f"{k}: {v:,} {unit}" for k, v in items)
    parts = [f'<svg class="sm-chart" viewBox="0 0 {width} {height}" width="100%" height="{height}" role="img" '
             f'aria-labelledby="{cid}-t {cid}-d" focusable="false">',
             f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>',
             f'<line class="sm-chart__axis" x1="5" y1="{plot_h}" x2="{width - 5}" y2="{plot_h}"></line>']
    for i, (_, v) in enumerate(items):
        h = max(1 if v else 0, round((plot_h - 16) * v / top))
        parts.append(f'<rect class="sm-bar" x="{5 + i * step + 1:.1f}" y="{plot_h - h}" '
                     f'width="{max(1.0, step - 2):.1f}" height="{h}"></rect>')
    parts.append(f'<text class="sm-chart__label" x="5" y="{height - 8}">{escape(items[0][0])}</text>')
    if n > 1:
        parts.append(f'<text class="sm-chart__label" x="{width - 5}" y="{height - 8}" text-anchor="end">'
                     f'{escape(items[-1][0])}</text>')
    parts.append(f'<text class="sm-chart__value" x="5" y="12">Highest: {top:,}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# Agree-disagree answers from the disagree end to the agree end; "neither" straddles the middle.
DIVERGING_ORDER = ("strongly-disagree", "disagree", "neither", "agree", "strongly-agree")


def diverging_bar(options: Sequence, title: str, *, width: int = 480) -> Markup:
    """An agree-disagree question as one bar that diverges from a middle line: disagreement to the
    left, agreement to the right, "neither" split across the middle. Shares are of the people who
    gave a view; "Don't know" and unanswered are said under it, not drawn.
    `options` are the question's OptionCount rows (value, label, count)."""
    by_value = {o.value: o for o in options}
    shown = [by_value[v] for v in DIVERGING_ORDER if v in by_value]
    total = sum(o.count for o in shown)
    if not total:
        return Markup("")
    left_edge, bar_y, bar_h = 10, 24, 30
    half = (width - 2 * left_edge) / 2
    middle = left_edge + half
    share = {o.value: o.count / total for o in shown}
    disagree = share.get("strongly-disagree", 0) + share.get("disagree", 0)
    agree = share.get("strongly-agree", 0) + share.get("agree", 0)
    cid = _id("diverging")
    others = [o for o in options if o.value not in DIVERGING_ORDER and o.count]
    desc = "; ".join(f"{o.label}: {o.count:,} ({round(100 * share[o.value])}%)" for o in shown)
    if others:
        desc += ". Not in the bar: " + "; ".join(f"{o.label}: {o.count:,}" for o in others)
    legend_top = bar_y + bar_h + 34
    height = legend_top + len(shown) * 22 + (22 if others else 0)
    parts = [f'<svg class="sm-chart sm-diverging" viewBox="0 0 {width} {height}" width="100%" height="{height}" '
             f'role="img" aria-labelledby="{cid}-t {cid}-d" focusable="false">',
             f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>',
             f'<text class="sm-chart__label" x="{left_edge}" y="16">Disagree {round(100 * disagree)}%</text>',
             f'<text class="sm-chart__label" x="{width - left_edge}" y="16" text-anchor="end">'
             f'Agree {round(100 * agree)}%</text>']
    x = middle - half * (disagree + share.get("neither", 0) / 2)
    for o in shown:
        w = half * share[o.value]
        if w:
            parts.append(f'<rect class="sm-diverging__{o.value}" x="{x:.1f}" y="{bar_y}" width="{w:.1f}" '
                         f'height="{bar_h}"></rect>')
        x += w
    parts.append(f'<line class="sm-chart__axis sm-diverging__middle" x1="{middle:.1f}" y1="{bar_y - 4}" '
                 f'x2="{middle:.1f}" y2="{bar_y + bar_h + 4}"></line>')
    for i, o in enumerate(reversed(shown)):  # the legend reads from "Strongly agree" down
        y = legend_top + i * 22
        parts.append(f'<rect class="sm-diverging__{o.value}" x="{left_edge}" y="{y - 12}" width="14" height="14"></rect>')
        parts.append(f'<text class="sm-chart__label" x="{left_edge + 22}" y="{y}">{escape(o.label)}: '
                     f'{o.count:,} ({round(100 * share[o.value])}%)</text>')
    if others:
        y = legend_top + len(shown) * 22
        parts.append(f'<text class="sm-chart__value" x="{left_edge}" y="{y}">Not in the bar: '
                     + escape("; ".join(f"{o.label} {o.count:,}" for o in others)) + "</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


def items(rows, label: str = "name", value: str = "count") -> list[tuple[str, float]]:
    """(label, value) pairs from summary rows, for bar_chart."""
    return [(getattr(r, label), getattr(r, value)) for r in rows]


def pairs(labels: Sequence, values: Sequence) -> list[tuple[str, float]]:
    return [(str(k), v) for k, v in zip(labels, values)]


def channel_items(channels: Sequence[tuple]) -> list[tuple[str, float]]:
    return [(CHANNELS.get(c, c or "Not known"), n) for c, n, *_ in channels]


def status_items(follow) -> list[tuple[str, float]]:
    return [(status_label(s), follow.status_totals.get(s, 0)) for s in follow.statuses]
