"""Safeguarding levels in the officers' queue: a concern first, then a possible concern (clearly
labelled), then ordinary voices; an officer confirms a possible concern or clears it with a reason,
and both are audited."""

from __future__ import annotations

import datetime as dt

from tests.support import post_form, sign_in

KNIFE = "Knife crime near the park scares me, there were stabbings last week"
DISCLOSURE = "My partner hits me and I am scared to go home tonight"
POLISH = "Na naszej ulicy jest bardzo niebezpiecznie w nocy, a policja nic z tym nie robi."


async def record(text: str, source_id: int, minutes_ago: int = 0) -> int:
    from engage.voices.services import record_voice

    at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes_ago)
    return await record_voice(source="feedback_point", source_id=source_id, text=text, channel="meeting",
                              occurred_at=at)


async def voice(voice_id: int) -> dict:
    from engage.voices.services import get_voice

    return await get_voice(voice_id)


def positions(html: str, *ids: int) -> list[int]:
    return [html.index(f'id="voice-{i}"') for i in ids]


async def test_the_queue_puts_concerns_then_possible_concerns_then_the_rest(client):
    # The ordinary voice is the newest and the concern the oldest: order is by level, not by date.
    concern = await record(DISCLOSURE, 1, minutes_ago=30)
    possible = await record(POLISH, 2, minutes_ago=20)
    ordinary = await record(KNIFE, 3, minutes_ago=10)
    assert (await voice(concern))["safeguarding_level"] == "concern"
    assert (await voice(possible))["safeguarding_level"] == "possible"
    assert (await voice(ordinary))["safeguarding_level"] == "none"

    await sign_in(client, "officer")
    html = (await client.get("/officer/voices")).text
    assert positions(html, concern, possible, ordinary) == sorted(positions(html, concern, possible, ordinary))
    card = html[html.index(f'id="voice-{possible}"'):html.index(f'id="voice-{ordinary}"')]
    assert '<strong class="govuk-tag govuk-tag--orange engage-possible-concern">Possible concern</strong>' in card
    page = (await client.get(f"/officer/voices/{possible}")).text  # one voice open at a time
    assert f'action="/officer/voices/{possible}/safeguarding/confirm"' in page
    # The second page starts where the first ended, across the groups.
    from engage.voices.services import queue

    first, total = await queue("queue", limit=2, offset=0)
    rest, _ = await queue("queue", limit=2, offset=2)
    assert total == 3 and [v["id"] for v in first + rest] == [concern, possible, ordinary]


async def test_an_officer_confirms_a_possible_concern_and_it_joins_the_concerns(client):
    from engage.audit.services import events_for

    older = await record(DISCLOSURE, 1, minutes_ago=30)
    possible = await record(POLISH, 2, minutes_ago=5)
    user = await sign_in(client, "officer")
    done = await post_form(client, f"/officer/voices/{possible}/safeguarding/confirm", {"next": "/officer/voices"})
    assert done.status_code == 303
    row = await voice(possible)
    assert row["safeguarding_level"] == "concern" and row["safeguarding_status"] == "confirmed"
    html = (await client.get("/officer/voices")).text
    assert positions(html, possible, older) == sorted(positions(html, possible, older))  # newer concern first
    assert f"confirmed by {user['email']}" in html
    # Still needs what was done before it can be reviewed.
    assert (await post_form(client, f"/officer/voices/{possible}/reviewed", {})).status_code == 400
    (event,) = [e for e in await events_for("voice", possible) if e["action"] == "safeguarding-confirmed"]
    assert event["detail"]["level"] == "possible"


async def test_an_officer_clears_a_flag_with_a_reason_and_the_voice_reaches_summaries(client):
    from engage.audit.services import events_for
    from engage.voices.services import reanalyse, safe_voices_query

    flagged = await record(DISCLOSURE, 1)
    await sign_in(client, "officer")
    blank = await post_form(client, f"/officer/voices/{flagged}/safeguarding/clear", {"reason": "  "})
    assert blank.status_code == 400 and f'href="#reason-{flagged}"' in blank.text
    assert (await voice(flagged))["safeguarding_status"] == "open"

    cleared = await post_form(client, f"/officer/voices/{flagged}/safeguarding/clear",
                              {"reason": "Quoted from a training scenario, nobody at risk"})
    assert cleared.status_code == 303
    row = await voice(flagged)
    assert row["safeguarding_status"] == "cleared" and "training scenario" in row["safeguarding_action"]
    assert flagged in {r["id"] for r in await safe_voices_query().run()}
    page = (await client.get(f"/officer/voices/{flagged}")).text
    assert "No safeguarding concern" in page and "training scenario" in page
    flagged_view = (await client.get("/officer/voices?view=flagged")).text
    assert f'id="voice-{flagged}"' not in flagged_view
    (event,) = [e for e in await events_for("voice", flagged) if e["action"] == "safeguarding-cleared"]
    assert event["detail"]["level"] == "concern"
    # Re-analysing the same words keeps the officer's decision; a second clear is refused.
    await reanalyse([flagged])
    assert (await voice(flagged))["safeguarding_status"] == "cleared"
    again = await post_form(client, f"/officer/voices/{flagged}/safeguarding/clear", {"reason": "again"})
    assert again.status_code == 400


async def test_executives_cannot_confirm_or_clear(client):
    flagged = await record(DISCLOSURE, 1)
    await sign_in(client, "executive")
    assert (await post_form(client, f"/officer/voices/{flagged}/safeguarding/clear",
                            {"reason": "x"})).status_code == 403
    assert (await post_form(client, f"/officer/voices/{flagged}/safeguarding/confirm", {})).status_code == 403
    assert (await voice(flagged))["safeguarding_status"] == "open"
