"""Who may use the builder and the response export, and what guessed addresses get."""

from __future__ import annotations

import csv
import re
import io
from urllib.parse import quote

from tests.support import make_consultation, make_user, post_form, sign_in


def builder_routes(cid: int, qid: int) -> list[tuple[str, str, dict]]:
    base = f"/officer/consultations/{cid}"
    return [
        ("GET", "/officer/consultations", {}),
        ("GET", "/officer/consultations/new", {}),
        ("POST", "/officer/consultations/new", {"title": "Sneaky", "slug": "sneaky"}),
        ("GET", base, {}),
        ("GET", f"{base}/edit", {}),
        ("POST", f"{base}/edit", {"title": "Renamed", "slug": "renamed", "retention_days": "730"}),
        ("POST", f"{base}/status", {"action": "open"}),
        ("GET", f"{base}/preview", {}),
        ("GET", f"{base}/preview/landing", {}),
        ("GET", f"{base}/history", {}),
        ("GET", f"{base}/questions/new", {}),
        ("GET", f"{base}/questions/new?kind=short_text", {}),
        ("POST", f"{base}/questions/new", {"kind": "short_text", "text": "Injected"}),
        ("GET", f"{base}/questions/{qid}/edit", {}),
        ("POST", f"{base}/questions/{qid}/edit", {"kind": "short_text", "text": "Changed"}),
        ("POST", f"{base}/questions/{qid}/move", {"direction": "down"}),
        ("POST", f"{base}/questions/{qid}/delete", {}),
    ]


async def call(client, method: str, url: str, data: dict):
    if method == "GET":
        return await client.get(url, follow_redirects=False)
    return await post_form(client, url, data, follow_redirects=False)


async def snapshot() -> tuple:
    from surveys.tables import Consultation, Question

    return (await Consultation.select().order_by(Consultation.id).run(),
            await Question.select().order_by(Question.id).run())


async def test_without_signing_in_every_builder_page_goes_to_the_login_page(client):
    c, (q, _) = await make_consultation(status="draft", kinds=["short_text", "yes_no"])
    before = await snapshot()
    for method, url, data in builder_routes(c["id"], q["id"]):
        response = await call(client, method, url, data)
        assert response.status_code == 303, (method, url, response.status_code)
        if method == "GET":
            assert response.headers["location"] == f"/login?next={quote(url)}", (method, url)
        else:  # a form on its way is kept for after signing in (engage.auth.kept_work), never stored
            assert response.headers["location"].startswith("/login?next=/officer/session/kept/"), (method, url)
    assert await snapshot() == before


async def test_an_executive_may_not_use_the_builder(client):
    c, (q, _) = await make_consultation(status="draft", kinds=["short_text", "yes_no"])
    await sign_in(client, "executive")
    before = await snapshot()
    for method, url, data in builder_routes(c["id"], q["id"]):
        response = await call(client, method, url, data)
        assert response.status_code == 403, (method, url, response.status_code)
        assert "Your account does not have access to this page" in response.text
    assert await snapshot() == before


async def test_an_officer_may_use_every_builder_page(client):
    c, (q, _) = await make_consultation(status="draft", kinds=["short_text", "yes_no"])
    await sign_in(client, "officer")
    for method, url, _ in builder_routes(c["id"], q["id"]):
        if method == "GET":
            response = await client.get(url, follow_redirects=False)
            assert response.status_code == 200, url


async def test_a_question_of_another_consultation_is_not_found(client):
    mine, (my_q,) = await make_consultation(slug="mine", status="draft", kinds=["short_text"])
    theirs, (their_q,) = await make_consultation(slug="theirs", status="draft", kinds=["single_choice"])
    await sign_in(client, "officer")
    before = await snapshot()
    base = f"/officer/consultations/{mine['id']}/questions/{their_q['id']}"
    for method, url, data in [
        ("GET", f"{base}/edit", {}),
        ("POST", f"{base}/edit", {"kind": "single_choice", "text": "Hijacked", "new_options": "A\nB"}),
        ("POST", f"{base}/move", {"direction": "up"}),
        ("POST", f"{base}/delete", {}),
    ]:
        response = await call(client, method, url, data)
        assert response.status_code == 404, (method, url)
        assert "Page not found" in response.text
    assert await snapshot() == before
    # The right pairing works, so the 404 above is about the pairing, not the question.
    ok = await client.get(f"/officer/consultations/{theirs['id']}/questions/{their_q['id']}/edit")
    assert ok.status_code == 200


