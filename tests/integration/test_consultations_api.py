"""The JSON API as a partner's app would use it: listing, reading, answering, retrying."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from tests.support import hours, make_consultation

RECEIPT = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$")


async def send(client, slug: str, body: dict, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    return await client.post(f"/api/consultations/{slug}/responses", json=body, headers=headers)


async def stored() -> tuple[list[dict], list[dict]]:
    from surveys.tables import Answer, Response

    return (await Response.select().run(),
            await Answer.select(Answer.question, Answer.choice, Answer.number, Answer.text).order_by(Answer.id).run())


def by_kind(questions: list[dict]) -> dict[str, dict]:
    return {q["kind"]: q for q in questions}


async def test_the_list_shows_open_upcoming_and_published_consultations_only(client):
    await make_consultation(slug="open-one", kinds=["short_text"], closes_at=hours(24))
    await make_consultation(slug="soon", kinds=["short_text"], opens_at=hours(24))
    await make_consultation(slug="results", status="published", kinds=["short_text"], closes_at=hours(-24))
    await make_consultation(slug="draft-one", status="draft", kinds=["short_text"])
    await make_consultation(slug="closed-one", status="closed", kinds=["short_text"], closes_at=hours(-24))
    await make_consultation(slug="ran-out", kinds=["short_text"], closes_at=hours(-1))
    response = await client.get("/api/consultations")
    assert response.status_code == 200
    items = response.json()
    assert {i["slug"]: i["status"] for i in items} == {"open-one": "open", "soon": "upcoming", "results": "published"}
    for item in items:
        assert set(item) == {"slug", "title", "status", "opens_at", "closes_at"}
    open_one = next(i for i in items if i["slug"] == "open-one")
    assert open_one["title"] == "Consultation open-one"
    assert open_one["opens_at"] is None
    closes = dt.datetime.fromisoformat(open_one["closes_at"].replace("Z", "+00:00"))
    assert abs((closes - hours(24)).total_seconds()) < 300


async def test_a_consultation_lists_its_questions_with_their_answers(client):
    c, qs = await make_consultation(slug="detail", required=True)
    response = await client.get("/api/consultations/detail")
    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["title"], body["status"], body["summary"]) == (
        "detail", "Consultation detail", "open", "A summary")
    assert [q["id"] for q in body["questions"]] == [q["id"] for q in qs]
    for q in body["questions"]:
        assert {"id", "kind", "text", "hint", "required", "options"} <= set(q)
        assert q["required"] is True
    k = {q["kind"]: q for q in body["questions"]}
    assert k["single_choice"]["options"] == [
        {"value": o["id"], "label": o["label"]} for o in by_kind(qs)["single_choice"]["options"]
    ] + [{"value": "other", "label": "Other"}]
    assert [o["value"] for o in k["rating"]["options"]] == ["1", "2", "3", "4", "5"]
    assert k["short_text"]["options"] == [] and k["short_text"]["max_length"] == 200
    assert k["long_text"]["max_length"] == 100
    assert {"value": "outside", "label": "I do not live in Leicester"} in k["ward"]["options"]
    assert [a["field"] for a in body["about_you"]][:2] == ["age_band", "sex"]
    assert all({"value": "prefer-not", "label": "Prefer not to say"} in a["options"] for a in body["about_you"])


async def test_drafts_and_unknown_consultations_are_not_found(client):
    await make_consultation(slug="hidden", status="draft", kinds=["short_text"])
    for slug in ("hidden", "nothing-here", "Bad_Slug"):
        response = await client.get(f"/api/consultations/{slug}")
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")


async def test_a_valid_response_is_stored_and_gets_a_receipt(client):
    from surveys.tables import AboutYou

    c, qs = await make_consultation(slug="answer-me", required=True)
    k = by_kind(qs)
    red, blue = (o["id"] for o in k["multiple_choice"]["options"][::2])
    response = await send(client, "answer-me", {
        "answers": {
            str(k["short_text"]["id"]): "Belgrave Road",
            str(k["long_text"]["id"]): "Longer",
            str(k["single_choice"]["id"]): "other", f"{k['single_choice']['id']}-other": "Delta",
            str(k["multiple_choice"]["id"]): [red, blue],
            str(k["agree_scale"]["id"]): "disagree",
            str(k["rating"]["id"]): 3,
            str(k["yes_no"]["id"]): "yes",
            str(k["ward"]["id"]): "outside",
            str(k["postcode"]["id"]): "le4 5gh",
        },
        "about_you": {"sex": "prefer-not", "ward": "castle"},
    })
    assert response.status_code == 201, response.text
    receipt = response.json()["receipt"]
    assert RECEIPT.match(receipt)
    responses, answers = await stored()
    from surveys.responses import receipt_hash
    from tests.support import SECRET_KEY

    assert [r["receipt_hash"] for r in responses] == [receipt_hash(SECRET_KEY, receipt)]  # never the code itself
    assert responses[0]["channel"] == "online"
    got = {}
    for a in answers:
        got.setdefault(a["question"], []).append((a["choice"], a["number"], a["text"]))
    assert got[k["rating"]["id"]] == [("3", 3, None)]
    assert got[k["multiple_choice"]["id"]] == [(red, None, None), (blue, None, None)]
    assert got[k["single_choice"]["id"]] == [("other", None, "Delta")]
    assert got[k["postcode"]["id"]] == [(None, None, "LE4")]
    assert got[k["ward"]["id"]] == [("outside", None, None)]
    about = await AboutYou.select(AboutYou.sex, AboutYou.ward).run()
    assert about == [{"sex": "prefer-not", "ward": "castle"}]


async def test_invalid_answers_get_an_error_for_each_field_keyed_by_question_id(client):
    c, qs = await make_consultation(slug="strict", required=True,
                                    kinds=["short_text", "single_choice", "rating", "postcode", "yes_no", "agree_scale"])
    short, single, rating, postcode, yes_no, scale = qs
    response = await send(client, "strict", {
        "answers": {
            str(short["id"]): "x" * 201,
            str(single["id"]): "not-an-option",
            str(rating["id"]): 9,
            str(postcode["id"]): "NOTAPOSTCODE",
            str(yes_no["id"]): True,
        },
        "about_you": {"sex": "sometimes", "star_sign": "leo"},
    })
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {str(short["id"]), str(single["id"]), str(rating["id"]), str(postcode["id"]),
                           str(yes_no["id"]), str(scale["id"]), "about_you.sex", "about_you.star_sign"}
    assert "200 characters or fewer" in errors[str(short["id"])]
    assert errors[str(scale["id"])] == "Select an answer for 'Knife crime is a problem here'"
    assert errors[str(postcode["id"])].startswith("Enter a real postcode")
    assert await stored() == ([], [])


async def test_answers_to_questions_the_consultation_does_not_have_are_refused(client):
    c, (short,) = await make_consultation(slug="one-question", kinds=["short_text"])
    other, (foreign,) = await make_consultation(slug="another", kinds=["short_text"])
    response = await send(client, "one-question", {"answers": {
        str(short["id"]): "fine", str(foreign["id"]): "sneaky", "99999": "ghost", "abc": "x", f"{short['id']}-extra": "y"}})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {str(foreign["id"]), "99999", "abc", f"{short['id']}-extra"}
    assert all(message == "Not a question of this consultation" for message in errors.values())
    assert await stored() == ([], [])


async def test_about_you_is_refused_when_the_consultation_does_not_ask(client):
    c, (short,) = await make_consultation(slug="no-about", kinds=["short_text"], ask_about_you=False)
    response = await send(client, "no-about", {"answers": {str(short["id"]): "x"}, "about_you": {"sex": "female"}})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"about_you"}
    detail = (await client.get("/api/consultations/no-about")).json()
    assert detail["about_you"] == []


async def test_a_malformed_body_is_refused_without_storing_anything(client):
    c, (short,) = await make_consultation(slug="shape", kinds=["short_text"])
    for body in ({"answers": {str(short["id"]): "x"}, "name": "Jo Bloggs"}, {"answers": ["x"]}):
        response = await send(client, "shape", body)
        assert response.status_code == 400, body
    response = await send(client, "shape", {"answers": {str(short["id"]): {"nested": "object"}}})
    assert response.status_code == 422
    assert await stored() == ([], [])


async def test_answers_to_a_closed_or_not_yet_open_consultation_are_refused(client):
    for status, opens_at, closes_at in (("closed", None, None), ("open", None, hours(-1)),
                                        ("published", None, hours(-24)), ("open", hours(1), None)):
        slug = f"shut-{status}-{'upcoming' if opens_at else 'past'}"
        c, (short,) = await make_consultation(slug=slug, status=status, kinds=["short_text"], opens_at=opens_at,
                                              closes_at=closes_at)
        response = await send(client, slug, {"answers": {str(short["id"]): "late"}}, key="late-1")
        assert response.status_code == 409, slug
        assert response.json()["detail"] == "This consultation is not open for responses"
    assert await stored() == ([], [])


async def test_a_retried_request_with_the_same_idempotency_key_is_one_response(client):
    c, (short, multiple) = await make_consultation(slug="retry", kinds=["short_text", "multiple_choice"])
    body = {"answers": {str(short["id"]): "once", str(multiple["id"]): [o["id"] for o in multiple["options"]]}}
    first = await send(client, "retry", body, key="device-42:submission-1")
    again = await send(client, "retry", body, key="device-42:submission-1")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    responses, answers = await stored()
    assert len(responses) == 1 and len(answers) == 4

    # Without a key, or with another key, each request is a new response.
    assert (await send(client, "retry", body)).status_code == 201
    assert (await send(client, "retry", body, key="device-42:submission-2")).json() != first.json()
    assert len((await stored())[0]) == 3


async def test_ten_concurrent_retries_with_one_key_make_one_response(client):
    c, (short, multiple) = await make_consultation(slug="burst", kinds=["short_text", "multiple_choice"])
    body = {"answers": {str(short["id"]): "burst", str(multiple["id"]): [multiple["options"][0]["id"]]},
            "about_you": {"age_band": "16-24"}}
    results = await asyncio.gather(*[send(client, "burst", body, key="same-key") for _ in range(10)])
    assert [r.status_code for r in results] == [201] * 10, [r.text for r in results]
    assert len({r.json()["receipt"] for r in results}) == 1
    responses, answers = await stored()
    assert len(responses) == 1 and len(answers) == 2
    from surveys.tables import AboutYou

    assert await AboutYou.count() == 1


async def test_the_same_key_on_two_consultations_makes_two_responses(client):
    a, (qa,) = await make_consultation(slug="first", kinds=["short_text"])
    b, (qb,) = await make_consultation(slug="second", kinds=["short_text"])
    ra = await send(client, "first", {"answers": {str(qa["id"]): "x"}}, key="shared")
    rb = await send(client, "second", {"answers": {str(qb["id"]): "x"}}, key="shared")
    assert ra.status_code == rb.status_code == 201
    assert ra.json() != rb.json()
    assert len((await stored())[0]) == 2


async def test_no_address_or_user_agent_is_stored_from_the_api(client):
    from engage.db import current_engine

    c, (short,) = await make_consultation(slug="quiet", kinds=["short_text"])
    agent = "PartnerApp/3.1 (unique-agent-7c1d)"
    response = await client.post("/api/consultations/quiet/responses", headers={"User-Agent": agent,
                                                                                "Idempotency-Key": "k1"},
                                 json={"answers": {str(short["id"]): "hi"}, "about_you": {"sex": "male"}})
    assert response.status_code == 201
    values = []
    for table in ("surveys_response", "surveys_answer", "surveys_about_you"):
        rows = await current_engine().run_ddl(f'SELECT * FROM "{table}"')
        assert rows
        values += [str(v) for row in rows for v in dict(row).values() if v is not None]
    text = "\n".join(values)
    for needle in ("127.0.0.1", "testclient", agent, "unique-agent", "k1"):
        assert needle not in text


async def test_the_openapi_document_describes_the_public_api(client):
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    paths = doc["paths"]
    assert "get" in paths["/api/consultations"]
    assert "get" in paths["/api/consultations/{slug}"]
    submit = paths["/api/consultations/{slug}/responses"]["post"]
    assert "201" in submit["responses"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in submit.get("parameters", []))
    assert "requestBody" in submit
    assert "get" in paths["/api/consultations/{slug}/responses.csv"]
    # Pages for people are not part of the API description.
    assert not [p for p in paths if p.startswith("/officer") or p.startswith("/consultations")]


async def _set_wards(names: list[str]) -> None:
    """Another worker's admin changing the partnership's wards: a new revision, this worker not told."""
    from engage.framework import services
    from engage.framework.tables import PlanPeriod

    period = await services.current_period()
    await PlanPeriod.update({PlanPeriod.extra: {**(period["extra"] or {}), "wards": names},
                             PlanPeriod.revision: services._revision()}).where(PlanPeriod.id == period["id"]).run()


async def test_a_ward_changed_through_another_worker_is_judged_at_once_on_both_paths(client):
    """Answers naming a ward are checked against the current wards, even when this worker's copy
    of the vocabulary was read a moment ago: a ward taken away is refused, one added is accepted."""
    from engage.framework.services import slugify

    _, qs = await make_consultation(slug="wards", kinds=["ward"])
    wid = str(qs[0]["id"])
    first = await send(client, "wards", {"answers": {wid: "castle"}})  # the worker's copy is fresh now
    assert first.status_code == 201, first.text
    wards = [name for slug, name in __import__("engage.framework.vocabulary", fromlist=["wards"]).wards()]
    await _set_wards([name for name in wards if slugify(name) != "castle"] + ["Riverside"])

    refused = await send(client, "wards", {"answers": {wid: "castle"}}, key="k-castle")
    assert refused.status_code == 422, refused.text
    assert wid in refused.json()["errors"]
    accepted = await send(client, "wards", {"answers": {wid: "riverside"}}, key="k-riverside")
    assert accepted.status_code == 201, accepted.text
    form = await client.get("/consultations/wards/respond")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form.text)
    fields = {"_csrf_token": token.group(1)} if token else {}
    posted = await client.post("/consultations/wards/respond", data={**fields, f"q{wid}": "castle"},
                               headers={"x-csrftoken": token.group(1)} if token else {})
    assert posted.status_code == 400, posted.text

    responses, answers = await stored()
    assert len(responses) == 2
    assert [a["choice"] for a in answers] == ["castle", "riverside"]
