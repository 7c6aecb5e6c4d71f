"""Refuse account addresses made to look like another: a Cyrillic "а" in `аdmin@...`.

An officer reading the audit trail or the users list sees `аdmin@council.gov.uk` and trusts it
as the real admin. Each part of the address (the name and every domain label) must be written
in one script: Latin with a Cyrillic letter mixed in is refused (Unicode TR39 "mixed script"),
as is a part written wholly in letters that pass for Latin ones, an address that changes under
NFKC (full-width `ａdmin`) and any invisible or control character. Checked with
confusable-homoglyphs (MIT), which ships Unicode's confusables data.
"""

from __future__ import annotations

import unicodedata

from confusable_homoglyphs import confusables


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp", "Zs"}


def _disguised(part: str) -> bool:
    if part.isascii():
        return False
    if confusables.is_mixed_script(part):
        return True
    # One script, but not Latin, and every letter of it could pass for a Latin one.
    found = confusables.is_confusable(part, greedy=True, preferred_aliases=["latin"]) or []
    passes = {item["character"] for item in found
              if any(h["c"].isascii() and h["c"].isalpha() for h in item["homoglyphs"])}
    letters = {ch for ch in part if ch.isalpha()}
    return bool(letters) and letters <= passes


def lookalike_problem(email: str) -> str | None:
    """A sentence for the form when the address could pass for another; None when it is plain."""
    if any(_invisible(ch) for ch in email):
        return "Email address must not contain spaces or invisible characters"
    if unicodedata.normalize("NFKC", email) != email:
        return "Email address uses look-alike characters. Type it with ordinary letters"
    local, _, domain = email.partition("@")
    if any(_disguised(part) for part in [local, *domain.split(".")]):
        return ("Email address mixes letters from different alphabets (for example a Cyrillic 'а' "
                "among Latin letters), so it could pass for someone else's. Type it with one alphabet")
    return None
