"""Tokenising and word normalisation shared by the analysers. Regex only: no NLTK data needed."""

from __future__ import annotations

import re

# Words (inner apostrophes kept: "don't"; hyphens split: "off-road" -> "off", "road"), numbers, and
# punctuation that ends a clause (so phrases and negation do not reach across it; "!" also feeds
# the pattern sentiment). Curly apostrophes are folded to straight ones first.
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[!?.,;:()]")
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


def tokens(text: str) -> list[str]:
    """Lowercased word tokens, apostrophes normalised."""
    return _TOKEN.findall(text.lower().translate(_APOSTROPHES))


def singular(word: str) -> str:
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
