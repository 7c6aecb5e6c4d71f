"""The voices derived from consultation answers: what erasure, retention and subject access reach."""

from __future__ import annotations

from typing import Iterable

from engage.voices.services import forget_voices
from engage.voices.tables import Voice


async def forget_answer_voices(answer_ids: Iterable[int]) -> int:
    ids = [int(i) for i in answer_ids]
    if ids:
        await forget_voices(source="answer", source_ids=ids)
    return len(ids)


async def voices_for_answers(answer_ids: Iterable[int]) -> list[dict]:
    ids = [int(i) for i in answer_ids]
    if not ids:
        return []
    return await Voice.select(Voice.id, Voice.channel, Voice.ward, Voice.occurred_at, Voice.text, Voice.redacted,
                              Voice.sentiment, Voice.key_phrases).output(load_json=True).where(
        (Voice.source == "answer") & Voice.source_id.is_in(ids)).order_by(Voice.id).run()
