"""Officer accounts: sign in and out, session rotation, throttling, roles and CSRF."""

from engage.auth.sessions import COOKIE_NAME
from tests.support import PASSWORD, make_user, post_form, sign_in


async def test_sign_in_then_sign_out(client):
    user = await make_user("officer")
    response = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD, "next": "/officer/consultations"})
    assert response.status_code == 303
    assert response.headers["location"] == "/officer/consultations"
    assert "httponly" in response.headers["set-cookie"].lower() and "samesite=lax" in response.headers["set-cookie"].lower()
    page = await client.get("/officer")
    assert page.status_code == 200 and "Hello, Officer" in page.text
    assert page.headers["cache-control"] == "no-store"

    old_cookie = client.cookies.get(COOKIE_NAME)
    response = await post_form(client, "/logout")
    assert response.status_code == 303
    # The old cookie is useless after logout, even if someone kept a copy.
    client.cookies = {COOKIE_NAME: old_cookie}
    response = await client.get("/officer")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_wrong_password_is_refused_with_an_error_summary(client):
    user = await make_user("officer")
    response = await post_form(client, "/login", {"email": user["email"], "password": "wrong password here"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert 'href="#email"' in response.text
    assert client.cookies.get(COOKIE_NAME) is None


async def test_login_issues_a_new_session_id(client):
    user = await make_user("officer")
    await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    first = client.cookies.get(COOKIE_NAME)
    await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    second = client.cookies.get(COOKIE_NAME)
    assert first and second and first != second
    client.cookies = {COOKIE_NAME: first}
    assert (await client.get("/officer")).status_code == 303  # the replaced session is gone


async def test_a_planted_session_id_is_not_adopted(client):
    user = await make_user("officer")
    client.cookies = {COOKIE_NAME: "attacker-chosen-session-id"}
    response = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    issued = response.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert issued and issued != "attacker-chosen-session-id"


async def test_sessions_expire_after_idle_time(app, client):
    import json

    from engage.auth.sessions import _key

    await sign_in(client, "officer")
    session_id = client.cookies.get(COOKIE_NAME)
    store = app.state.store
    data = json.loads(await store.get(_key(session_id)))
    data["seen"] -= app.state.session_policy.idle_seconds + 1
    await store.set(_key(session_id), json.dumps(data).encode(), 3600)
    response = await client.get("/officer")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


async def test_repeated_failures_for_one_account_are_slowed_with_429(client):
    user = await make_user("officer")
    for _ in range(5):
        response = await post_form(client, "/login", {"email": user["email"], "password": "not the password!"})
        assert response.status_code == 400
    response = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "Too many attempts" in response.text


async def test_failures_count_across_workers_sharing_the_store(app, settings):
    """Two app instances (as two workers would be) see one count."""
    from litestar.testing import AsyncTestClient

    from engage.app import create_app

    user = await make_user("officer")
    second_app = create_app(settings, engine=None)
    async with AsyncTestClient(app=app) as one, AsyncTestClient(app=second_app) as two:
        one.follow_redirects = two.follow_redirects = False
        for n in range(5):
            await post_form(one if n % 2 else two, "/login", {"email": user["email"], "password": "nope nope nope"})
        response = await post_form(one, "/login", {"email": user["email"], "password": PASSWORD})
    assert response.status_code == 429


async def test_one_client_guessing_many_accounts_is_slowed(client):
    for n in range(20):
        await post_form(client, "/login", {"email": f"nobody{n}@example.org", "password": "guess guess guess"})
    response = await post_form(client, "/login", {"email": "another@example.org", "password": "guess guess guess"})
    assert response.status_code == 429


async def test_unsafe_requests_need_the_csrf_token(client):
    user = await make_user("officer")
    response = await client.post("/login", data={"email": user["email"], "password": PASSWORD})
    assert response.status_code == 403
    assert "security check" in response.text
    await client.get("/login")
    response = await client.post("/login", data={"email": user["email"], "password": PASSWORD,
                                                 "_csrf_token": "forged-token"})
    assert response.status_code == 403
    response = await client.post("/login", data={"email": user["email"], "password": PASSWORD},
                                 headers={"x-csrftoken": "forged"})
    assert response.status_code == 403


async def test_htmx_requests_pass_csrf_with_the_header(client):
    await sign_in(client, "officer")
    token = client.cookies.get("engage_csrf")
    response = await client.post("/logout", headers={"x-csrftoken": token, "hx-request": "true"})
    assert response.status_code == 303


async def test_login_only_redirects_within_the_site(client):
    user = await make_user("officer")
    response = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD,
                                                  "next": "//evil.example/phish"})
    assert response.headers["location"] == "/officer"


