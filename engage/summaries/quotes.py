"""Representative quotes: redacted text of safe, officer-reviewed voices only, chosen to show the
range of views (across sentiments, then wards), the same quotes for the same data every time.

SQL ranks candidates within each (key, sentiment) by a fixed scramble of the voice id, preferring
quotes of a readable length; Python then takes them in turn from each sentiment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engage.framework.vocabulary import ward_name
from engage.summaries import sql

PER_KEY = 3
CANDIDATES = 3  # per key and sentiment
ORDER = ("negative", "positive", "neutral")


@dataclass(frozen=True)
class Quote:
    voice_id: int
    text: str  # always the redacted text
    sentiment: str
    ward: str
    channel: str
    occurred_at: dt.datetime | str | None

    @property
    def ward_label(self) -> str:
        return ward_name(self.ward) or "Ward not known"


def rank_sql(partition: str, alias: str = "v", length: str = "") -> str:
    """ROW_NUMBER over candidates: readable length first, then a deterministic scramble of ids.
    `alias` has the voices' id and sentiment; `length`, the redacted text's length when `alias`
    carries it already (default: length(alias.redacted))."""
    length = length or f"length({alias}.redacted)"
    return (f"ROW_NUMBER() OVER (PARTITION BY {partition}, {alias}.sentiment ORDER BY "
            f"CASE WHEN {length} BETWEEN 40 AND 300 THEN 0 ELSE 1 END, ({alias}.id * 7919) % 1009, {alias}.id)")


def pick(rows: list[dict], per_key: int = PER_KEY) -> dict[str, list[Quote]]:
    """rows: k, id, redacted, sentiment, ward, channel, occurred_at, rn (ranked candidates).
    Per key, up to per_key quotes taken in turn from each sentiment, avoiding repeats and
    preferring a ward not yet quoted."""
    by_key: dict[str, dict[str, list[dict]]] = {}
    for r in sorted(rows, key=lambda r: (str(r["k"]), int(r["rn"]))):
        by_key.setdefault(str(r["k"]), {}).setdefault(r["sentiment"], []).append(r)
    out: dict[str, list[Quote]] = {}
    for key, groups in by_key.items():
        chosen: list[dict] = []
        seen_text: set[str] = set()
        seen_wards: set[str] = set()
        while len(chosen) < per_key and any(groups.values()):
            for sentiment in (*ORDER, *[s for s in groups if s not in ORDER]):
                pool = groups.get(sentiment) or []
                if not pool or len(chosen) >= per_key:
                    continue
                pool.sort(key=lambda r: (r["ward"] in seen_wards, int(r["rn"])))
                r = pool.pop(0)
                text = " ".join((r["redacted"] or "").split())
                if not text or text.lower() in seen_text:
                    continue
                seen_text.add(text.lower())
                seen_wards.add(r["ward"])
                chosen.append(r)
        out[key] = [Quote(r["id"], " ".join(r["redacted"].split()), r["sentiment"], r["ward"] or "",
                          r["channel"], r["occurred_at"]) for r in chosen]
    return out


SAMPLE_TARGET = 2500  # candidate rows to rank, at most (about)


async def quotes_by_key(filters, view, total: int = 0) -> dict[str, list[Quote]]:
    """Quotes per delivery theme, cross-cutting theme and priority ("p:<slug>" in the rollup,
    returned under the priority's slug), in the filtered period. On large periods the candidates
    are a fixed slice of voice ids (the same slice the ranking prefers), so the choice stays
    deterministic and the query stays small."""
    keys = [e.slug for e in view.tag_entries] + ["p:" + p.slug for p in view.priorities]
    cut = 1009 if total <= SAMPLE_TARGET else max(8, 1009 * SAMPLE_TARGET // max(total, 1))

    async def run(only: list[str], cut: int) -> dict[str, list[Quote]]:
        args: list = []
        where = filters.fact_where(args, both_periods=False)
        where.append(sql.in_list("f.key", only, args))
        if cut < 1009:
            where.append(f"(f.voice_id * 7919) % 1009 < {int(cut)}")
        rows = await sql.rows(
            f"WITH ranked AS (SELECT f.key AS k, v.id AS id, v.redacted AS redacted, v.sentiment AS sentiment, "
            f"v.ward AS ward, v.channel AS channel, v.occurred_at AS occurred_at, {rank_sql('f.key')} AS rn "
            f"FROM summaries_fact f JOIN voices_voice v ON v.id = f.voice_id "
            f"WHERE {' AND '.join(where)} AND {sql.QUOTABLE_SQL}) SELECT * FROM ranked WHERE rn <= {CANDIDATES}", args)
        return pick(rows)

    found = await run(keys, cut)
    if cut < 1009:  # keys the slice missed (rare themes): look at all their voices
        missing = [k for k in keys if len(found.get(k, [])) < PER_KEY]
        if missing:
            found.update({k: v for k, v in (await run(missing, 1009)).items() if len(v) > len(found.get(k, []))})
    return {k[2:] if k.startswith("p:") else k: v for k, v in found.items()}
