"""The review queue as a worklist: a compact list with filters, one voice open at a time with
"save and next", bulk confirmation of machine tags for a filtered set, and "assign to me"."""

from __future__ import annotations

import datetime as dt
import re

from tests.support import make_consultation, post_form, sign_in

KNIFE = "Knife crime near the park scares me, there were stabbings last week"
DRUGS = "People dealing drugs on the corner every night near the shops"
DISCLOSURE = "My partner hits me and I am scared to go home tonight"


async def add_voices(texts: list[str], *, ward: str = "castle", consultation_id: int | None = None,
                     start: int = 1) -> list[int]:
    from engage.voices.services import record_voice

    at = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)
    ids = []
    for i, text in enumerate(texts):
        ids.append(await record_voice(source="feedback_point", source_id=start + i, text=text, channel="email",
                                      occurred_at=at - dt.timedelta(minutes=i), ward=ward,
                                      consultation_id=consultation_id))
    return ids


def voice_links(html: str) -> list[int]:
    return [int(v) for v in re.findall(r'<a class="govuk-link" href="/officer/voices/(\d+)[^"]*">Voice \d+</a>', html)]


async def decisions(voice_id: int) -> dict[str, str]:
    from engage.voices.tables import TagDecision

    rows = await TagDecision.select(TagDecision.decision, TagDecision.entry.slug).where(
        TagDecision.voice == voice_id).run()
    return {r["entry.slug"]: r["decision"] for r in rows}


async def reviewed(voice_id: int) -> bool:
    from engage.voices.tables import Voice

    row = await Voice.select(Voice.reviewed_at).where(Voice.id == voice_id).first()
    return row["reviewed_at"] is not None


async def test_the_list_is_compact_and_names_the_consultation_by_its_title(client):
    c, _ = await make_consultation(slug="park-safety", kinds=["short_text"])
    await add_voices([KNIFE, DRUGS], consultation_id=c["id"])
    await sign_in(client, "officer")
    page = await client.get("/officer/voices")
    assert page.status_code == 200
    assert "Consultation park-safety" in page.text  # the title, not "consultation 1"
    assert f"consultation {c['id']}" not in page.text
    assert "Castle" in page.text  # the ward's name, not its slug
    assert len(voice_links(page.text)) == 2
    assert "<article" not in page.text  # one line per voice: no full cards in the list
    one = await client.get(f"/officer/voices/{voice_links(page.text)[0]}")
    assert "Consultation park-safety" in one.text and "Save and next" in one.text


async def test_filters_narrow_the_list_by_consultation_ward_theme_flag_and_language(client):
    c, _ = await make_consultation(slug="filters", kinds=["short_text"])
    knife, drugs = await add_voices([KNIFE, DRUGS], ward="castle", consultation_id=c["id"])
    other = (await add_voices([KNIFE], ward="westcotes", start=10))[0]
    flagged = (await add_voices([DISCLOSURE], ward="westcotes", start=20))[0]
    polish = (await add_voices(["Na ulicy jest bardzo niebezpiecznie w nocy, boję się wracać do domu"], start=30))[0]
    await sign_in(client, "officer")
    from tests.integration.test_voices_queue import entry_id

    async def listed(query: str) -> set[int]:
        page = await client.get(f"/officer/voices?{query}")
        assert page.status_code == 200, page.text
        return set(voice_links(page.text))

    assert await listed(f"consultation={c['id']}") == {knife, drugs}
    assert await listed("ward=westcotes") == {other, flagged}
    assert await listed(f"theme={await entry_id('serious-violence')}") == {knife, other}
    assert flagged in await listed("flag=concern") and knife not in await listed("flag=concern")
    assert await listed("language=pl") == {polish}
    assert await listed("ward=westcotes&flag=none") == {other}
    # Nonsense in a filter is ignored, never a 500.
    assert (await client.get("/officer/voices?consultation=x'%20OR%201=1&theme=%00&flag=zzz")).status_code == 200


