"""Which language a voice is written in, offline, so nothing non-English is analysed as English.

`detect(text) -> LanguageGuess(code, name, confident)`, in three steps, cheapest first:

1. Script: a text written mostly in Gujarati, Gurmukhi, Bengali, Devanagari, Tamil, Ethiopic,
   Chinese, Korean... letters is in that script's language; Arabic script is told apart by the
   letters each language adds (Urdu ے ں ٹ, Persian پ چ ژ without them, Pashto ښ ځ, Sorani ە ۆ)
   and by Punjabi (Shahmukhi) function words.
2. English words: a Latin-script text whose words are mostly English (WordNet's vocabulary,
   function words, everyday slang) is English. Capitalised words (names, places, "Narborough
   Road") count for neither side, so "Spinney Hills" or "Mrs Kowalska" stays English.
3. Otherwise `py3langid` (a maintained fork of langid.py that ships its own model), limited to
   the languages most spoken in Leicester and England's cities, decides.

Short or doubtful texts come back with `confident=False`: an English guess is then still
"en" (a two-word answer is usually English), and a non-English guess is still not English,
so it is never silently analysed as English.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import regex

from . import thesaurus
from .text import STOPWORDS

# ISO 639-1 code -> English name, for the languages py3langid is limited to (Latin and Cyrillic
# scripts; the script step answers for the rest).
MODEL_LANGUAGES = {
    "en": "English", "pl": "Polish", "ro": "Romanian", "pt": "Portuguese", "es": "Spanish", "fr": "French",
    "it": "Italian", "de": "German", "nl": "Dutch", "lt": "Lithuanian", "lv": "Latvian", "sk": "Slovak",
    "cs": "Czech", "hu": "Hungarian", "so": "Somali", "sw": "Swahili", "tr": "Turkish", "sq": "Albanian",
    "ku": "Kurdish", "tl": "Tagalog", "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian",
}
NAMES = {
    **MODEL_LANGUAGES,
    "ur": "Urdu", "ar": "Arabic", "fa": "Persian", "ps": "Pashto", "pa": "Punjabi", "gu": "Gujarati",
    "bn": "Bengali", "hi": "Hindi", "ta": "Tamil", "te": "Telugu", "ml": "Malayalam", "si": "Sinhala",
    "ti": "Tigrinya", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "el": "Greek", "he": "Hebrew",
    "th": "Thai", "am": "Amharic",
}

# Unicode script (first word of the character name) -> language, for scripts with one main
# language among Leicester's communities.
_SCRIPT_LANGUAGE = {
    "GUJARATI": "gu", "GURMUKHI": "pa", "BENGALI": "bn", "DEVANAGARI": "hi", "TAMIL": "ta", "TELUGU": "te",
    "MALAYALAM": "ml", "SINHALA": "si", "ETHIOPIC": "ti", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja",
    "HANGUL": "ko", "GREEK": "el", "HEBREW": "he", "THAI": "th",
}
_URDU_LETTERS = set("ےںٹڈڑھۓ")
_PERSIAN_LETTERS = set("پچژگ")
_PASHTO_LETTERS = set("ټډړږښګڼۍې")
_SORANI_LETTERS = set("ەۆێڵڕ")
_SHAHMUKHI_WORDS = frozenset("نوں وچ اے نئیں ساڈے ساڈا ساڈی تے سی دا دی دے ہویا نیں".split())
_ARABIC_WORDS = frozenset("في من على إلى الى هذا التي الذي عن مع لا هو هي كان".split())

# Everyday English that is not in WordNet's vocabulary.
_SLANG = frozenset("""
dunno gonna wanna gotta innit ain't aint ya yeah yep nope lol omg tbh ppl pls plz thx cos coz bc bcoz u ur r
n b4 gr8 m8 tho thru wot wat ok okay hiya cheers ta mate lads bruv fam sum1 some1 summat nowt owt
""".split())
# Hindi, Urdu and Gujarati written in Latin letters, as many in Leicester text and message: no
# model in the registry knows them, so their commonest words do.
_ROMAN_HINDUSTANI = frozenset("""
hai hain nahi nahin nai ka ki ke ko mein main aur bhi kya yeh woh se pe tha thi thay raha rahe rahi bahut bohat
bohot bhai ji karo karte karta kar kuch koi sab theek thik acha achha acche ache saal log ladke larke gaari gali
beta beti mera meri mere hum humne aap apna apni ghar chori dafa jawab milta lagta lagti wala wale wali usko
unko isliye liye kyun kyunki magar lekin abhi yahan wahan raat din bolta bola bolun jeene mann sadak bachon
behen bachche baat log kaam paisa
""".split())
_ROMAN_URDU = frozenset("shukriya masjid bohat humne thay aapa kyun magar janab zaroor meherbani".split())
_ROMAN_GUJARATI = frozenset("""
chhe che nathi ane maa ma hatu hati saras bau su kem tame ame amne amaru mane mari maro tamaru pan karva
chhokra chhokri vala vali badha kahe aakhi raat paachhal vechay
""".split())
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_LETTER = regex.compile(r"\p{L}")
_ASCII_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_ANY_WORD = regex.compile(r"[\p{L}\p{M}]+(?:'[\p{L}]+)?")
MIN_CONFIDENT_WORDS = 3
ENGLISH_SHARE = 0.7  # share of (lower-case) words that are English above which a text is English


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1
    name: str  # in English
    confident: bool


def _guess(code: str, confident: bool) -> LanguageGuess:
    return LanguageGuess(code, NAMES.get(code, code), confident)


ENGLISH = LanguageGuess("en", "English", True)
_UNSURE_ENGLISH = LanguageGuess("en", "English", False)


@functools.cache
def _identifier():
    """py3langid's shipped model, cut to MODEL_LANGUAGES and held compactly (language_model.py), kept
    between processes in the user cache."""
    # Loaded on first use, not at start-up: the model module brings numpy and py3langid's data.
    from .language_model import CompactIdentifier

    return CompactIdentifier.kept_or_derived(MODEL_LANGUAGES)


@functools.cache
def _script(char: str) -> str:
    try:
        return unicodedata.name(char).split()[0]
    except ValueError:
        return ""


def _scripts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for char in _LETTER.findall(text):
        script = "LATIN" if char.isascii() else _script(char)
        counts[script] = counts.get(script, 0) + 1
    return counts


def _arabic_script(text: str) -> LanguageGuess:
    letters = set(text)
    words = set(regex.findall(r"[\p{L}\p{M}]+", text))
    if letters & _PASHTO_LETTERS:
        return _guess("ps", True)
    if letters & _SORANI_LETTERS:
        return _guess("ku", True)
    if letters & _URDU_LETTERS:
        return _guess("pa", True) if len(words & _SHAHMUKHI_WORDS) >= 2 else _guess("ur", True)
    if letters & _PERSIAN_LETTERS and not words & _ARABIC_WORDS:
        return _guess("fa", False)
    return _guess("ar", len(words) >= MIN_CONFIDENT_WORDS)


@functools.lru_cache(maxsize=100_000)
def _english_word(word: str) -> bool:
    return word in STOPWORDS or word in _SLANG or thesaurus.is_english_word(word)


def detect(text: str) -> LanguageGuess:
    """The language of a text. Empty or wordless text (numbers, an email address) is English."""
    text = text or ""
    if text.isascii():
        scripts = {"LATIN": 1}
    else:
        scripts = _scripts(text)
    total = sum(scripts.values())
    if not total:
        return _UNSURE_ENGLISH
    main, count = max(scripts.items(), key=lambda kv: kv[1])
    if main != "LATIN" and count >= 0.5 * total:
        if main == "ARABIC":
            return _arabic_script(text)
        if main == "CYRILLIC":
            return _model(text, n_words=len(text.split()))
        code = _SCRIPT_LANGUAGE.get(main)
        if code:
            return _guess(code, count >= 6)
        return LanguageGuess(main.lower(), main.title(), False)
    return _latin(text)


def _latin(text: str) -> LanguageGuess:
    shouting = not any(c.islower() for c in text)
    words = []
    for match in (_ASCII_WORD if text.isascii() else _ANY_WORD).finditer(text):
        word = match.group(0)
        if not shouting and word[0].isupper() and match.start() > 0:
            continue  # names and places ("Spinney Hills", "Mrs Kowalska") count for neither side
        words.append(word.lower())
    words = [w for w in words if len(w) > 1 or w in ("i", "a")]
    if not words:
        return _UNSURE_ENGLISH
    english = sum(1 for w in words if w.isascii() and _english_word(w))
    share = english / len(words)
    roman = _romanised_south_asian(words)
    if roman:
        return roman
    if share >= ENGLISH_SHARE or (len(words) <= MIN_CONFIDENT_WORDS and share >= 0.5):
        return ENGLISH if len(words) >= MIN_CONFIDENT_WORDS else _UNSURE_ENGLISH
    guess = _model(text, n_words=len(words))
    if guess.code == "en":
        return LanguageGuess("en", "English", guess.confident and share >= 0.5)
    if len(words) <= 2 and share >= 0.5:
        return _UNSURE_ENGLISH  # "No comment.", "dunno": too little to call it anything else
    return LanguageGuess(guess.code, guess.name, guess.confident and share < 0.3)


def _romanised_south_asian(words: list[str]) -> LanguageGuess | None:
    """Hindi, Urdu or Gujarati in Latin letters ("koi problem nahi hai"), or None."""
    distinct = set(words)
    gujarati = len(distinct & _ROMAN_GUJARATI)
    hindustani = len(distinct & _ROMAN_HINDUSTANI)
    if max(gujarati, hindustani) < 2 or (gujarati + hindustani) < 0.2 * len(words):
        return None
    confident = gujarati + hindustani >= 3
    if gujarati > hindustani or {"chhe", "che", "nathi"} & distinct:
        return LanguageGuess("gu", "Gujarati (in Latin letters)", confident)
    if distinct & _ROMAN_URDU:
        return LanguageGuess("ur", "Urdu (in Latin letters)", confident)
    return LanguageGuess("hi", "Hindi or Urdu (in Latin letters)", confident)


def _model(text: str, n_words: int) -> LanguageGuess:
    code, probability = _identifier().classify(text)
    return _guess(code, n_words >= MIN_CONFIDENT_WORDS and probability >= 0.9)


__all__ = ["ENGLISH", "LanguageGuess", "detect"]
