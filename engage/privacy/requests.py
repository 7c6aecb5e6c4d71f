"""Requests from residents, handled by officers: erasure by receipt code and subject access."""

from __future__ import annotations

import datetime as dt
from typing import Any

from surveys.builder import questions_for
from surveys.kinds import options_for
from surveys.responses import erasure_key, normalise_receipt
from surveys.tables import AboutYou, Answer, Consultation, Response

ABOUT_YOU_FIELDS = ("age_band", "sex", "gender_identity", "ethnicity", "disability", "religion", "ward")


def _iso(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


async def held_for_receipt(receipt: str, secret: str) -> dict | None:
    """Everything engage holds against a receipt code, as plain JSON-ready data; None if nothing."""
    from engage.privacy.voices import voices_for_answers

    code = normalise_receipt(receipt)
    if not code:
        return None
    response = await Response.select().where(Response.receipt == code).first()
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
        out_answers.append({"question": q.get("text", ""), "choice": label, "number": a["number"], "text": a["text"]})
    about = await AboutYou.select(*[getattr(AboutYou, f) for f in ABOUT_YOU_FIELDS], AboutYou.submitted_on).where(
        AboutYou.erasure_key == erasure_key(secret, code)).run()
    voices = await voices_for_answers(a["id"] for a in answers)
    return {
        "receipt": code,
        "consultation": {"slug": c["slug"], "title": c["title"], "retention_days": c["retention_days"],
                         "closes_at": _iso(c["closes_at"])},
        "response": {"channel": response["channel"], "submitted_at": _iso(response["submitted_at"]),
                     "entered_by_officer": response["entered_by"] is not None},
        "answers": out_answers,
        "about_you": [{k: _iso(v) for k, v in row.items()} for row in about],
        "voices": [{k: _iso(v) for k, v in v_row.items()} for v_row in voices],
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
