"""The sessions' clock (engage.auth.sessions.session_clock): real time for every server but a test
server given ENGAGE_TEST_SESSION_CLOCK, which the idle-warning browser test uses to move sessions past
their end without waiting. A production or development server must never read that file."""

from __future__ import annotations

import time

import pytest

from engage.auth.sessions import session_clock
from engage.settings import Settings


@pytest.mark.parametrize("env", ["production", "development"])
def test_outside_the_test_suite_the_clock_file_is_ignored(env, monkeypatch, tmp_path):
    monkeypatch.setenv("ENGAGE_ENV", env)
    monkeypatch.setenv("ENGAGE_SECRET_KEY", "k" * 48)
    clock_file = tmp_path / "clock"
    clock_file.write_text("100000")
    monkeypatch.setenv("ENGAGE_TEST_SESSION_CLOCK", str(clock_file))
    settings = Settings.from_env()
    assert settings.test_session_clock is None
    assert abs(session_clock(settings.test_session_clock)() - time.time()) < 5


def test_a_test_server_moves_its_sessions_clock_by_the_seconds_in_the_file(monkeypatch, tmp_path):
    monkeypatch.setenv("ENGAGE_ENV", "test")
    clock_file = tmp_path / "clock"
    monkeypatch.setenv("ENGAGE_TEST_SESSION_CLOCK", str(clock_file))
    clock = session_clock(Settings.from_env().test_session_clock)
    assert abs(clock() - time.time()) < 5  # no file yet: real time
    clock_file.write_text("3600.5")
    assert 3595 < clock() - time.time() < 3605  # read at every call: moved on without a new clock
