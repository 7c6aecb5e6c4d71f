"""Helpers that act as a person would: fetch a form, send it with its CSRF token, sign in."""

from __future__ import annotations

import datetime as dt
import re

from engage.auth.csrf import CSRF_COOKIE

PASSWORD = "correct horse battery staple"
SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"  # the test app's ENGAGE_SECRET_KEY


async def csrf_token(client) -> str:
    """The token the pages carry, from the CSRF cookie (named `__Host-engage_csrf` with secure cookies)."""
    names = (CSRF_COOKIE, "__Host-" + CSRF_COOKIE)
    if not any(client.cookies.get(name) for name in names):
        await client.get("/accessibility")
    return next((client.cookies.get(name) for name in names if client.cookies.get(name)), None)


async def post_form(client, url: str, data: dict | list | None = None, **kwargs):
    """POST a form as the browser would, with the CSRF token the page carried."""
    token = await csrf_token(client)
    items = list(data.items()) if isinstance(data, dict) else list(data or [])
    flat = []
    for key, value in items:
        if isinstance(value, (list, tuple)):
            flat += [(key, v) for v in value]
        else:
            flat.append((key, value))
    flat.append(("_csrf_token", token))
    body = "&".join(f"{_q(k)}={_q(str(v))}" for k, v in flat)
    headers = {"content-type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
    return await client.post(url, content=body, headers=headers, **kwargs)


def _q(value: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(value)


async def make_user(role: str, email: str | None = None, password: str = PASSWORD) -> dict:
    from engage.auth.services import create_user

    return await create_user(email or f"{role}@example.org", role, password, name=role.title())


async def sign_in(client, role: str, email: str | None = None, totp: bool | None = None) -> dict:
    """Sign in a new account of this role. Admins (who must) and anyone asked to use two-step sign-in."""
    user = await make_user(role, email)
    if totp if totp is not None else role == "admin":
        user["totp_secret"] = await enable_totp(user["id"])
    response = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD})
    if user.get("totp_secret"):
        assert response.status_code == 200 and 'name="challenge"' in response.text, response.text
        challenge = re.search(r'name="challenge" value="([^"]+)"', response.text).group(1)
        response = await post_form(client, "/login/code", {"challenge": challenge, "code": totp_code(user["totp_secret"])})
    assert response.status_code == 303, response.text
    return user


async def enable_totp(user_id: int) -> str:
    from engage.security import totp

    secret = totp.new_secret()
    await totp.enable(user_id, secret, SECRET_KEY)
    return secret


def totp_code(secret: str, offset_steps: int = 0) -> str:
    import time

    import pyotp

    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


QUESTION_SPECS = {
    "short_text": dict(text="Name one street that worries you"),
    "long_text": dict(text="Tell us more", max_length="100"),
    "single_choice": dict(text="Pick one", new_options="Alpha\nBravo\nCharlie", allow_other=True),
    "multiple_choice": dict(text="Pick any", new_options="Red\nGreen\nBlue", allow_other=True),
    "agree_scale": dict(text="Knife crime is a problem here"),
    "rating": dict(text="How safe do you feel?"),
    "yes_no": dict(text="Would you report it?"),
    "ward": dict(text="Which ward?"),
    "postcode": dict(text="Your postcode"),
}


# The number, date and ranking kinds, with their settings (kept apart from QUESTION_SPECS, which
# many tests build every kind of; surveys.kinds_settings names the fields).
MEASURE_SPECS = {
    "number": dict(text="How many years have you lived here?", settings={"number_min": "0", "number_max": "120",
                                                                          "number_suffix": "years"}),
    "date": dict(text="When did it happen?", settings={"date_when": "not_future"}),
    "ranking": dict(text="Rank these priorities", new_options="Knife crime\nDrugs\nAnti-social behaviour"),
}


async def make_consultation(slug: str = "test-consultation", status: str = "open", kinds=None, required=False,
                            opens_at=None, closes_at=None, ask_about_you=True) -> tuple[dict, list[dict]]:
    """A consultation with one question of each named kind, straight through the services."""
    from surveys import builder
    from surveys.tables import Consultation

    rows = await Consultation.insert(Consultation(
        slug=slug, title=f"Consultation {slug}", summary="A summary", background="Some **background**",
        status=status, priorities=["localities"], opens_at=opens_at, closes_at=closes_at, ask_about_you=ask_about_you,
    )).returning(Consultation.id).run()
    cid = rows[0]["id"]
    questions = []
    for kind in kinds or QUESTION_SPECS:
        spec = QUESTION_SPECS.get(kind) or MEASURE_SPECS[kind]
        form = builder.QuestionForm(kind=kind, required=required, **spec)
        questions.append(await builder.add_question(cid, form, has_responses=False))
    from surveys.consultations import get

    return await get(cid), questions


PLAN = {"purpose": "Decide where the new patrols go", "open_to_change": "Which streets come first",
        "not_open_to_change": "The number of officers", "how_used": "Read by the partnership board",
        "decision_expected": "2027-03-31", "equality_link": "https://example.org/eia.pdf", "equality_summary": "",
        "short_reason": "", "wards": ["castle"]}


async def make_plan(consultation_id: int, **overrides) -> None:
    """What residents are told before a consultation opens (surveys.plan), complete, so it may open."""
    from surveys.loop_tables import ConsultationPlan

    values = {**PLAN, "decision_expected": dt.date(2027, 3, 31), "short_reason": "A test runs briefly", **overrides}
    await ConsultationPlan.insert(ConsultationPlan(consultation=consultation_id, **values)).run()


def hours(n: float) -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=n)


def error_summary_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the 'There is a problem' summary."""
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    if not match:
        return []
    return [(h, re.sub(r"\s+", " ", t).strip()) for h, t in re.findall(r'<a href="([^"]+)">(.*?)</a>', match.group(0), re.S)]


async def require_redis(url: str) -> None:
    """Skip (fail in CI) when Redis cannot be reached, with a client of its own: a Redis client
    belongs to the event loop it first ran on, and the app under test runs on another."""
    import os

    import pytest

    from engage.store.backends import RedisStore

    store = RedisStore(url)
    try:
        await store.ping()
    except Exception as exc:  # noqa: BLE001 - any failure to reach Redis
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis unreachable in CI: {exc}")
        pytest.skip(f"Redis unreachable: {exc}")
    finally:
        await store.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing holds now, for a server a test starts."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_pids(pid: int) -> list[int]:
    """The processes `pid` started (uvicorn's workers under its supervisor, say), from /proc (Linux)."""
    from pathlib import Path

    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def wait_for(condition, timeout: float = 15, what: str = "", every: float = 0.05) -> None:
    """Poll condition() until it is true (another process doing the work); fail after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what or condition}")


def png(size=(60, 40), text_chunk: str | None = None) -> bytes:
    """A small PNG picture (an Easy Read question's), with a text chunk of hidden metadata if asked."""
    import io

    from PIL import Image, PngImagePlugin

    info = None
    if text_chunk:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", text_chunk)
    out = io.BytesIO()
    Image.new("RGB", size, (0, 94, 165)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()
