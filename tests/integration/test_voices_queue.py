"""Voices through the app: a submitted free-text answer becomes an analysed, tagged voice; a
safeguarding disclosure tops the officers' queue and stays out of the safe query until actioned;
officers' tag decisions win over the machine's."""

from __future__ import annotations

import datetime as dt
import re

from tests.support import make_consultation, post_form, sign_in

KNIFE = "Knife crime near the park scares me, there were stabbings last week"
DISCLOSURE = "My partner hits me and I am scared to go home tonight"


_made = 0


async def submit(client, texts: dict[str, str], kinds=("short_text", "long_text", "multiple_choice", "ward"),
                 extra: dict | None = None):
    global _made
    _made += 1
    c, qs = await make_consultation(slug=f"voices-{_made}", kinds=list(kinds))
    by_kind = {q["kind"]: q for q in qs}
    data = {f"q{by_kind[k]['id']}": v for k, v in texts.items()}
    data.update(extra or {})
    response = await post_form(client, f"/consultations/{c['slug']}/respond", data)
    assert response.status_code == 303, response.text
    return c, by_kind


async def voices() -> list[dict]:
    from engage.voices.tables import Voice

    return await Voice.select().output(load_json=True).order_by(Voice.id).run()


async def slugs_for(voice_id: int) -> set[str]:
    from engage.voices.services import counted_tags

    return set(await counted_tags(voice_id))


async def safe_ids() -> set[int]:
    from engage.voices.services import safe_voices_query

    return {r["id"] for r in await safe_voices_query().run()}


async def entry_id(slug: str) -> int:
    from engage.framework.services import current_period
    from engage.framework.tables import FrameworkEntry

    period = await current_period()
    row = await FrameworkEntry.select(FrameworkEntry.id).where(
        (FrameworkEntry.slug == slug) & (FrameworkEntry.period == period["id"])).first()
    return row["id"]


async def test_a_submitted_free_text_answer_becomes_an_analysed_tagged_voice(client):
    c, qs = await submit(client, {"short_text": "Nothing", "long_text": KNIFE, "ward": "castle"})
    rows = await voices()
    assert len(rows) == 2
    knife = next(r for r in rows if r["question_id"] == qs["long_text"]["id"])
    assert knife["source"] == "answer" and knife["channel"] == "online" and knife["ward"] == "castle"
    assert knife["consultation_id"] == c["id"] and knife["analysed_at"] is not None
    assert knife["sentiment"] == "negative" and knife["polarity"] < 0
    assert knife["redacted"] and not knife["safeguarding"]
    assert await slugs_for(knife["id"]) == {"serious-violence"}
    from engage.voices.services import effective_tags

    tags = (await effective_tags([knife["id"]]))[knife["id"]]
    assert tags[0]["confidence"] > 0.5 and "knife crime" in tags[0]["evidence"]
    other = next(r for r in rows if r["question_id"] == qs["short_text"]["id"])
    assert await slugs_for(other["id"]) == set()  # off-topic text gets no tag


async def test_other_please_specify_text_is_a_voice_but_choices_and_postcodes_are_not(client):
    c, qs = await make_consultation(kinds=["multiple_choice", "postcode", "single_choice"])
    by_kind = {q["kind"]: q for q in qs}
    mc = by_kind["multiple_choice"]
    red = next(o["id"] for o in mc["options"] if o["label"] == "Red")
    response = await post_form(client, f"/consultations/{c['slug']}/respond", {
        f"q{mc['id']}": [red, "other"], f"q{mc['id']}-other": "Street drinking by the benches",
        f"q{by_kind['postcode']['id']}": "LE2 1AB"})
    assert response.status_code == 303
    rows = await voices()
    assert [r["text"] for r in rows] == ["Street drinking by the benches"]
    assert rows[0]["question_id"] == mc["id"]


async def test_erasing_a_response_by_receipt_removes_its_voices(client):
    from surveys.erasure import erase_by_receipt

    from tests.support import SECRET_KEY

    c, _ = await submit(client, {"long_text": KNIFE})
    assert len(await voices()) == 1
    assert await erase_by_receipt("WRNG-CODE-2345", SECRET_KEY) is False
    receipt = (await client.get(f"/consultations/{c['slug']}/thank-you")).text.split('class="engage-receipt">')[1].split("<")[0]
    assert await erase_by_receipt(receipt, SECRET_KEY)
    assert await voices() == []


