"""The safety rule for what leaves the officers' review queue has one spelling (engage.voices.services
.safe_sql): the Piccolo condition and the summaries' raw SQL pick the same voices, and a voice flagged
for safeguarding stays out until an officer clears it, or actions it and reviews the voice."""

from __future__ import annotations

import datetime as dt

import pytest

NOW = dt.datetime.now(dt.timezone.utc)

# name -> (analysed, safeguarding, safeguarding_status, reviewed, shown beyond the queue)
STATES = {
    "plain": (True, False, "", False, True),
    "not analysed": (False, False, "", False, False),
    "flagged, waiting": (True, True, "open", False, False),
    "flagged, reviewed, not yet actioned": (True, True, "open", True, False),
    "flagged, actioned, not reviewed": (True, True, "actioned", False, False),
    "flagged, actioned and reviewed": (True, True, "actioned", True, True),
    "flagged, cleared": (True, True, "cleared", False, True),
}


@pytest.fixture
async def voices_in_every_state(client) -> dict[str, int]:
    """One voice per state, including one flagged, reviewed and not yet actioned."""
    from engage.voices.services import record_voice
    from engage.voices.tables import Voice

    ids = {}
    for n, (name, (analysed, flagged, status, reviewed, _)) in enumerate(STATES.items(), start=1):
        voice_id = await record_voice(source="feedback_point", source_id=n, text=f"Street lights out on road {n}",
                                      channel="meeting", occurred_at=NOW)
        await Voice.update({Voice.analysed: analysed, Voice.safeguarding: flagged,
                            Voice.safeguarding_status: status,
                            Voice.reviewed_at: NOW if reviewed else None}).where(Voice.id == voice_id).run()
        ids[name] = voice_id
    return ids


async def test_both_spellings_of_the_safety_rule_pick_the_same_voices(voices_in_every_state):
    from engage.summaries import sql
    from engage.voices.services import SAFE_SQL, safe_voices_query, unsafe_condition
    from engage.voices.tables import Voice

    by_id = {v: k for k, v in voices_in_every_state.items()}
    expected = {name for name, state in STATES.items() if state[-1]}
    piccolo = {by_id[r["id"]] for r in await safe_voices_query(Voice.id).run()}
    raw = {by_id[r["id"]] for r in await sql.rows(f"SELECT v.id AS id FROM voices_voice v WHERE {SAFE_SQL}", [])}
    assert piccolo == raw == expected
    unsafe = {by_id[r["id"]] for r in await Voice.select(Voice.id).where(unsafe_condition()).run()}
    assert unsafe == {"flagged, waiting", "flagged, reviewed, not yet actioned", "flagged, actioned, not reviewed"}
