"""What every attack check does over HTTP: a client, CSRF tokens, forms, two-step codes, signing in.

One copy for the three check modules (numbers, signin, inputs). httpx and the standard library
only, so the script runs from any checkout against any served instance.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import re
import struct
import time

import httpx

TIMEOUT = 30.0


class Unchecked(Exception):
    """Setting up a check failed; the runner reports "not checked: <why>" as a failure."""


def client(target, **kwargs) -> httpx.Client:
    return httpx.Client(base_url=target.base_url.rstrip("/"), follow_redirects=False, timeout=TIMEOUT, **kwargs)


def csrf_token(page: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    if not match:
        raise Unchecked("no CSRF token in the page")
    return html.unescape(match.group(1))


def post_form(http: httpx.Client, path: str, data: dict, page: str | None = None, **kwargs) -> httpx.Response:
    """POST `data` to `path` with the CSRF token of `page` (default: `path` itself), as a browser would."""
    token = csrf_token(http.get(page or path).text)
    return http.post(path, data={**data, "_csrf_token": token}, **kwargs)


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238, as an authenticator app computes it (SHA-1, 6 digits, 30 s)."""
    secret = secret.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def sign_in(http: httpx.Client, email: str, password: str, totp_secret: str | None = None,
            next_: str | None = None) -> httpx.Response:
    """Sign in through the pages, second step included; Unchecked when that fails."""
    data = {"email": email, "password": password, **({"next": next_} if next_ is not None else {})}
    response = post_form(http, "/login", data)
    if response.status_code == 200 and 'name="challenge"' in response.text:
        if not totp_secret:
            raise Unchecked(f"{email} has two-step sign-in: give the target its admin_totp_secret")
        response = _second_step(http, response.text, totp_secret)
    if response is None or response.status_code != 303:
        status = response.status_code if response is not None else "no answer"
        raise Unchecked(f"could not sign in as {email} ({status}); is this address throttled?")
    return response


def _second_step(http: httpx.Client, page: str, secret: str) -> httpx.Response | None:
    """A code works once per 30-second step: try this step's, the next one's, then wait for a fresh step."""
    response = None
    for offset in (0, 1, None, 0):
        if offset is None:
            time.sleep(31 - time.time() % 30)
            continue
        challenge = re.search(r'name="challenge" value="([^"]+)"', page)
        if not challenge:
            break
        response = http.post("/login/code", data={"challenge": html.unescape(challenge.group(1)),
                                                   "_csrf_token": csrf_token(page),
                                                   "code": totp(secret, time.time() + 30 * offset)})
        if response.status_code == 303:
            return response
        page = response.text
    return response


_admins: dict[tuple[str, str], httpx.Client] = {}


def admin_session(target) -> httpx.Client:
    """One admin session for every check of a run: each sign-in spends a one-time code and some of
    this address's sign-in allowance."""
    key = (target.base_url, target.admin_email)
    http = _admins.get(key)
    if http is not None and http.get("/officer/account").status_code == 200:
        return http
    http = client(target)
    sign_in(http, target.admin_email, target.admin_password, getattr(target, "admin_totp_secret", None))
    _admins[key] = http
    return http


def questions(http: httpx.Client, slug: str) -> list[dict]:
    return http.get(f"/api/consultations/{slug}").json()["questions"]


def valid_answers(http: httpx.Client, slug: str, text: str) -> dict:
    """One valid answer to every question: `text` where text is asked, else the first option."""
    answers: dict = {}
    for q in questions(http, slug):
        options = [o["value"] for o in q["options"] if o["value"] != "other"]
        if q["kind"] in ("short_text", "long_text"):
            answers[str(q["id"])] = text[: q.get("max_length") or 200]
        elif q["kind"] == "postcode":
            answers[str(q["id"])] = "LE2 1AB"
        elif q["kind"] == "multiple_choice" and options:
            answers[str(q["id"])] = [options[0]]
        elif options:
            answers[str(q["id"])] = options[0]
    return answers


def send_response(http: httpx.Client, slug: str, about: dict | None = None,
                  text: str = "A check from the attack script") -> str | None:
    """One anonymous response through the JSON API; its receipt, or None when refused. Earlier checks
    use up this address's API allowance on purpose, so a 429 waits out its Retry-After once."""
    body = {"answers": valid_answers(http, slug, text), "about_you": about or {}}
    sent = http.post(f"/api/consultations/{slug}/responses", json=body)
    if sent.status_code == 429:
        time.sleep(min(int(sent.headers.get("Retry-After", "60")), 65) + 1)
        sent = http.post(f"/api/consultations/{slug}/responses", json=body)
    return sent.json().get("receipt") if sent.status_code == 201 else None