async def test_passwords_are_stored_as_argon2id(client):
    from engage.auth.tables import User

    user = await make_user("officer")
    row = await User.select(User.password_hash).where(User.id == user["id"]).first()
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]


async def test_short_passwords_are_refused(client):
    await sign_in(client, "admin")
    response = await post_form(client, "/officer/admin/users",
                               {"email": "new@example.org", "role": "officer", "password": "short"})
    assert response.status_code == 400
    assert "at least 12 characters" in response.text


async def test_admin_manages_users_and_a_deactivated_account_is_signed_out(client, app):
    from litestar.testing import AsyncTestClient

    await sign_in(client, "admin")
    response = await post_form(client, "/officer/admin/users",
                               {"email": "new@example.org", "role": "officer", "password": "a long enough password"})
    assert response.status_code == 303
    async with AsyncTestClient(app=app) as other:
        other.follow_redirects = False
        response = await post_form(other, "/login", {"email": "new@example.org", "password": "a long enough password"})
        assert response.status_code == 303
        # An account an admin made chooses its own password before anything else.
        assert (await other.get("/officer/consultations")).headers["location"] == "/officer/account/password?required=1"
        changed = await post_form(other, "/officer/account/password", {"current_password": "a long enough password",
                                                                       "new_password": "now only I know this one"})
        assert changed.status_code == 303
        assert (await other.get("/officer/consultations")).status_code == 200
        from engage.auth.tables import User

        new = await User.select(User.id).where(User.email == "new@example.org").first()
        await post_form(client, f"/officer/admin/users/{new['id']}", {"role": "officer", "active": "no"})
        assert (await other.get("/officer/consultations")).status_code == 303


async def test_roles_limit_what_each_officer_can_reach(client):
    await sign_in(client, "executive")
    assert (await client.get("/officer")).status_code == 200
    assert (await client.get("/officer/consultations")).status_code == 403
    assert (await client.get("/officer/admin/users")).status_code == 403
    response = await post_form(client, "/officer/consultations/new", {"title": "Sneaky"})
    assert response.status_code == 403


async def test_officers_cannot_manage_users(client):
    await sign_in(client, "officer")
    assert (await client.get("/officer/admin/users")).status_code == 403
    response = await post_form(client, "/officer/admin/users", {"email": "x@example.org", "role": "admin",
                                                                "password": "a long enough password"})
    assert response.status_code == 403


async def test_residents_are_sent_to_sign_in(client):
    for path in ("/officer", "/officer/consultations", "/officer/admin/users", "/officer/account"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


async def test_api_tokens_are_shown_once_and_can_be_revoked(client):
    await sign_in(client, "officer", totp=True)  # making a token needs the second factor
    response = await post_form(client, "/officer/account/tokens",
                               {"name": "Reporting script", "scopes": ["read:responses"], "days": "30"})
    assert response.status_code == 200
    import re

    token = re.search(r"(eng_[A-Za-z0-9_\-]+)", response.text).group(1)
    page = await client.get("/officer/account")
    assert token not in page.text and "Reporting script" in page.text
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=client.app) as script:
        ok = await script.get("/api/consultations/none/responses.csv", headers={"authorization": f"Bearer {token}"})
        assert ok.status_code == 404  # authorised; the consultation just does not exist
        token_id = re.search(r'/officer/account/tokens/(\d+)/revoke', page.text).group(1)
        await post_form(client, f"/officer/account/tokens/{token_id}/revoke")
        refused = await script.get("/api/consultations/none/responses.csv", headers={"authorization": f"Bearer {token}"})
        assert refused.status_code == 401


async def test_a_session_made_by_one_worker_is_honoured_by_another(app, settings):
    from litestar.testing import AsyncTestClient

    from engage.app import create_app

    await make_user("officer")
    second_worker = create_app(settings)
    async with AsyncTestClient(app=app) as one, AsyncTestClient(app=second_worker) as two:
        one.follow_redirects = two.follow_redirects = False
        await post_form(one, "/login", {"email": "officer@example.org", "password": PASSWORD})
        two.cookies = {COOKIE_NAME: one.cookies.get(COOKIE_NAME)}
        assert (await two.get("/officer")).status_code == 200
        await post_form(one, "/logout")
        assert (await two.get("/officer")).status_code == 303
