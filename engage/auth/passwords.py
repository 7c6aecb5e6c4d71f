"""Password hashing (Argon2id through argon2-cffi). What makes a good password: engage.auth.password_policy."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engage.settings import env_name, password_hash_cost


def hasher_for(env: str) -> PasswordHasher:
    """Argon2id at the cost the settings give this environment (RFC 9106's defaults but under test)."""
    return PasswordHasher(**password_hash_cost(env))


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    """This process's hasher, made on first use (an unknown ENGAGE_ENV is refused there, as at start-up)."""
    return hasher_for(env_name())


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the account does not exist, so timing does not reveal which
    emails have accounts. Made on first use: hashing costs a quarter of a second, every start-up paid it."""
    return _hasher().hash("not-a-real-password-just-for-timing")


# Hashing takes about a quarter of a second of CPU by design (outside the test suite). It runs in a
# thread (argon2-cffi releases the GIL) so a sign-in does not stall every other request on the
# worker's event loop.

async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher().hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
