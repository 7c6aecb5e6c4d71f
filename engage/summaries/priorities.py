"""The priority review: for a period, per priority, delivery theme and cross-cutting theme, how many
voices, how they feel, the change against the previous period, where, and the monthly trend.

One grouped query (several GROUP BYs over the same filtered voices, UNION ALL) answers the
whole page; a second picks the quotes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from engage.db import is_sqlite
from engage.framework.vocabulary import ward_name
from engage.summaries import cache, sql
from engage.summaries.filters import CHANNELS, Filters
from engage.summaries.framework import Entry, FrameworkView
from engage.summaries.not_analysed import NotAnalysed, not_analysed
from engage.summaries.quotes import Quote, quotes_by_key
from engage.summaries.rollup import current

SENTIMENTS = ("negative", "neutral", "positive")
TOP_WARDS = 3


@dataclass
class Row:
    slug: str
    name: str
    kind: str
    count: int = 0
    previous: int = 0
    sentiment: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SENTIMENTS, 0))
    wards: list[tuple[str, int]] = field(default_factory=list)  # (ward slug, voices), most first
    trend: list[int] = field(default_factory=list)  # voices per month of the period
    themes: list["Row"] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def change(self) -> int:
        return self.count - self.previous

    @property
    def change_text(self) -> str:
        if self.previous == 0:
            return "new" if self.count else "no change"
        pct = 100 * self.change / self.previous
        return f"{'+' if self.change >= 0 else ''}{self.change:,} ({'+' if pct >= 0 else ''}{pct:.0f}%)"

    @property
    def net(self) -> int:
        """Sentiment balance: % positive minus % negative, -100 to +100."""
        if not self.count:
            return 0
        return round(100 * (self.sentiment["positive"] - self.sentiment["negative"]) / self.count)

    def share(self, sentiment: str) -> int:
        return round(100 * self.sentiment[sentiment] / self.count) if self.count else 0

    @property
    def top_wards(self) -> list[tuple[str, int]]:
        return self.wards[:TOP_WARDS]

    def top_wards_text(self) -> str:
        return ", ".join(f"{ward_name(w) or 'Not known'} ({n:,})" for w, n in self.top_wards)


@dataclass
class Review:
    filters: Filters
    months: list[str]
    total: Row
    channels: list[tuple[str, int, int]]  # (channel, voices now, voices before)
    untagged: int
    untagged_previous: int
    priorities: list[Row]
    cross_cutting: list[Row]
    period_name: str
    not_analysed: NotAnalysed = field(default_factory=NotAnalysed)

    @property
    def themes(self) -> list[Row]:
        return [t for p in self.priorities for t in p.themes]


def _month_bounds(month: str) -> tuple[dt.date, dt.date]:
    y, m = int(month[:4]), int(month[5:7])
    first = dt.date(y, m, 1)
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _period_rows(filters: Filters, args: list) -> str:
    """Rows (key, sentiment, ward, month, channel, cur, n) for the period and the one before.

    Whole months inside one period come from summaries_fact_month; the months a boundary cuts
    through (and everything, with a priority filter, which needs voice ids) from summaries_fact."""
    prev_start, start, end = filters.previous.start, filters.start, filters.end
    whole: dict[str, int] = {}
    if not filters.priority:
        for month in Filters(start=prev_start, end=end).months():
            first, last = _month_bounds(month)
            if prev_start <= first and last < start:
                whole[month] = 0
            elif start <= first and last <= end:
                whole[month] = 1
    parts = []
    if whole:
        cur_months = [m for m, c in whole.items() if c]
        cur = f"CASE WHEN {sql.in_list('m.month', cur_months, args)} THEN 1 ELSE 0 END" if cur_months else "0"
        where = [sql.in_list("m.month", list(whole), args)]
        for column, value in (("ward", filters.ward), ("channel", filters.channel),
                              ("consultation_id", filters.consultation)):
            if value:
                where.append(f"m.{column} = {{}}")
                args.append(value)
        parts.append(f"SELECT m.key AS key, m.sentiment AS sentiment, m.ward AS ward, m.month AS month, "
                     f"m.channel AS channel, {cur} AS cur, m.n AS n FROM summaries_fact_month m "
                     f"WHERE {' AND '.join(where)}")
    args.append(start)
    if whole:  # only the days of the months a boundary cuts through
        ranges, day = [], prev_start
        while day <= end:
            first, last = _month_bounds(f"{day:%Y-%m}")
            if f"{day:%Y-%m}" not in whole:
                ranges.append((max(first, prev_start), min(last, end)))
            day = last + dt.timedelta(days=1)
        where = []
        if ranges:
            where.append("(" + " OR ".join("(f.day >= {} AND f.day <= {})" for _ in ranges) + ")")
            for a, b in ranges:
                args += [a, b]
        else:
            where.append("1 = 0")
        rest: list = []
        where += filters.fact_where(rest)[2:]  # the same filters, without the whole-period range
        args += rest[2:]
    else:
        where = filters.fact_where(args)
    parts.append(f"SELECT f.key AS key, f.sentiment AS sentiment, f.ward AS ward, f.month AS month, "
                 f"f.channel AS channel, CASE WHEN f.day >= {{}} THEN 1 ELSE 0 END AS cur, 1 AS n "
                 f"FROM summaries_fact f WHERE {' AND '.join(where)}")
    return " UNION ALL ".join(parts)


async def priority_review(filters: Filters, view: FrameworkView, *, with_quotes: bool = True,
                          store=None) -> Review:
    """The review for the filters. With a shared `store`, the grouped counts and the quotes are
    cached under the data's version, so repeated views cost one freshness check."""

    version = await current(view)

    async def counts() -> list[dict]:
        return await _grouped(filters)

    result = await cache.cached(store, cache.key("review", version, filters.query()), counts)
    found: dict[str, list[Quote]] = {}
    if with_quotes:
        async def quotes() -> dict:
            got = await quotes_by_key(filters, view, sum(int(r["n"]) for r in result
                                                          if r["q"] == "s" and r["k"] == "*" and int(r["cur"])))
            return {k: [asdict(q) for q in v] for k, v in got.items()}

        raw = await cache.cached(store, cache.key("review-quotes", version, filters.query()), quotes)
        found = {k: [Quote(**q) for q in v] for k, v in raw.items()}
    review = _arrange(filters, view, result, found, with_quotes)
    if not filters.priority:  # voices not analysed have no priority
        args: list = []
        review.not_analysed = await not_analysed(filters.voice_where(args), args)
    return review


