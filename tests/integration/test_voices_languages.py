"""Voices not in English: marked "Not analysed: <language>", in the review queue (filterable by
language), counted apart in summaries and never as neutral or untagged; an officer's English
translation is analysed and the original kept beside it."""

from __future__ import annotations

import re

from tests.support import make_consultation, post_form, sign_in

POLISH = "Na naszej ulicy jest bardzo niebezpiecznie w nocy, a policja nic z tym nie robi."
POLISH_2 = "Młodzież pije alkohol pod sklepem i hałasuje do późna, sąsiedzi boją się wychodzić."
URDU = "ہماری گلی میں رات کو منشیات بیچی جاتی ہیں اور پولیس کچھ نہیں کرتی۔"
KNIFE = "Knife crime near the park scares me, there were stabbings last week"
TRANSLATION = ("Drug dealing outside the shop on our street every night, Mrs Wiśniewska at number 12 "
               "is frightened and the police do nothing.")

_made = 0


async def respond(client, texts: list[str]) -> dict:
    """One consultation with a long-text question, one online response per text."""
    global _made
    _made += 1
    c, (q,) = await make_consultation(slug=f"languages-{_made}", kinds=["long_text"])
    for text in texts:
        response = await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{q['id']}": text})
        assert response.status_code == 303, response.text
    return c


async def voices_by_text() -> dict[str, dict]:
    from engage.voices.tables import Voice

    return {v["text"]: v for v in await Voice.select().output(load_json=True).run()}


async def test_polish_and_urdu_voices_are_marked_not_analysed_and_counted_apart_in_summaries(client):
    c = await respond(client, [POLISH, POLISH_2, URDU, KNIFE])
    rows = await voices_by_text()
    for text, code in ((POLISH, "pl"), (POLISH_2, "pl"), (URDU, "ur")):
        v = rows[text]
        assert v["language"] == code and not v["analysed"], v
        assert v["safeguarding_level"] == "possible"  # a person must read it
    assert rows[KNIFE]["language"] == "en" and rows[KNIFE]["analysed"]

    await sign_in(client, "officer")
    queue = (await client.get("/officer/voices")).text
    assert queue.count("Not analysed: Polish") >= 2 and "Not analysed: Urdu" in queue
    urdu_only = (await client.get("/officer/voices?language=ur")).text
    assert f'id="voice-{rows[URDU]["id"]}"' in urdu_only and f'id="voice-{rows[POLISH]["id"]}"' not in urdu_only
    assert f'id="voice-{rows[KNIFE]["id"]}"' not in urdu_only
    assert re.search(r'<option value="pl"[^>]*>Polish \(2\)</option>', queue)
    page = (await client.get(f"/officer/voices/{rows[URDU]['id']}")).text
    assert "Not analysed: Urdu" in page and 'lang="ur"' in page

    # Even after an officer has read them and cleared the flag, they are not counted as neutral.
    for text in (POLISH, URDU):
        await post_form(client, f"/officer/voices/{rows[text]['id']}/safeguarding/clear",
                        {"reason": "Read by a colleague who speaks it: no concern"})
    summary = (await client.get(f"/officer/summaries/consultations/{c['id']}")).text
    assert "3 voices not analysed (not in English): Polish fewer than 10, Urdu fewer than 10" in summary
    review = (await client.get("/officer/summaries/priorities")).text
    assert "3 voices not analysed (not in English): Polish fewer than 10, Urdu fewer than 10" in review
    report = (await client.get("/officer/summaries/report")).text
    assert "3 voices not analysed (not in English): Polish fewer than 10, Urdu fewer than 10" in report
    from engage.voices.services import safe_voices_query

    assert {r["id"] for r in await safe_voices_query().run()} == {rows[KNIFE]["id"]}
    assert '<span class="engage-stat__number" id="stat-voices">1</span>' in review  # only the English voice
    assert '<span class="engage-stat__number" id="stat-untagged">0</span>' in review


