"""Health, settings, security headers and error pages."""

import pytest

from engage.settings import Settings, SettingsError


async def test_health_answers_when_the_database_does(client):
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_health_is_503_when_the_database_is_unreachable(engine_kind):
    from litestar.testing import AsyncTestClient

    from engage.app import create_app

    url = ("sqlite:////nonexistent-dir/engage.sqlite" if engine_kind == "sqlite"
           else "postgresql://postgres@127.0.0.1:1/nothing")
    app = create_app(Settings(env="test", database_url=url))
    app.on_startup.clear()  # the pool cannot start against a dead server; the page must still answer
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_production_refuses_to_start_without_a_real_secret(monkeypatch):
    monkeypatch.setenv("ENGAGE_ENV", "production")
    monkeypatch.delenv("ENGAGE_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="ENGAGE_SECRET_KEY"):
        Settings.from_env()
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "short")
    with pytest.raises(SettingsError):
        Settings.from_env()
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "x" * 48)
    settings = Settings.from_env()
    assert settings.is_production and settings.secure_cookies


async def test_pages_carry_security_headers_even_on_404(client):
    for path in ("/", "/no-such-page"):
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" in response.headers
        assert response.headers["referrer-policy"]
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text


async def test_unexpected_errors_show_a_plain_page_without_a_traceback(app, settings):
    from litestar import get
    from litestar.testing import AsyncTestClient

    from engage.app import create_app

    @get("/boom", include_in_schema=False)
    async def boom() -> str:
        raise RuntimeError("secret internals")

    app = create_app(settings)  # its own app: the shared one must not gain a test route
    app.register(boom)
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert "Sorry, there is a problem with the service" in response.text


async def test_the_accessibility_statement_gives_the_partnerships_contact_details_when_set(settings, client):
    import dataclasses

    from litestar.testing import AsyncTestClient

    from engage.app import create_app

    assert 'id="accessibility-contact"' not in (await client.get("/accessibility")).text

    configured = create_app(dataclasses.replace(settings, contact_email="safer@leicester.example",
                                                contact_phone="0116 454 1000 <script>"), engine=None)
    async with AsyncTestClient(app=configured) as client:
        html = (await client.get("/accessibility")).text
    assert 'href="mailto:safer@leicester.example"' in html
    assert "0116 454 1000 &lt;script&gt;" in html and "<script>" not in html.split('id="accessibility-contact"')[1][:400]
