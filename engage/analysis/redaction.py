"""Remove personal data from free text (best effort) and validate UK postcodes.

Replaced with tokens: [email], [phone], [NI number], [postcode] (the district is kept before it:
"LE2 [postcode]"), [vehicle], [address], [name]. Names are found by context (a title, "my
neighbour Dave", "called X", "thanks to X who") and by a list of common first names; places,
wards and partner organisations from the framework are never treated as names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# -- postcodes --------------------------------------------------------------------------------

# Outward code: A9, A99, AA9, AA99, A9A, AA9A; inward code: 9AA (inward letters exclude CIKMOV).
_OUTWARD = r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_FULL = re.compile(rf"^\s*({_OUTWARD})\s*({_INWARD})?\s*$", re.I)
_POSTCODE_IN_TEXT = re.compile(rf"\b({_OUTWARD})\s?({_INWARD})\b", re.I)


def postcode_district(value: str) -> str | None:
    """The district (outward code) of a UK postcode, full ("le2 1ab") or district only ("LE2").

    Returns None when the value is not a valid postcode shape. "GIR 0AA" is accepted.
    """
    if not isinstance(value, str):
        return None
    cleaned = value.strip().upper()
    if re.fullmatch(r"GIR\s*0AA", cleaned):
        return "GIR"
    match = _POSTCODE_FULL.match(cleaned)
    return match.group(1).upper() if match else None


# -- patterns ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# UK numbers: 07700 900123, 0116 254 1234, (0116) 2541234, +44 7700 900123, +44 (0)116 ...
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s\-()]{7,14}\d\b")
_NI = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.I)
_VEHICLE = re.compile(r"\b(?:[A-Z]{2}[0-9]{2}\s?[A-Z]{3}|[A-Z][0-9]{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?[0-9]{1,3}[A-Z])\b")
_STREET_TYPES = (
    r"Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Walk|Court|Ct|Crescent|Cres|Place|Pl|"
    r"Gardens|Gdns|Grove|Gr|Terrace|Tce|Hill|View|Rise|Mews|Square|Sq|Row|Gate|Green|Vale|Parade|"
    r"Boulevard|Yard|Park|Fields|Croft|End|Wharf|Chase|Meadow|Meadows|Mead|Drove|Approach|Wynd"
)
_ADDRESS = re.compile(
    rf"\b(?:(?i:flat|apartment|apt|unit|room)\s*\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
    rf"(?:[A-Z][a-zA-Z'\-]+\s+){{1,3}}(?:{_STREET_TYPES})\b\.?",
)
_FLAT = re.compile(r"\b(?:flat|apartment|apt)\s+\d+[a-z]?\b", re.I)

_NAME_WORD = r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?"
_TITLE = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")
_RELATION = re.compile(
    r"\b(?:[Mm]y|[Oo]ur|[Hh]er|[Hh]is|[Tt]heir)\s+(?:(?:little|big|older|younger|elder|best|old|new|"
    r"next[- ]door|late|step|ex)\s+)?(?:neighbou?r|son|daughter|sister|brother|friend|mate|mum|mom|dad|"
    r"husband|wife|partner|cousin|nephew|niece|boyfriend|girlfriend|ex|uncle|aunt|auntie|nan|gran|"
    r"grandson|granddaughter|colleague|carer|landlord|landlady|lodger|child|kid|boy|girl|lad|stepson|"
    r"stepdaughter|stepdad|stepmum)\s*,?\s+(" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")?)"
)
_CALLED = re.compile(
    r"\b(?:called|named|name is|name's|known as|goes by|signed|regards,?)\s+("
    + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r")?)"
)
_CAPITALISED = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}\b")
_NAME_THEN = re.compile(rf"\b({_NAME_WORD}(?:\s+{_NAME_WORD})?)\s+(?:who|said|says|told|from\s+number|at\s+number)\b")

# Common first names (UK, including names common in Leicester's communities). Words that are
# also ordinary words or places (Will, May, Hope, Faith, Grace, Victoria...) are left out.
_FIRST_NAMES = frozenset(
    """
    aaron abdul abdullah adam adil afzal ahmed aisha ajay alan alex alexander ali alice alison amanda
    amar amber amelia amina amir amit amy andrea andrew andy angela anil anita ann anna anne annie
    anthony anwar arjun arun asha ashley asif aslam ayesha azhar baljit barbara barry becky ben
    benjamin beth bethany bhavna bilal billy bob bobby brandon brenda brian callum carl carol caroline
    catherine chantelle charlie charlotte chelsea chloe chris christine christopher claire colin
    connor craig dale daniel danielle danny darren dave david dawn dean debbie deborah deepa deepak
    denise dennis derek dev dharmesh diane dilip dinesh donna doreen dorothy dylan ed eddie edward
    eileen elaine eleanor elizabeth ellie emily emma eric ethan fatima faisal farah gail gareth gary
    gavin gemma geoff george georgia gordon graham gurpreet hamza hannah harpreet harry harvey hassan
    hayley heather helen henry hitesh holly ian imran irene isabel isla isaac jack jackie jacob jade
    jagdish james jamie jane janet jas jasmine jaspreet jason jay jayden jean jeff jennifer jenny jess
    jessica jill jim jimmy jo joan joanne joe joel john johnny jon jonathan jordan joseph josh joshua
    joyce julie julia june justin kabir kamal karen karl kate katie kathleen kavita kay keith kelly
    ken kenneth kerry kevin khalid kieran kim kiran kirsty kyle laura lauren leah lee leon lewis liam
    lily linda lisa liz logan lorraine louise lucy luke lynn lynne mandy manjit margaret maria marie
    martin mary matt matthew maureen megan meena melanie michael michelle mick mike mo mohamed
    mohammad mohammed molly muhammad naeem nadia naomi narinder natalie nathan neil nicola nicole
    nigel nikhil nisha noah norman oliver olivia omar owen pam pamela paramjit patricia paul pauline
    peter phil philip pooja priya rachel rahul raj rajesh rakesh ravi rebecca reece ria richard rick
    rita rob robert robin ronnie ross ruby russell ruth ryan sadia saima sajid salma sam samantha
    samir sandeep sandra sanjay sara sarah scott sean shabana shahid shane sharon shaun sheila shirley
    simon sophie stacey stephen steve steven stuart sue sukhwinder sunil susan suzanne tahir tanya
    tariq terry thomas tim timothy tina toby todd tom tommy tony tracey tracy tyler usman vanessa
    vicky vijay vinod wayne wendy william yasmin yusuf zain zainab zara zoe
    """.split()
)

# Capitalised words that are never names here: places, organisations, roles, days, identities.
_COMMON_CAPITALISED = frozenset(
    """
    i leicester leicestershire england britain uk london city council police pcso pcsos sgt insp cllr
    street road lane park centre center station tower clock market haymarket highfields golden mile
    narborough london uppingham belgrave evington braunstone aylestone saffron humberstone hamilton
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december christmas diwali eid ramadan vaisakhi easter
    muslim muslims hindu hindus sikh sikhs jewish christian black white asian british english
    polish somali indian pakistani african caribbean prevent community gold street pastors turning
    point victoria abbey castle fosse knighton stoneygate thurncourt troon westcotes western wycliffe
    spinney hills beaumont leys eyres monsell rushey mead north south east west co-op tesco asda aldi
    lidl mosque temple church gurdwara university college school nhs camhs probation jan feb mar apr
    jun jul aug sep sept oct nov dec
    """.split()
)


@functools.cache
def _allowlist(extra: tuple[str, ...] = ()) -> frozenset[str]:
    from .framework_model import default_framework

    fw = default_framework()
    words = set(_COMMON_CAPITALISED)
    for phrase in (*fw.wards, *fw.partners, *extra):
        words.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", phrase))
    return frozenset(words)


def _is_place_or_org(words: Iterable[str], allow: frozenset[str]) -> bool:
    return any(w.lower() in allow for w in words)


def _redact_names(text: str, allow: frozenset[str]) -> str:
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int, name: str) -> None:
        words = name.split()
        # Drop trailing words that are places or roles ("Linda Street" -> not a person).
        if _is_place_or_org(words, allow) and not words[0].lower() in _FIRST_NAMES:
            return
        spans.append((start, end))

    for m in _TITLE.finditer(text):
        spans.append((m.start(), m.end()))  # the title goes too: "Mrs Jean Thackeray" -> "[name]"
    for pattern in (_RELATION, _CALLED, _NAME_THEN):  # the first-name list covers weaker contexts
        for m in pattern.finditer(text):
            name = m.group(1)
            if pattern is not _RELATION and name.split()[0].lower() in allow:
                continue
            if pattern is _NAME_THEN and name.split()[0].lower() not in _FIRST_NAMES:
                continue
            add(m.start(1), m.end(1), name)
    for m in _CAPITALISED.finditer(text):
        words = m.group(0).split()
        if words[0].lower() in _FIRST_NAMES and not _is_place_or_org(words[1:], allow):
            # "Victoria Park" style: a first name followed by a place word is a place.
            after = text[m.end():m.end() + 12]
            if re.match(rf"\s+(?:{_STREET_TYPES}|Centre|Park|House|Hall|Court|School|Church)\b", after):
                continue
            spans.append((m.start(), m.end()))
    if not spans:
        return text
    spans.sort()
    out, last = [], 0
    for start, end in spans:
        if start < last:
            if end > last:
                last = end
            continue
        out.append(text[last:start])
        out.append("[name]")
        last = end
    out.append(text[last:])
    return "".join(out)


def _postcode(m: re.Match[str]) -> str:
    return f"{m.group(1).upper()} [postcode]"


def _phone(m: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    return "[phone]" if 10 <= len(digits) <= 13 else m.group(0)


def redact(text: str, allow: Iterable[str] = ()) -> str:
    """Text with personal data replaced by tokens. `allow`: extra place/organisation names."""
    allowlist = _allowlist(tuple(allow))
    text = _EMAIL.sub("[email]", text)
    text = _NI.sub("[NI number]", text)
    text = _PHONE.sub(_phone, text)
    text = _POSTCODE_IN_TEXT.sub(_postcode, text)
    text = _VEHICLE.sub("[vehicle]", text)
    text = _ADDRESS.sub("[address]", text)
    text = _FLAT.sub("[address]", text)
    return _redact_names(text, allowlist)
