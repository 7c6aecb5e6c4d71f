"""Idempotency-Key on the anonymous API: bound to the client and to the body, and the receipt
kept for replays only sealed with the key itself."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import uuid

import httpx
import pytest
from litestar.testing import AsyncTestClient

from engage.db import current_engine
from engage.store.tables import StoredValue
from surveys.tables import Answer, Response
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
