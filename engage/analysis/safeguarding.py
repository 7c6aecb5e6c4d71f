"""Safeguarding flags: text disclosing that a person may be at risk of harm now.

Tuned for recall: a flagged voice goes to a person who reads it, a missed one may cost a life.
Each rule pairs *who* (the writer, someone they know, a named child) with *what* (a current harm),
so that general worry ("knife crime is rising") is not flagged.
"""

from __future__ import annotations

import re

import msgspec

_I = re.I

# Someone close to the writer, or a specific person an officer is writing about.
_KNOWN = (
    r"(?:\b(?:my|our|her|his|their|the)\s+(?:(?:\w+\s+)?(?:partner|husband|wife|boyfriend|girlfriend|ex|"
    r"ex-partner|ex-husband|ex-wife|fianc\w*|son|daughter|child|kid|kids|children|sister|brother|"
    r"mum|mother|dad|father|friend|mate|cousin|nephew|niece|neighbour|neighbor|granddaughter|"
    r"grandson|nan|gran|aunt|uncle|step\w*|lad|girl|boy|teenager|pupil|student|client))|"
    r"\b(?:i|i'm|im|i've|ive|me|we)\b)"
)
# Partners ("my friend's husband"); family members and carers who may be the abuser.
_PARTNER_WORDS = r"partner|husband|wife|boyfriend|girlfriend|ex|ex-partner|ex-husband|ex-wife|bf|gf|fianc\w*"
_FAMILY_WORDS = (
    r"dad|stepdad|step-dad|father|stepfather|mum|mom|mother|stepmum|step-mum|brother|uncle|carer|"
    r"in-laws?|father-in-law|mother-in-law"
)
_WHOSE = r"\b(?:my|her|his|their|our)\s+(?:\w+'?s\s+)?"
_PARTNER = _WHOSE + r"(?:" + _PARTNER_WORDS + r")\b"
_FAMILY = _WHOSE + r"(?:" + _PARTNER_WORDS + "|" + _FAMILY_WORDS + r")\b"
_CHILD = (
    r"(?:\b(?:only|just|aged?)\s+1[0-7]\b|\b1[0-7]\s*(?:yo|y/o|yrs?|years?\s*old)\b|\(1[0-7]\)|"
    r"\b(?:child|children|kid|kids|boy|girl|lad|son|daughter|teenager|pupil|young\s+(?:lad|person|people|girl|boy))\b)"
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "self-harm or suicidal thoughts",
        re.compile(
            r"\b(?:kill(?:ing)?\s+my\s?self|end(?:ing)?\s+(?:my|her|his|their)\s+(?:own\s+)?life|"
            r"take\s+my\s+own\s+life|suicid\w*|self[\s-]?harm\w*|harm(?:ing)?\s+(?:my|her|him|them)sel(?:f|ves)|"
            r"cut(?:ting|s)?\s+(?:my|her|him|them)sel(?:f|ves)|better\s+off\s+without\s+me|"
            r"(?:don'?t|do\s+not|dont)\s+want\s+to\s+(?:be\s+here|live|go\s+on|wake\s+up)|"
            r"want\s+to\s+die|wish\s+i\s+(?:was|were)\s+dead|no\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|going\s+on)|"
            r"can'?t\s+(?:go\s+on|take\s+(?:it|this)\s+any\s?more|cope\s+any\s?more)|overdos\w*)",
            _I,
        ),
    ),
    (
        "threat to kill or harm",
        re.compile(
            r"\b(?:threat(?:s|en(?:ed|ing|s)?)?\s+(?:to\s+)?(?:kill|stab|shoot|hurt|harm|burn|batter|"
            r"attack|beat|do\s+(?:me|him|her|them)\s+in|petrol\s+bomb)|"
            r"(?:said|says|say|saying|told|tells|telling|shouting|shouted|threatened|threatening|swore|warned)\b"
            r"[^.!?]{0,60}\b(?:will|would|'ll|ll|gonna|going\s+to|is\s+going\s+to|are\s+going\s+to)\s+"
            r"(?:kill|stab|shank|shoot|hurt|harm|burn|batter|cut|beat|do\s+(?:me|him|her|them|us)\s+in|"
            r"smash|break)|"
            r"(?:he|she|they)\s+(?:will|'ll|is\s+going\s+to|are\s+going\s+to)\s+(?:kill|stab|shoot|hurt)\s+"
            r"(?:me|him|her|us|them|my)|death\s+threats?|threatened\s+(?:me|him|her|us|them|my)\b|"
            r"(?:has|have|had)\s+been\s+threatened)",
            _I,
        ),
    ),
    (
        "domestic abuse disclosed",
        re.compile(
            _FAMILY
            + r"[^.!?]{0,120}?\b(?:hit|hits|hitting|beat|beats|beating|punch\w*|kick\w*|slap\w*|strangl\w*|"
            r"chok\w*|push\w*|shov\w*|broke(?:n)?\s+(?:her|his|my)|hurt\w*|rape\w*|forc\w*|controls?|"
            r"controlling|checks?\s+my|takes?\s+my|took\s+my|won'?t\s+let|wont\s+let|tells?\s+me\s+i'?m|"
            r"calls?\s+me|threat\w*|abus\w*|follows?\s+me|stalk\w*|"
            r"keeps?\s+turning\s+up|turn(?:s|ed)?\s+up|won'?t\s+leave|locks?\s+(?:me|her)|"
            r"bruis\w*|black\s+eye|isolat\w*|monitor\w*|tracks?\s+my)"
            r"|" + _PARTNER + r"[^.!?]{0,120}?\b(?:scared|afraid|frightened|terrified)\b"
            r"|\b(?:scared|afraid|frightened|terrified)\s+(?:of|to\s+leave)\s+(?:him|her|my\s+(?:partner|husband|wife|boyfriend|girlfriend|ex))"
            r"|\b(?:too\s+)?scared\s+to\s+leave\b"
            r"|\b(?:i'?m|i\s+am|im)\s+(?:being\s+)?(?:abused|raped|stalked|hit|beaten)\b"
            r"|\b(?:raped|sexually\s+assaulted|being\s+stalked)\s+(?:me|her|him|my)\b"
            r"|\b(?:he|she)\s+(?:raped|sexually\s+assaulted|hits|beats|strangled|choked)\s+(?:me|her|him)\b"
            r"|\b(?:counts?\s+as|is\s+this|is\s+it)\s+(?:domestic\s+)?abuse\b"
            r"|\b(?:hits|hurts|beats|kicks|punches|slaps|chokes|strangles|touches|rapes)\s+(?:me|us|my\s+\w+)\b",
            _I,
        ),
    ),
    (
        "child at risk of exploitation or grooming",
        re.compile(
            r"\b(?:groom(?:ed|ing)\s+(?:my|her|his|a|the|our|this)|being\s+groomed|"
            r"(?:going|goes|gone|went)\s+missing|missing\s+for\s+(?:days|hours|nights)|"
            r"being\s+used\s+to\s+(?:run|sell|carry|deal|hold)|run(?:ning)?\s+drugs\s+for|"
            r"(?:older|grown)\s+(?:men|blokes|lads|guys|man)\s+(?:pick|picking|picked|giving|give|buy|buying|"
            r"bought|taking|take|took|message|messaging|hang)|"
            r"(?:cash|money)\s+and\s+new\s+(?:trainers|clothes|phone)|new\s+(?:trainers|phone|clothes)\s+"
            r"(?:and|with)\s+(?:cash|money)|sexting|sending\s+(?:her|him)\s+(?:pictures|photos|nudes)|"
            r"cuckoo(?:ing|ed)\s+(?:is\s+)?(?:going\s+on|happening)|"
            r"(?:messag\w*|texting|contact\w*|buying|bought|giving|gave|sending|sends|follow\w*)\s+(?:[\w']+\s+){0,3}"
            r"(?:1[0-7]|[4-9])\s*(?:year|yr)s?[\s-]*old|"
            r"(?:buying|bought|buys|giving|gave|gives)\s+(?:her|him|them)\s+(?:gifts|presents|money|cash|alcohol|"
            r"drugs|vapes|weed|phones?)|taken\s+over\s+(?:his|her|their)\s+(?:flat|house|home))",
            _I,
        ),
    ),
    (
        "person held or forced to work",
        re.compile(
            r"\b(?:(?:keeps?|kept|took|takes|holds?|holding|has|have|taken)\s+(?:all\s+)?(?:their|his|her|our|my)\s+"
            r"(?:passports?|id|papers|documents)|not\s+in\s+control\s+of\s+(?:their|his|her)\s+(?:own\s+)?"
            r"(?:wages|money|id|passports?)|(?:haven'?t|have\s+not|hasn'?t|not)\s+been\s+paid|"
            r"forced\s+to\s+(?:work|stay|sell)|locked\s+in|can'?t\s+leave|not\s+allowed\s+to\s+leave|"
            r"sleep(?:s|ing)?\s+(?:in|at)\s+(?:a\s+|the\s+)?(?:back\s+room|workplace|factory|car\s+wash|shed)|"
            r"trafficked|debt\s+bondage|driven\s+to\s+work)",
            _I,
        ),
    ),
    (
        "vulnerable person being exploited",
        re.compile(
            r"\b(?:looks?|seems?|is|was)\s+(?:really\s+|very\s+)?(?:terrified|petrified|scared\s+stiff)\b"
            r"|\bhe\s+hasn'?t\s+been\s+(?:out|down)|\bshe\s+hasn'?t\s+been\s+(?:out|down)",
            _I,
        ),
    ),
]

# Present-tense signal for violence disclosures about a specific person: "was stabbed last year"
# is history, "is being threatened" is now. Used only to rescue recall for known-person harm.
_KNOWN_HARM_NOW = re.compile(
    _KNOWN + r"[^.!?]{0,40}\b(?:is|are|am|'s|'re|keeps?\s+getting|being)\s+(?:being\s+)?"
    r"(?:beaten|hit|attacked|threatened|abused|hurt|exploited|groomed|trafficked)\b",
    _I,
)


class SafeguardingResult(msgspec.Struct, frozen=True):
    flag: bool
    reasons: tuple[str, ...] = ()


def check_safeguarding(text: str) -> SafeguardingResult:
    reasons = [name for name, rule in _RULES if rule.search(text)]
    if not reasons and _KNOWN_HARM_NOW.search(text):
        reasons.append("person known to the writer being harmed")
    return SafeguardingResult(bool(reasons), tuple(reasons))
