"""Password hashing (Argon2id through argon2-cffi) and the length-only policy (NCSC/NIST)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024  # long enough for any passphrase, short enough to stop hash-flooding

_hasher = PasswordHasher()  # argon2-cffi defaults to Argon2id with RFC 9106 parameters
# A hash to verify against when the account does not exist, so timing does not reveal
# which emails have accounts.
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


def password_problem(password: str) -> str | None:
    if len(password) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
