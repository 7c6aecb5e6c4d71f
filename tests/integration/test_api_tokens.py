"""API tokens: scoped, expiring, their last use recorded, and never enough to administer anything.

Account and privacy administration and making more tokens need a signed-in session with its
CSRF token and second factor. Deactivating an account ends its sessions and tokens for good:
reactivating it brings none of them back.
"""

import datetime as dt
import re

import pytest
from litestar.testing import AsyncTestClient

from engage.auth import services
from engage.auth.tables import ApiToken, User
from tests.support import PASSWORD, enable_totp, make_user, post_form, sign_in, totp_code


async def mint(client, scopes: list[str], days: str = "30", name: str = "Script"):
    return await post_form(client, "/officer/account/tokens", {"name": name, "scopes": scopes, "days": days})


def token_in(response) -> str:
    return re.search(r"(eng_[A-Za-z0-9_\-]+)", response.text).group(1)


@pytest.fixture
async def script(app):
    """A script: no cookies, only the bearer token it is given."""
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        yield client


async def test_an_admins_token_cannot_administer_accounts_privacy_or_mint_tokens(client, script):
    await sign_in(client, "admin")
    token = token_in(await mint(client, ["read:summaries", "read:responses", "read:meetings", "write:meetings"]))
    bearer = {"Authorization": f"Bearer {token}"}
    attempts = [
        ("POST", "/officer/admin/users", {"email": "mallory@example.org", "role": "admin", "name": "M",
                                          "password": "kettle orbit lantern"}),
        ("GET", "/officer/admin/users", None),
        ("GET", "/officer/privacy/access", None),
        ("POST", "/officer/privacy/access", {"receipt": "AAAA-BBBB-CCCC"}),
        ("POST", "/officer/account/tokens", {"name": "more", "scopes": "read:summaries", "days": "365"}),
        ("GET", "/officer/account", None),
        ("GET", "/officer", None),
    ]
    for method, path, form in attempts:
        response = await script.request(method, path, headers=bearer, data=form)
        assert response.status_code == 403, (method, path, response.status_code)
    assert not await User.exists().where(User.email == "mallory@example.org")
    assert await ApiToken.count() == 1
    # What it was made for still works.
    assert (await script.get("/api/summaries/priorities", headers=bearer)).status_code == 200


async def test_a_token_does_only_what_its_scopes_name(client, script):
    officer = await sign_in(client, "officer", totp=True)
    reader = {"Authorization": f"Bearer {token_in(await mint(client, ['read:summaries']))}"}
    writer = {"Authorization": f"Bearer {token_in(await mint(client, ['write:meetings']))}"}
    meeting = {"kind": "community-gold", "title": "Gold", "held_at": "2024-03-01T18:00:00+00:00",
               "officer_id": officer["id"], "wards": ["castle"]}
    assert (await script.get("/api/summaries/priorities", headers=reader)).status_code == 200
    assert (await script.get("/api/consultations/none/responses.csv", headers=reader)).status_code == 403
    assert (await script.get("/api/meetings", headers=reader)).status_code == 403
    refused = await script.post("/api/meetings", headers=reader, json=meeting)
    assert refused.status_code == 403 and "write:meetings" in refused.text
    assert (await script.post("/api/meetings", headers=writer, json=meeting)).status_code == 201
    assert (await script.get("/api/summaries/priorities", headers=writer)).status_code == 403


async def test_a_role_cannot_grant_its_token_more_than_the_role_may_do(client):
    await sign_in(client, "executive", totp=True)
    response = await mint(client, ["write:meetings"])
    assert response.status_code == 400 and 'href="#scopes"' in response.text
    assert await ApiToken.count() == 0
    page = (await client.get("/officer/account")).text
    assert 'value="read:summaries"' in page and 'value="write:meetings"' not in page


async def test_tokens_expire_and_the_lifetime_is_capped(client, script):
    await sign_in(client, "officer", totp=True)
    assert (await mint(client, ["read:summaries"], days="400")).status_code == 400
    assert (await mint(client, ["read:summaries"], days="0")).status_code == 400
    assert (await mint(client, [], days="30")).status_code == 400
    response = await mint(client, ["read:summaries"], days="")  # the default lifetime
    bearer = {"Authorization": f"Bearer {token_in(response)}"}
    row = await ApiToken.select(ApiToken.expires_at, ApiToken.created_at).first()
    assert dt.timedelta(days=89) < row["expires_at"] - row["created_at"] <= dt.timedelta(days=90, minutes=1)
    assert (await script.get("/api/summaries/priorities", headers=bearer)).status_code == 200
    await ApiToken.update({ApiToken.expires_at: dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)},
                          force=True).run()
    assert (await script.get("/api/summaries/priorities", headers=bearer)).status_code == 401
    assert "Expired" in (await client.get("/officer/account")).text


async def test_the_account_page_lists_scope_expiry_and_last_use_and_revokes(client, script):
    await sign_in(client, "officer", totp=True)
    bearer = {"Authorization": f"Bearer {token_in(await mint(client, ['read:summaries'], name='Nightly'))}"}
    page = (await client.get("/officer/account")).text
    assert "Nightly" in page and "Read summaries" in page and "Never" in page
    await script.get("/api/summaries/priorities", headers=bearer)
    page = (await client.get("/officer/account")).text
    assert "Never" not in page
    assert (await ApiToken.select(ApiToken.last_used_at).first())["last_used_at"] is not None
    token_id = re.search(r"/officer/account/tokens/(\d+)/revoke", page).group(1)
    assert (await post_form(client, f"/officer/account/tokens/{token_id}/revoke")).status_code == 303
    assert (await script.get("/api/summaries/priorities", headers=bearer)).status_code == 401


async def test_making_a_token_needs_the_second_factor(client):
    await sign_in(client, "officer")  # signed in with a password only
    response = await mint(client, ["read:summaries"])
    assert response.status_code == 303 and response.headers["location"].startswith("/officer/account/totp")
    assert await ApiToken.count() == 0


async def test_deactivating_then_reactivating_brings_back_no_session_or_token(client, app, script):
    await sign_in(client, "admin")
    officer = await make_user("officer")
    secret = await enable_totp(officer["id"])
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as browser:
        browser.follow_redirects = False
        step = await post_form(browser, "/login", {"email": officer["email"], "password": PASSWORD})
        challenge = re.search(r'name="challenge" value="([^"]+)"', step.text).group(1)
        await post_form(browser, "/login/code", {"challenge": challenge, "code": totp_code(secret)})
        bearer = {"Authorization": f"Bearer {token_in(await mint(browser, ['read:summaries']))}"}
        assert (await browser.get("/officer")).status_code == 200
        assert (await script.get("/api/summaries/priorities", headers=bearer)).status_code == 200

        for active in ("no", "yes"):
            response = await post_form(client, f"/officer/admin/users/{officer['id']}",
                                       {"role": "officer", "active": active})
            assert response.status_code == 303

        refused = await browser.get("/officer")
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
        assert (await script.get("/api/summaries/priorities", headers=bearer)).status_code == 401
        # Signing in afresh works: the account is active again.
        step = await post_form(browser, "/login", {"email": officer["email"], "password": PASSWORD})
        assert step.status_code == 200 and "challenge" in step.text


async def test_the_service_defaults_to_what_the_role_may_do(app):
    user = await make_user("executive")
    await services.create_api_token(user["id"], "reader")
    row = await ApiToken.select(ApiToken.scopes).first()
    assert row["scopes"].split() == ["read:meetings", "read:summaries"]
