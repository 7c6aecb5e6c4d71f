"""Emerging issues: what many people raise that no current theme covers.

Voices with no effective tag on a current delivery or cross-cutting theme are "uncovered". Their
key phrases are counted in SQL (one row per phrase per voice); the most frequent phrases are
grouped into clusters by their head word ("e-scooters", "electric scooters" -> "scooter"), and
each cluster's distinct voices, change, wards and sentiment are counted in SQL again. The
clusters are ranked by voices: the candidates for next year's priorities.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from engage.analysis.text import singular
from engage.summaries import cache, sql
from engage.summaries.filters import Filters
from engage.summaries.framework import FrameworkView
from engage.summaries.quotes import CANDIDATES, PER_KEY, Quote, pick, rank_sql
from engage.summaries.rollup import current

TOP_PHRASES = 300
SHARE = 0.6  # at least this share of a phrase's voices must be uncovered  # phrases considered for clustering
MIN_VOICES = 3  # a cluster needs at least this many voices
MAX_CLUSTERS = 20
GENERIC = frozenset("people area thing time problem issue lot road street place way day night year week "
                    "someone anything something everyone nothing one police council".split())


@dataclass
class Cluster:
    key: str
    label: str
    phrases: list[tuple[str, int]]  # (phrase, voices), most first
    count: int = 0
    previous: int = 0
    wards: int = 0
    sentiment: dict[str, int] = field(default_factory=lambda: {"negative": 0, "neutral": 0, "positive": 0})
    examples: list[Quote] = field(default_factory=list)

    @property
    def change_text(self) -> str:
        if self.previous == 0:
            return "new" if self.count else "no change"
        change = self.count - self.previous
        pct = 100 * change / self.previous
        return f"{'+' if change >= 0 else ''}{change:,} ({'+' if pct >= 0 else ''}{pct:.0f}%)"

    @property
    def phrases_text(self) -> str:
        return ", ".join(f"{p} ({n:,})" for p, n in self.phrases[:6])


@dataclass
class Emerging:
    filters: Filters
    uncovered: int  # voices in the period that no current theme covers
    total: int
    clusters: list[Cluster]


def head_word(phrase: str) -> str:
    words = [w for w in phrase.replace("-", " ").split() if w.isalpha()]
    return singular(words[-1]) if words else phrase


def cluster_phrases(phrases: list[tuple[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """Group (phrase, voices) by head word, dropping words too general to be an issue."""
    clusters: dict[str, list[tuple[str, int]]] = {}
    for phrase, n in phrases:
        key = head_word(phrase)
        if not key or key in GENERIC or len(key) < 3:
            continue
        clusters.setdefault(key, []).append((phrase, n))
    return clusters


async def emerging_issues(filters: Filters, view: FrameworkView, *, limit: int = MAX_CLUSTERS,
                          with_examples: bool = True, store=None) -> Emerging:
    """Emerging issues for the filters, cached in the shared `store` (when given) under the data's version."""

    version = await current(view)

    async def compute() -> dict:
        e = await _emerging(filters, view, limit=limit, with_examples=with_examples)
        return {"uncovered": e.uncovered, "total": e.total, "clusters": [asdict(c) for c in e.clusters]}

    raw = await cache.cached(store, cache.key("emerging", version, f"{filters.query()}|{limit}|{with_examples}"),
                             compute)
    clusters = [Cluster(**{**c, "phrases": [tuple(p) for p in c["phrases"]],
                           "examples": [Quote(**q) for q in c["examples"]]}) for c in raw["clusters"]]
    return Emerging(filters, raw["uncovered"], raw["total"], clusters)


