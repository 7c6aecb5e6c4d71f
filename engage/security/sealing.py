"""Secrets kept at rest (officers' TOTP seeds), sealed with AES-256-GCM from `cryptography`.

The key is derived (HKDF-SHA256) from ENGAGE_SECRET_KEY and a purpose label, so a copy of the
database or a backup alone does not give anyone a working second factor, and a value sealed for
one purpose cannot be opened as another. Changing ENGAGE_SECRET_KEY makes sealed values
unreadable: officers then set up two-step sign-in again (README, "Secrets").
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "v1:"


@lru_cache(maxsize=8)
def _cipher(secret_key: str, purpose: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=f"engage sealed {purpose}".encode()).derive(secret_key.encode())
    return AESGCM(key)


def seal(secret_key: str, purpose: str, plaintext: str) -> str:
    nonce = os.urandom(12)
    sealed = _cipher(secret_key, purpose).encrypt(nonce, plaintext.encode(), purpose.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(secret_key: str, purpose: str, value: str | None) -> str | None:
    """The plaintext, or None when there is nothing, or it was sealed with another key or purpose."""
    if not value or not value.startswith(PREFIX):
        return None
    try:
        raw = base64.urlsafe_b64decode(value[len(PREFIX):].encode())
        return _cipher(secret_key, purpose).decrypt(raw[:12], raw[12:], purpose.encode()).decode()
    except (InvalidTag, ValueError):
        return None
