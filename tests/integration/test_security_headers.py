"""Security headers on every response (errors, 404, 405, static files included) and cookie flags."""

from __future__ import annotations

import dataclasses

from litestar.testing import AsyncTestClient

from tests.integration.test_routes_walk import World, discover, fill, send
from tests.support import make_user, post_form, PASSWORD


def header_problems(label: str, response, private: bool) -> list[str]:
    h = response.headers
    problems = []
    csp = h.get("content-security-policy", "")
    if not csp:
        problems.append("no Content-Security-Policy")
    for bad in ("unsafe-inline", "unsafe-eval"):
        if bad in csp:
            problems.append(f"CSP allows {bad}")
    if "frame-ancestors 'none'" not in csp:
        problems.append("CSP lacks frame-ancestors 'none'")
    if "max-age=" not in h.get("strict-transport-security", ""):
        problems.append("no HSTS")
    if h.get("x-content-type-options") != "nosniff":
        problems.append("no nosniff")
    if not h.get("referrer-policy"):
        problems.append("no Referrer-Policy")
    if private and "no-store" not in h.get("cache-control", ""):
        problems.append(f"officer page cached: Cache-Control {h.get('cache-control')!r}")
    return [f"{label} ({response.status_code}): {p}" for p in problems]


async def test_every_route_answers_with_the_security_headers(app):
    world = await World(app).build()
    problems = []
    try:
        for case in discover(app):
            url = fill(case, await world.existing_for(case))
            for who in ("anonymous", "executive", "admin"):
                # Unsafe methods without a token: the refusal's headers are checked, and nothing
                # (a sign-out, say) changes who the later requests come from.
                response = await send(world.clients[who], case, url,
                                      **({} if case.method == "GET" else {"token": None}))
                private = (who != "anonymous" and not case.static) or url.startswith("/officer")
                problems += header_problems(f"{case.label} as {who}", response, private)
        anonymous = world.clients["anonymous"]
        extra = [
            ("404", await anonymous.get("/no-such-page")),
            ("404 under /officer", await anonymous.get("/officer/no-such-page")),
            ("404 API", await anonymous.get("/api/no-such-thing")),
            ("405", await anonymous.delete("/accessibility")),
            ("405 API", await anonymous.put("/api/consultations")),
            ("static", await anonymous.get("/static/css/engage.css")),
            ("static 404", await anonymous.get("/static/no-such.css")),
            ("CSRF 403", await anonymous.post("/login", data={"email": "x"})),
            ("OpenAPI", await anonymous.get("/schema/openapi.json")),
        ]
        for label, response in extra:
            problems += header_problems(label, response, private=False)
        assert extra[3][1].status_code == 405 and extra[5][1].status_code == 200
        # The officer 404 is not cached either, signed in.
        response = await world.clients["admin"].get("/officer/no-such-page")
        problems += header_problems("officer 404 signed in", response, private=True)
    finally:
        await world.close()
    assert not problems, "\n".join(problems)


async def test_a_500_page_has_the_headers_and_no_traceback(app, settings):
    from litestar import get

    from engage.app import create_app

    @get("/boom-headers", include_in_schema=False)
    async def boom() -> str:
        raise RuntimeError("internal detail")

    app = create_app(settings)  # its own app: a route added to the shared one would reach the route walk
    app.register(boom)
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/boom-headers")
    assert response.status_code == 500
    assert not header_problems("500", response, private=False)
    assert "internal detail" not in response.text and "Traceback" not in response.text


def _cookie_problems(set_cookies: list[str], secure: bool) -> list[str]:
    problems = []
    for cookie in set_cookies:
        name = cookie.split("=", 1)[0]
        flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        if "httponly" not in flags:
            problems.append(f"{name} is not HttpOnly")
        if "samesite" not in flags:
            problems.append(f"{name} has no SameSite")
        if secure and "secure" not in flags:
            problems.append(f"{name} is not Secure")
    return problems


async def _cookies_from_a_journey(app, base_url: str) -> list[str]:
    """Every Set-Cookie the app sends through sign-in, a response and sign-out."""
    from tests.support import make_consultation

    seen: list[str] = []
    async with AsyncTestClient(app=app, base_url=base_url) as client:
        client.follow_redirects = False

        def keep(response):
            seen.extend(response.headers.get_list("set-cookie"))
            return response

        keep(await client.get("/login"))
        user = await make_user("officer")
        keep(await post_form(client, "/login", {"email": user["email"], "password": PASSWORD}))
        keep(await client.get("/officer"))
        c, questions = await make_consultation("cookie-check", kinds=["short_text"])
        keep(await post_form(client, "/consultations/cookie-check/respond", {f"q{questions[0]['id']}": "Hi"}))
        keep(await post_form(client, "/logout"))
    return seen


