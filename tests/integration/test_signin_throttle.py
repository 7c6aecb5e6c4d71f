"""Sign-in throttling holds when attempts arrive all at once, on the database store and on Redis.

Each attempt is reserved with one atomic increment before Argon2 (or the code check) runs, so
thirty requests sent together cannot all see a count of zero. Counted here by wrapping the
password and code checks: the number of times they ran is what an attacker got to try.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import uuid

import httpx
import pytest

from engage.auth import passwords
from engage.security import totp
from tests.support import PASSWORD, enable_totp, make_user, post_form, totp_code

REDIS_URL = os.environ.get("ENGAGE_TEST_REDIS", "redis://127.0.0.1:6379/15")
STORES = ["database", "redis"]


@pytest.fixture
def client_address() -> str:
    """A documentation address of this test's own: Redis is shared by every xdist worker and every run
    on the machine, and one fixed address let a test's thirty wrong passwords on one worker trip the
    per-client limit for another worker's sign-in, which then never reached its code challenge."""
    return f"2001:db8:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}::7"


@pytest.fixture(params=STORES)
async def store_app(request, app, settings, client_address):
    """The shared app on the database store, or an app of its own on Redis."""
    if request.param == "database":
        yield app
        return
    from engage.app import create_app
    from engage.store.backends import RedisStore

    probe = RedisStore(REDIS_URL)
    try:
        await probe._redis.ping()
    except Exception as exc:  # noqa: BLE001 - any failure to reach Redis
        await probe.close()
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis unreachable in CI: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    redis_app = create_app(dataclasses.replace(settings, redis_url=REDIS_URL))
    yield redis_app
    # Redis keeps counters between tests (the database store is emptied): this client's goes now, not
    # when its window ends. (Through a connection of the test's own: the app's belongs to the test
    # client's event loop.)
    await probe.reset(redis_app.state.throttle._digest("client", client_address))
    await probe.close()


@pytest.fixture
async def browser(store_app, client_address):
    """A client whose requests really run at the same time: httpx's ASGI transport calls the app on
    this event loop for each request (Litestar's test client passes them through one portal)."""
    transport = httpx.ASGITransport(app=store_app, client=(client_address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local",
                                 follow_redirects=False) as client:
        yield client


def _counting(monkeypatch, module, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _email() -> str:
    # Unique per run: Redis keeps its counters between runs (they expire with the window).
    return f"racer-{uuid.uuid4().hex[:10]}@example.org"


async def test_thirty_wrong_passwords_at_once_are_evaluated_at_most_five_times(browser, monkeypatch):
    user = await make_user("officer", _email())
    evaluated = _counting(monkeypatch, passwords, "_verify")
    await browser.get("/login")
    responses = await asyncio.gather(*[
        post_form(browser, "/login", {"email": user["email"], "password": f"wrong guess number {n}"})
        for n in range(30)])
    statuses = sorted(r.status_code for r in responses)
    assert len(evaluated) <= 5, f"{len(evaluated)} passwords were checked against a limit of 5"
    assert statuses.count(400) <= 5 and statuses.count(429) >= 25, statuses
    # The right password straight after is refused too: the window has not passed.
    right = await post_form(browser, "/login", {"email": user["email"], "password": PASSWORD})
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0


async def test_forty_codes_at_once_are_evaluated_at_most_five_times(browser, monkeypatch):
    user = await make_user("officer", _email())
    await enable_totp(user["id"])
    step = await post_form(browser, "/login", {"email": user["email"], "password": PASSWORD})
    challenge = re.search(r'name="challenge" value="([^"]+)"', step.text).group(1)
    evaluated = _counting(monkeypatch, totp, "matching_step")
    responses = await asyncio.gather(*[
        post_form(browser, "/login/code", {"challenge": challenge, "code": f"{n:06d}"}) for n in range(40)])
    assert len(evaluated) <= 5, f"{len(evaluated)} codes were checked against a cap of 5"
    assert not any(r.status_code == 303 for r in responses)
    assert all(r.status_code in (400, 429) for r in responses), sorted(r.status_code for r in responses)


async def test_a_successful_sign_in_forgets_the_accounts_earlier_failures(browser):
    """4 wrong, 1 right, 2 wrong: the last two are ordinary mistakes, not a lock-out."""
    user = await make_user("officer", _email())
    for _ in range(4):
        assert (await post_form(browser, "/login", {"email": user["email"], "password": "not it at all"})).status_code == 400
    assert (await post_form(browser, "/login", {"email": user["email"], "password": PASSWORD})).status_code == 303
    for _ in range(2):
        response = await post_form(browser, "/login", {"email": user["email"], "password": "not it at all"})
        assert response.status_code == 400, response.status_code


async def test_a_right_code_after_wrong_ones_forgets_them_too(browser):
    user = await make_user("officer", _email())
    secret = await enable_totp(user["id"])
    step = await post_form(browser, "/login", {"email": user["email"], "password": PASSWORD})
    challenge = re.search(r'name="challenge" value="([^"]+)"', step.text).group(1)
    for _ in range(3):
        assert (await post_form(browser, "/login/code", {"challenge": challenge, "code": "000000"})).status_code == 400
    assert (await post_form(browser, "/login/code", {"challenge": challenge, "code": totp_code(secret)})).status_code == 303
    for _ in range(3):
        assert (await post_form(browser, "/login", {"email": user["email"], "password": "not it at all"})).status_code == 400
