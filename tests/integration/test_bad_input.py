"""Bad input never gives a 500: NUL characters, JSON nested without end, impossible static paths."""

from __future__ import annotations

import json

from surveys.tables import Answer, Response
from tests.support import make_consultation, post_form

NUL = "\x00"


async def test_nul_characters_in_forms_are_removed_and_the_answer_kept(client):
    c, questions = await make_consultation("nul-form", kinds=["short_text", "long_text"])
    short, long = questions
    response = await post_form(client, f"/consultations/{c['slug']}/respond",
                               {f"q{short['id']}": f"Lights{NUL} out", f"q{long['id']}": f"{NUL}Dark alley"})
    assert response.status_code == 303, response.text[:500]
    assert sorted(a["text"] for a in await Answer.select(Answer.text).run()) == ["Dark alley", "Lights out"]
    # Anonymous sign-in: a refusal, not a failure.
    response = await post_form(client, "/login", {"email": f"someone{NUL}@example.org", "password": f"x{NUL}y" * 6})
    assert response.status_code in (200, 400), response.text[:500]
    assert "Sorry, there is a problem with the service" not in response.text
    # Percent-encoded in a raw body, the way a crafted request sends it.
    token = client.cookies.get("engage_csrf")
    response = await client.post(f"/consultations/{c['slug']}/respond",
                                 content=f"q{short['id']}=Bins%00+again&_csrf_token={token}",
                                 headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 303, response.text[:500]
    assert "Bins again" in [a["text"] for a in await Answer.select(Answer.text).run()]


async def test_nul_characters_in_addresses_and_queries_never_give_a_500(client):
    c, _ = await make_consultation("nul-query", kinds=["short_text"])
    response = await client.get(f"/consultations/{c['slug']}?ward=%00&x=a%00b")
    assert response.status_code == 200
    assert (await client.get("/consultations/%00")).status_code == 404
    assert (await client.get(f"/api/consultations/{c['slug']}%00")).status_code == 404
    assert (await client.get("/meetings?ward=%00&priority=%00")).status_code < 500


async def test_nul_in_json_is_refused_with_a_reason(client):
    c, questions = await make_consultation("nul-json", kinds=["short_text"])
    response = await client.post(f"/api/consultations/{c['slug']}/responses",
                                 json={"answers": {str(questions[0]["id"]): f"Lights{NUL} out"}})
    assert response.status_code == 400, response.text[:300]
    assert "NUL" in response.json()["detail"]
    # The same in a key, and an escaped backslash followed by u0000 is ordinary text.
    response = await client.post(f"/api/consultations/{c['slug']}/responses",
                                 content=json.dumps({"answers": {f"{questions[0]['id']}{NUL}": "x"}}),
                                 headers={"content-type": "application/json"})
    assert response.status_code == 400
    response = await client.post(f"/api/consultations/{c['slug']}/responses",
                                 json={"answers": {str(questions[0]["id"]): "C:\\u0000 is not NUL"}})
    assert response.status_code == 201, response.text[:300]
    assert await Response.count() == 1


async def test_deeply_nested_or_huge_json_is_refused_before_decoding(client):
    c, questions = await make_consultation("deep-json", kinds=["short_text"])
    url = f"/api/consultations/{c['slug']}/responses"
    deep = '{"answers": {"1": ' + "[" * 1000 + "]" * 1000 + "}}"
    response = await client.post(url, content=deep, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text[:300]
    assert "deeper" in response.json()["detail"]
    huge = json.dumps({"answers": {str(questions[0]["id"]): "x" * 3_000_000}})
    response = await client.post(url, content=huge, headers={"content-type": "application/json"})
    assert response.status_code == 413, response.text[:300]
    ordinary = {"answers": {str(questions[0]["id"]): "Ten [nested] {brackets} in \"text\" are only text"}}
    response = await client.post(url, json=ordinary)
    assert response.status_code == 201, response.text[:300]


async def test_impossible_static_paths_are_not_found(client):
    for path in ("/static/%00", "/static/css/%00engage.css", "/static/" + "a" * 5000, "/static/css/" + "b" * 300):
        response = await client.get(path)
        assert response.status_code in (400, 404), (path[:40], response.status_code, response.text[:200])
    assert (await client.get("/static/css/engage.css")).status_code == 200


async def test_a_framework_file_holding_nul_is_refused_with_a_reason(client):
    from engage.framework.services import periods
    from tests.support import csrf_token, sign_in

    await sign_in(client, "admin")
    before = await periods()
    body = 'plan: Uploaded plan\npriorities:\n  - slug: one\n    name: "On\\0e"\n    themes:\n      - slug: t\n        name: T\n'
    response = await client.post("/officer/framework/import", data={"_csrf_token": await csrf_token(client)},
                                 files={"file": ("plan.yaml", body.encode(), "application/yaml")})
    assert response.status_code == 400, response.text[:300]
    assert "NUL character" in response.text and 'href="#file"' in response.text
    assert await periods() == before
