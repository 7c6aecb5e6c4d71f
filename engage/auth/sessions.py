"""Server-side sessions in the shared store.

Litestar's session middleware keeps one id for the life of the cookie; a login must issue
a fresh id (session fixation), so sessions are handled here: the cookie holds a random id,
the store holds its hash, idle and absolute expiry are enforced on every read.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engage.auth import cookies
from engage.store.backends import SharedStore

COOKIE_NAME = cookies.SESSION  # "__Host-" in front in production: engage.auth.cookies
RENEW_AFTER_SECONDS = 60  # write the last-seen time at most once a minute
WARN_BEFORE_SECONDS = 120  # the idle warning comes two minutes before the sign-out
MIN_WARNING_SECONDS = 20  # and never with less than 20 seconds to answer it (WCAG 2.2.1)


@dataclass(frozen=True)
class SessionPolicy:
    idle_seconds: int
    absolute_seconds: int
    # The time now (epoch seconds) by which sessions start, are seen and end: time.time, but for a test
    # server given a clock it can move on (session_clock; engage.settings.Settings.test_session_clock, read
    # only when ENGAGE_ENV=test), so the browser test of the idle warning need not wait out a session.
    clock: Callable[[], float] = field(default=time.time, compare=False)

    @property
    def renew_after(self) -> int:
        """Seconds between writes of the last-seen time. Once a minute, or a session shorter than a few
        minutes would run out while its officer was busy: it would be written too seldom to stay alive."""
        return max(1, min(RENEW_AFTER_SECONDS, self.idle_seconds // 4))

    @property
    def warn_before(self) -> int:
        """How long before the idle sign-out the warning shows: two minutes, less in a short session."""
        return min(WARN_BEFORE_SECONDS, max(MIN_WARNING_SECONDS, self.idle_seconds // 2))


def session_clock(offset_file: str | None) -> Callable[[], float]:
    """The sessions' clock: time.time, or for a test server given `offset_file` (Settings.test_session_clock,
    None unless ENGAGE_ENV=test) time.time plus the seconds written in that file (none while it is missing
    or empty), read at every call, so a test moves the sessions' clock on by writing there."""
    if offset_file is None:
        return time.time
    file = Path(offset_file)

    def now() -> float:
        try:
            text = file.read_text().strip()
        except FileNotFoundError:
            text = ""
        return time.time() + (float(text) if text else 0.0)

    return now


def _key(session_id: str) -> str:
    return "session:" + hashlib.sha256(session_id.encode()).hexdigest()


async def create_session(store: SharedStore, policy: SessionPolicy, user_id: int, generation: int = 0) -> str:
    """A new session id. `generation` is the account's session generation now: a session made
    before the account was deactivated (or its password changed) no longer matches it."""
    session_id = secrets.token_urlsafe(32)
    now = int(policy.clock())
    data = {"user_id": user_id, "created": now, "seen": now, "generation": generation}
    await store.set(_key(session_id), json.dumps(data).encode(), policy.idle_seconds)
    return session_id


async def load_session(store: SharedStore, policy: SessionPolicy, session_id: str) -> dict | None:
    if not session_id or len(session_id) > 100:
        return None
    raw = await store.get(_key(session_id))
    if raw is None:
        return None
    data = json.loads(raw)
    now = int(policy.clock())
    if now - data["created"] > policy.absolute_seconds or now - data["seen"] > policy.idle_seconds:
        await store.delete(_key(session_id))
        return None
    if now - data["seen"] >= policy.renew_after:
        data["seen"] = now
        await store.set(_key(session_id), json.dumps(data).encode(), policy.idle_seconds)
    return data


async def touch(store: SharedStore, policy: SessionPolicy, session_id: str) -> int | None:
    """"Stay signed in": the idle clock starts again now. When the session now ends, or None if it has."""
    data = await load_session(store, policy, session_id)
    if data is None:
        return None
    data["seen"] = int(policy.clock())
    await store.set(_key(session_id), json.dumps(data).encode(), policy.idle_seconds)
    return ends_at(policy, data)


def ends_at(policy: SessionPolicy, data: dict) -> int:
    """When the session ends if nothing more happens (epoch seconds): idle or absolute, whichever first."""
    return min(data["seen"] + policy.idle_seconds, data["created"] + policy.absolute_seconds)


async def destroy_session(store: SharedStore, session_id: str) -> None:
    await store.delete(_key(session_id))
