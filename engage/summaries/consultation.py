"""One consultation's summary: responses over time and by channel, each closed question's counts
(with "Don't know" and blanks shown), the themes of its free text with sentiment, key phrases and
quotes, results by ward, and "who we heard from" (equality answers, suppressed).

All counting is grouped SQL; the filters narrow responses by channel, ward and (when given) dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from engage.db import is_sqlite
from engage.framework.vocabulary import ward_name, wards
from engage.summaries import sql
from engage.summaries.answers_kept import kept_counts
from engage.summaries.filters import CHANNELS, Filters
from engage.summaries.framework import FrameworkView
from engage.summaries.not_analysed import NotAnalysed, not_analysed
from engage.summaries.quotes import CANDIDATES, Quote, pick, rank_sql
from engage.summaries.suppression import Cell, suppress_counts, suppress_table
from engage.voices.services import SAFE_SQL
from surveys import conditions
from surveys.about_you import QUESTIONS as EQUALITY
from surveys.builder import questions_for
from engage.summaries.measures import MEASURE_KINDS, date_counts, number_stats, ranking_rows
from surveys.kinds import KINDS, options_for, short_label

CLOSED_KINDS = {"single_choice", "multiple_choice", "agree_scale", "rating", "yes_no", "ward", "postcode"}
SENTIMENTS = ("negative", "neutral", "positive")
NOT_ANSWERED = "Not answered"


@dataclass
class OptionCount:
    value: str
    label: str
    count: int
    percent: str
    average: str = ""  # a ranking's average position ("1.4"); count is then how many put it first


@dataclass
class ClosedQuestion:
    id: int
    number: int
    text: str
    kind: str
    multiple: bool
    answered: int
    blank: int
    options: list[OptionCount]
    stats: list[tuple[str, str]] = field(default_factory=list)  # a number question's (label, value)
    # Skip logic (surveys.conditions): how many responses were shown it (percentages are of these),
    # and when, in words; None for a question every response was shown.
    shown: int | None = None
    condition: str | None = None


@dataclass
class ThemeRow:
    slug: str
    name: str
    count: int
    sentiment: dict[str, int]
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class EqualityTable:
    field: str
    question: str
    rows: list[tuple[str, Cell, str]]  # label, count cell, percent
    total: Cell


@dataclass
class WardRow:
    ward: str
    label: str
    responses: Cell
    sentiment: list[Cell]
    voices: Cell


@dataclass
class ConsultationSummary:
    c: dict
    filters: Filters
    responses: int
    channels: list[tuple[str, int]]
    over_time: list[tuple[str, int]]  # (day or month, responses)
    time_unit: str  # day or month
    questions: list[ClosedQuestion]
    free_text_questions: list[dict]
    voices: int
    themes: list[ThemeRow]
    untagged: int
    phrases: list[tuple[str, int]]
    ward_rows: list[WardRow]
    ward_total: Cell
    ward_sentiment_totals: list[Cell]
    equality: list[EqualityTable]
    equality_total: Cell
    not_analysed: NotAnalysed = field(default_factory=NotAnalysed)


def _response_where(c: dict, filters: Filters, args: list, alias: str = "r") -> list[str]:
    where = [f"{alias}.consultation = {{}}"]
    args.append(c["id"])
    if filters.channel:
        where.append(f"{alias}.channel = {{}}")
        args.append(filters.channel)
    if not filters.defaulted:
        where.append(f"{alias}.submitted_at >= {{}} AND {alias}.submitted_at < {{}}")
        args += [filters.since, filters.until]
    if filters.language:
        where.append(f"{alias}.language = {{}}")
        args.append(filters.language)
    if filters.ward:
        where.append(f"EXISTS (SELECT 1 FROM surveys_answer wa JOIN surveys_question wq ON wq.id = wa.question "
                     f"WHERE wa.response = {alias}.id AND wq.kind = 'ward' AND wa.choice = {{}})")
        args.append(filters.ward)
    return where


def _voice_where(c: dict, filters: Filters, args: list, *, quotable: bool = False) -> list[str]:
    where = [sql.QUOTABLE_SQL if quotable else SAFE_SQL, "v.consultation_id = {}"]
    args.append(c["id"])
    if filters.channel:
        where.append("v.channel = {}")
        args.append(filters.channel)
    if filters.ward:
        where.append("v.ward = {}")
        args.append(filters.ward)
    if not filters.defaulted:
        where.append("v.occurred_at >= {} AND v.occurred_at < {}")
        args += [filters.since, filters.until]
    if filters.language:  # the form's language, not the text's: a voice's own language is v.language
        where.append("EXISTS (SELECT 1 FROM surveys_answer la JOIN surveys_response lr ON lr.id = la.response "
                     "WHERE la.id = v.answer AND lr.language = {})")
        args.append(filters.language)
    return where


def _narrows(filters: Filters) -> bool:
    """Whether the filters leave out some of the consultation's responses."""
    return bool(filters.channel or filters.ward or filters.language or not filters.defaulted)