async def test_a_safeguarding_disclosure_tops_the_queue_and_stays_out_of_the_safe_query_until_actioned(client):
    await submit(client, {"long_text": KNIFE})
    await submit(client, {"long_text": DISCLOSURE})
    knife, disclosure = await voices()
    assert disclosure["safeguarding"] and disclosure["safeguarding_status"] == "open"
    assert disclosure["safeguarding_reasons"]
    assert await safe_ids() == {knife["id"]}

    await sign_in(client, "officer")
    page = await client.get("/officer/voices")
    assert page.status_code == 200
    html = page.text
    assert html.index(f'id="voice-{disclosure["id"]}"') < html.index(f'id="voice-{knife["id"]}"')
    assert DISCLOSURE in html and "Safeguarding concern" in html

    # Marking it reviewed is not enough: someone must record what was done.
    refused = await post_form(client, f"/officer/voices/{disclosure['id']}/reviewed", {})
    assert refused.status_code == 400
    blank = await post_form(client, f"/officer/voices/{disclosure['id']}/safeguarding", {"action": " "})
    assert blank.status_code == 400 and f'href="#action-{disclosure["id"]}"' in blank.text
    assert await safe_ids() == {knife["id"]}

    done = await post_form(client, f"/officer/voices/{disclosure['id']}/safeguarding",
                           {"action": "Referred to MASH, ref 123", "next": "/officer/voices"})
    assert done.status_code == 303 and done.headers["location"].startswith("/officer/voices")
    assert await safe_ids() == {knife["id"], disclosure["id"]}
    flagged = await client.get("/officer/voices?view=flagged")
    assert f'id="voice-{disclosure["id"]}"' not in flagged.text
    from engage.audit.services import events_for

    events = await events_for("voice", disclosure["id"])
    assert events[0]["action"] == "safeguarding-actioned" and "MASH" not in str(events[0]["detail"])


async def test_officer_decisions_win_over_the_machine(client):
    from engage.voices.services import effective_tag_counts

    await submit(client, {"long_text": KNIFE})
    (voice,) = await voices()
    violence, asb = await entry_id("serious-violence"), await entry_id("community-safety-asb")
    assert (await effective_tag_counts()).get(violence) == 1

    await sign_in(client, "officer")
    rejected = await post_form(client, f"/officer/voices/{voice['id']}/tags",
                               {"entry_id": violence, "decision": "reject"})
    assert rejected.status_code == 303
    assert await slugs_for(voice["id"]) == set()
    assert violence not in await effective_tag_counts()

    added = await post_form(client, f"/officer/voices/{voice['id']}/tags", {"entry_id": asb, "decision": "add"},
                            headers={"HX-Request": "true"})
    assert added.status_code == 200 and f'id="voice-{voice["id"]}"' in added.text
    assert "<html" not in added.text  # the card fragment only
    assert await slugs_for(voice["id"]) == {"community-safety-asb"}
    assert (await effective_tag_counts()).get(asb) == 1

    undo = await post_form(client, f"/officer/voices/{voice['id']}/tags/{violence}/undo", {})
    assert undo.status_code == 303
    assert await slugs_for(voice["id"]) == {"community-safety-asb", "serious-violence"}

    # Re-analysis keeps the officers' word.
    from engage.voices.services import reanalyse

    await post_form(client, f"/officer/voices/{voice['id']}/tags", {"entry_id": violence, "decision": "reject"})
    await reanalyse()
    assert await slugs_for(voice["id"]) == {"community-safety-asb"}


