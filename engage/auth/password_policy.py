"""What makes a password acceptable, following the NCSC's password guidance.

- At least 12 characters (not counting spaces at either end), at most 1,024.
- Not one of the 30,000 most common passwords shipped in data/common-passwords.txt, nor one of
  them with digits or symbols stuck on either end (`password1234`, `Summer2024!`), nor one
  of them repeated.
- Not a single character or a short pattern repeated (`aaaaaaaaaaaa`, `abcabcabcabc`).
- Not containing the account's own email name (`jane.smith` in `jane.smith-2024!`).
- No composition rules (no "one capital, one digit"): they make passwords harder to remember,
  not harder to guess. Long passphrases of ordinary words are welcome.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 1024  # long enough for any passphrase, short enough to stop hash-flooding
SHORT_PATTERN = 4  # a unit this long or shorter, repeated, is not a password
LIST_PATH = Path(__file__).with_name("data") / "common-passwords.txt"
_ENDS = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # digits, symbols and spaces at either end


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = LIST_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _repeated_unit(text: str) -> str | None:
    """The shortest string that `text` is made of, repeated, when it is made of one."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return None


def _is_common(text: str) -> bool:
    words = common_passwords()
    lowered = text.lower()
    core = _ENDS.sub("", lowered)
    candidates = {lowered, core, _repeated_unit(lowered) or "", _repeated_unit(core) or ""}
    return any(len(c) >= 4 and c in words for c in candidates)


def _email_names(email: str) -> set[str]:
    local = (email or "").split("@", 1)[0].lower()
    parts = set(re.split(r"[._+\-]+", local)) | {local}
    return {part for part in parts if len(part) >= 4}


def password_problem(password: str, email: str = "") -> str | None:
    """What is wrong with a new password, as a sentence for the form; None when it is fine."""
    stripped = password.strip()
    if len(stripped) < MIN_LENGTH:
        return f"Password must be at least {MIN_LENGTH} characters, not counting spaces at the start or end"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    unit = _repeated_unit(stripped.lower())
    if unit is not None and len(unit) <= SHORT_PATTERN:
        return "Password must not be one character or a short pattern repeated. Try three or four random words"
    if _is_common(stripped):
        return "Password is too common and easy to guess. Try three or four random words"
    lowered = password.lower()
    if any(name in lowered for name in _email_names(email)):
        return "Password must not contain your email address. Try three or four random words"
    return None