async def _grouped(filters: Filters) -> list[dict]:
    args: list = []
    ff = f"({_period_rows(filters, args)}) ff"
    if is_sqlite():
        parts = [f"SELECT '{q}' AS q, ff.key AS k, ff.{col} AS s, ff.cur AS cur, SUM(ff.n) AS n FROM {ff} "
                 f"GROUP BY ff.key, ff.{col}, ff.cur"
                 for q, col in (("s", "sentiment"), ("w", "ward"), ("m", "month"), ("c", "channel"))]
        result = await sql.rows(" UNION ALL ".join(parts), args * 4)
    else:
        # One pass, four groupings. GROUPING() bits (sentiment, ward, month, channel): 1 = not grouped by it.
        grouped = await sql.rows_in_memory(
            f"SELECT ff.key AS k, ff.sentiment AS fs, ff.ward AS fw, ff.month AS fm, ff.channel AS fc, ff.cur AS cur, "
            f"GROUPING(ff.sentiment, ff.ward, ff.month, ff.channel) AS g, SUM(ff.n) AS n FROM {ff} "
            f"GROUP BY GROUPING SETS ((ff.key, ff.sentiment, ff.cur), (ff.key, ff.ward, ff.cur), "
            f"(ff.key, ff.month, ff.cur), (ff.key, ff.channel, ff.cur))", args)
        kinds = {0b0111: ("s", "fs"), 0b1011: ("w", "fw"), 0b1101: ("m", "fm"), 0b1110: ("c", "fc")}
        result = [{"q": kinds[r["g"]][0], "k": r["k"], "s": r[kinds[r["g"]][1]], "cur": r["cur"], "n": r["n"]}
                  for r in grouped if r["g"] in kinds]
    return [{**r, "cur": int(r["cur"]), "n": int(r["n"])} for r in result]


def _arrange(filters: Filters, view: FrameworkView, result: list[dict], found: dict[str, list[Quote]],
             with_quotes: bool) -> Review:
    months = filters.months()
    month_index = {m: i for i, m in enumerate(months)}

    def new_row(e: Entry | None, slug: str = "", name: str = "", kind: str = "") -> Row:
        if e is not None:
            return Row(e.slug, e.label, e.kind, trend=[0] * len(months))
        return Row(slug, name, kind, trend=[0] * len(months))

    rows: dict[str, Row] = {}
    for p in view.priorities:
        rows["p:" + p.slug] = new_row(p)
        for t in p.themes:
            rows[t.slug] = new_row(t)
    for c in view.cross_cutting:
        rows[c.slug] = new_row(c)
    total = new_row(None, "all", "All voices", "all")
    rows["*"] = total
    channels: dict[str, list[int]] = {}
    untagged = [0, 0]
    wards: dict[str, dict[str, int]] = {}
    for r in result:
        q, key, sub, cur, n = r["q"], r["k"], r["s"], int(r["cur"]), int(r["n"])
        row = rows.get(key)
        if q == "s":
            if key == "-":
                untagged[0 if cur else 1] += n
            elif row is not None:
                if cur:
                    row.count += n
                    if sub in row.sentiment:
                        row.sentiment[sub] += n
                else:
                    row.previous += n
        elif not cur:
            continue
        elif q == "w" and row is not None:
            wards.setdefault(key, {})[sub or ""] = n
        elif q == "m" and row is not None and sub in month_index:
            row.trend[month_index[sub]] += n
        elif q == "c" and key == "*":
            channels.setdefault(sub, [0, 0])[0] += n
    for r in result:  # the previous period's channels
        if r["q"] == "c" and r["k"] == "*" and not int(r["cur"]):
            channels.setdefault(r["s"], [0, 0])[1] += int(r["n"])
    for key, counts in wards.items():
        rows[key].wards = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    priorities = []
    for p in view.priorities:
        if filters.priority and p.slug != filters.priority:
            continue
        row = rows["p:" + p.slug]
        row.themes = [rows[t.slug] for t in p.themes]
        priorities.append(row)
    cross = [rows[c.slug] for c in view.cross_cutting]
    review = Review(
        filters=filters, months=months, total=total,
        channels=[(c, *channels.get(c, [0, 0])) for c in CHANNELS if c in channels or not filters.channel],
        untagged=untagged[0], untagged_previous=untagged[1], priorities=priorities, cross_cutting=cross,
        period_name=view.period_name,
    )
    if with_quotes:
        for row in [*review.priorities, *review.themes, *review.cross_cutting]:
            row.quotes = found.get(row.slug, [])
    return review
