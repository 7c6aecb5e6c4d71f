"""Sign-in and session checks (issue 12, items 8-14) against a served engage, with httpx only.

`CHECKS` is a list of (name, check); each check takes a target with `base_url`, `admin_email`,
`admin_password`, `consultation_slug` (an open consultation) and, when the admin has two-step
sign-in (always, in production), `admin_totp_secret`. A check returns None when the item holds,
or a sentence saying what still fails. The runner (benchmarks/attack.py) prints them.

They attack a live instance, so they leave traces: accounts named attack-*@example.invalid
(left deactivated), a revoked token, audit entries. They also use up this address's sign-in
allowance (ENGAGE_LOGIN_ATTEMPTS_PER_CLIENT per ENGAGE_LOGIN_WINDOW_SECONDS): run them in the
order listed, once per window. The race checks send a made-up X-Forwarded-For with each
request, so an instance that still believes the header is caught even after another check has
used up the real address's allowance.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from typing import Callable
from urllib.parse import urlsplit

import httpx

from . import web

STRONG = "kettle orbit lantern meadow"


def _new_account(admin: httpx.Client, role: str = "officer") -> tuple[str, str, int]:
    email = f"attack-{secrets.token_hex(4)}@example.invalid"
    response = web.post_form(admin, "/officer/admin/users", {"email": email, "name": "Attack check", "role": role,
                                                           "password": STRONG})
    if response.status_code != 303:
        raise web.Unchecked(f"could not create a test account ({response.status_code})")
    page = admin.get("/officer/admin/users").text
    match = re.search(r'action="/officer/admin/users/(\d+)"[^>]*>(?:(?!</form>).)*?' + re.escape(email), page, re.S)
    if not match:
        raise web.Unchecked("could not find the test account's id on the users page")
    return email, STRONG, int(match.group(1))


def _set_active(admin: httpx.Client, user_id: int, active: bool, role: str = "officer") -> None:
    web.post_form(admin, f"/officer/admin/users/{user_id}", {"role": role, "active": "yes" if active else "no"},
               page="/officer/admin/users")


def _enrol_totp(client: httpx.Client) -> str:
    page = client.get("/officer/account/totp").text
    match = re.search(r"secret=([A-Z2-7]+)", page)
    if not match:
        raise web.Unchecked("could not read the two-step set-up key")
    secret = match.group(1)
    response = client.post("/officer/account/totp", data={"code": web.totp(secret), "_csrf_token": web.csrf_token(page)})
    if response.status_code != 303:
        raise web.Unchecked(f"could not set up two-step sign-in ({response.status_code})")
    return secret


def _spoofed() -> dict[str, str]:
    return {"X-Forwarded-For": f"198.51.{secrets.randbelow(250) + 1}.{secrets.randbelow(250) + 1}"}


# --- item 14 -------------------------------------------------------------------------------

WEAK_PASSWORDS = ["            ", "password1234", "aaaaaaaaaaaa", "Summer2024!!", "abcabcabcabc"]


def check_password_policy(target) -> str | None:
    """Item 14: weak passwords and look-alike addresses are refused when an admin adds an account."""
    admin = web.admin_session(target)
    accepted = []
    for password in WEAK_PASSWORDS:
        email = f"attack-{secrets.token_hex(4)}@example.invalid"
        response = web.post_form(admin, "/officer/admin/users", {"email": email, "role": "officer", "password": password})
        if response.status_code != 400:
            accepted.append(f"password {password!r} ({response.status_code})")
    lookalike = f"\u0430dmin-{secrets.token_hex(3)}@example.invalid"  # Cyrillic "а"
    response = web.post_form(admin, "/officer/admin/users", {"email": lookalike, "role": "admin", "password": STRONG})
    if response.status_code != 400:
        accepted.append(f"the look-alike address {lookalike!r} ({response.status_code})")
    return f"accepted {', '.join(accepted)}" if accepted else None


# --- item 13 -------------------------------------------------------------------------------

REDIRECT_VECTORS = ["//evil.example/", "/\\evil.example/", "/\t/evil.example/", "/\r\n/evil.example/",
                    "/%0d%0aSet-Cookie:%20x=1", "/%2F%2Fevil.example/", "/%5Cevil.example/", "https://evil.example/",
                    "javascript:alert(1)", "/\\/evil.example/", "/%09/evil.example/"]


def _same_site(location: str | None) -> bool:
    if not location or not location.startswith("/") or location.startswith("//"):
        return False
    if "\\" in location or any(ord(ch) < 32 or ord(ch) == 127 for ch in location):
        return False
    return not urlsplit(location).netloc


def check_open_redirect(target) -> str | None:
    """Item 13: `next` after sign-in only ever leads to a page of this site; CR/LF still signs in."""
    problems = []
    admin = web.admin_session(target)
    for vector in REDIRECT_VECTORS:
        try:
            response = admin.get("/login", params={"next": vector})
        except httpx.HTTPError as exc:
            problems.append(f"{vector!r} broke the response ({type(exc).__name__})")
            continue
        if response.status_code != 303 or not _same_site(response.headers.get("location")):
            problems.append(f"{vector!r} -> {response.status_code} {response.headers.get('location')!r}")
    email, password, user_id = _new_account(admin)
    try:
        with web.client(target) as person:
            response = web.sign_in(person, email, password, next_="/\r\n/evil.example/")
            if not _same_site(response.headers.get("location")):
                problems.append(f"sign-in with CR/LF in next -> {response.headers.get('location')!r}")
    except web.Unchecked as exc:
        problems.append(f"sign-in with CR/LF in next failed: {exc}")
    finally:
        _set_active(admin, user_id, False)
    return "; ".join(problems) or None


# --- item 12 -------------------------------------------------------------------------------

def _cookie_named(client: httpx.Client, suffix: str) -> tuple[str, str] | None:
    for cookie in client.cookies.jar:
        if cookie.name.endswith(suffix):
            return cookie.name, cookie.value
    return None


def check_csrf_binding(target) -> str | None:
    """Item 12: an attacker's own CSRF cookie and token, planted in a victim's browser, are refused."""
    problems = []
    with web.client(target) as attacker:
        attacker_token = web.csrf_token(attacker.get("/login").text)
        planted_csrf = _cookie_named(attacker, "engage_csrf")
    if planted_csrf is None:
        return "no CSRF cookie was issued"
    csrf_name = planted_csrf[0]

    admin = web.admin_session(target)
    email, password, user_id = _new_account(admin)
    victim = web.client(target)
    try:
        web.sign_in(victim, email, password)
        session = _cookie_named(victim, "engage_session")
        if session is None:
            raise web.Unchecked("no session cookie after signing in")
        cookie = f"{session[0]}={session[1]}; {csrf_name}={attacker_token}"
        response = victim.post("/logout", headers={"cookie": cookie, "x-csrftoken": attacker_token})
        if response.status_code != 403:
            problems.append(f"signed in: a planted pair was accepted on POST /logout ({response.status_code})")
    finally:
        _set_active(admin, user_id, False)

    with web.client(target) as anonymous:
        anonymous.get("/login")
        visitor = _cookie_named(anonymous, "engage_visitor")
        own = f"{visitor[0]}={visitor[1]}; " if visitor else ""
        response = anonymous.post("/login", data={"email": "nobody@example.invalid", "password": "wrong wrong",
                                                  "_csrf_token": attacker_token},
                                  headers={"cookie": f"{own}{csrf_name}={attacker_token}"})
        if response.status_code != 403:
            problems.append(f"not signed in: a planted pair was accepted on POST /login ({response.status_code})")

    if target.base_url.startswith("https://"):
        names = [c.name for c in victim.cookies.jar if "engage_" in c.name]
        unprefixed = [n for n in names if not n.startswith("__Host-")]
        if unprefixed:
            problems.append(f"cookies without the __Host- prefix: {', '.join(unprefixed)}")
    return "; ".join(problems) or None


# --- item 11 -------------------------------------------------------------------------------

def check_api_tokens(target) -> str | None:
    """Item 11: tokens are scoped and expiring, useless for administration, and die with deactivation."""
    problems = []
    admin = web.admin_session(target)
    page = admin.get("/officer/account")
    made = admin.post("/officer/account/tokens", data={"name": "attack check", "scopes": "read:summaries",
                                                       "days": "7", "_csrf_token": web.csrf_token(page.text)})
    match = re.search(r"(eng_[A-Za-z0-9_\-]+)", made.text)
    if not match:
        raise web.Unchecked(f"could not make a token ({made.status_code})")
    bearer = {"Authorization": f"Bearer {match.group(1)}"}
    with web.client(target) as script:
        attempts = {
            "create an admin account": ("POST", "/officer/admin/users",
                                        {"email": f"attack-{secrets.token_hex(4)}@example.invalid", "role": "admin",
                                         "password": STRONG}),
            "read the subject access page": ("GET", "/officer/privacy/access", None),
            "mint another token": ("POST", "/officer/account/tokens", {"name": "more", "scopes": "read:summaries"}),
            "download responses without read:responses": (
                "GET", f"/api/consultations/{target.consultation_slug}/responses.csv", None),
        }
        for label, (method, path, data) in attempts.items():
            response = script.request(method, path, headers=bearer, data=data)
            if response.status_code not in (401, 403):
                problems.append(f"a token could {label} ({response.status_code})")
        if script.get("/api/summaries/priorities", headers=bearer).status_code != 200:
            problems.append("a read:summaries token could not read /api/summaries/priorities")
    listing = admin.get("/officer/account").text
    for heading in ("Expires", "Last used"):
        if heading not in listing:
            problems.append(f"the account page does not list each token's {heading.lower()}")
    revoke = re.findall(r'action="(/officer/account/tokens/\d+/revoke)"', listing)
    for action in revoke[:1]:  # the newest first: the one made above
        admin.post(action, data={"_csrf_token": web.csrf_token(listing)})

    email, password, user_id = _new_account(admin)
    with web.client(target) as person:
        web.sign_in(person, email, password)
        _set_active(admin, user_id, False)
        _set_active(admin, user_id, True)
        response = person.get("/officer")
        if response.status_code == 200:
            problems.append("a session made before deactivation works again after reactivation")
    _set_active(admin, user_id, False)
    return "; ".join(problems) or None


# --- item 9 --------------------------------------------------------------------------------

def check_success_clears_failures(target) -> str | None:
    """Item 9: 4 wrong passwords, the right one, then 2 wrong: ordinary mistakes, not a lock-out."""
    admin = web.admin_session(target)
    email, password, user_id = _new_account(admin)
    try:
        with web.client(target) as person:
            for _ in range(4):
                web.post_form(person, "/login", {"email": email, "password": "not the password at all"})
            web.sign_in(person, email, password)
            person.post("/logout", data={"_csrf_token": web.csrf_token(person.get("/officer").text)})
            for n in range(2):
                response = web.post_form(person, "/login", {"email": email, "password": "not the password at all"})
                if response.status_code == 429:
                    return f"wrong password {n + 1} after a successful sign-in was refused with 429"
    finally:
        _set_active(admin, user_id, False)
    return None


# --- item 8 --------------------------------------------------------------------------------

async def _race(target, cookies: httpx.Cookies, path: str, forms: list[dict]) -> list[int]:
    async with httpx.AsyncClient(base_url=target.base_url, cookies=cookies, timeout=web.TIMEOUT,
                                 follow_redirects=False) as client:
        responses = await asyncio.gather(*[client.post(path, data=form, headers=_spoofed()) for form in forms],
                                         return_exceptions=True)
    return [r.status_code if isinstance(r, httpx.Response) else 599 for r in responses]


def check_login_race(target) -> str | None:
    """Item 8: 40 codes and 30 passwords sent at once are evaluated at most 5 times each."""
    problems = []
    admin = web.admin_session(target)
    code_email, code_password, code_id = _new_account(admin)
    pass_email, pass_password, pass_id = _new_account(admin)
    try:
        with web.client(target) as person:
            web.sign_in(person, code_email, code_password)
            secret = _enrol_totp(person)
        with web.client(target) as racer:
            step = web.post_form(racer, "/login", {"email": code_email, "password": code_password})
            challenge = re.search(r'name="challenge" value="([^"]+)"', step.text)
            if not challenge:
                raise web.Unchecked(f"no two-step challenge ({step.status_code})")
            token = web.csrf_token(step.text)
            wrong = (int(web.totp(secret)) + 500_000) % 1_000_000
            forms = [{"challenge": challenge.group(1), "code": f"{(wrong + n) % 1_000_000:06d}", "_csrf_token": token}
                     for n in range(40)]
            statuses = asyncio.run(_race(target, racer.cookies, "/login/code", forms))
            evaluated = [s for s in statuses if s != 429]
            if len(evaluated) > 5:
                problems.append(f"{len(evaluated)} of 40 codes sent at once were evaluated (cap 5)")

        with web.client(target) as racer:
            token = web.csrf_token(racer.get("/login").text)
            forms = [{"email": pass_email, "password": f"wrong guess {n}", "_csrf_token": token} for n in range(30)]
            statuses = asyncio.run(_race(target, racer.cookies, "/login", forms))
            evaluated = [s for s in statuses if s != 429]
            if len(evaluated) > 5:
                problems.append(f"{len(evaluated)} of 30 passwords sent at once were evaluated (limit 5)")
            right = racer.post("/login", data={"email": pass_email, "password": pass_password,
                                               "_csrf_token": web.csrf_token(racer.get("/login").text)}, headers=_spoofed())
            if right.status_code != 429:
                problems.append(f"the right password straight after the race gave {right.status_code}, not 429")
    finally:
        _set_active(admin, code_id, False)
        _set_active(admin, pass_id, False)
    return "; ".join(problems) or None


# --- item 10 -------------------------------------------------------------------------------

def check_forwarded_for(target) -> str | None:
    """Item 10: a made-up X-Forwarded-For on each request does not escape the per-client limits."""
    problems = []
    with web.client(target) as client:
        statuses = []
        for n in range(25):  # the default per-client sign-in limit is 20 a window
            token = web.csrf_token(client.get("/login").text)
            statuses.append(client.post("/login", headers=_spoofed(), data={
                "email": f"attack-{n}@example.invalid", "password": "guess guess guess", "_csrf_token": token,
            }).status_code)
        if 429 not in statuses:
            problems.append("25 sign-in attempts, each with a new X-Forwarded-For, were never slowed")
        statuses = [client.post(f"/api/consultations/{target.consultation_slug}/responses", headers=_spoofed(),
                                json={"answers": {"q0": "attack check"}}).status_code for _ in range(40)]
        if 429 not in statuses:
            problems.append("40 API submissions, each with a new X-Forwarded-For, were never slowed")
    return "; ".join(problems) or None


CHECKS: list[tuple[str, Callable[[object], str | None]]] = [
    ("14 password policy and look-alike addresses", check_password_policy),
    ("13 open redirect after sign-in", check_open_redirect),
    ("12 CSRF tokens bound to the session", check_csrf_binding),
    ("11 API tokens scoped, expiring, not for administration", check_api_tokens),
    ("9 a sign-in clears the failure count", check_success_clears_failures),
    ("8 sign-in throttle holds under a race", check_login_race),
    ("10 X-Forwarded-For not believed by default", check_forwarded_for),
]
