"""Paper and telephone responses: printable forms with a code and a QR code on each copy, a
poster, and entry from the consultation's page: a copy entered once, refused the second time."""

from __future__ import annotations

import re

from tests.support import SECRET_KEY, make_consultation, post_form, sign_in


def codes_on(html: str) -> list[str]:
    return re.findall(r'<p class="govuk-heading-m engage-receipt" dir="ltr">([A-Z0-9]{4}-[A-Z0-9]{4})</p>', html)


async def test_printed_copies_each_carry_a_code_and_a_qr_code_to_the_online_form(client):
    c, qs = await make_consultation(kinds=["single_choice", "long_text"])
    await sign_in(client, "officer")
    page = await client.get(f"/officer/consultations/{c['id']}/paper/form?copies=3&large=1")
    assert page.status_code == 200
    codes = codes_on(page.text)
    assert len(codes) == 3 and len(set(codes)) == 3
    assert page.text.count("<svg") >= 3 and "QR code: the online form" in page.text
    assert f"http://testserver.local/consultations/{c['slug']}/respond" in page.text
    assert "engage-paper-form--large" in page.text and "Alpha" in page.text
    poster = await client.get(f"/officer/consultations/{c['id']}/paper/poster")
    assert poster.status_code == 200 and "<svg" in poster.text and c["title"] in poster.text


async def test_a_paper_copy_is_entered_once_and_refused_the_second_time(client):
    from surveys import paper
    from surveys.reach_tables import Assistance
    from surveys.tables import Response

    c, qs = await make_consultation(kinds=["single_choice"])
    q = qs[0]
    await sign_in(client, "officer")
    show = await client.get(f"/officer/consultations/{c['id']}")
    assert f"/officer/consultations/{c['id']}/paper" in show.text  # entry starts from the consultation's page
    code = paper.new_form_code(SECRET_KEY, c["id"])
    form = {"channel": "paper", "form_code": code.lower().replace("-", " "), "received_on": "2026-01-05",
            "form_language": "pl", "interpreter": "pl", f"q{q['id']}": q["options"][0]["id"]}
    first = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter", form)
    assert first.status_code == 303, first.text
    receipt = await client.get(first.headers["location"])
    assert re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", receipt.text)
    assert code in receipt.text

    again = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter",
                            {**form, f"q{q['id']}": q["options"][1]["id"]})
    assert again.status_code == 400
    assert f"The paper form {code} has already been entered" in again.text
    assert 'href="#form_code"' in again.text  # the error summary links to the field
    assert await Response.count() == 1
    row = await Response.select().first()
    assert row["channel"] == "paper" and row["language"] == "pl" and str(row["submitted_at"])[:10] == "2026-01-05"
    assisted = await Assistance.select().first()
    assert assisted["form_code"] == code and assisted["interpreter_language"] == "pl"


async def test_a_mistyped_or_foreign_code_is_refused_and_nothing_is_stored(client):
    from surveys import paper
    from surveys.tables import Response

    c, qs = await make_consultation(kinds=["yes_no"])
    other, _ = await make_consultation(slug="another-one", kinds=["yes_no"])
    await sign_in(client, "officer")
    code = paper.new_form_code(SECRET_KEY, c["id"])
    typo = ("A" if code[0] != "A" else "B") + code[1:]
    for bad in (typo, paper.new_form_code(SECRET_KEY, other["id"]), ""):
        sent = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter",
                               {"channel": "paper", "form_code": bad, f"q{qs[0]['id']}": "yes"})
        assert sent.status_code == 400 and 'href="#form_code"' in sent.text
    future = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter",
                             {"channel": "paper", "form_code": code, "received_on": "2999-01-01"})
    assert future.status_code == 400 and "cannot be in the future" in future.text
    assert await Response.count() == 0


async def test_a_response_taken_by_phone_records_that_it_was_taken_by_phone(client):
    from surveys.tables import Response

    c, qs = await make_consultation(kinds=["yes_no"])
    await sign_in(client, "officer")
    page = await client.get(f"/officer/consultations/{c['id']}/paper/enter?channel=phone")
    assert page.status_code == 200 and "telephone" in page.text and "form_code" not in page.text
    submission_id = re.search(r'name="submission_id" value="([a-f0-9]{32})"', page.text).group(1)
    data = {"channel": "phone", "submission_id": submission_id, "form_language": "so", "interpreter": "so",
            f"q{qs[0]['id']}": "no"}
    sent = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter", data)
    assert sent.status_code == 303
    receipt = await client.get(sent.headers["location"])
    assert "taken by phone" in receipt.text
    twice = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter", data)  # a double click
    assert twice.status_code == 303 and await Response.count() == 1
    row = await Response.select().first()
    assert row["channel"] == "phone" and row["language"] == "so"
