"""What a resident writes reaches the partnership's pages redacted: a phone number in the form an
email footer gives it and a Polish name with its diacritics never show, on any page or export an
executive reads, once an officer has reviewed the voice (issue 11)."""

from __future__ import annotations

from tests.support import make_consultation, post_form, sign_in

# The test consultation's question takes 100 characters at most.
PHONE = "Dealing by the garages every night, ring me on +44 (0) 7700 900123 and I can tell you more"
POLISH_NAME = "Mrs Wiśniewska at the corner shop had her window put through again"


async def test_a_phone_number_and_a_polish_name_never_reach_an_executive(client):
    from engage.voices.tables import Voice

    c, (q,) = await make_consultation(slug="redaction-pages", kinds=["long_text"])
    for text in (PHONE, POLISH_NAME):
        response = await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{q['id']}": text})
        assert response.status_code == 303, response.text
    rows = {v["text"]: v for v in await Voice.select(Voice.id, Voice.text).run()}

    await sign_in(client, "officer")
    for text in (PHONE, POLISH_NAME):
        reviewed = await post_form(client, f"/officer/voices/{rows[text]['id']}/reviewed", {})
        assert reviewed.status_code in (200, 303), reviewed.text

    await sign_in(client, "executive")
    exported = (await client.get("/officer/summaries/voices.csv")).text
    # the voices are there, redacted: the test is not passing because nothing is shown
    assert "ring me on [phone] and I can tell you more" in exported
    assert "[name] at the corner shop" in exported
    for path in ("/officer/summaries/voices.csv", "/api/summaries/voices?limit=1000", "/officer/summaries/report",
                 f"/officer/summaries/consultations/{c['id']}", "/officer/summaries/priorities"):
        body = (await client.get(path)).text
        for secret in ("7700 900123", "900123", "Wiśniewska", "śniewska", "Wi\\u015bniewska"):
            assert secret not in body, (path, secret)
