"""Password hashing (Argon2id through argon2-cffi). What makes a good password: engage.auth.password_policy."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2-cffi defaults to Argon2id with RFC 9106 parameters


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the account does not exist, so timing does not reveal which
    emails have accounts. Made on first use: hashing costs half a second, every start-up paid it."""
    return _hasher.hash("not-a-real-password-just-for-timing")


# Hashing takes about half a second of CPU by design. It runs in a thread (argon2-cffi releases
# the GIL) so a sign-in does not stall every other request on the worker's event loop.

async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
