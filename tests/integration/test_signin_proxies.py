"""X-Forwarded-For is believed only from a configured proxy, and then read from the right.

By default no proxy is trusted: a client rotating the header through made-up addresses is still
one client to the sign-in and API limits. Behind a real proxy (ENGAGE_TRUSTED_PROXIES), the
client is the rightmost address that is not a trusted proxy; anything left of it was written
by the client and is ignored.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import run_engage
from tests.support import free_port

PER_CLIENT = 3


def _token(page: str) -> str:
    return re.search(r'name="_csrf_token" value="([^"]+)"', page).group(1)


async def _open_consultation(url: str) -> str:
    from engage import db
    from tests.support import make_consultation

    engine = db.make_engine(url)
    db.use_engine(engine)
    consultation, _ = await make_consultation("proxy-check", kinds=["short_text"])
    return consultation["slug"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`engage serve` itself (uvicorn, as in production) on a fresh SQLite database, for both tests of the
    limits (each counts its own kind of request: sign-ins, API submissions)."""
    folder = tmp_path_factory.mktemp('served')
    url = f"sqlite:///{folder / 'served.sqlite'}"
    run_engage("migrate", url=url)
    slug = asyncio.run(_open_consultation(url))
    port = free_port()
    env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_ENV": "test",
           "ENGAGE_LOGIN_ATTEMPTS_PER_CLIENT": str(PER_CLIENT), "ENGAGE_API_SUBMISSIONS_PER_MINUTE": str(PER_CLIENT)}
    env.pop("ENGAGE_TRUSTED_PROXIES", None)
    # Its output to a file: a pipe nobody reads fills and stops the server, and reading one to its end
    # waits for a server still starting (under load it took over a minute: the run hung there).
    log = folder / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "engage", "serve", "--port", str(port), "--no-migrate"],
                                  env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # as the browser tests' server (tests/browser/conftest.py): load
        while True:
            try:
                if httpx.get(base + "/health", timeout=2).status_code in (200, 503):
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                server.wait()
                pytest.fail(f"engage serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)
        yield base, slug
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.xdist_group("signin_proxies_served")  # one worker, one server for both (`served`)
def test_rotating_x_forwarded_for_does_not_escape_the_sign_in_limit(served):
    base, _ = served
    with httpx.Client(base_url=base, timeout=60) as client:
        statuses = []
        for n in range(PER_CLIENT + 2):
            token = _token(client.get("/login").text)
            response = client.post("/login", data={"email": f"nobody{n}@example.org", "password": "guess guess guess",
                                                   "_csrf_token": token},
                                   headers={"X-Forwarded-For": f"198.51.100.{n + 1}"})
            statuses.append(response.status_code)
    assert statuses[:PER_CLIENT] == [400] * PER_CLIENT and statuses[PER_CLIENT:] == [429, 429], statuses


@pytest.mark.xdist_group("signin_proxies_served")  # one worker, one server for both (`served`)
def test_rotating_x_forwarded_for_does_not_escape_the_api_limit(served):
    base, slug = served
    statuses = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for n in range(PER_CLIENT + 2):
            response = client.post(f"/api/consultations/{slug}/responses", json={"answers": {"q987654": "x"}},
                                   headers={"X-Forwarded-For": f"198.51.100.{n + 1}"})
            statuses.append(response.status_code)
    assert 429 in statuses[PER_CLIENT:] and 429 not in statuses[:PER_CLIENT], statuses


@pytest.fixture
async def behind_proxy(app, settings):
    from engage.app import create_app

    proxied = create_app(dataclasses.replace(settings, trusted_proxies=("10.0.0.0/8",),
                                             login_attempts_per_client=PER_CLIENT))

    def client(peer: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=proxied, client=(peer, 40000)),
                                 base_url="http://testserver.local", follow_redirects=False)

    return client


async def _attempts(client: httpx.AsyncClient, forwarded: list[str]) -> list[int]:
    statuses = []
    for n, header in enumerate(forwarded):
        token = _token((await client.get("/login")).text)
        response = await client.post("/login", data={"email": f"x{n}@example.org", "password": "guess guess guess",
                                                     "_csrf_token": token}, headers={"X-Forwarded-For": header})
        statuses.append(response.status_code)
    return statuses


async def test_behind_a_trusted_proxy_the_client_is_the_rightmost_untrusted_address(behind_proxy):
    # The proxy (10.0.0.5) appends the address it saw; the client made up everything to its left.
    async with behind_proxy("10.0.0.5") as via_proxy:
        spoofed = [f"203.0.113.{n}, 198.51.100.20, 10.0.0.7" for n in range(PER_CLIENT + 1)]
        assert await _attempts(via_proxy, spoofed) == [400] * PER_CLIENT + [429]
        # Another real client behind the same proxy is not held back by the first one.
        assert await _attempts(via_proxy, ["198.51.100.21"]) == [400]


async def test_a_peer_that_is_not_a_trusted_proxy_cannot_name_another_client(behind_proxy):
    async with behind_proxy("192.0.2.50") as direct:
        assert await _attempts(direct, [f"198.51.100.{n}" for n in range(PER_CLIENT + 1)]) == \
            [400] * PER_CLIENT + [429]
    async with behind_proxy("10.0.0.5") as garbage:
        assert (await _attempts(garbage, ["not-an-address, <script>"]))[0] == 400  # no 500, proxy's own address


def test_a_bad_trusted_proxies_setting_is_a_clear_error(monkeypatch):
    from engage.settings import Settings, SettingsError

    monkeypatch.setenv("ENGAGE_TRUSTED_PROXIES", "10.0.0.0/8, the load balancer")
    with pytest.raises(SettingsError, match="the load balancer"):
        Settings.from_env()
    monkeypatch.setenv("ENGAGE_TRUSTED_PROXIES", "10.0.0.0/8, ::1")
    assert Settings.from_env().trusted_proxies == ("10.0.0.0/8", "::1")
