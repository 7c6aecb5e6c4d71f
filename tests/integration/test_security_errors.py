"""Errors show a plain page; with the database down pages answer 503; nothing is half-written."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from engage.settings import Settings
from tests.support import make_consultation, post_form


def _dead_app(engine_kind: str):
    from engage.app import create_app

    url = ("sqlite:////nonexistent-dir/engage.sqlite" if engine_kind == "sqlite"
           else "postgresql://postgres@127.0.0.1:1/nothing")
    app = create_app(Settings(env="test", database_url=url, database_pool_size=0))
    app.on_startup.clear()  # the pool cannot start against a dead server; pages must still answer
    return app


async def test_with_the_database_down_pages_answer_503_plainly(engine_kind):
    app = _dead_app(engine_kind)
    try:
        async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
            client.follow_redirects = False
            cases = [
                ("GET", "/", None), ("GET", "/consultations/anything", None), ("GET", "/api/consultations", None),
                ("GET", "/officer", None), ("GET", "/delete-my-response", None),
            ]
            for method, path, _ in cases:
                response = await client.request(method, path, headers={"cookie": "engage_session=abc"}
                                                 if path.startswith("/officer") else {})
                if path in ("/delete-my-response",):
                    assert response.status_code == 200  # a page that needs no database still works
                    continue
                assert response.status_code == 503, (path, response.status_code, response.text[:300])
                assert "Traceback" not in response.text and "asyncpg" not in response.text
                assert "content-security-policy" in response.headers
                if path.startswith("/api/"):
                    assert response.json()["status_code"] == 503
                else:
                    assert "the service is unavailable" in response.text.lower()
                    assert response.headers.get("retry-after")
            # A resident sending a form while the database is down is told plainly, not shown a trace.
            token_page = await client.get("/delete-my-response")
            assert token_page.status_code == 200
            response = await post_form(client, "/consultations/anything/respond", {"q1": "words"})
            assert response.status_code == 503 and "Traceback" not in response.text
            response = await client.post("/api/consultations/anything/responses", json={"answers": {}})
            assert response.status_code == 503
    finally:
        for handler in app.on_shutdown:
            try:
                await handler(app)
            except Exception:  # noqa: BLE001 - nothing to close against a dead database
                pass


async def test_a_submission_that_fails_part_way_leaves_no_rows(client, monkeypatch):
    """The database drops mid-transaction (after the response row, before the equality row):
    the resident sees a 503, and neither the response nor its answers are left behind."""
    from surveys import about_you_store
    from surveys.tables import AboutYou, Answer, Response

    c, questions = await make_consultation("half-written", kinds=["short_text", "single_choice"])
    real_insert = about_you_store._insert

    async def failing_insert(rows):
        raise ConnectionResetError("connection lost mid-transaction")

    monkeypatch.setattr(about_you_store, "_insert", failing_insert)
    # On PostgreSQL a resident's submission is one statement, atomic by itself; the transaction that
    # can stop part-way (SQLite, officers' entries) is the one this test breaks, on both engines.
    from surveys import responses

    monkeypatch.setattr(responses._GROUPED, "write_one", responses._store_in_transaction)
    short = questions[0]
    response = await post_form(client, f"/consultations/{c['slug']}/respond",
                               {f"q{short['id']}": "Words", "about-age_band": "25-34"})
    assert response.status_code == 503, response.text[:300]
    assert "Traceback" not in response.text
    assert await Response.count() == 0 and await Answer.count() == 0 and await AboutYou.count() == 0
    # The same goes for the API.
    response = await client.post(f"/api/consultations/{c['slug']}/responses",
                                 json={"answers": {str(short["id"]): "Words"}, "about_you": {"age_band": "25-34"}})
    assert response.status_code == 503
    assert await Response.count() == 0 and await Answer.count() == 0
    monkeypatch.setattr(about_you_store, "_insert", real_insert)
    response = await post_form(client, f"/consultations/{c['slug']}/respond",
                               {f"q{short['id']}": "Words", "about-age_band": "25-34"})
    assert response.status_code == 303
    assert await Response.count() == 1 and await Answer.count() == 1 and await AboutYou.count() == 1


async def test_an_unexpected_error_in_a_form_post_shows_a_plain_page(client, monkeypatch):
    from surveys import public

    c, questions = await make_consultation("boom", kinds=["short_text"])

    async def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(public, "store_submission", broken)
    response = await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{questions[0]['id']}": "x"})
    assert response.status_code == 500
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "Sorry, there is a problem with the service" in response.text
