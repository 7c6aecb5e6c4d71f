"""Requests from residents, handled by officers: erasure by receipt code and subject access.

What a receipt holder is entitled to: everything held against their receipt, which is their
response (when and how it came in), their answers and what was analysed from them. Their
equality ("About you") answers are held too, but with no link to the response or the receipt
(surveys.about_you_store), so they cannot be found from it, by us or anyone else: the export
says so rather than joining anything to the answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engage.privacy.voices import voices_for_answers
from surveys.builder import questions_for
from surveys.kinds import options_for, shown_answer
from surveys.responses import normalise_receipt, receipt_hash
from surveys.tables import Answer, Consultation, Response

ABOUT_YOU_NOT_LINKED = ("Not included: 'About you' answers are stored apart from responses with no link to a "
                        "response or a receipt code, so they cannot be found from a receipt code.")


def _iso(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


async def held_for_receipt(receipt: str, secret: str) -> dict | None:
    """Everything engage holds against a receipt code, as plain JSON-ready data; None if nothing."""
    code = normalise_receipt(receipt)
    if not code:
        return None
    response = await Response.select().where(Response.receipt_hash == receipt_hash(secret, code)).first()
    if response is None:
        return None
    c = await Consultation.select(Consultation.id, Consultation.slug, Consultation.title,
                                  Consultation.retention_days, Consultation.closes_at).where(
        Consultation.id == response["consultation"]).first()
    questions = {q["id"]: q for q in await questions_for(c["id"])}
    answers = await Answer.select().where(Answer.response == response["id"]).order_by(Answer.id).run()
    out_answers = []
    for a in answers:
        q = questions.get(a["question"], {})
        label = dict(options_for(q)).get(a["choice"], a["choice"]) if q and a["choice"] else a["choice"]
        out_answers.append({"question": q.get("text", ""), "choice": label, "number": a["number"], "text": a["text"],
                            "shown": shown_answer(q, a["choice"], a["number"], a["text"])})
    voices = await voices_for_answers(a["id"] for a in answers)
    return {
        "consultation": {"slug": c["slug"], "title": c["title"], "retention_days": c["retention_days"],
                         "closes_at": _iso(c["closes_at"])},
        "response": {"channel": response["channel"], "submitted_at": _iso(response["submitted_at"]),
                     "entered_by_officer": response["entered_by"] is not None},
        "answers": out_answers,
        "about_you": ABOUT_YOU_NOT_LINKED,
        "voices": [{k: _iso(v) for k, v in v_row.items()} for v_row in voices],
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
