"""Idempotency-Key on the anonymous API: bound to the client and to the body; the store keeps only
hashes (the receipt is worked out again from the key), and a retry gets its receipt whatever
happened to the consultation since."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import uuid

import httpx
import pytest
from litestar.testing import AsyncTestClient

from engage.db import current_engine
from engage.store.tables import StoredValue
from surveys import open_forms
from surveys.consultations import change_status
from surveys.tables import Answer, Consultation, Response
from tests.support import make_consultation, require_redis

REDIS_URL = os.environ.get("ENGAGE_TEST_REDIS", "redis://127.0.0.1:6379/15")


def other_client(app, host: str) -> httpx.AsyncClient:
    """Requests to the same app from another address."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(host, 4321)),
                             base_url="http://testserver.local")


async def test_the_same_key_with_another_body_is_refused(client):
    c, questions = await make_consultation("idem-body", kinds=["short_text"])
    url, qid, key = f"/api/consultations/{c['slug']}/responses", str(questions[0]["id"]), str(uuid.uuid4())
    first = await client.post(url, json={"answers": {qid: "Speeding cars"}}, headers={"Idempotency-Key": key})
    assert first.status_code == 201
    again = await client.post(url, json={"answers": {qid: "Speeding cars"}}, headers={"Idempotency-Key": key})
    assert again.status_code == 201 and again.json() == first.json()
    changed = await client.post(url, json={"answers": {qid: "Fly-tipping"}}, headers={"Idempotency-Key": key})
    assert changed.status_code == 422, changed.text
    assert "different request body" in changed.json()["errors"]["Idempotency-Key"]
    assert await Response.count() == 1
    assert [a["text"] for a in await Answer.select(Answer.text).run()] == ["Speeding cars"]


async def test_the_same_key_from_another_client_never_returns_the_first_receipt(app, client):
    c, questions = await make_consultation("idem-client", kinds=["short_text"])
    url, qid, key = f"/api/consultations/{c['slug']}/responses", str(questions[0]["id"]), "order-1"
    body = {"answers": {qid: "Noise at night"}}
    mine = await client.post(url, json=body, headers={"Idempotency-Key": key})
    async with other_client(app, "203.0.113.9") as stranger:
        theirs = await stranger.post(url, json=body, headers={"Idempotency-Key": key})
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["receipt"] != theirs.json()["receipt"]
    assert await Response.count() == 2


async def test_the_store_holds_no_receipt_it_could_give_back_without_the_key(client):
    c, questions = await make_consultation("idem-sealed", kinds=["short_text"])
    key = str(uuid.uuid4())
    response = await client.post(f"/api/consultations/{c['slug']}/responses",
                                 json={"answers": {str(questions[0]["id"]): "Drugs in the park"}},
                                 headers={"Idempotency-Key": key})
    receipt = response.json()["receipt"]
    rows = await StoredValue.select().run()
    assert rows, "the replay record is kept in the shared store"
    for row in rows:
        held = row["key"] + bytes(row["value"]).decode("latin-1")
        assert receipt not in held and receipt.replace("-", "") not in held
        assert key not in held


async def test_the_store_keeps_only_hashes_of_the_key_and_the_body(client):
    c, questions = await make_consultation("idem-hashes", kinds=["short_text"])
    await client.post(f"/api/consultations/{c['slug']}/responses",
                      json={"answers": {str(questions[0]["id"]): "Drugs in the park"}},
                      headers={"Idempotency-Key": str(uuid.uuid4())})
    records = [json.loads(bytes(row["value"])) for row in await StoredValue.select().run()
               if row["key"].startswith("idem:")]
    assert len(records) == 1 and set(records[0]) == {"body"} and len(records[0]["body"]) == 64, records


async def test_a_retry_after_the_consultation_closed_still_gets_its_receipt(client):
    c, questions = await make_consultation("idem-closing", kinds=["short_text"])
    url, key = f"/api/consultations/{c['slug']}/responses", str(uuid.uuid4())
    body = {"answers": {str(questions[0]["id"]): "Speeding on the ring road"}}
    first = await client.post(url, json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201
    closed, problem = await change_status(await Consultation.select().where(Consultation.id == c["id"]).first(),
                                          "close")
    assert problem is None and closed["status"] == "closed"
    await open_forms.form_for(c["slug"], 0)  # this worker has seen it close
    again = await client.post(url, json=body, headers={"Idempotency-Key": key})
    assert again.status_code == 201 and again.json() == first.json(), again.text
    fresh = await client.post(url, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert fresh.status_code == 409  # a new response is refused: it has closed
    assert await Response.count() == 1


@pytest.mark.parametrize("store_kind", ["database", "redis"])
async def test_thirty_identical_requests_store_one_response_and_share_its_receipt(app, settings, store_kind):
    from engage.app import create_app

    c, questions = await make_consultation("idem-race", kinds=["short_text"])
    redis = REDIS_URL if store_kind == "redis" else None
    raced = create_app(dataclasses.replace(settings, redis_url=redis), engine=current_engine())
    if redis:
        await require_redis(redis)
    key = str(uuid.uuid4())
    async with AsyncTestClient(app=raced, base_url="http://testserver.local") as client:
        answers = await asyncio.gather(*(
            client.post(f"/api/consultations/{c['slug']}/responses",
                        json={"answers": {str(questions[0]["id"]): "Street drinking"}},
                        headers={"Idempotency-Key": key}) for _ in range(30)))
    assert [r.status_code for r in answers] == [201] * 30, [r.text for r in answers if r.status_code != 201][:2]
    assert len({r.json()["receipt"] for r in answers}) == 1
    assert await Response.count() == 1 and await Answer.count() == 1