async def test_a_consultation_that_does_not_exist_is_not_found(client):
    c, (q,) = await make_consultation(status="draft", kinds=["short_text"])
    await sign_in(client, "officer")
    for method, url, data in builder_routes(999_999, q["id"]):
        if url.startswith("/officer/consultations/999999"):
            response = await call(client, method, url, data)
            assert response.status_code == 404, (method, url)
    assert (await client.get("/officer/consultations/abc")).status_code == 404


# The response export -------------------------------------------------------------------------


async def consultation_with_responses(client) -> tuple[dict, list[dict]]:
    c, qs = await make_consultation(slug="export-me", kinds=["short_text", "single_choice", "multiple_choice", "rating"])
    short, single, multiple, rating = qs
    answers = [
        {f"q{short['id']}": "=HYPERLINK(\"http://evil\")", f"q{single['id']}": single["options"][1]["id"],
         f"q{multiple['id']}": [multiple["options"][0]["id"], "other"], f"q{multiple['id']}-other": "Pink",
         f"q{rating['id']}": "5", "about-sex": "female", "about-age_band": "65-74", "about-ethnicity": "white-roma"},
        {f"q{short['id']}": "Plain answer", "about-religion": "sikh"},
    ]
    for data in answers:
        sent = await post_form(client, f"/consultations/{c['slug']}/respond", data, follow_redirects=False)
        assert sent.status_code == 303
    return c, qs


async def test_residents_cannot_download_responses(client):
    c, _ = await consultation_with_responses(client)
    response = await client.get(f"/api/consultations/{c['slug']}/responses.csv", follow_redirects=False)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")
    assert "receipt" not in response.text


async def test_executives_cannot_download_responses(client):
    c, _ = await consultation_with_responses(client)
    await sign_in(client, "executive")
    response = await client.get(f"/api/consultations/{c['slug']}/responses.csv")
    assert response.status_code == 403


async def test_officers_get_one_row_per_response_and_no_equality_data(client):
    from surveys.tables import Response

    c, (short, single, multiple, rating) = await consultation_with_responses(client)
    await sign_in(client, "officer")
    response = await client.get(f"/api/consultations/{c['slug']}/responses.csv")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="export-me-responses.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    header, body = rows[0], rows[1:]
    # No receipt codes (issue 12, item 6): with them any officer could delete any response through
    # the residents' own page, audited as the resident's act.
    assert header == ["response", "channel", "submitted_at", f"Q1. {short['text']}",
                      f"Q2. {single['text']}", f"Q3. {multiple['text']}", f"Q4. {rating['text']}"]
    assert len(body) == 2
    assert not re.search(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b", response.text)
    hashes = [r["receipt_hash"] for r in await Response.select(Response.receipt_hash).run()]
    assert not any(h in response.text for h in hashes)
    first = next(row for row in body if row[3].startswith("'"))
    # Labels, not ids; a formula is defused; "Other" says what the resident wrote.
    assert first[3:] == ["'=HYPERLINK(\"http://evil\")", "Bravo", "Red; Other: Pink", "5 (highest)"]
    for word in ("sex", "age", "ethnic", "religion", "disab", "gender", "female", "65-74", "Roma", "sikh", "Sikh"):
        assert word not in response.text.replace("Pink", "")


async def test_an_api_token_works_for_the_export_until_it_is_revoked(client):
    from engage.auth.services import create_api_token, revoke_api_token
    from engage.auth.tables import ApiToken

    c, _ = await consultation_with_responses(client)
    officer = await make_user("officer")
    token = await create_api_token(officer["id"], "nightly export")
    url = f"/api/consultations/{c['slug']}/responses.csv"

    ok = await client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert len(list(csv.reader(io.StringIO(ok.text)))) == 3

    for bad in ("eng_not-a-real-token", token + "x", ""):
        assert (await client.get(url, headers={"Authorization": f"Bearer {bad}"})).status_code == 401

    token_id = (await ApiToken.select(ApiToken.id).first())["id"]
    assert await revoke_api_token(officer["id"], token_id)
    assert (await client.get(url, headers={"Authorization": f"Bearer {token}"})).status_code == 401

    executive = await make_user("executive")
    exec_token = await create_api_token(executive["id"], "reader")
    assert (await client.get(url, headers={"Authorization": f"Bearer {exec_token}"})).status_code == 403


async def test_exporting_a_consultation_that_does_not_exist_is_not_found(client):
    await sign_in(client, "officer")
    assert (await client.get("/api/consultations/no-such-thing/responses.csv")).status_code == 404