async def _emerging(filters: Filters, view: FrameworkView, *, limit: int = MAX_CLUSTERS,
                    with_examples: bool = True) -> Emerging:
    """Read from the rollup (summaries_phrase_fact). The priority filter does not apply: a voice
    under a priority is covered by definition."""
    # (emerging_issues has brought the rollups' version up: see engage.summaries.rollup.current)
    # Phrases counted among uncovered voices and among all voices: an emerging issue is a phrase
    # raised mostly where no theme applies ("night" is everywhere, "e-scooters" is not).
    args: list = []
    where = filters.fact_where(args, both_periods=False, alias="p", priority=False)
    top = await sql.rows(
        f"SELECT p.phrase AS phrase, SUM(CASE WHEN p.uncovered THEN 1 ELSE 0 END) AS n, COUNT(*) AS t "
        f"FROM summaries_phrase_fact p WHERE {' AND '.join(where)} GROUP BY p.phrase "
        f"HAVING SUM(CASE WHEN p.uncovered THEN 1 ELSE 0 END) >= {MIN_VOICES} ORDER BY n DESC, phrase "
        f"LIMIT {TOP_PHRASES}", args)
    top = [r for r in top if int(r["n"]) >= SHARE * int(r["t"])]
    args = []
    where = filters.fact_where(args, both_periods=False, priority=False)
    counts = await sql.rows(
        f"SELECT f.key AS k, COUNT(*) AS n FROM summaries_fact f WHERE {' AND '.join(where)} "
        f"AND f.key IN ('*', '-') GROUP BY f.key", args)
    by_key = {r["k"]: int(r["n"]) for r in counts}
    grouped = cluster_phrases([(r["phrase"], int(r["n"])) for r in top])
    mapping = [(p, key) for key, items in grouped.items() for p, _ in items]
    clusters: dict[str, Cluster] = {}
    if mapping:
        args = []
        cm = sql.values_cte("cm", ("phrase", "cluster"), mapping, args)
        args.append(filters.start)  # the CASE comes before the WHERE in the text
        where = filters.fact_where(args, alias="p", priority=False)
        stats = await sql.rows(
            f"WITH {cm}, hits AS (SELECT DISTINCT cm.cluster AS cluster, p.voice_id AS id, p.ward AS ward, "
            f"p.sentiment AS sentiment, CASE WHEN p.day >= {{}} THEN 1 ELSE 0 END AS cur FROM summaries_phrase_fact p "
            f"JOIN cm ON cm.phrase = p.phrase WHERE p.uncovered = TRUE AND {' AND '.join(where)}) "
            f"SELECT 'n' AS q, cluster, sentiment AS s, cur, COUNT(*) AS n FROM hits GROUP BY cluster, sentiment, cur "
            f"UNION ALL SELECT 'w', cluster, '', 1, COUNT(DISTINCT ward) FROM hits WHERE cur = 1 GROUP BY cluster",
            args)
        for key, items in grouped.items():
            clusters[key] = Cluster(key, items[0][0], sorted(items, key=lambda kv: (-kv[1], kv[0])))
        for r in stats:
            c = clusters.get(r["cluster"])
            if c is None:
                continue
            if r["q"] == "w":
                c.wards = int(r["n"])
            elif int(r["cur"]):
                c.count += int(r["n"])
                if r["s"] in c.sentiment:
                    c.sentiment[r["s"]] += int(r["n"])
            else:
                c.previous += int(r["n"])
    ranked = sorted((c for c in clusters.values() if c.count >= MIN_VOICES),
                    key=lambda c: (-c.count, -(c.count - c.previous), c.key))[:limit]
    for c in ranked:  # the most-used phrase names the cluster
        c.label = c.phrases[0][0]
    if with_examples and ranked:
        args = []
        cm = sql.values_cte("cm", ("phrase", "cluster"), [(p, c.key) for c in ranked for p, _ in c.phrases], args)
        where = filters.fact_where(args, both_periods=False, alias="p", priority=False)
        rows = await sql.rows(
            f"WITH {cm}, hits AS (SELECT DISTINCT cm.cluster AS k, p.voice_id AS id FROM summaries_phrase_fact p "
            f"JOIN cm ON cm.phrase = p.phrase WHERE p.uncovered = TRUE AND {' AND '.join(where)} "
            f"AND (p.voice_id * 7919) % 1009 < 200), "
            f"ranked AS (SELECT hits.k AS k, v.id AS id, v.redacted AS redacted, v.sentiment AS sentiment, "
            f"v.ward AS ward, v.channel AS channel, v.occurred_at AS occurred_at, {rank_sql('hits.k')} AS rn "
            f"FROM hits JOIN voices_voice v ON v.id = hits.id WHERE {sql.QUOTABLE_SQL}) "
            f"SELECT * FROM ranked WHERE rn <= {CANDIDATES}", args)
        found = pick(rows)
        missing = [c for c in ranked if len(found.get(c.key, [])) < PER_KEY]
        if missing:  # small clusters the slice missed: all their voices
            args = []
            cm = sql.values_cte("cm", ("phrase", "cluster"), [(p, c.key) for c in missing for p, _ in c.phrases],
                                args)
            where = filters.fact_where(args, both_periods=False, alias="p", priority=False)
            rows = await sql.rows(
                f"WITH {cm}, hits AS (SELECT DISTINCT cm.cluster AS k, p.voice_id AS id FROM summaries_phrase_fact p "
                f"JOIN cm ON cm.phrase = p.phrase WHERE p.uncovered = TRUE AND {' AND '.join(where)}), "
                f"ranked AS (SELECT hits.k AS k, v.id AS id, v.redacted AS redacted, v.sentiment AS sentiment, "
                f"v.ward AS ward, v.channel AS channel, v.occurred_at AS occurred_at, {rank_sql('hits.k')} AS rn "
                f"FROM hits JOIN voices_voice v ON v.id = hits.id WHERE {sql.QUOTABLE_SQL}) "
                f"SELECT * FROM ranked WHERE rn <= {CANDIDATES}", args)
            found.update(pick(rows))
        for c in ranked:
            c.examples = found.get(c.key, [])
    return Emerging(filters, by_key.get("-", 0), by_key.get("*", 0), ranked)