async def test_a_translation_is_analysed_and_the_original_kept_beside_it(client):
    from engage.audit.services import events_for

    await respond(client, [POLISH])
    vid = (await voices_by_text())[POLISH]["id"]
    user = await sign_in(client, "officer")
    blank = await post_form(client, f"/officer/voices/{vid}/translation", {"translation": " "})
    assert blank.status_code == 400 and f'href="#translation-{vid}"' in blank.text
    not_english = await post_form(client, f"/officer/voices/{vid}/translation", {"translation": POLISH_2})
    assert not_english.status_code == 400 and "in English" in not_english.text

    added = await post_form(client, f"/officer/voices/{vid}/translation", {"translation": TRANSLATION})
    assert added.status_code == 303
    from engage.voices.services import counted_tags, get_voice

    v = await get_voice(vid)
    assert v["text"] == POLISH and v["translation"] == TRANSLATION  # the original is kept
    assert v["language"] == "pl" and v["analysed"] and v["translated_by_email"] == user["email"]
    assert v["sentiment"] == "negative" and "serious-organised-crime" in await counted_tags(vid)  # dealing, not use (LABELS.md)
    assert "Wiśniewska" not in v["redacted"] and "Drug dealing" in v["redacted"]
    page = (await client.get(f"/officer/voices/{vid}")).text
    assert "Not analysed" not in page
    assert page.index(POLISH) < page.index(TRANSLATION)  # side by side: original, then translation
    assert "English translation (analysed, officers only)" in page
    assert [e["action"] for e in await events_for("voice", vid)][0] == "translation-added"

    # Editing the translation re-analyses it.
    edited = await post_form(client, f"/officer/voices/{vid}/translation",
                             {"translation": "Thank you, the new street lights make our road feel much safer."},
                             headers={"HX-Request": "true"})
    assert edited.status_code == 200 and "<html" not in edited.text
    v = await get_voice(vid)
    assert v["sentiment"] == "positive" and "substance-misuse" not in await counted_tags(vid)
    assert [e["action"] for e in await events_for("voice", vid)][0] == "translation-edited"


async def test_only_officers_translate_and_english_voices_have_no_translation_form(client):
    await respond(client, [POLISH, KNIFE])
    rows = await voices_by_text()
    await sign_in(client, "executive")
    denied = await post_form(client, f"/officer/voices/{rows[POLISH]['id']}/translation", {"translation": "x"})
    assert denied.status_code == 403
    client.cookies.clear()
    await sign_in(client, "officer", email="officer2@example.org")
    forged = await client.post(f"/officer/voices/{rows[POLISH]['id']}/translation", data={"translation": "x"})
    assert forged.status_code == 403
    page = (await client.get(f"/officer/voices/{rows[KNIFE]['id']}")).text
    assert "translation" not in page.lower()
    assert (await post_form(client, f"/officer/voices/{rows[KNIFE]['id']}/translation",
                            {"translation": KNIFE})).status_code == 404


async def test_a_translation_stays_with_its_words_and_goes_when_they_change(client):
    import datetime as dt

    from engage.voices.services import get_voice, record_voice, reanalyse

    at = dt.datetime.now(dt.timezone.utc)
    vid = await record_voice(source="feedback_point", source_id=5, text=POLISH, channel="meeting", occurred_at=at)
    await sign_in(client, "officer")
    assert (await post_form(client, f"/officer/voices/{vid}/translation", {"translation": TRANSLATION})).status_code == 303
    # Saved again unchanged (a meeting note re-saved) and re-analysed: still the translation that is read.
    await record_voice(source="feedback_point", source_id=5, text=POLISH, channel="meeting", occurred_at=at)
    await reanalyse([vid])
    v = await get_voice(vid)
    assert v["translation"] == TRANSLATION and v["analysed"] and v["sentiment"] == "negative"
    # New words: the old translation no longer fits, so it goes and the voice waits for a new one.
    await record_voice(source="feedback_point", source_id=5, text=POLISH_2, channel="meeting", occurred_at=at)
    v = await get_voice(vid)
    assert v["translation"] == "" and not v["analysed"] and v["safeguarding_level"] == "possible"