def _after(column: str, after: int | None, args: list) -> str:
    """Only the responses after id `after` (engage.summaries.answers_kept counts just those), or
    all of them (None)."""
    if after is None:
        return "1 = 1"
    args.append(after)
    return f"{column} > {{}}"


def _shown_counts(questions: list[dict], args: list) -> str:
    """UNION parts counting, for each question with skip logic, the responses shown it: those whose
    answer to its source is one of the values (an answer is only stored where it was shown, so a
    chain of conditions counts right too)."""
    parts = ""
    for q in questions:
        condition = conditions.rule(q)
        if condition:
            values = sql.in_list("k", condition["values"], args)
            parts += (f" UNION ALL SELECT 's', {int(q['id'])}, '', COUNT(DISTINCT response) FROM fa "
                      f"WHERE question = {int(condition['question'])} AND {values}")
    return parts


def _pct(n: int, base: int) -> str:
    return f"{100 * n / base:.0f}%" if base else ""


def _filters_key(filters: Filters) -> str:
    """Everything of the filters that the counts of answers read (_response_where, the equality period)."""
    return "|".join(str(v) for v in (filters.channel, filters.ward, filters.language, filters.defaulted,
                                     filters.since, filters.until, filters.start, filters.end))


async def consultation_summary(c: dict, filters: Filters, view: FrameworkView, *,
                               store: Any = None) -> ConsultationSummary:
    """The summary. With a shared `store`, the counts of answers (responses over time and by
    channel, each question's counts, who we heard from) are kept (engage.summaries.answers_kept):
    a repeated view reads only the free text again, the first view after a response counts just
    the responses since, and an erasure makes them counted afresh. The free text (themes, key
    phrases, quotes) is always read afresh: whether a comment may be shown can change at any
    time (safeguarding, review)."""
    questions = await questions_for(c["id"])

    def basic_q(after: int | None):
        args: list = []
        rw = " AND ".join([*_response_where(c, filters, args), _after("r.id", after, args)])
        day = sql.day("r.submitted_at")
        return sql.rows(
            f"SELECT 'c' AS q, r.channel AS k, COUNT(*) AS n FROM surveys_response r WHERE {rw} GROUP BY r.channel "
            f"UNION ALL SELECT 'd', {day}, COUNT(*) FROM surveys_response r WHERE {rw} GROUP BY {day}", args + args)

    # Closed questions: distinct responses per (question, choice), per question, and per ward (the
    # ward question), in one pass over this consultation's answers. Naming the consultation's own
    # questions lets PostgreSQL read only their answers (by the question index) instead of every
    # consultation's answers; their kinds are known here, so the questions are not joined, and
    # responses are joined only when a filter narrows them (the answers of these questions are
    # this consultation's answers).
    postcodes = [q["id"] for q in questions if q["kind"] == "postcode"]
    ward_questions = [q["id"] for q in questions if q["kind"] == "ward"]

    def counted_q(after: int | None):
        args: list = []  # in the order of the statement's placeholders
        # A free-text answer's text is never counted here (only a postcode's is), so fa leaves it out:
        # carrying it made every row it materialises and sorts wider.
        postcode = sql.in_list("a.question", postcodes, args)
        narrowed = _narrows(filters)
        where = _response_where(c, filters, args) if narrowed else []
        where += [sql.in_list("a.question", [q["id"] for q in questions], args), _after("a.response", after, args)]
        join = " JOIN surveys_response r ON r.id = a.response" if narrowed else ""
        fa = (f"WITH fa AS (SELECT a.question AS question, a.response AS response, "
              f"COALESCE(a.choice, CASE WHEN {postcode} THEN a.text END) AS k FROM surveys_answer a{join} "
              f"WHERE {' AND '.join(where)}) ")
        wards = sql.in_list("question", ward_questions, args)
        return sql.rows_planned(
            f"{fa}SELECT 'c' AS g, question, k, COUNT(DISTINCT response) AS n FROM fa "
            f"WHERE k IS NOT NULL GROUP BY question, k "
            f"UNION ALL SELECT 'q', question, '', COUNT(DISTINCT response) FROM fa GROUP BY question "
            f"UNION ALL SELECT 'w', 0, k, COUNT(DISTINCT response) FROM fa "
            f"WHERE {wards} AND k IS NOT NULL GROUP BY k{_shown_counts(questions, args)}", args,
            work_mem="32MB")

    # Number, date and ranking answers, row by row (a median needs every value).
    measured = [q["id"] for q in questions if q["kind"] in MEASURE_KINDS]

    async def measure_q(after: int | None) -> list[dict]:
        if not measured:  # most consultations ask no number, date or ranking question
            return []
        args: list = []
        rw = " AND ".join(_response_where(c, filters, args))
        own = sql.in_list("a.question", measured, args)
        return await sql.rows_planned(
            f"SELECT a.question AS question, a.response AS response, a.choice AS choice, a.number AS number, "
            f"a.text AS text FROM surveys_answer a JOIN surveys_response r ON r.id = a.response "
            f"WHERE {rw} AND {own} AND {_after('a.response', after, args)}", args)

    # Free text: voices, themes with sentiment, key phrases, quotes.
    args: list = []
    vw = " AND ".join(_voice_where(c, filters, args))
    entry_slugs = [(i, e.slug) for e in view.tag_entries for i in view.ids_by_slug.get(e.slug, [])]
    em = sql.values_cte("em", ("entry", "slug"), entry_slugs, args, ("INTEGER", "TEXT"))
    join, phrase = sql.phrases_join("v")
    theme_q = sql.rows_planned(
        f"WITH fv AS (SELECT v.id AS id, v.sentiment AS sentiment, v.ward AS ward FROM voices_voice v WHERE {vw}), "
        f"{em}, tv AS (SELECT DISTINCT et.voice AS voice, em.slug AS slug FROM ({sql.effective_tags_of('fv', few=True)}) et "
        f"JOIN em ON em.entry = et.entry) "
        f"SELECT 't' AS q, tv.slug AS k, fv.sentiment AS s, COUNT(*) AS n FROM tv JOIN fv ON fv.id = tv.voice "
        f"GROUP BY tv.slug, fv.sentiment "
        f"UNION ALL SELECT 'a', '', fv.sentiment, COUNT(*) FROM fv GROUP BY fv.sentiment "
        f"UNION ALL SELECT 'w', COALESCE(fv.ward, ''), fv.sentiment, COUNT(*) FROM fv GROUP BY fv.ward, fv.sentiment "
        f"UNION ALL SELECT 'u', '', '', COUNT(*) FROM fv WHERE NOT EXISTS (SELECT 1 FROM tv WHERE tv.voice = fv.id)",
        args)
    args = []
    others_q = not_analysed(_voice_where(c, filters, args)[1:], args)  # [1:]: all of them, flagged or not
    args = []
    vw = " AND ".join(_voice_where(c, filters, args))
    phrase_q = sql.rows_planned(
        f"SELECT {phrase} AS phrase, COUNT(DISTINCT v.id) AS n FROM voices_voice v{join} WHERE {vw} "
        f"GROUP BY {phrase} ORDER BY n DESC, phrase LIMIT 15", args)
    # Quotes per theme.
    args = []
    vw = " AND ".join(_voice_where(c, filters, args, quotable=True))
    em = sql.values_cte("em", ("entry", "slug"), entry_slugs, args, ("INTEGER", "TEXT"))
    # The voices are ranked on what fv read already; only the few candidates are then read again
    # for their text (one by one through the primary key: OFFSET 0 keeps PostgreSQL from
    # scanning every voice to join them).
    cols = "v.id AS id, v.redacted AS redacted, v.sentiment AS sentiment, v.ward AS ward, v.channel AS channel, " \
           "v.occurred_at AS occurred_at"
    text_of = ("JOIN voices_voice v ON v.id = ranked.id" if is_sqlite() else
               f"CROSS JOIN LATERAL (SELECT {cols} FROM voices_voice v WHERE v.id = ranked.id OFFSET 0) t")
    quote_q = sql.rows_planned(
        f"WITH fv AS (SELECT v.id AS id, v.sentiment AS sentiment, length(v.redacted) AS redacted_length "
        f"FROM voices_voice v WHERE {vw}), {em}, "
        f"tv AS (SELECT DISTINCT et.voice AS voice, em.slug AS slug FROM ({sql.effective_tags_of('fv', few=True)}) et "
        f"JOIN em ON em.entry = et.entry), "
        f"ranked AS (SELECT tv.slug AS k, fv.id AS id, {rank_sql('tv.slug', 'fv', 'fv.redacted_length')} AS rn "
        f"FROM tv JOIN fv ON fv.id = tv.voice) "
        f"SELECT ranked.k AS k, {cols if is_sqlite() else 't.*'}, ranked.rn AS rn FROM ranked {text_of} "
        f"WHERE ranked.rn <= {CANDIDATES}", args)
    # Who we heard from: each equality question's answers, side by side, suppressed.
    eq_args: list = [c["id"]]
    eq_where = "e.consultation = {}"
    if not filters.defaulted:
        # Equality rows keep only their month (surveys.about_you_store): every month the period touches.
        eq_where += " AND e.submitted_month >= {} AND e.submitted_month <= {}"
        eq_args += [filters.start.replace(day=1), filters.end]
    if is_sqlite():
        parts = [f"SELECT '{q.field}' AS f, COALESCE(e.{q.field}, '') AS k, COUNT(*) AS n FROM surveys_about_you e "
                 f"WHERE {eq_where} GROUP BY e.{q.field}" for q in EQUALITY]
        eq_q = partial(sql.rows, " UNION ALL ".join(parts), eq_args * len(EQUALITY))
    else:  # one pass over the rows: a grouping set per question (the others are NULL in its rows)
        fields = [f"e.{q.field}" for q in EQUALITY]
        which = " ".join(f"WHEN GROUPING({f}) = 0 THEN '{q.field}'" for f, q in zip(fields, EQUALITY))
        eq_q = partial(
            sql.rows_planned, f"SELECT CASE {which} END AS f, COALESCE({', '.join(fields)}, '') AS k, COUNT(*) AS n "
            f"FROM surveys_about_you e WHERE {eq_where} "
            f"GROUP BY GROUPING SETS ({', '.join(f'({f})' for f in fields)})", eq_args)

    async def answer_counts(after: int | None = None) -> dict:
        basic, counted, eq, measure = await sql.together(basic_q(after), counted_q(after), eq_q(), measure_q(after))
        return {"basic": basic, "counted": counted, "eq": eq, "measure": measure}

    # The statements are independent: on PostgreSQL they run at once on pooled connections.
    # Only there are counts kept (engage.summaries.answers_kept says why).
    keep = store is not None and not is_sqlite()
    got, theme_rows, others, phrase_rows, quote_rows = await sql.together(
        kept_counts(store, c["id"], questions, _filters_key(filters), answer_counts) if keep else answer_counts(),
        theme_q, others_q, phrase_q, quote_q)
    basic, counted, eq_rows, measure_rows = got["basic"], got["counted"], got["eq"], got["measure"]
    channels = sorted(((r["k"], int(r["n"])) for r in basic if r["q"] == "c"),
                      key=lambda kv: (list(CHANNELS).index(kv[0]) if kv[0] in CHANNELS else 99, kv[0]))
    total = sum(n for _, n in channels)
    days = sorted((r["k"], int(r["n"])) for r in basic if r["q"] == "d")
    unit = "day"
    if days and (dt.date.fromisoformat(days[-1][0]) - dt.date.fromisoformat(days[0][0])).days > 62:
        unit, months = "month", {}
        for d, n in days:
            months[d[:7]] = months.get(d[:7], 0) + n
        days = sorted(months.items())

    # Closed questions, and the ward question's counts for the results by ward.
    ward_counts: dict[str, int] = {}
    per_choice: dict[int, dict[str, int]] = {}
    answered: dict[int, int] = {}
    shown: dict[int, int] = {}
    for r in counted:
        if r["g"] == "w":
            ward_counts[r["k"]] = int(r["n"])
        elif r["g"] == "q":
            answered[r["question"]] = int(r["n"])
        elif r["g"] == "s":
            shown[r["question"]] = int(r["n"])
        else:
            per_choice.setdefault(r["question"], {})[r["k"]] = int(r["n"])
    closed, free = [], []
    for number, q in enumerate(questions, 1):
        conditional = conditions.rule(q) is not None
        base = shown.get(q["id"], 0) if conditional else total  # the responses that were asked it
        condition = conditions.describe(q, questions) if conditional else None
        if q["kind"] in MEASURE_KINDS:
            closed.append(_measured(q, number, [r for r in measure_rows if r["question"] == q["id"]], base,
                                    base if conditional else None, condition))
            continue
        if q["kind"] not in CLOSED_KINDS:
            free.append({**q, "number": number, "label": short_label(q), "answered": answered.get(q["id"], 0)})
            continue
        counts = per_choice.get(q["id"], {})
        if q["kind"] == "postcode":
            opts = sorted(counts, key=lambda k: (-counts[k], k))
            pairs = [(k, k) for k in opts]
        else:
            pairs = options_for(q)
        n_answered = answered.get(q["id"], 0)
        options = [OptionCount(v, label, counts.get(v, 0), _pct(counts.get(v, 0), base)) for v, label in pairs]
        blank = max(0, base - n_answered)
        options.append(OptionCount("", NOT_ANSWERED, blank, _pct(blank, base)))
        closed.append(ClosedQuestion(q["id"], number, q["text"], q["kind"], KINDS[q["kind"]].multiple, n_answered,
                                     blank, options, shown=base if conditional else None, condition=condition))

    # Free text: themes with sentiment and quotes, comments by ward.
    names = {e.slug: e.name for e in view.tag_entries}
    themes: dict[str, ThemeRow] = {}
    voices, untagged = 0, 0
    ward_sentiment: dict[str, dict[str, int]] = {}
    for r in theme_rows:
        if r["q"] == "t" and r["k"] in names:
            row = themes.setdefault(r["k"], ThemeRow(r["k"], names[r["k"]], 0, dict.fromkeys(SENTIMENTS, 0)))
            row.count += int(r["n"])
            if r["s"] in row.sentiment:
                row.sentiment[r["s"]] += int(r["n"])
        elif r["q"] == "a":
            voices += int(r["n"])
        elif r["q"] == "w":
            ward_sentiment.setdefault(r["k"], dict.fromkeys(SENTIMENTS, 0))[r["s"]] = int(r["n"])
        elif r["q"] == "u":
            untagged = int(r["n"])
    order = [e.slug for e in view.tag_entries]
    theme_list = sorted(themes.values(), key=lambda t: (-t.count, order.index(t.slug)))
    found = pick(quote_rows)
    for t in theme_list:
        t.quotes = found.get(t.slug, [])

    # Results by ward: responses per ward (the ward question), comments by sentiment; suppressed.
    ward_list = [*wards(), ("outside", "Outside Leicester"), ("", "Not given")]
    ward_counts[""] = max(0, total - sum(ward_counts.values()))
    responses_cells, responses_total = suppress_counts([ward_counts.get(w, 0) for w, _ in ward_list])
    grid = [[ward_sentiment.get(w, {}).get(s, 0) for s in SENTIMENTS] for w, _ in ward_list]
    cells, row_totals, col_totals, grand = suppress_table(grid)
    ward_rows = [WardRow(w, label, responses_cells[i], cells[i], row_totals[i]) for i, (w, label) in
                 enumerate(ward_list)]

    eq_counts: dict[str, dict[str, int]] = {}
    for r in eq_rows:
        eq_counts.setdefault(r["f"], {})[r["k"]] = int(r["n"])
    eq_total = sum(eq_counts.get(EQUALITY[0].field, {}).values())
    tables = []
    grand_cell = None
    for q in EQUALITY:
        counts = eq_counts.get(q.field, {})
        options = [*q.options, ("", NOT_ANSWERED)]
        cells_1d, total_cell = suppress_counts([counts.get(v, 0) for v, _ in options])
        grand_cell = total_cell
        tables.append(EqualityTable(q.field, q.legend, [(label, cells_1d[i], cells_1d[i].percent_of(total_cell))
                                                        for i, (_, label) in enumerate(options)], total_cell))
    return ConsultationSummary(
        c=c, filters=filters, responses=total, channels=channels, over_time=days, time_unit=unit, questions=closed,
        free_text_questions=free, voices=voices, themes=theme_list, untagged=untagged,
        phrases=[(r["phrase"], int(r["n"])) for r in phrase_rows], ward_rows=ward_rows, ward_total=responses_total,
        ward_sentiment_totals=col_totals, equality=tables,
        equality_total=grand_cell if grand_cell is not None else suppress_counts([eq_total])[1],
        not_analysed=others,
    )


