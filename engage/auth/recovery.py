"""Recovery codes: ten single-use codes that stand in for the authenticator app when the phone is
lost. Shown once when made; only a hash of each is stored. No web imports.

Each code holds 80 random bits (16 base32 characters), so a plain SHA-256 is enough: there is no
password to guess, and the hash cannot be reversed or searched. Using one is a single UPDATE that
only succeeds while the code is unused, so two sign-ins cannot share a code.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from engage.auth.tables import RecoveryCode
from engage.db import transaction
from engage.times import now

HOW_MANY = 10
LETTERS = 16


def _normalise(code: str) -> str:
    """What the officer typed, as stored: letters and digits only, upper case (dashes, spaces ignored)."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:40]


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def looks_like_one(code: str) -> bool:
    """A recovery code (16 letters and digits), not a six-digit authenticator code."""
    return len(_normalise(code)) == LETTERS


def _new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(10)).decode()  # 80 bits, 16 characters
    return "-".join(raw[i:i + 4] for i in range(0, LETTERS, 4))


async def make_codes(user_id: int) -> list[str]:
    """Ten new codes for the account; any earlier ones stop working. The plain codes are returned once."""
    codes = [_new_code() for _ in range(HOW_MANY)]
    async with transaction():
        await RecoveryCode.delete().where(RecoveryCode.user == user_id).run()
        await RecoveryCode.insert(*[RecoveryCode(user=user_id, code_hash=_hash(c), created_at=now())
                                    for c in codes]).run()
    return codes


async def use_code(user_id: int, code: str) -> bool:
    """True once for each unused code of this account; the code is spent."""
    if not looks_like_one(code):
        return False
    rows = await RecoveryCode.update({RecoveryCode.used_at: now()}).where(
        (RecoveryCode.user == user_id) & (RecoveryCode.code_hash == _hash(code))
        & RecoveryCode.used_at.is_null()).returning(RecoveryCode.id).run()
    return bool(rows)


async def unused(user_id: int) -> int:
    return await RecoveryCode.count().where((RecoveryCode.user == user_id) & RecoveryCode.used_at.is_null())


async def forget(user_id: int) -> None:
    """Two-step sign-in was turned off: its recovery codes go with it."""
    await RecoveryCode.delete().where(RecoveryCode.user == user_id).run()