async def test_save_and_next_records_each_tag_decision_and_opens_the_next_voice_in_the_filtered_list(client):
    knife, drugs, third = await add_voices([KNIFE, DRUGS, KNIFE + " again"], ward="castle")
    await add_voices([KNIFE], ward="westcotes", start=10)
    await sign_in(client, "officer")
    first_page = await client.get("/officer/voices/%d?ward=castle" % knife)
    assert 'name="ward" value="castle"' in first_page.text
    from tests.integration.test_voices_queue import entry_id

    sv = await entry_id("serious-violence")
    response = await post_form(client, f"/officer/voices/{knife}/save",
                               {"ward": "castle", f"tag-{sv}": "reject", "then": "next"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/officer/voices/{drugs}?ward=castle"
    assert await reviewed(knife) and (await decisions(knife)) == {"serious-violence": "reject"}

    # Leaving the radios as they are confirms the machine's tags.
    page = await client.get(f"/officer/voices/{drugs}?ward=castle")
    checked = re.findall(r'name="tag-(\d+)" type="radio" value="confirm" form="review-\d+"\s+checked', page.text)
    fields = {"ward": "castle", "then": "next", **{f"tag-{e}": "confirm" for e in checked}}
    response = await post_form(client, f"/officer/voices/{drugs}/save", fields)
    assert response.headers["location"] == f"/officer/voices/{third}?ward=castle"
    assert set((await decisions(drugs)).values()) == {"confirm"} and await decisions(drugs)
    response = await post_form(client, f"/officer/voices/{third}/save", {"ward": "castle", "then": "next"})
    assert response.headers["location"].startswith("/officer/voices?ward=castle&done=")
    done = await client.get(response.headers["location"])
    assert "You have reached the end of this list" in done.text


async def test_an_open_safeguarding_flag_cannot_be_saved_past(client):
    flagged = (await add_voices([DISCLOSURE]))[0]
    await sign_in(client, "officer")
    page = await client.get(f"/officer/voices/{flagged}")
    assert "Save and next" not in page.text and "Record what was done" in page.text
    response = await post_form(client, f"/officer/voices/{flagged}/save", {"then": "next"})
    assert response.status_code == 400
    assert "Record what was done about the safeguarding concern" in response.text
    assert not await reviewed(flagged)


async def test_bulk_confirm_reviews_the_filtered_ordinary_voices_and_leaves_flagged_ones(client):
    knife, drugs = await add_voices([KNIFE, DRUGS], ward="castle")
    other = (await add_voices([KNIFE], ward="westcotes", start=10))[0]
    flagged = (await add_voices([DISCLOSURE], ward="castle", start=20))[0]
    await sign_in(client, "officer")
    page = await client.get("/officer/voices?ward=castle")
    assert "Confirm machine tags on 2 voices" in page.text
    response = await post_form(client, "/officer/voices/bulk", {"ward": "castle", "expected": "2", "action": "confirm"})
    assert response.status_code == 303
    after = await client.get(response.headers["location"])
    assert "2 voices reviewed" in after.text
    assert await reviewed(knife) and await reviewed(drugs)
    assert (await decisions(knife)) == {"serious-violence": "confirm"}
    assert not await reviewed(other) and not await reviewed(flagged)


async def test_bulk_confirm_does_nothing_when_the_set_changed_since_the_page_was_read(client):
    knife, _ = await add_voices([KNIFE, DRUGS], ward="castle")
    await sign_in(client, "officer")
    response = await post_form(client, "/officer/voices/bulk", {"ward": "castle", "expected": "1", "action": "confirm"})
    after = await client.get(response.headers["location"])
    assert "Nothing was confirmed" in after.text
    assert not await reviewed(knife)


async def test_assign_to_me_and_the_assigned_filter_and_save_and_next_skips_others_voices(client):
    first, second, third = await add_voices([KNIFE, DRUGS, KNIFE + " by the canal"])
    await sign_in(client, "officer")
    response = await post_form(client, f"/officer/voices/{second}/assign", {"to": "me"})
    assert response.status_code == 303
    mine = await client.get("/officer/voices?assigned=me")
    assert voice_links(mine.text) == [second]
    assert "Assigned to you" in mine.text

    # Another officer: the voice taken by the first is skipped by "save and next".
    client.cookies.clear()
    await sign_in(client, "officer", email="other@example.org")
    taken = await post_form(client, "/officer/voices/bulk", {"action": "assign"})
    assert "2 voices assigned to you" in (await client.get(taken.headers["location"])).text  # not the other's
    response = await post_form(client, f"/officer/voices/{first}/save", {"then": "next"})
    assert response.headers["location"] == f"/officer/voices/{third}"
    from engage.voices.tables import Voice

    owners = {r["id"]: r["assigned_to_email"] for r in await Voice.select(Voice.id, Voice.assigned_to_email).run()}
    assert owners == {first: "other@example.org", second: "officer@example.org", third: "other@example.org"}


async def test_executives_cannot_review_or_bulk_confirm(client):
    knife = (await add_voices([KNIFE]))[0]
    await sign_in(client, "executive")
    assert (await client.get("/officer/voices")).status_code == 403
    assert (await post_form(client, f"/officer/voices/{knife}/save", {"then": "next"})).status_code == 403
    assert (await post_form(client, "/officer/voices/bulk", {"action": "confirm", "expected": "1"})).status_code == 403
    assert not await reviewed(knife)