async def test_cookies_are_secure_httponly_and_samesite_in_production(app, settings):
    from engage.app import create_app
    from engage.db import current_engine

    secure_app = create_app(dataclasses.replace(settings, secure_cookies=True), engine=current_engine())
    cookies = await _cookies_from_a_journey(secure_app, "https://testserver.local")
    names = {c.split("=", 1)[0] for c in cookies}
    # Production names carry the __Host- prefix, so no subdomain can plant one (engage.auth.cookies).
    assert {"__Host-engage_session", "__Host-engage_csrf", "__Host-engage_visitor", "engage_receipt"} <= names, names
    assert not _cookie_problems(cookies, secure=True)


async def test_cookies_are_httponly_and_samesite_in_local_development(app):
    cookies = await _cookies_from_a_journey(app, "http://testserver.local")
    assert cookies and not _cookie_problems(cookies, secure=False)


def test_production_settings_turn_secure_cookies_on(monkeypatch):
    from engage.settings import Settings

    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "x" * 48)
    monkeypatch.delenv("ENGAGE_SECURE_COOKIES", raising=False)
    assert Settings.from_env().secure_cookies


def _attributes(set_cookie: str) -> tuple[str, str, dict[str, str]]:
    """(name, value, {attribute in lower case: its value, "" for a flag})."""
    first, *rest = [part.strip() for part in set_cookie.split(";")]
    name, _, value = first.partition("=")
    attributes = {}
    for part in rest:
        key, _, val = part.partition("=")
        attributes[key.lower()] = val.lower()
    return name, value, attributes


async def test_each_cookie_is_set_and_cleared_with_exactly_its_attributes(app, settings):
    """Every cookie engage sets (through Litestar's cookie API) keeps its security attributes: the
    session, CSRF and visitor cookies for the whole site with no Domain and no lifetime beyond the
    browser session; the receipt only for its thank-you page and only for 15 minutes; signing out
    clears the session cookie at once. Secure (and the __Host- prefix) in production."""
    from engage.app import create_app
    from engage.db import current_engine
    from tests.support import make_consultation

    secure_app = create_app(dataclasses.replace(settings, secure_cookies=True), engine=current_engine())
    for served, base, secure in ((app, "http://testserver.local", False), (secure_app, "https://testserver.local", True)):
        prefix = "__Host-" if secure else ""
        seen: dict[str, list[tuple[str, dict]]] = {}
        async with AsyncTestClient(app=served, base_url=base) as client:
            client.follow_redirects = False

            def keep(response):
                for header in response.headers.get_list("set-cookie"):
                    name, value, attributes = _attributes(header)
                    seen.setdefault(name, []).append((value, attributes))
                return response

            keep(await client.get("/login"))
            label = "production" if secure else "development"
            user = await make_user("officer", email=f"cookies-{label}@example.org")
            keep(await post_form(client, "/login", {"email": user["email"], "password": PASSWORD}))
            c, questions = await make_consultation(f"cookie-attributes-{label}", kinds=["short_text"])
            answered = keep(await post_form(client, f"/consultations/{c['slug']}/respond",
                                            {f"q{questions[0]['id']}": "Hi"}))
            assert answered.status_code == 303
            keep(await post_form(client, "/logout"))

        for name in (f"{prefix}engage_session", f"{prefix}engage_csrf", f"{prefix}engage_visitor"):
            assert name in seen, (name, seen)
            for value, attributes in seen[name]:
                assert attributes.get("path") == "/" and "domain" not in attributes, (name, attributes)
                assert "httponly" in attributes and attributes.get("samesite") == "lax", (name, attributes)
                assert ("secure" in attributes) is secure, (name, attributes)
        issued, cleared = seen[f"{prefix}engage_session"][0], seen[f"{prefix}engage_session"][-1]
        assert issued[0] and "max-age" not in issued[1]  # gone when the browser closes
        assert cleared[0] in ("", '""') and cleared[1].get("max-age") == "0"  # signing out clears it at once

        (receipt, attributes), = seen["engage_receipt"]
        assert len(receipt) == 14 and attributes.get("path") == f"/consultations/{c['slug']}/thank-you"
        assert attributes.get("max-age") == "900" and "domain" not in attributes
        assert "httponly" in attributes and attributes.get("samesite") == "lax"
        assert ("secure" in attributes) is secure
