"""The summaries as JSON: the same numbers as the pages (suppressed counts included), for readers
with a session or a bearer token."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Controller, Request, get
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, QueryParameter

from engage.auth.guards import readers_only
from engage.auth.scopes import TOKEN_AREA
from engage.framework.vocabulary import ward_name
from engage.summaries import schemas as S
from engage.web.dependencies import StoreDep
from engage.summaries.consultation import consultation_summary
from engage.summaries.emerging import emerging_issues
from engage.summaries.filters import Filters
from engage.summaries.followup import follow_up, status_label
from engage.summaries.priorities import Row, priority_review
from engage.summaries.quotes import Quote
from engage.summaries.services import filters_for
from engage.summaries.voices import phrases_of, voice_count, voice_page
from surveys import consultations as cons

From = Annotated[str | None, QueryParameter(name="from", description="First day (YYYY-MM-DD); default a year before `to`")]
To = Annotated[str | None, QueryParameter(name="to", description="Last day (YYYY-MM-DD); default today")]
Ward = Annotated[str | None, QueryParameter(name="ward", description="A ward slug")]
Channel = Annotated[str | None, QueryParameter(name="channel", description="online, paper, event, email, phone or meeting")]
ConsultationId = Annotated[str | None, QueryParameter(name="consultation", description="A consultation id")]
Priority = Annotated[str | None, QueryParameter(name="priority", description="A strategic priority slug")]


def _q(date_from, date_to, ward, channel, consultation, priority) -> dict[str, str]:
    raw = {"from": date_from, "to": date_to, "ward": ward, "channel": channel, "consultation": consultation,
           "priority": priority}
    return {k: v for k, v in raw.items() if v}


async def _filters(query: dict[str, str]):
    """The filters, or 400 naming each problem (an impossible or out-of-range date, say)."""
    filters, view = await filters_for(query)
    if filters.errors:
        raise ClientException(detail="Check the filters: " + "; ".join(filters.errors.values()))
    return filters, view


def _period(f: Filters) -> S.Period:
    prev = f.previous
    return S.Period(start=f.start, end=f.end, previous_start=prev.start, previous_end=prev.end, ward=f.ward,
                    channel=f.channel, consultation=f.consultation, priority=f.priority)


def _quote(q: Quote) -> S.QuoteOut:
    return S.QuoteOut(text=q.text, sentiment=q.sentiment, ward=q.ward, channel=q.channel)


def _entry(r: Row) -> S.EntrySummary:
    return S.EntrySummary(
        slug=r.slug, name=r.name, kind=r.kind, voices=r.count, previous=r.previous, change=r.change,
        sentiment=S.Sentiment(r.sentiment["negative"], r.sentiment["neutral"], r.sentiment["positive"], r.net),
        top_wards=[S.WardCount(w, ward_name(w) or "Not known", n) for w, n in r.top_wards], trend=list(r.trend),
        quotes=[_quote(q) for q in r.quotes], themes=[_entry(t) for t in r.themes])


class SummariesApi(Controller):
    path = "/api/summaries"
    tags = ["summaries"]
    guards = [readers_only]
    opt = {TOKEN_AREA: "summaries"}  # API tokens with read:summaries

    @get("/priorities", summary="The priority review: voices per priority, delivery and cross-cutting theme")
    async def priorities(self, request: Request, store: StoreDep, date_from: From = None, date_to: To = None, ward: Ward = None, channel: Channel = None,
                         consultation: ConsultationId = None, priority: Priority = None) -> S.PriorityReviewOut:
        filters, view = await _filters(_q(date_from, date_to, ward, channel, consultation, priority))
        r = await priority_review(filters, view, store=store)
        return S.PriorityReviewOut(
            plan=r.period_name, period=_period(filters), months=r.months, total=_entry(r.total), untagged=r.untagged,
            channels=[S.ChannelCount(c, n, p) for c, n, p in r.channels],
            priorities=[_entry(p) for p in r.priorities], cross_cutting=[_entry(c) for c in r.cross_cutting])

    @get("/emerging", summary="Emerging issues: what many raise that no current theme covers")
    async def emerging(self, request: Request, store: StoreDep, date_from: From = None, date_to: To = None, ward: Ward = None, channel: Channel = None,
                       consultation: ConsultationId = None, priority: Priority = None) -> S.EmergingOut:
        filters, view = await _filters(_q(date_from, date_to, ward, channel, consultation, priority))
        em = await emerging_issues(filters, view, store=store)
        return S.EmergingOut(period=_period(filters), voices=em.total, uncovered=em.uncovered, issues=[
            S.ClusterOut(rank=i, issue=c.label, voices=c.count, previous=c.previous, wards=c.wards,
                         sentiment=S.Sentiment(c.sentiment["negative"], c.sentiment["neutral"],
                                               c.sentiment["positive"],
                                               round(100 * (c.sentiment["positive"] - c.sentiment["negative"])
                                                     / c.count) if c.count else 0),
                         phrases=[p for p, _ in c.phrases], examples=[_quote(q) for q in c.examples])
            for i, c in enumerate(em.clusters, 1)])

    @get("/follow-up", summary="Meeting follow-up: actions by status and owner, overdue actions, published outcomes")
    async def follow_up(self, date_from: From = None, date_to: To = None, ward: Ward = None,
                        priority: Priority = None) -> S.FollowUpOut:
        filters, view = await _filters(_q(date_from, date_to, ward, None, None, priority))
        fu = await follow_up(filters, view)
        return S.FollowUpOut(
            period=_period(filters),
            by_owner=[S.OwnerActions(o, c, t) for o, c, t in fu.by_owner], status_totals=fu.status_totals,
            total=fu.total, overdue_count=fu.overdue_count,
            overdue=[S.OverdueAction(r["action"], r["owner"], r["due_on"], r["days_overdue"], status_label(r["status"]),
                                     r["meeting"]) for r in fu.overdue],
            published_count=fu.published_count,
            published=[S.PublishedOutcome(r["summary"], r["outcome"], status_label(r["status"]), r["ward"] or "")
                       for r in fu.published])

    @get("/consultations/{consultation_id:int}", summary="One consultation's summary (equality counts suppressed)",
         raises=[NotFoundException])
    async def consultation(self, consultation_id: FromPath[int], date_from: From = None, date_to: To = None,
                           ward: Ward = None, channel: Channel = None) -> S.ConsultationSummaryOut:
        c = await cons.get(consultation_id)
        if c is None or c["status"] == "draft":
            raise NotFoundException("No such consultation")
        filters, view = await _filters(_q(date_from, date_to, ward, channel, None, None))
        s = await consultation_summary(c, filters, view)

        def sent(d: dict) -> S.Sentiment:
            n = sum(d.values())
            return S.Sentiment(d["negative"], d["neutral"], d["positive"],
                               round(100 * (d["positive"] - d["negative"]) / n) if n else 0)

        return S.ConsultationSummaryOut(
            id=c["id"], slug=c["slug"], title=c["title"], status=cons.phase(c), responses=s.responses,
            channels=[S.ChannelCount(ch, n, 0) for ch, n in s.channels], over_time=dict(s.over_time),
            questions=[S.ClosedQuestionOut(q.id, q.number, q.text, q.kind, q.answered, q.blank,
                                           [S.OptionOut(o.value, o.label, o.count, o.percent, o.average or None)
                                            for o in q.options], dict(q.stats))
                       for q in s.questions],
            comments=s.voices,
            themes=[S.ThemeOut(t.slug, t.name, t.count, sent(t.sentiment), [_quote(q) for q in t.quotes])
                    for t in s.themes],
            key_phrases=dict(s.phrases),
            wards=[S.WardResult(w.ward, w.label, S.count(w.responses), S.count(w.voices), *map(S.count, w.sentiment))
                   for w in s.ward_rows],
            who_we_heard_from=[S.EqualityQuestionOut(t.field, t.question,
                                                     [S.EqualityAnswer(label, S.count(cell), pct)
                                                      for label, cell, pct in t.rows]) for t in s.equality],
            who_we_heard_from_total=S.count(s.equality_total))

    @get("/voices", summary="Redacted, officer-reviewed voices with the tags that count, a page at a time")
    async def voices(self, date_from: From = None, date_to: To = None, ward: Ward = None, channel: Channel = None,
                     consultation: ConsultationId = None, priority: Priority = None,
                     limit: Annotated[int, QueryParameter(name="limit", ge=1, le=1000)] = 100,
                     offset: Annotated[int, QueryParameter(name="offset", ge=0, le=10_000_000)] = 0) -> S.VoicesOut:
        filters, view = await _filters(_q(date_from, date_to, ward, channel, consultation, priority))
        rows = await voice_page(filters, view, limit=limit, offset=offset)
        out = []
        for r in rows:
            at = r["occurred_at"]
            if isinstance(at, str):
                at = dt.datetime.fromisoformat(at)
            out.append(S.VoiceOut(
                id=r["id"], occurred_at=at, channel=r["channel"], ward=r["ward"] or "",
                consultation_id=r["consultation_id"], meeting_id=r["meeting_id"], sentiment=r["sentiment"],
                polarity=float(r["polarity"] or 0), themes=[t for t in (r["tags"] or "").split("; ") if t],
                key_phrases=phrases_of(r["key_phrases"]), text=r["redacted"] or ""))
        return S.VoicesOut(total=await voice_count(filters, view), limit=limit, offset=offset, voices=out)
