"""The engage console command: createuser and demo, against a real database."""

import asyncio

import pytest

from tests.conftest import run_engage


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


async def _count(url: str, sql: str) -> int:
    from engage.db import make_engine

    rows = await make_engine(url).run_ddl(sql)
    return list(rows[0].values())[0]


def test_createuser_reads_the_password_from_the_environment(sqlite_url):
    result = run_engage("createuser", "--email", "Lead@Example.org", "--role", "admin", url=sqlite_url,
                        env={"ENGAGE_PASSWORD": "a long enough password"})
    assert "Created admin lead@example.org" in result.stdout
    again = run_engage("createuser", "--email", "lead@example.org", "--role", "admin", url=sqlite_url, check=False,
                       env={"ENGAGE_PASSWORD": "a long enough password"})
    assert again.returncode != 0 and "already exists" in again.stderr
    short = run_engage("createuser", "--email", "x@example.org", "--role", "officer", url=sqlite_url, check=False,
                       env={"ENGAGE_PASSWORD": "short"})
    assert short.returncode != 0 and "at least 12 characters" in short.stderr
    assert "Traceback" not in short.stderr


def test_demo_loads_once_and_prints_working_passwords(tmp_path_factory, tmp_path):
    # The first run is the suite's shared one (tests/support_demo.py: `engage demo` on an empty
    # SQLite file, made once per test run); this test runs it again on a copy.
    from tests.support_demo import demo_copy, demo_output, demo_template

    sqlite_url = demo_copy(tmp_path_factory, tmp_path / "cli.sqlite")
    first_output = demo_output(demo_template(tmp_path_factory))
    assert "admin@engage.example" in first_output and "executive@engage.example" in first_output
    counts = [asyncio.run(_count(sqlite_url, sql)) for sql in (
        "SELECT COUNT(*) FROM surveys_consultation", "SELECT COUNT(*) FROM surveys_response",
        "SELECT COUNT(*) FROM engage_user")]
    assert counts[0] >= 2 and counts[1] >= 200 and counts[2] == 3
    second = run_engage("demo", url=sqlite_url)
    assert [asyncio.run(_count(sqlite_url, sql)) for sql in (
        "SELECT COUNT(*) FROM surveys_consultation", "SELECT COUNT(*) FROM surveys_response",
        "SELECT COUNT(*) FROM engage_user")] == counts

    # The printed password signs in.
    line = next(l for l in second.stdout.splitlines() if "officer@engage.example" in l)
    password = line.split()[-1]

    async def sign_in() -> int:
        from litestar.testing import AsyncTestClient

        from engage.app import create_app
        from engage.settings import Settings
        from tests.support import post_form

        app = create_app(Settings(env="test", database_url=sqlite_url))
        async with AsyncTestClient(app=app) as client:
            client.follow_redirects = False
            response = await post_form(client, "/login", {"email": "officer@engage.example", "password": password})
            return response.status_code

    assert asyncio.run(sign_in()) == 303


def test_bad_settings_give_a_clear_error_not_a_traceback(sqlite_url):
    result = run_engage("migrate", url=sqlite_url, check=False, env={"ENGAGE_ENV": "production", "ENGAGE_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "ENGAGE_SECRET_KEY" in result.stderr and "Traceback" not in result.stderr


def test_reset_totp_lets_an_admin_who_lost_their_authenticator_set_it_up_again(sqlite_url):
    run_engage("createuser", "--email", "lead@example.org", "--role", "admin", url=sqlite_url,
               env={"ENGAGE_PASSWORD": "a long enough password"})
    asyncio.run(_count(sqlite_url, "UPDATE engage_user SET totp_secret = 'v1:sealed' WHERE email = 'lead@example.org' "
                                   "RETURNING id"))
    result = run_engage("reset-totp", "--email", "Lead@Example.org", url=sqlite_url)
    assert "turned off for lead@example.org" in result.stdout
    assert asyncio.run(_count(sqlite_url, "SELECT COUNT(*) FROM engage_user WHERE totp_secret IS NOT NULL")) == 0
    assert asyncio.run(_count(sqlite_url, "SELECT COUNT(*) FROM engage_audit_event WHERE entity = 'totp' "
                                          "AND action = 'disable'")) == 1
    missing = run_engage("reset-totp", "--email", "nobody@example.org", url=sqlite_url, check=False)
    assert missing.returncode != 0 and "No account" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_demo_voices_carry_the_date_their_response_came_in(kind, tmp_path_factory, tmp_path):
    """Issue 12, item 2: every demo voice was dated when `engage demo` ran, so every trend showed
    one month. Each answer voice carries its response's time, and they span several months."""
    from tests.conftest import drop_postgres, fresh_postgres, worker_id
    from tests.support_demo import demo_copy

    name = f"engage_demo_dates_{worker_id()}"
    try:
        if kind == "sqlite":  # the suite's shared `engage demo` run on an empty SQLite file
            url = demo_copy(tmp_path_factory, tmp_path / "demo.sqlite")
        else:
            url = fresh_postgres(name)
            run_engage("demo", url=url)

        async def read() -> tuple[list, int]:
            from engage.db import make_engine

            engine = make_engine(url)
            rows = await engine.run_ddl(
                "SELECT v.occurred_at AS voice_at, r.submitted_at AS response_at FROM voices_voice v "
                "JOIN surveys_answer a ON a.id = v.answer JOIN surveys_response r ON r.id = a.response")
            about = await engine.run_ddl("SELECT COUNT(DISTINCT submitted_month) AS n FROM surveys_about_you")
            return [dict(r) for r in rows], list(about[0].values())[0]

        rows, about_months = asyncio.run(read())
        assert len(rows) > 100
        assert all(str(r["voice_at"])[:19] == str(r["response_at"])[:19] for r in rows)
        months = {str(r["voice_at"])[:7] for r in rows}
        assert len(months) >= 3, months
        assert about_months >= 2  # equality answers are counted in the months they came in
    finally:
        if kind == "postgres":
            drop_postgres(name)
