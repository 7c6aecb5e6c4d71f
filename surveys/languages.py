"""The languages a consultation can be translated into, and how each is written.

Configurable with ENGAGE_LANGUAGES (comma-separated codes from KNOWN); the default is the
languages most read in Leicester after English. Translations are written by people (the
officer pastes in a translator's text): nothing here calls a machine translation service.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47, as the page's lang attribute carries it
    name: str  # in English, for officers
    native: str  # in the language itself, for residents choosing it
    rtl: bool = False
    tag: str = ""  # the page's lang attribute when it is not the code (Easy Read is English)

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def html_lang(self) -> str:
        return self.tag or self.code


ENGLISH = Language("en", "English", "English")
# Easy Read is a version of the English (short sentences, one idea per line, a picture for each
# question) that an officer writes like a translation: not a language ENGAGE_LANGUAGES can list.
EASY_READ = Language("easy-read", "Easy Read", "Easy Read", tag="en-GB")
KNOWN: dict[str, Language] = {lang.code: lang for lang in (
    Language("gu", "Gujarati", "ગુજરાતી"),
    Language("pa", "Punjabi", "ਪੰਜਾਬੀ"),
    Language("ur", "Urdu", "اردو", rtl=True),
    Language("pl", "Polish", "Polski"),
    Language("so", "Somali", "Soomaali"),
    Language("bn", "Bengali", "বাংলা"),
    Language("ar", "Arabic", "العربية", rtl=True),
    Language("hi", "Hindi", "हिन्दी"),
    Language("ro", "Romanian", "Română"),
    Language("pt", "Portuguese", "Português"),
    Language("ti", "Tigrinya", "ትግርኛ"),
    Language("ku", "Kurdish", "Kurdî"),
    Language("fa", "Persian", "فارسی", rtl=True),
    Language("ps", "Pashto", "پښتو", rtl=True),
    Language("zh", "Chinese", "中文"),
    Language("uk", "Ukrainian", "Українська"),
    Language("es", "Spanish", "Español"),
)}
DEFAULT = ("gu", "pa", "ur", "pl", "so", "bn", "ar")


class LanguageSettingError(ValueError):
    pass


def parse_setting(raw: str | None) -> tuple[str, ...]:
    """ENGAGE_LANGUAGES as a tuple of known codes; a clear error for one engage does not know."""
    if not raw or not raw.strip():
        return DEFAULT
    codes = tuple(dict.fromkeys(part.strip().lower() for part in raw.split(",") if part.strip()))
    unknown = [c for c in codes if c not in KNOWN]
    if unknown:
        raise LanguageSettingError(
            f"ENGAGE_LANGUAGES: {', '.join(unknown)} not known; use codes from: {', '.join(sorted(KNOWN))}")
    return codes


@lru_cache(maxsize=1)
def configured() -> tuple[Language, ...]:
    return tuple(KNOWN[c] for c in parse_setting(os.environ.get("ENGAGE_LANGUAGES")))


def get(code: str | None) -> Language | None:
    """A configured language by code; None for English, blank or anything not configured."""
    code = (code or "").strip().lower()
    return next((lang for lang in configured() if lang.code == code), None)


def name_of(code: str | None) -> str:
    if not code or code == "en":
        return "English"
    if code == EASY_READ.code:
        return EASY_READ.name
    lang = KNOWN.get(code)
    return lang.name if lang else code
