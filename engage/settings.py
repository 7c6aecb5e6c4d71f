"""Settings read once from the environment.

Every setting has a safe default for a local run; production mode refuses to start
without a real secret, so a forgotten variable cannot ship a guessable key.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-change-me-0123456789abcdef"


class SettingsError(RuntimeError):
    """The environment describes a configuration engage must not run with."""


def env_name() -> str:
    """ENGAGE_ENV: development (the default), production or test."""
    env = os.environ.get("ENGAGE_ENV", "development").strip().lower()
    if env not in {"development", "production", "test"}:
        raise SettingsError("ENGAGE_ENV must be development, production or test")
    return env


def password_hash_cost(env: str) -> dict[str, int]:
    """Argon2id's cost (argon2-cffi PasswordHasher arguments) for this environment. Everywhere but the
    test suite, argon2-cffi's defaults: RFC 9106's low-memory choice (3 passes over 64 MiB in 4 lanes),
    about a quarter of a second of CPU a hash, on purpose. Under ENGAGE_ENV=test, Argon2id still at the
    least cost: the suite's own servers sign in hundreds of times, and a hash made cheaply here can only
    be one of the suite's own throwaway accounts (a stored hash keeps its own cost when checked)."""
    if env == "test":
        return {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    return {}


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, not {raw!r}") from exc


def _minutes(name: str, default: float) -> float:
    """Minutes, whole or not: "0.75" is 45 seconds (a short idle time for trying the warning)."""
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a number of minutes, not {raw!r}") from exc
    if not value >= 0.5:  # the warning needs at least 20 seconds of it (WCAG 2.2.1)
        raise SettingsError(f"{name} must be at least 0.5 (30 seconds), not {raw!r}")
    return value


def _networks(name: str) -> tuple[str, ...]:
    items = tuple(part.strip() for part in os.environ.get(name, "").split(",") if part.strip())
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise SettingsError(f"{name}: {item!r} is not an IP address or network (like 10.0.0.0/8)") from exc
    return items


def base_url() -> str:
    return (os.environ.get("ENGAGE_BASE_URL", "").strip() or "http://localhost:8000").rstrip("/")


def default_database_url() -> str:
    return f"sqlite:///{Path.cwd() / 'engage.sqlite'}"


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    secret_key: str = DEV_SECRET
    database_url: str = field(default_factory=default_database_url)
    redis_url: str | None = None
    database_pool_size: int = 10  # PostgreSQL connections per worker; 0 opens one per query
    session_idle_minutes: float = 30
    session_absolute_hours: int = 12
    secure_cookies: bool = False
    login_attempts_per_account: int = 5
    login_attempts_per_client: int = 20
    login_window_seconds: int = 900
    api_submissions_per_minute: int = 30
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks). None by default:
    # a client could otherwise claim any address and escape every per-client limit.
    trusted_proxies: tuple[str, ...] = ()
    form_submissions_per_minute: int = 30  # residents' HTML form, per client
    erasure_attempts_per_hour: int = 20  # receipt codes tried at /delete-my-response, per client
    # Addresses given to hear of a decision, deleted this long after the consultation closed when
    # no decision has been published by then (privacy.retention).
    decision_wait_days: int = 365
    debug: bool = False
    # How residents reach the partnership, shown in the accessibility statement and privacy notice.
    contact_email: str = ""
    contact_phone: str = ""
    # Background work (engage.jobs): where the queue lives (sqlite:///file, redis://..., postgresql://...;
    # unset: Redis when ENGAGE_REDIS_URL is set, else the PostgreSQL database, else a SQLite file beside
    # the database), its name (a key prefix on Redis) and whether jobs run at once in the caller.
    jobs_url: str | None = None
    jobs_name: str = "engage"
    jobs_immediate: bool | None = None  # None: immediate only when env is "test"
    # Closing the loop (surveys.plan, surveys.publishing): a consultation shorter than this needs a
    # reason; results from fewer responses than this need one to be published.
    min_consultation_weeks: int = 6
    min_published_responses: int = 30
    # The address residents and officers reach engage at, for links in emails (engage.outbox).
    base_url: str = "http://localhost:8000"
    # Tests only (ENGAGE_TEST_SESSION_CLOCK, read only when ENGAGE_ENV=test): a file holding seconds to add to
    # the sessions' clock (engage.auth.sessions.session_clock), so the browser test of the idle warning moves
    # a test server's sessions past their end instead of waiting for it. None: real time, as for users.
    test_session_clock: str | None = None

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls) -> "Settings":
        env = env_name()
        secret = os.environ.get("ENGAGE_SECRET_KEY", "") or DEV_SECRET
        if env == "production" and (secret == DEV_SECRET or len(secret) < 32):
            raise SettingsError(
                "ENGAGE_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        return cls(
            env=env,
            secret_key=secret,
            database_url=os.environ.get("ENGAGE_DATABASE_URL") or default_database_url(),
            redis_url=os.environ.get("ENGAGE_REDIS_URL") or None,
            database_pool_size=_int("ENGAGE_DATABASE_POOL_SIZE", 10),
            session_idle_minutes=_minutes("ENGAGE_SESSION_IDLE_MINUTES", 30),
            session_absolute_hours=_int("ENGAGE_SESSION_ABSOLUTE_HOURS", 12),
            secure_cookies=_bool(os.environ.get("ENGAGE_SECURE_COOKIES"), env == "production"),
            login_attempts_per_account=_int("ENGAGE_LOGIN_ATTEMPTS_PER_ACCOUNT", 5),
            login_attempts_per_client=_int("ENGAGE_LOGIN_ATTEMPTS_PER_CLIENT", 20),
            login_window_seconds=_int("ENGAGE_LOGIN_WINDOW_SECONDS", 900),
            api_submissions_per_minute=_int("ENGAGE_API_SUBMISSIONS_PER_MINUTE", 30),
            trusted_proxies=_networks("ENGAGE_TRUSTED_PROXIES"),
            form_submissions_per_minute=_int("ENGAGE_FORM_SUBMISSIONS_PER_MINUTE", 30),
            erasure_attempts_per_hour=_int("ENGAGE_ERASURE_ATTEMPTS_PER_HOUR", 20),
            decision_wait_days=_int("ENGAGE_DECISION_WAIT_DAYS", 365),
            debug=_bool(os.environ.get("ENGAGE_DEBUG"), False) and env != "production",
            contact_email=os.environ.get("ENGAGE_CONTACT_EMAIL", "").strip(),
            contact_phone=os.environ.get("ENGAGE_CONTACT_PHONE", "").strip(),
            jobs_url=os.environ.get("ENGAGE_JOBS_URL") or None,
            jobs_name=os.environ.get("ENGAGE_JOBS_NAME", "").strip() or "engage",
            jobs_immediate=(None if os.environ.get("ENGAGE_JOBS_IMMEDIATE", "") == ""
                            else _bool(os.environ.get("ENGAGE_JOBS_IMMEDIATE"), False)),
            min_consultation_weeks=_int("ENGAGE_MIN_CONSULTATION_WEEKS", 6),
            min_published_responses=_int("ENGAGE_MIN_PUBLISHED_RESPONSES", 30),
            base_url=base_url(),
            test_session_clock=(os.environ.get("ENGAGE_TEST_SESSION_CLOCK") or None) if env == "test" else None,
        )
