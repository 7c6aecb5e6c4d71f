"""Tokenising and word normalisation shared by the analysers. Regex only: no NLTK data needed."""

from __future__ import annotations

import re

import regex

# Words (inner apostrophes kept: "don't"; hyphens split: "off-road" -> "off", "road"), numbers, and
# punctuation that ends a clause (so phrases and negation do not reach across it; "!" also feeds
# the pattern sentiment). Curly apostrophes are folded to straight ones first.
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[!?.,;:()]")
# The same for text in any script: a word is letters with their combining marks (Devanagari,
# Gujarati and Bengali vowel signs are marks: without them "नमस्ते" would split in three).
_TOKEN_ANY_SCRIPT = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:'[\p{L}\p{M}]+)*|[!?.,;:()\u061f\u060c\u0964]")
BOUNDARIES = frozenset("!?.,;:()")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2013": "-", "\u2014": "-"})

# Plural forms that the suffix rules below get wrong.
_IRREGULAR = {
    "knives": "knife", "wives": "wife", "lives": "life", "men": "man", "women": "woman",
    "children": "child", "people": "people", "police": "police", "feet": "foot", "teeth": "tooth",
    "mice": "mouse", "thieves": "thief", "leaves": "leaf", "halves": "half", "youths": "youths",
    "news": "news", "series": "series", "species": "species", "kids": "kid",
    "cans": "cans", "does": "does", "goes": "goes", "yes": "yes", "always": "always",
}

# Function words and very common words: never learned as evidence, never key phrases on their own.
STOPWORDS = frozenset("""
a about above across after again against all almost also although always am among an and another any
anyone anything are aren't around as at away back be became because been before being below between
both but by can can't cannot could couldn't did didn't do does doesn't doing don't done down during
each either else even ever every everyone everything few for from further get gets getting go goes
going gone got had hadn't has hasn't have haven't having he he'd he'll he's her here hers herself him
himself his how however i i'd i'll i'm i've if in into is isn't it it's its itself just know last
least less let like lot lots made make many may me might more most much must my myself near need
never new next no nobody none nor not nothing now of off often on once one only or other others our
ours ourselves out over own per perhaps please quite rather really round said same say says see seem
seems she she'd she'll she's should shouldn't since so some someone something still such take than
thank thanks that that's the their theirs them themselves then there there's these they they'd
they'll they're they've thing things think this those though through till to too toward towards
under until up upon us use used very want was wasn't way we we'd we'll we're we've well were weren't
what what's when where whether which while who who's whom whose why will with within without won't
would wouldn't yet you you'd you'll you're you've your yours yourself yourselves im dont cant wont
didnt doesnt isnt ive youre theyre thats whats lol tbh ok okay yeah also etc re v nr mtg
people year years time day days week weeks month months today area road street place city
""".split())
_KEEP = ("ss", "us", "is", "ous", "'s")

# A word written with asterisks ("p***", "f*gs") is almost always a slur or a swear word. It becomes
# one token, CENSORED, so that lexicons can match "called me a <censored word>".
CENSORED = "censoredword"
_CENSORED = re.compile(r"(?<![a-z0-9])[a-z]+[*#]+[a-z]*")

# Disclaimers: "it's not that I feel unsafe, I just think...", "not saying it's dangerous but...".
# What a writer explicitly sets aside is not what the text is about, so those words are masked
# (up to the end of the clause) before tagging and sentiment.
_DISCLAIMER_START = {
    ("not", "that"): frozenset("i i'm im we we're they they're it it's its there there's he he's she she's you "
                               "people anyone anybody".split()),
    ("not", "saying"): None,
    ("not", "because"): frozenset("i i'm im we it it's of".split()),
}
_DISCLAIMER_END = frozenset({"but", "just", "only", "however", "though", "although"})


# Email addresses and web links carry words ("jo.bloggs+asb@...") that are not what a text is about.
_ADDRESSES = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:https?://|www\.)\S+")


def tokens(text: str) -> list[str]:
    """Lowercased word tokens in any script ("wiśniewska", "નમસ્તે" stay whole), apostrophes
    normalised; asterisked words become CENSORED; email addresses and links left out."""
    text = text.lower().translate(_APOSTROPHES)
    if "@" in text or "http" in text or "www." in text:
        text = _ADDRESSES.sub(" , ", text)
    if "*" in text or "#" in text:
        text = _CENSORED.sub(f" {CENSORED} ", text)
    return _TOKEN.findall(text) if text.isascii() else _TOKEN_ANY_SCRIPT.findall(text)


def mask_disclaimers(toks: list[str]) -> list[str]:
    """A copy of `toks` with disclaimed words ("not that I feel unsafe") replaced by "".

    Returns `toks` itself when there is nothing to mask (the common case), so callers can compare.
    """
    if "not" not in toks:
        return toks
    out = None
    n = len(toks)
    i = 0
    while i < n - 2:
        if toks[i] == "not" and (toks[i], toks[i + 1]) in _DISCLAIMER_START:
            follow = _DISCLAIMER_START[(toks[i], toks[i + 1])]
            if follow is None or toks[i + 2] in follow:
                if out is None:
                    out = list(toks)
                j = i
                while j < n and toks[j] not in BOUNDARIES and (j < i + 3 or toks[j] not in _DISCLAIMER_END):
                    out[j] = ""
                    j += 1
                i = j
                continue
        i += 1
    return toks if out is None else out


_SINGULAR_CACHE: dict[str, str] = {}


def singular(word: str) -> str:
    """Cached `_singular` (the same few thousand words come up again and again)."""
    found = _SINGULAR_CACHE.get(word)
    if found is None:
        found = _singular(word)
        if len(_SINGULAR_CACHE) < 100_000:
            _SINGULAR_CACHE[word] = found
    return found


def _singular(word: str) -> str:
    """Fold a plural noun (or 3rd-person verb) to its singular form; possessive 's dropped.

    Deliberately light: "stabbings" -> "stabbing", "burglaries" -> "burglary", "canisters" ->
    "canister". The same function is applied to lexicon phrases and to text, so the only
    requirement is that it is consistent and does not merge unrelated words.
    """
    if word.endswith("'s"):
        word = word[:-2]
    elif word.endswith("s'"):
        word = word[:-1]
    if len(word) <= 3:
        return word
    irregular = _IRREGULAR.get(word)
    if irregular:
        return irregular
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(_KEEP):
        return word[:-1]
    return word


def norm_tokens(text: str) -> list[str]:
    """Tokens folded to singular, the form the tagger matches on."""
    return [singular(t) for t in tokens(text)]