def _measured(q: dict, number: int, rows: list[dict], total: int, shown: int | None = None,
              condition: str | None = None) -> ClosedQuestion:
    """A number, date or ranking question's results (engage.summaries.measures); `total` is the
    responses asked it (those shown it, for a question behind skip logic)."""
    n_answered = len({r["response"] for r in rows})
    blank = max(0, total - n_answered)
    stats: list[tuple[str, str]] = []
    if q["kind"] == "number":
        stats = number_stats(q, [r["number"] for r in rows if r["number"] is not None])
        options = []
    elif q["kind"] == "date":
        options = [OptionCount(key, label, n, _pct(n, total)) for key, label, n in date_counts([r["text"] for r in rows])]
    else:
        ranked = ranking_rows(q, [(r["choice"], r["number"]) for r in rows if r["choice"] is not None])
        options = [OptionCount(value, label, first, _pct(first, total), average)
                   for value, label, first, average in ranked]
    options.append(OptionCount("", NOT_ANSWERED, blank, _pct(blank, total)))
    return ClosedQuestion(q["id"], number, q["text"], q["kind"], False, n_answered, blank, options, stats,
                          shown=shown, condition=condition)


def ward_label(slug: str) -> str:
    return ward_name(slug) or ("Outside Leicester" if slug == "outside" else "Not given")