async def test_confirmed_examples_teach_the_tagger(client):
    from engage.voices.services import record_voice

    text = "Pigeons nesting under the railway bridge on Belgrave Road"  # nothing in it says ASB
    vid = await record_voice(source="feedback_point", source_id=1, text=text, channel="meeting",
                             occurred_at=dt.datetime.now(dt.timezone.utc))
    assert "community-safety-asb" not in await slugs_for(vid)
    await sign_in(client, "officer")
    await post_form(client, f"/officer/voices/{vid}/tags",
                    {"entry_id": await entry_id("community-safety-asb"), "decision": "add"})
    again = await record_voice(source="feedback_point", source_id=2,
                               text="Pigeons nesting again under the Belgrave Road railway bridge",
                               channel="meeting", occurred_at=dt.datetime.now(dt.timezone.utc))
    from engage.voices.services import effective_tags

    machine = [t["slug"] for t in (await effective_tags([again]))[again] if t["decision"] is None]
    assert "community-safety-asb" in machine


async def test_record_voice_replaces_and_forget_removes(client):
    from engage.voices.services import forget_voices, record_voice

    now = dt.datetime.now(dt.timezone.utc)
    first = await record_voice(source="feedback_point", source_id=7, text=KNIFE, channel="meeting",
                               occurred_at=now, meeting_id=3, ward="castle")
    second = await record_voice(source="feedback_point", source_id=7, text=DISCLOSURE, channel="meeting",
                                occurred_at=now, meeting_id=3)
    assert first == second
    (row,) = await voices()
    assert row["text"] == DISCLOSURE and row["safeguarding"] and row["meeting_id"] == 3
    assert await slugs_for(row["id"]) == {"domestic-sexual-violence"}
    assert await record_voice(source="feedback_point", source_id=8, text="  ", channel="meeting",
                              occurred_at=now) is None
    await forget_voices("feedback_point", [7])
    assert await voices() == []


async def test_executives_cannot_see_the_queue_and_guessed_ids_are_not_found(client):
    await submit(client, {"long_text": KNIFE})
    (voice,) = await voices()
    await sign_in(client, "executive")
    assert (await client.get("/officer/voices")).status_code == 403
    assert (await client.get(f"/officer/voices/{voice['id']}")).status_code == 403
    assert (await post_form(client, f"/officer/voices/{voice['id']}/reviewed", {})).status_code == 403


async def test_unknown_voices_are_not_found_and_posts_need_the_csrf_token(client):
    await submit(client, {"long_text": KNIFE})
    (voice,) = await voices()
    await sign_in(client, "officer")
    assert (await client.get(f"/officer/voices/{voice['id'] + 999}")).status_code == 404
    assert (await post_form(client, f"/officer/voices/{voice['id'] + 999}/reviewed", {})).status_code == 404
    assert (await post_form(client, f"/officer/voices/{voice['id']}/tags",
                            {"entry_id": 999999, "decision": "add"})).status_code == 400
    forged = await client.post(f"/officer/voices/{voice['id']}/reviewed", data={"next": "/officer/voices"})
    assert forged.status_code == 403
    ok = await post_form(client, f"/officer/voices/{voice['id']}/reviewed", {"next": "https://evil.example/"})
    assert ok.status_code == 303 and ok.headers["location"].startswith(f"/officer/voices/{voice['id']}")
    assert (await voices())[0]["reviewed_at"] is not None
    page = await client.get(f"/officer/voices/{voice['id']}")
    assert page.status_code == 200 and re.search(r"Reviewed \d", page.text)


async def test_flagged_text_is_withheld_from_the_responses_csv_until_dealt_with(client):
    from engage.voices.tables import Voice
    from tests.support import make_consultation, post_form, sign_in

    c, (q,) = await make_consultation(kinds=["long_text"])
    disclosure = "My partner hits me and says he will kill me if I tell anyone"
    await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{q['id']}": disclosure})
    await sign_in(client, "officer")
    csv_text = (await client.get(f"/api/consultations/{c['slug']}/responses.csv")).text
    assert disclosure not in csv_text and "withheld" in csv_text

    voice = await Voice.select(Voice.id).first()
    await post_form(client, f"/officer/voices/{voice['id']}/safeguarding", {"action": "Referred to MARAC"})
    await post_form(client, f"/officer/voices/{voice['id']}/reviewed")
    csv_text = (await client.get(f"/api/consultations/{c['slug']}/responses.csv")).text
    assert disclosure in csv_text
