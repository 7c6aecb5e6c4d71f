"""Turning a consultation response's free-text answers into voices (engage.voices).

Consultations sit above the voices in the layers, so the channel turns its own rows into voices
(moved here from engage/voices/sources.py, which imported surveys upwards)."""

from __future__ import annotations

import datetime as dt

from engage.voices.services import record_voice
from surveys.tables import Answer, Response

FREE_TEXT_KINDS = {"short_text", "long_text"}
OTHER = "other"


async def record_answer_voices(response_id: int) -> list[int]:
    """One voice per free-text answer (short or long text, and 'Other, please specify') of a response.

    Runs inside the caller's transaction (surveys.responses.store_submission)."""
    response = await Response.select(Response.id, Response.consultation, Response.channel,
                                     Response.submitted_at).where(Response.id == response_id).first()
    if response is None:
        return []
    answers = await Answer.select(Answer.id, Answer.question, Answer.choice, Answer.text,
                                  Answer.question.kind).where(Answer.response == response_id).order_by(Answer.id).run()
    ward = next((a["choice"] for a in answers if a["question.kind"] == "ward" and a["choice"]
                 and a["choice"] != "outside"), None)
    ids = []
    for a in answers:
        free = (a["question.kind"] in FREE_TEXT_KINDS and a["choice"] is None) or a["choice"] == OTHER
        if not free or not (a["text"] or "").strip():
            continue
        voice_id = await record_voice(
            source="answer", source_id=a["id"], text=a["text"], channel=response["channel"] or "online",
            occurred_at=response["submitted_at"] or dt.datetime.now(dt.timezone.utc), ward=ward,
            consultation_id=response["consultation"], question_id=a["question"])
        if voice_id is not None:
            ids.append(voice_id)
    return ids
