"""Remove personal data from free text (best effort) and validate UK postcodes.

Replaced with tokens: [email], [phone], [NI number], [postcode] (the district is kept before it:
"LE2 [postcode]"), [vehicle], [address], [name], [handle] (a person's "@name", an account named after
its app, a profile link; organisations' stay), [date of birth] (a date after "DOB", "born"...) and
[reference] (crime, incident, case, CAD and NHS numbers after the word that names them).
Phone numbers are also found spaced out ("0 7 7 0 0 ..."), with the letter O for zero and in words
("zero seven seven double oh ..."); addresses as "number 19 on Evington Lane", "12 The Crescent" and
house names ("Rosewood Cottage"); names after initials ("J. Smith"). Brands and temples named with a
title ("Dr Martens", "Mr Whippy", "Sri Guru Singh Sabha") and car makes are not people. Names are found by context (a title in English
or another language, "my neighbour Dave", "Resi Terry Gawthorpe", "called X", a name signed at
the end or written just before a phone number or address) and by a list of common first names.
Names are matched in any script ("Mrs Wiśniewska", "Mr Ó Briain", "Mrs فاطمہ") and in text
written in capitals. Places, wards and partner organisations are never treated as names.
Names no context marks are found from lists: the code's own, data/first_names.txt, and
data/names.txt (first names and surnames of many communities, built by tools/build_name_list.py);
a person is also shown by what they do ("spoke to X", "X said", "X's son", "goes by X"), by what is
done to them ("Kowalczyk was threatened"), by a pronoun or possessive after the word ("Wiesław, he
saw", "Tomek and his cousin"), and by being joined to a name found already ("[name] and Zuri",
"Callum WHITTAKER"). In text written in Latin letters, a word or two in a script without case is a name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import regex

from . import pattern_en, thesaurus
from .framework_model import default_framework
from .text import STOPWORDS

# -- postcodes --------------------------------------------------------------------------------

# Outward code: A9, A99, AA9, AA99, A9A, AA9A; inward code: 9AA (inward letters exclude CIKMOV).
_OUTWARD = r"(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE_FULL = re.compile(rf"^\s*({_OUTWARD})\s*({_INWARD})?\s*$", re.I)
_POSTCODE_IN_TEXT = re.compile(rf"\b({_OUTWARD})\s{{0,2}}({_INWARD})\b", re.I)
# Written loosely: a dash between the halves ("le1-5ab") or a space inside the inward code ("LE4 6 HX").
_POSTCODE_LOOSE = re.compile(rf"\b({_OUTWARD})(?:\s{{0,2}}-\s{{0,2}}({_INWARD})|\s{{0,2}}([0-9]\s[ABD-HJLNP-UW-Z]{{2}}))\b", re.I)
# Spelt out a character at a time on a form: "L E 4 9 R T" (checked as a postcode once the spaces go).
_SPACED_CHARACTERS = re.compile(r"\b[A-Za-z](?: [A-Za-z0-9]){4,6}\b")


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


class _Dual:
    """A pattern compiled twice: with Python's `re` over ASCII classes for ASCII text (fast, the
    usual case) and with `regex` over Unicode classes for everything else (same matches)."""

    _ASCII = (
        # bracketed classes first, so that the bare ones below do not rewrite their insides
        (r"[\p{Ll}\p{M}'\-]", "[a-z'\\-]"), (r"[\p{Ll}\p{M}]", "[a-z]"), (r"[\p{L}\p{M}'\-]", "[A-Za-z'\\-]"),
        (r"[\p{L}\p{M}']", "[A-Za-z']"), (r"[\p{Lo}\p{M}]", "[^\\x00-\\x7f]"), (r"[\p{L}\p{M}]", "[A-Za-z]"),
        (r"\p{Lu}", "[A-Z]"), (r"\p{Ll}", "[a-z]"), (r"\p{Lo}", "[^\\x00-\\x7f]"), (r"\p{L}", "[A-Za-z]"),
    )

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.unicode = regex.compile(pattern, flags)
        ascii_pattern = pattern
        for unicode_class, ascii_class in self._ASCII:
            ascii_pattern = ascii_pattern.replace(unicode_class, ascii_class)
        self.ascii = re.compile(ascii_pattern, flags)

    def _pick(self, text: str):
        return self.ascii if text.isascii() else self.unicode

    def finditer(self, text: str, *args):
        return self._pick(text).finditer(text, *args)

    def search(self, text: str, *args):
        return self._pick(text).search(text, *args)


_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Written out to dodge spam: "sarah.j at gmail dot com", "sarah.j[at]gmail[dot]co[dot]uk", "bob @ bt.com".
_TLD = (r"(?:com|co|uk|org|net|ac|gov|io|me|info|edu|biz|eu|pl|ie|ro|lt|lv|cz|sk|hu|de|fr|es|it|pt|nl|tr|ru|ua|in|pk|bd|"
        r"ng|gh|ke|so|za|us|ca|au|br)")
_EMAIL_SPELT = re.compile(
    r"\b[\w.+-]+(?:\s(?i:dot)\s[\w+-]+)*\s*(?:@|[(\[{]\s*at\s*[)\]}]|\s(?i:at)\s)\s*[\w-]+"
    rf"(?:\s*(?:\.|[(\[{{]\s*dot\s*[)\]}}]|\s(?i:dot)\s)\s*[\w-]+)*\s*(?:\.|[(\[{{]\s*dot\s*[)\]}}]|\s(?i:dot)\s)\s*(?i:{_TLD})\b")
# UK numbers (07700 900123, 0116 254 1234, (0116) 2541234, +44 (0)116 ...), international ones
# (+48 601 234 567, 0091 98765 43210) and North American ones ((555) 013-2288, 555-013-2288).
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?|0\s?)\d(?:\s\d){7,13}\b"  # digits spaced out: "0 7 7 0 0 9 0 0 1 2 3" (first: it is longest)
    r"|(?<![\w+])(?:(?:\+|00)\d{1,3}[\s.-]?(?:\(0\)\s?)?|\(?0)\d[\d\s\-().]{6,15}\d\b"
    r"|(?<![\w+(])\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b"
    r"|(?<![\w+.,/])7\d{3}[\s-]?\d{3}[\s-]?\d{3}\b"  # a mobile with its 0 left off, as after +44: "7700 900123"
)
# An address with no dot after the @: "j.bloggs@gmail" (a person's handle has nothing before the @).
_EMAIL_CLIPPED = re.compile(r"\b[\w.+-]*\w@[A-Za-z][\w-]+\b(?!\.\w)")
# A phone number in words: "zero seven seven double oh nine ..." (10 digits or more, starting with nought).
_DIGIT_WORD = r"(?:zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine|double|treble|triple)"
_PHONE_WORDS = re.compile(rf"\b(?:zero|oh|nought|double\s+(?:oh|o|zero))(?:[\s,\-]+{_DIGIT_WORD}){{7,}}\b", re.I)
_EXTRA_DIGITS = {"double": 1, "treble": 2, "triple": 2}
# A number written with the letter O for zero ("O77OO 9OO123"): read as digits before the phone pattern.
_O_NEAR_DIGIT = re.compile(r"[0-9][Oo]|[Oo][0-9]")
_O_FOR_ZERO = re.compile(r"\b(?=[0-9Oo]*\d[0-9Oo]*\d)(?=[0-9Oo]*[Oo])[0-9Oo]{3,}\b")
# A social-media handle of a person: "@jaydenxx_22" (not an e-mail address, which is found first).
# Handles of organisations stay: "@LeicsPolice", "@leicester_news".
_ORG_HANDLE = re.compile(r"police|council|leics|leicester|nhs|gov|news|official|club|ward|community|charity|trust", re.I)
_HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?\b")
_NI = re.compile(r"\b[A-Z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?[A-D]\b", re.I)
# After "NI" or "National Insurance" the final letter may be left off ("NINO: CE 10 20 30").
_NI_NAMED = re.compile(r"\b(?i:N\.?I\.?|NINO|national\s+insurance)(?:\s+(?i:no\.?|number|num))?\s*[:.\-]?\s*"
                       r"([A-Za-z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}(?:[\s-]?[A-Da-d])?)\b")
# A date of birth: a date after "DOB", "date of birth", "born" or "b." ("d.o.b. 3.11.2008", "born 14th March 2009").
# Dates with no such word (meetings, incidents) stay.
_MONTHS = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
_DATE = (rf"\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS}),?\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}")
_BIRTH_DATE = re.compile(rf"(?i:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth|\bborn(?:\s+(?:on|in))?|\bb\.)\s*[:\-]?\s*"
                         # a month and year will do after these words: "born in March 2009", "dob 03/2011"
                         rf"((?i:{_DATE}|(?:{_MONTHS})\s+\d{{4}}|\d{{1,2}}/\d{{4}}))\b")
# A crime, incident, case or NHS reference after the word that names it ("crime ref 23000456789",
# "incident number 0612 of 14/03/2024", "case number ASB-2024-0147"): it leads to the person's record.
# At least three digits: "Prevent ref: 14yo" is a referral, not a reference.
_REF_VALUE = r"(?=(?:[A-Za-z/\-*]*\d){3})[A-Za-z0-9][A-Za-z0-9/\-*]{2,}(?:\s\d{2,}(?![/.]))*"
_REFERENCE = re.compile(
    r"\b(?i:(?:(?:crime|police|incident|case|log|cad|occurrence|job|report|nhs|hospital|urn|complaint|ticket)\s+"
    r"(?:ref(?:erence)?\.?|no\.?|number|num|#)(?:\s+no\.?)?|crime\s+ref(?:erence)?|(?:my\s+|the\s+|your\s+)?ref(?:erence)?"
    r"(?:\s+(?:no\.?|number))?|urn|cad|"
    # police systems' own numbers: "CRN 12345678", "PNC ID 12/345678X", "Storm log 1234", "Niche occurrence ..."
    r"crn|pnc(?:\s+id)?|storm(?:\s+log)?|occ(?:urrence)?|niche(?:\s+(?:ref|occ|occurrence))?|athena)(?:\s+(?:is|was))?)\s*[:.#]?\s*"
    rf"({_REF_VALUE}(?:\s+(?:of\s+)?(?:{_DATE}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?i:{_MONTHS})|\d{{1,2}}/\d{{1,2}}))?)"
    # "log 345 of 2 May", "incident 0612 of 14/03": a log number dated, whatever word comes before
    rf"|\b(?i:log|incident|cad)\s+(\d{{2,}}\s+of\s+(?:{_DATE}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?i:{_MONTHS})|\d{{1,2}}/\d{{1,2}}))"
)
# A person's account named after the app, with no "@": "his snapchat is lilmaz2010", "snap: k.dog_44".
_PLATFORM_HANDLE = re.compile(r"\b(?i:snap(?:chat)?|insta(?:gram)?|ig|tik\s?tok|twitter|telegram|facebook|fb|threads)"
                              r"(?:\s+(?i:name|handle|account|username|user|is|was|as)){0,2}\s*[:\-]?\s+@?"
                              r"([A-Za-z0-9_.]{3,30}[A-Za-z0-9_])")
# A profile link: "facebook.com/jane.doe.1234".
_PROFILE_LINK = re.compile(r"\b(?:https?://)?(?:www\.|m\.)?(?i:facebook|fb|instagram|tiktok|twitter|x|snapchat|linkedin|youtube)"
                           r"\.com/@?[A-Za-z0-9_.\-]+[A-Za-z0-9_]")
_VEHICLE = re.compile(
    r"\b(?:(?i:[A-Z]{2}[0-9]{2}\s?[A-Z]{3})|[A-Z][0-9]{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?[0-9]{1,3}[A-Z]|[0-9][A-Z]{3}\s?[0-9]{1,3})\b"
    # A partial plate: the current-format start, then what could not be read.
    r"|\b[A-Z]{2}[0-9]{2}\s?(?:\[[a-z ]+\]\S*|[A-Z?*]{1,3}\b)"
    r"|\b[A-Z]{2}\s?[0-9]{2}\s?[A-Z]{0,2}[?*]{1,3}(?!\w)"  # "KM 19 ???": what could not be read marked
)
# A current plate with a space after the area letters ("KA 62 BCD"), unless those are a word or the
# letters a month ("ON 12 MAY" in a text written in capitals).
_VEHICLE_SPACED = re.compile(r"\b(?!(?:ON|AT|IN|BY|TO|OF|IS|IT|AS|OR|NO|SO|UP|WE|MY|ME|HE|BE|DO|GO|AN|AM|PM|US)\s)[A-Z]{2}\s[0-9]{2}\s?"
                             r"(?!(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\b)[A-Z]{3}\b")
# After "reg" or "plate", whatever plate-like token follows ("plate 7XKR 221", "reg AB12").
_PLATE_CONTEXT = re.compile(r"\b(?i:reg(?:istration)?|plate|number plate)(?:\s+(?:no|number|is|was)){0,2}\s*[.:\-]?\s+"
                            r"((?=[A-Z0-9*?]*\s?[A-Z0-9*?]*[0-9])[A-Z0-9*?]{2,8}(?:\s[A-Z0-9*?]{1,4}(?![a-z])){0,2}"
                            # written in lower case after the word: "reg - ky 15 pnt"
                            r"|(?=[a-z]{2}\s?\d{2}\s?[a-z]{3}\b)[a-z]{2}\s?\d{2}\s?[a-z]{3})")
_STREET_TYPES = (
    r"Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Dr|Way|Walk|Court|Ct|Crescent|Cres|Place|Pl|"
    r"Gardens|Gdns|Grove|Gr|Terrace|Tce|Hill|View|Rise|Mews|Square|Sq|Row|Gate|Green|Vale|Parade|"
    r"Boulevard|Yard|Park|Fields|Croft|End|Wharf|Chase|Meadow|Meadows|Mead|Drove|Approach|Wynd|"
    r"Path|Circle|Circus|Broadway|Embankment|Hollow|Nook|Passage|Grange|Garth|Paddock|Orchard|Quay|Spur|Loop"
)
_ADDRESS = _Dual(
    rf"\b(?:(?i:flat|apartment|apt|unit|room)\s*\d+[a-z]?,?\s+)?(?:\d{{1,4}}[a-zA-Z]?\s*[-–/]\s*)?\d{{1,4}}[a-zA-Z]?,?\s+"
    rf"(?:(?:\p{{Lu}}[\p{{L}}\p{{M}}'\-]+|(?i:\[illegible\])|~~[^~\n]{{1,30}}~~)\s+){{1,3}}(?:{_STREET_TYPES})\b\.?",
)
_BUILDING = _Dual(
    r"\b(?i:flat|apartment|apt|unit|room)\s*\d+[a-z]?,?\s+(?:\p{Lu}[\p{L}\p{M}'\-]+\s+){1,2}"
    r"(?:House|Court|Tower|Towers|Building|Lodge|Mansions|Point|Heights|Block)\b"
    # "Apartment 5, The Maltings": a flat's number then the building's name
    r"|\b(?i:flat|apartment|apt)\s*\d+[a-z]?,?\s+The(?:\s+\p{Lu}[\p{L}\p{M}'\-]+){1,2}"
)
_ADDRESS_LOWER = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+((?:[a-z][a-z'\-]+\s+){1,2})(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|"
    r"crescent|cres|terrace|grove|gardens|way|walk|court|place|rise|mews|square|gate|path|circle|green)\b"
)
# (A word struck through in a typed-up paper response, "~~BRAMBLE~~", is part of the street.)
# A house number before "on"/"in" and the street: "house number 19 on Evington Lane", "at 19 on Evington Lane".
_NUMBER_ON_STREET = _Dual(
    r"(\d{1,4}[a-zA-Z]?\s+(?i:on|in|of|off)\s+"
    rf"(?:\p{{Lu}}[\p{{L}}\p{{M}}'\-]+\s+){{1,3}}(?:{_STREET_TYPES})\b\.?)"
)
_NUMBER_BEFORE = re.compile(r"(?i:\b(?:house\s+)?(?:number|no\.?)\s*|\bat\s+)$")
# The house number after the street: "on Stretton Road, number 8" (the number is what identifies).
_STREET_THEN_NUMBER = _Dual(
    rf"\b(?:\p{{Lu}}[\p{{L}}\p{{M}}'\-]+\s+){{1,3}}(?:{_STREET_TYPES}),?\s+((?i:house\s+number|number|no\.?)\s*\d{{1,4}}[a-zA-Z]?)\b"
)
# "12 The Crescent", "4 The Maltings": a house number then a street named with "The".
_NUMBER_THE = _Dual(r"\b(?<![\d,.:/])\d{1,3}[a-zA-Z]?,?\s+The\s+(\p{Lu}[\p{Ll}\p{M}]+(?:\s+\p{Lu}[\p{Ll}\p{M}]+)?)")
# A house named rather than numbered: "Rosewood Cottage", "Old Mill Farmhouse".
_HOUSE_NAME = _Dual(r"\b(?:\p{Lu}[\p{Ll}\p{M}]+\s+){1,2}(?:Cottage|Farmhouse|Bungalow|Villa)\b")


# A name word in any cased script ("Wiśniewska", "O'Neill", "McCarthy", "Sánchez-Ortiz"), or a
# word of a script without case (Arabic, Urdu, Devanagari, Gujarati, Gurmukhi, Bengali...).
_CASED = r"(?:(?:Mc|Mac|O'|D')?\p{Lu}[\p{Ll}\p{M}]+(?:\p{Lu}[\p{Ll}\p{M}]+)?(?:-\p{Lu}[\p{Ll}\p{M}]+)?)"
_UNCASED = r"(?:\p{Lo}[\p{Lo}\p{M}]*)"
_PARTICLE = r"(?:Ó|Ní|Nic|Ua|Mac|de|da|di|van|von|der|bin|ibn|al|el|ben)"
_INITIAL = r"(?:\p{Lu}\.?\s+)"
_PERSON = rf"(?:{_CASED}|{_UNCASED})(?:\s+(?:{_PARTICLE}\s+)?(?:{_CASED}|{_UNCASED})){{0,2}}"
_PERSON_CASED = rf"{_CASED}(?:\s+(?:{_PARTICLE}\s+)?{_CASED}){{0,2}}"
_HONORIFIC = (
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Pani|Pan|Ponia|Ponas|Sri|Shri|Smt|Haji|Hajji|Madame|Mme|Monsieur|Mlle|"
    r"Herr|Frau|Señor|Señora|Sra|Sr|Sig|Signora|Bayan|Bay)\.?"
    # Urdu/Arabic, Hindi, Gujarati, Punjabi and Bengali forms of Mr, Mrs, Dr, Sir
    r"|جناب|محترم|محترمہ|مسز|مسٹر|السيد|السيدة|श्री|श्रीमती|सुश्री|डॉ\.?|શ્રી|શ્રીમતી|શ્રીમાન|ડૉ\.?|ਸ੍ਰੀ|ਸ੍ਰੀਮਤੀ|"
    r"ਸਰਦਾਰ|ਡਾ\.?|শ্রী|শ্রীমতী|জনাব|ড\."
)
# A surname in capitals in a text that is not ("Mrs ÖZTÜRK was threatened", "ENOCH ADEBAYO"): a vowel in it.
_CAPS_WORD = r"(?:Mc|Mac|O')?(?=\p{Lu}*[AEIOUYÁÉÍÓÚÖÜÅÆØĄĘÓ])\p{Lu}{2,}(?:-\p{Lu}{2,})?(?![\p{L}\p{M}])"
_TITLE = _Dual(rf"(?<![\p{{L}}\p{{M}}])(?:{_HONORIFIC})\s*(?:{_INITIAL})*(?:{_PARTICLE}\s+){{0,2}}"
               rf"(?:{_PERSON}|{_CAPS_WORD}(?:\s+{_CAPS_WORD})?)")
_CAPS_RUN = _Dual(rf"(?<![\p{{L}}\p{{M}}]){_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,2}}")
# A title written in lower case ("mrs patel at number 14"): the one or two words after it.
# A title and an initial alone: "Mrs K from number 4".
_TITLE_INITIAL = re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z]\b\.?(?!\s*[A-Z][a-z]|\.?\s*[A-Z]\.)")
_TITLE_LOWER = _Dual(r"(?<![\p{L}\p{M}'])(?:mr|mrs|ms|miss|dr|mx)\.?\s+(?!(?:and|or|n|&)\s)"
                     r"(\p{Ll}[\p{Ll}\p{M}'\-]+)(?:\s+(\p{Ll}[\p{Ll}\p{M}'\-]+))?")
_RELATION_WORDS = (
    r"neighbou?r|son|daughter|sister|brother|friend|mate|bro|sis|mum|mom|dad|husband|wife|partner|cousin|"
    r"nephew|niece|boyfriend|girlfriend|ex|uncle|aunt|auntie|nan|gran|grandson|granddaughter|colleague|carer|"
    r"landlord|landlady|lodger|child|kid|boy|girl|lad|stepson|stepdaughter|stepdad|stepmum|fella|missus|bf|gf|aunty"
)
_RELATION = _Dual(
    r"\b(?:[Mm]y|[Oo]ur|[Hh]er|[Hh]is|[Tt]heir|[Mm]e)\s+(?:(?:little|lil|big|older|younger|elder|best|old|new|"
    rf"next[- ]door|late|step|ex)\s+)?(?:(?:{_RELATION_WORDS})(?:'s)?\s+)?(?:{_RELATION_WORDS})(?:'s)?\s*,?\s+({_PERSON}|(?=\p{{Lu}}*[AEIOUY])\p{{Lu}}{{3,}}\b)"
)
# Lower-case writing: "my mate leanne", "my lil bro jayden" (only names from the list below).
_RELATION_LOWER = _Dual(
    r"\b(?i:my|our|her|his|their)\s+(?:(?i:little|lil|big|older|younger|best|old|step|ex)\s+)?"
    rf"(?i:{_RELATION_WORDS})\s+([a-z]+)\b(?!'t\b)"
)
# Officers' notes name people by their role: "Resi Terry Gawthorpe", "Caller (Lin, ...)", "friend Bartek".
_ROLE = _Dual(
    r"\b(?:[Rr]esi|[Rr]esident|[Cc]aller|[Oo]wner|[Mm]ale|[Ff]emale|[Oo]ffender|[Vv]ictim|[Ss]uspect|[Ww]itness|"
    r"[Tt]enant|[Cc]omplainant|[Ii]nformant|[Dd]etails|[Nn]ominal|[Cc]lient|[Ss]ubject|IP|[Vv]ic|"
    rf"[Pp]atient|[Pp]upil|[Ss]tudent|(?i:{_RELATION_WORDS}))"
    # officers write surnames in capitals: "subject PATTERSON", "Nominal Kyle BRADY"
    rf"\s*[:(,\-]?\s*({_PERSON_CASED}(?:\s+\p{{Lu}}{{3,}}(?:-\p{{Lu}}{{2,}})*\b)?|(?=\p{{Lu}}*[AEIOUY])\p{{Lu}}{{4,}}\b)"
)
# A person introduced by their age, as officers write: "14yo Kai", "Kai (14)", "Kai, 15,".
_AGED = _Dual(
    rf"\b\d{{1,2}}\s*(?:yo|y/o|yrs?\s+old|years?\s+old|year-old)\s+({_PERSON_CASED})"
    rf"|\b({_PERSON_CASED})\s*(?:\(\s*\d{{1,2}}\s*\)|,\s*\d{{1,2}}\s*(?:yo|y/o)?\s*,)"
)
# A text that opens by naming its writer: "Hyun-woo here, ...".
_SIGN_ON = _Dual(r"^\s*(?:[Hh]i,?\s+|[Hh]ello,?\s+)?(\p{Lu}[\p{Ll}\p{M}]+(?:-[\p{L}\p{M}]+)?(?:\s+\p{Lu}[\p{Ll}\p{M}]+)?)"
                 r"\s+here\b")
_CALLED = _Dual(
    r"(?:\b(?:called|named|name is|name's|known(?:\s+(?:locally|round here|around here|on the street))?\s+as|"
    r"goes by|nicknamed|signed|(?i:reported by|written by|sent by|submitted by|completed by|filled in by|on behalf of|"
    r"spoke (?:to|with)|speaking (?:to|with)|thanks to|visited|"
    r"according to)|I'm|I am|regards|thanks|thank you|cheers|merci|"
    r"sincerely|faithfully)|(?i:nazywam się|mam na imię|me llamo|je m'appelle|ich heiße|mi chiamo|"
    r"magacaygu waa|magacayguna waa)|میرا نام|मेरा नाम|મારું નામ|ਮੇਰਾ ਨਾਮ|আমার নাম)\s*,?\s+("
    + _PERSON + r")"
)
# "my neighbour" in Polish, Urdu, Hindi, Gujarati, Punjabi, Bengali, Somali, Spanish, French.
_FOREIGN_RELATION = _Dual(
    r"(?:(?i:sąsiad(?:ka|ki|a|em)?|deriskayga|deriskeyga|vecin[oa]|voisine?)|پڑوسی|پڑوسن|ہمسایہ|पड़ोसी|"
    rf"पड़ोसन|પાડોશી|પડોશી|ਗੁਆਂਢੀ|ਗੁਆਂਢਣ|প্রতিবেশী)\s+({_PERSON})"
)
_NICKNAME = _Dual(r"(?:\b(?:aka|a\.k\.a\.?|(?:known|named|referred\s+to)(?:\s+(?:locally|round here|around here|on the street))?\s+as|"
                  r"goes\s+by|nicknamed|"
                  r"call(?:s|ed)?\s+(?:him|her|them)(?:sel(?:f|ves))?|name is|name's)\s+[\"'‘“]?"
                  r"|\b(?:called|named|call)\s+[\"'‘“])"
                  # "Smudge", "Big Dom", and hyphenated street names: "T-Dog", "Lil-Kay"
                  r"((?:Big\s+|Lil\s+|Little\s+|Young\s+)?\p{Lu}(?:[\p{Ll}\p{M}]+|(?=-))(?:-\p{Lu}?[\p{Ll}\p{M}]+)*)")
# "Harvinder Kaur Sidhu", "Ranjit Singh": a given name before a Sikh or South Asian middle name.
_SIKH_NAME = _Dual(rf"\b(\p{{Lu}}[\p{{Ll}}\p{{M}}]+\s+(?:Kaur|Singh|Begum|Bibi|Khatun)(?:\s+{_CASED})?)\b")
# A capitalised word before a possessive and a person or their home: "Okonkwo's shop", "Ngozi's son".
_OWNER_OF = _Dual(rf"\b({_PERSON_CASED})'s\s+(?:(?:little|older|younger|eldest|youngest|new|old|teenage|ex)\s+)?"
                  rf"(?:{_RELATION_WORDS}|sons|daughters|kids|children|family|shop|house|home|flat|car|van|dog|"
                  r"windows?|door|garden|business|takeaway|phone|bike|teacher|pastor|imam|priest|doctor|gp|boss|"
                  r"social\s+worker|support\s+worker|key\s+worker|caseworker|parents|mother|father|baby|bag|purse|"
                  r"wallet|money|bank|medication|room|bedroom|school|work|job|stall|salon|cafe|restaurant)\b(?!\s+park)")
# A family named by its surname: "the Kowalczyk family", "the Patels next door".
_FAMILY = _Dual(rf"\b[Tt]he\s+({_CASED})\s+(?:family|household|brothers|sisters|twins)\b"
                rf"|\b[Tt]he\s+({_CASED}s)\s+(?:next\s+door|opposite|over\s+the\s+road|across\s+the\s+road|"
                r"upstairs|downstairs|at\s+(?:no\.?|number)\s*\d)")
# A person shown by what only people do or have done to them, with no other cue: "Kowalczyk was
# threatened", "Hargreaves said", "Jadzia and Stasiek were both scared" (places and partners are
# sorted out after the match; "the Kaczmareks have had" is a family).
_PERSON_VERBS = (r"said|says|told|tells|asked|asks|rang|rings|phoned|complained|reckons|thinks|thought|feels|felt|saw|"
                 r"heard|cried|wants|wanted|knows|knew|lives|lived|works|walked|went|came|reported|reports|"
                 r"explained|claims|admitted|disclosed|shouted|screamed|refused|agreed|tried|sells|deals|smokes|drinks")
# What is done to people (and to shops and places too: "robbed", "targeted", "hit" count for listed names only).
_DONE_TO = (r"threatened|attacked|assaulted|robbed|mugged|stabbed|searched|stopped|followed|chased|scared|frightened|"
            r"abused|hit|punched|kicked|beaten|harassed|bullied|pushed|spat|shouted|arrested|injured|hurt|groomed|"
            r"raped|crying|worried|upset|terrified|afraid|killed|murdered|bitten|jumped|cautioned|charged|questioned|"
            r"interviewed|intimidated|stalked|targeted|racially|verbally|physically|sexually|taken|missing")
_DONE_TO_PLACES = frozenset("attacked robbed hit targeted taken missing".split())
_PERSON_DOES = _Dual(
    rf"(?<![\p{{L}}\p{{M}}'])(?:[Tt]he\s+)?({_PERSON_CASED})(?:\s+(?:and|&)\s+({_CASED}))?(?:\s+(?:{_PERSON_VERBS})\b|"
    r"\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|has\s+had|have\s+had|keeps\s+(?:being|getting)|got|gets|"
    r"get)\s+(?:(?:both|all|also|again|being|getting|really|so|very|too|now|still|always)\s+){0,2}"
    # "Wiesław, he saw it", "Tomek and his cousin": a pronoun or a possessive of a person after the word
    rf"(?P<done>{_DONE_TO})\b|(?P<pronoun>,\s+(?:he|she)\s+\w)|\s+and\s+(?:his|her)\s+\w)"
)
_PERSON_DOES_WORDS = frozenset((_PERSON_VERBS + "|was|were|is|are|has|have|had|keeps|got|gets|get|he|she|his|her").split("|"))
# Irish names hold a particle no English phrase has: "Siobhán Ní Bhriain", "Seán Ó Murchú".
_IRISH_NAME = _Dual(rf"\b{_CASED}\s+(?:Ní|Nic|Ó|Uí|Mhic|Ua)\s+{_CASED}\b")
# A nickname given by others: "the lad they call Dizzy".
_THEY_CALL = _Dual(r"\b(?:lad|man|boy|girl|guy|woman|bloke|kid|one|fella|geezer|dealer)s?\s+(?:they|people|everyone|"
                   r"we|the\s+kids|the\s+lads|everybody)\s+call\s+[\"'‘“]?(\p{Lu}[\p{L}\p{M}'\-]+)")
# Neighbours or friends named as a family: "our neighbours the Kaczmareks".
_FAMILY_AFTER = _Dual(rf"\b(?:neighbou?rs|friends|family|relatives),?\s+the\s+({_CASED}s)\b")
# A word joined to a name found already: "[name] and Zuri", "Callum WHITTAKER" (a surname in capitals).
_JOINED_AFTER = _Dual(rf"^(?:(?:\s+(?:and|&)\s+|\s*[/+]\s*)({_CASED})|\s+(\p{{Lu}}{{3,}}(?:-\p{{Lu}}{{2,}})?))\b")
# "Jola/[name]", "Bartek + [name]", "Sola [name]" (a given name no list holds before a surname found)
_JOINED_BEFORE = _Dual(rf"\b({_CASED})(?:\s+(?:and|&)\s+|\s*[/+]\s*|\s+)$")

# Officers' "Surname, First" ("KERRIGAN, Liam", "Kowalski, Anna - arrested") at the start of a line or sentence.
_SURNAME_FIRST = _Dual(rf"(?:^|[.;:\n]\s*)({_CASED}|\p{{Lu}}{{3,}}),\s+({_CASED})\b")
# A surname after initials: "J. Smith", "A.K. Okafor", "J Smith" (not "A Road" or "I Think").
_INITIALS_NAME = _Dual(rf"\b(?<!\.)\p{{Lu}}(\.\s?(?:\p{{Lu}}\.\s?)?|\s)({_CASED})\b")
_INITIAL_DOT = re.compile(r"\b[A-Z]\.\s?[A-Z]")
_CAPITALISED = _Dual(rf"\b{_CASED}(?:\s+(?:{_PARTICLE}\s+)?{_CASED}){{0,2}}\b")
_NAME_THEN = _Dual(rf"\b({_PERSON_CASED})(?:\s*\((?:resident|resi|neighbour|victim|caller|witness|owner)\),?\s+\w|,?\s+"
                    r"(?:who|said|says|told|from\s+number|at\s+number|asked|rang|phoned|complained|reports|reported|"
                    r"explained|claims|reckons|admitted|disclosed|lives|raised))\b")
# Campaign names that happen to be first names, and officials named in their public role.
# Brands and characters named with a title ("Dr Martens", "Mr Whippy"), and temples and gurdwaras
# named with an honorific ("Sri Guru Singh Sabha", "Shri Ram Mandir").
_BRANDS = "Martens|Marten|Pepper|Oetker|Who|Whippy|Blobby|Kipling|Muscle|Bean|Motivator|Softee|Sheen|Men|Brain|Tumble|Frosty"
_NOT_A_PERSON = _Dual(rf"\b(?:Dr|Doc|Mr)\.?\s+(?:{_BRANDS})\b|\b(?:Sri|Shri|Shree)\s+(?:\p{{Lu}}[\p{{Ll}}\p{{M}}]+\s+){{1,3}}"
                      r"(?:Sabha|Mandir|Gurdwara|Temple|Mosque|Masjid|Centre|Hall|Dham|Sangat|Samaj|Mission)\b|"
                      r"(?i:ask\s+(?:me\s+)?for\s+angela)|\bStar\s+of\s+David\b|\b\p{Lu}[\p{Ll}\p{M}]+'s\s+(?:Law|Man\s+Club)\b|\b(?:PCSO|PC|Sgt|Insp|DC|DS|DI|Cllr|Councillor|"
                              r"Sergeant|Inspector|Constable|Officer)\.?\s+(?:\p{Lu}\.?\s*){0,2}\p{Lu}[\p{L}\p{M}'\-]+(?:\s+\p{Lu}[\p{L}\p{M}'\-]+)?")
# A name signed off at the end of a text ("... thanks. Krzysztof", "— ARTHUR PEMBERTON").
_SIGN_OFF = _Dual(rf"(?:^|[.!?,;:\n)]|\s[-–—~])\s*({_PERSON_CASED})\s*[.!]?\s*$")
# "... مدد کریں۔ نسرین کوثر": a name after the last full stop (Urdu ۔, Devanagari ।) of a text in that script.
_SIGN_OFF_SCRIPT = _Dual(rf"[۔।]\s*({_UNCASED}(?:\s+{_UNCASED})?)\s*[.!۔।]?\s*$")
# Closing words that are not names: thanks, regards, please help (Urdu, Hindi, Gujarati, Punjabi, Bengali).
_CLOSING_WORDS = frozenset("شکریہ شکریہ۔ مہربانی جزاک اللہ مدد धन्यवाद शुक्रिया कृपया मदद આભાર ધન્યવાદ મદદ ਧੰਨਵਾਦ ਮਦਦ ধন্যবাদ "
                           "সাহায্য".split())
_SIGN_OFF_UNCASED = _Dual(rf"(?:^|[.!?,;:\n)]|\s[-–—~])\s*({_UNCASED}(?:\s+{_UNCASED})?)\s*[.!]?\s*$")
# A name written just before contact details: "Kwame Asante, kwame@...", "Lin, 07700 ...", "X at 31 Kimberley Rd".
_BEFORE_CONTACT = _Dual(rf"({_PERSON})\s*(?:,|\(|\bat\b|\bon\b|-|:)?\s*$")
_CONTACT_WORDS = frozenset("tel phone mob mobile flat email e".split())
_CONTACT_WORD = re.compile(r"\b(?:tel|phone|mob|mobile|flat|email|e-mail)\b", re.I)

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
) | frozenset(
    # The longer list by community lives in a data file, so the code stays readable.
    word for line in (Path(__file__).resolve().parent / "data" / "first_names.txt").read_text("utf-8").splitlines()
    if not line.startswith("#") for word in line.split()
)


def _name_sections(name: str) -> dict[str, frozenset[str]]:
    """A data file of names in `[section]` blocks, lower case, whitespace-separated."""
    sections: dict[str, set[str]] = {}
    current = sections.setdefault("", set())
    for line in (Path(__file__).resolve().parent / "data" / name).read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[] \n"), set())
        else:
            current.update(line.split())
    return {k: frozenset(v) for k, v in sections.items()}


# Names from many communities' name lists (tools/build_name_list.py), English words already left out.
# First names count as names anywhere they are capitalised (as the lists above do); surnames only
# where something else says a person is meant ("Rowe said", "spoke to Mrs ...", after a first name).
_LISTED = _name_sections("names.txt")
# Names that are also places near us or words in local use.
_NOT_LISTED = frozenset("melton desi resi resis vic offie mercedes aabhar kirby ashby tel reg mob nando "
                         "uno vid sys gro maj nam thi boe mie ove siv lincoln mace wren tudor guinness versace heinz "
                         "deere hoover".split())
_FIRST_NAMES_CURATED = _FIRST_NAMES - _NOT_LISTED
_FIRST_NAMES = _FIRST_NAMES_CURATED | (_LISTED.get("first", frozenset()) - _NOT_LISTED)
_SURNAMES = _LISTED.get("last", frozenset()) - _NOT_LISTED
del _LISTED

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
    jun jul aug sep sept oct nov dec mon tue tues wed weds thu thur thurs fri sat sun
    tel reg mob ext guru sabha mandir
    nissan micra honda jazz civic mercedes prius toyota yaris ford fiesta focus transit vauxhall corsa astra
    bmw audi kia hyundai peugeot renault clio citroen fiat volkswagen vw golf polo skoda octavia mini
    range rover land lexus qashqai juke tesla volvo mazda suzuki jaguar sprinter
    """.split()
)


# Words written after "my mate", "my bro" that are not names although no dictionary has them.
_SLANG_AFTER_RELATION = frozenset("innit init tho aswell n u ur ya yeah bruv fam lol smh tbh cuz coz cos bc".split())

# First names that are also everyday lower-case words.
_AMBIGUOUS_LOWER = frozenset("jo mo sue rob bob ken kay jay lee pat sam tom jack dean ray kim mick jim jon ed dev bobby "
                             "ian ali amir art bill dawn june ruby jade amber holly sandy".split())


@functools.cache
def _allowlist(extra: tuple[str, ...] = ()) -> frozenset[str]:
    fw = default_framework()
    words = set(_COMMON_CAPITALISED)
    for phrase in (*fw.wards, *fw.partners, *extra):
        words.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", phrase))
    return frozenset(words)


def _is_place_or_org(words: Iterable[str], allow: frozenset[str]) -> bool:
    return any(w.lower() in allow for w in words)


@functools.cache
def _ward_phrases() -> frozenset[str]:
    return frozenset(part.strip().lower() for ward in default_framework().wards for part in ward.split("&"))


def _ward_named(address: str) -> bool:
    """An "address" whose street words are a ward's name ("60 Braunstone Park")."""
    words = re.sub(r"^[^A-Za-z]*\d+[a-z]?,?\s+", "", address).strip(". ").lower()
    return words in _ward_phrases()


# Words signed at the end of officers' notes that are not people.
_NOT_NAMES = frozenset("aabhar dhanyavaad shukriya admin team all staff thanks cheers ok noted agreed done closed ongoing actioned tbc "
                       "chair secretary "
                       # labels in officers' notes, before an address, a plate or a person
                       "adr addr veh vrm nom sus vic fao attn crn pnc occ loc desc ref tel mob dob nfa".split())


def _dictionary_word(word: str) -> bool:
    """An everyday English word ("Forwarded", "Highways"), so not a name on its own evidence."""
    low = word.lower()
    if low in _FIRST_NAMES or not low.isascii():
        return False
    return low in STOPWORDS or low in _NOT_NAMES or bool(thesaurus.lemmas(low))


def _plain_word(word: str) -> bool:
    """A lower-case word that is a stopword or that TextBlob's tagger knows as anything but a proper
    noun: what may follow a lower-case "miss" or "dr" without being a name ("miss going out")."""
    if word in _FIRST_NAMES or word in _SURNAMES:
        return False
    tag = pattern_en.lexicon.get(word)
    return word in STOPWORDS or (tag is not None and not tag.startswith("NNP"))


def _english_word(word: str) -> bool:
    """A lower-case word that is English in any form: WordNet's lemmas and inflections, or a word
    TextBlob's tagger lexicon knows as anything but a proper noun ("went", "aren't")."""
    low = word.lower()
    if _dictionary_word(low):
        return True
    if low in _FIRST_NAMES or not low.isascii():
        return False
    tag = pattern_en.lexicon.get(low)
    return tag is not None and not tag.startswith("NNP")


_DIGIT = re.compile(r"\d")
_POSTCODE_WORD = re.compile(r"post\s?code")
_BIRTH_WORD = re.compile(r"d\.?\s?o\.?\s?b|birth|born|\bb\.")
_REFERENCE_WORD = re.compile(r"ref|\bno\b|numb|\bnum\b|\blog\b|\bcad\b|\burn\b|incident|#|crn|pnc|storm|occ|niche|athena")
_NI_WORD = re.compile(r"\bn\.?i\b|nino|insurance")
_PLATFORM_WORD = re.compile(r"snap|insta|\big\b|tik\s?tok|twitter|telegram|facebook|\bfb\b|threads")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_UNCASED_CHAR = regex.compile(r"\p{Lo}")
_WORD_PART = regex.compile(r"[\p{L}\p{M}']+")
_UPPER = regex.compile(r"\p{Lu}")
_LOWER = regex.compile(r"\p{Ll}")


@functools.cache
def _lower_in_caps() -> frozenset[str]:
    """Words put in lower case in the view of a text written in capitals, so that "MY NEIGHBOUR JANICE
    IS" reads as "my neighbour Janice is": function words (by TextBlob's tagger) and relations."""
    function = {w for w in STOPWORDS if (pattern_en.lexicon.get(w) or "NN")[:2] in
                ("DT", "IN", "PR", "CC", "TO", "MD", "VB", "WD", "WP", "RB", "EX", "PD")}
    return frozenset(function - {"i"}) | _RELATIONS


def _uppercase_view(text: str) -> str:
    """Text written in capitals, in title case (same length), so name and address patterns apply."""
    upper = len(_UPPER.findall(text))
    if upper < 8 or len(_LOWER.findall(text)) > 0.25 * upper:
        return text
    lower = _lower_in_caps()

    def case(m: regex.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in lower and low not in _FIRST_NAMES:  # "MY NEIGHBOUR JANICE IS" -> "my neighbour Janice is"
            return low
        if re.fullmatch(r"(?:MC|MAC)[A-Z]{3,}", word):
            return word[:2].capitalize() + word[2].upper() + word[3:].lower()
        return word[0] + _lower_same_length(word[1:])  # "ŞAHİN" -> "Şahin", one letter for one

    view = _WORD_PART.sub(case, text)
    return view if len(view) == len(text) else text


class _Spans:
    """Non-overlapping (start, end, replacement) found so far; the first claim on a span wins."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in self.items)

    def add(self, start: int, end: int, token: str) -> None:
        if start >= end:
            return
        if self.free(start, end):
            self.items.append((start, end, token))
        elif token == "[name]":
            # a whole name found after a part of it ("Cali" then "Sahra Maxamed Cali") replaces the part
            inside = [item for item in self.items if not (end <= item[0] or start >= item[1])]
            if all(start <= s and e <= end and t == "[name]" for s, e, t in inside):
                self.items = [item for item in self.items if item not in inside] + [(start, end, token)]

    def starts(self) -> set[int]:
        return {s for s, _, _ in self.items}

    def apply(self, text: str) -> str:
        out, last = [], 0
        for start, end, token in sorted(self.items):
            out.append(text[last:start])
            out.append(token)
            last = end
        out.append(text[last:])
        return "".join(out)


def _phone(m: re.Match[str]) -> bool:
    """A phone number a person has: 9 to 15 digits, and not an organisation's freephone or
    non-geographic line (0800, 0808, 0300-0399, 0843-0845, 0870-0873: Crimestoppers, the council)."""
    digits = re.sub(r"\D", "", m.group(0))
    return 9 <= len(digits) <= 15 and not re.match(r"0(?:80[08]|3\d\d|84[345]|87[0-3])", digits)


# Words that must be present for a pattern to be worth running (most texts have none of them).
_TITLE_WORDS = frozenset("mr mrs ms miss mx dr prof pani pan ponia ponas sri shri smt haji hajji madame mme monsieur "
                         "mlle herr frau sra sr sig signora bayan bay".split())
_NICKNAME_WORDS = frozenset("aka a known goes nicknamed calls call called named name".split())
_SIKH_WORDS = frozenset("kaur singh begum bibi khatun".split())
_OWNERS = frozenset("my our her his their me".split())
_RELATIONS = frozenset(_RELATION_WORDS.replace("neighbou?r", "neighbour|neighbor").replace("next[- ]door", "").split("|"))
_ROLES = frozenset("subject ip vic resi resident caller owner male female offender victim suspect witness tenant complainant informant "
                   "details nominal client patient pupil student".split()) | _RELATIONS
_CALLED_WORDS = frozenset("called named name known goes signed regards thanks thank cheers merci sincerely faithfully "
                          "nicknamed reported spoke speaking visited according m am written sent submitted completed filled "
                          "behalf "
                          "nazywam mam llamo appelle heiße chiamo magacaygu magacayguna".split())
_THEN_WORDS = frozenset("who said says told number asked rang phoned complained reports reported explained claims "
                        "reckons admitted disclosed lives raised resident resi neighbour victim caller witness owner".split())
_OFFICIAL_WORDS = frozenset("sri shri shree martens marten pepper oetker who whippy blobby kipling muscle bean motivator "
                            "softee sheen men brain tumble frosty law club angela star pcso pc sgt insp dc ds di cllr councillor sergeant inspector constable officer".split())


_CUE = re.compile(r"(?i:spoke|speaking|thanks to|visited|according|reported by|I'm|I am|name)")
_SPEECH = frozenset("said says told asked rang phoned complained reports reported explained claims reckons admitted "
                    "disclosed".split())
_PLACE_BEFORE = re.compile(r"\b(?:at|in|from|on|near|around|of|to|into|outside|behind|across)\s+$", re.I)


def _person_then(view: str, m: re.Match[str], name: str) -> bool:
    """"X said ...": X is a person when a list knows the name, or when a word of speech follows a
    capitalised word that starts no sentence and follows no word of place ("residents at Netherhall said")."""
    first = name.split()[0].lower()
    if first in _FIRST_NAMES or first in _SURNAMES or "(" in view[m.end(1):m.end()]:
        return True  # a listed name, or "Bridget (neighbour) saw it"
    verb = view[m.end(1):m.end()].split()[-1].lower()
    if verb not in _SPEECH or re.search(rf"\b(?:{_STREET_TYPES})$", name):
        return False
    return m.start(1) != _sentence_start(view, m.start(1)) and not _PLACE_BEFORE.search(view, 0, m.start(1))


def _sentence_start(text: str, index: int) -> int:
    """Where the sentence holding `index` starts (after . ! ? or a line break, spaces skipped)."""
    start = max(text.rfind(c, 0, index) for c in ".!?\n:;") + 1
    while start < index and not text[start].isalnum():
        start += 1
    return start


def _find_data(text: str, view: str, spans: _Spans, allowlist: frozenset[str]) -> None:
    """Everything but names: contact details, identity numbers, plates, addresses."""
    if "@" in text:
        for m in _EMAIL.finditer(text):
            spans.add(m.start(), m.end(), "[email]")
        for m in _EMAIL_CLIPPED.finditer(text):
            spans.add(m.start(), m.end(), "[email]")
        for m in _HANDLE.finditer(text):
            if not _ORG_HANDLE.search(m.group(0)) and not _is_place_or_org(re.findall(r"[a-z]+", m.group(0).lower()), allowlist):
                spans.add(m.start(), m.end(), "[handle]")
    low = text.lower()
    if "@" in text or "at" in low and "dot" in low or "(at)" in low or "[at]" in low:
        for m in _EMAIL_SPELT.finditer(text):
            spans.add(m.start(), m.end(), "[email]")
    if ".com/" in low:
        for m in _PROFILE_LINK.finditer(text):
            spans.add(m.start(), m.end(), "[handle]")
    if _PLATFORM_WORD.search(low):
        for m in _PLATFORM_HANDLE.finditer(text):
            handle = m.group(1)
            # an account name has a digit, "_" or "." in it, or is no English word ("snapchat is full of...")
            if re.search(r"[0-9_.]", handle) or not _english_word(handle) and handle.lower() not in allowlist:
                spans.add(m.start(1), m.end(1), "[handle]")
    if ("Cottage" in view or "Farmhouse" in view or "Bungalow" in view or "Villa" in view):
        for m in _HOUSE_NAME.finditer(view):
            spans.add(m.start(), m.end(), "[address]")
    for m in _PHONE_WORDS.finditer(text) if "zero" in low or "oh " in low or "nought" in low else ():
        words = re.findall(r"[a-z]+", m.group(0).lower())
        if sum(1 + _EXTRA_DIGITS.get(w, 0) - (w in _EXTRA_DIGITS) for w in words) >= 10:
            spans.add(m.start(), m.end(), "[phone]")
    if not _DIGIT.search(text):
        return
    # the patterns that need a word before the value run only when the word is there (most texts lack it)
    for m in _BIRTH_DATE.finditer(text) if _BIRTH_WORD.search(low) else ():
        spans.add(m.start(1), m.end(1), "[date of birth]")
    for m in _REFERENCE.finditer(text) if _REFERENCE_WORD.search(low) else ():
        group = 1 if m.group(1) else 2
        spans.add(m.start(group), m.end(group), "[reference]")
    for m in _NI.finditer(text):
        spans.add(m.start(), m.end(), "[NI number]")
    for m in _NI_NAMED.finditer(text) if _NI_WORD.search(low) else ():
        spans.add(m.start(1), m.end(1), "[NI number]")
    digits = _O_FOR_ZERO.sub(lambda m: m.group(0).replace("O", "0").replace("o", "0"), text) \
        if _O_NEAR_DIGIT.search(text) else text
    for m in _PHONE.finditer(digits):
        if _phone(m):
            spans.add(m.start(), m.end(), "[phone]")
    for m in _POSTCODE_IN_TEXT.finditer(text):
        spans.add(m.start(), m.end(), f"{m.group(1).upper()} [postcode]")
    for m in _POSTCODE_LOOSE.finditer(text):
        inward = m.group(2) or m.group(3)
        # "the m1 2 at night": a lower-case inward code split by a space counts only after "postcode"
        if m.group(2) or inward.isupper() or _POSTCODE_WORD.search(low, max(0, m.start() - 20), m.start()):
            spans.add(m.start(), m.end(), f"{m.group(1).upper()} [postcode]")
    for m in _SPACED_CHARACTERS.finditer(text):
        compact = m.group(0).replace(" ", "")
        full = _POSTCODE_FULL.match(compact)
        if full and full.group(2):
            spans.add(m.start(), m.end(), f"{full.group(1).upper()} [postcode]")
    for m in _VEHICLE.finditer(text):
        spans.add(m.start(), m.end(), "[vehicle]")
    for m in _VEHICLE_SPACED.finditer(text):
        spans.add(m.start(), m.end(), "[vehicle]")
    for m in _PLATE_CONTEXT.finditer(text):
        spans.add(m.start(1), m.end(1), "[vehicle]")
    for m in _ADDRESS.finditer(view):
        if not _ward_named(m.group(0)):  # "section 60 Braunstone Park & Rowley Fields"
            spans.add(m.start(), m.end(), "[address]")
    for m in _BUILDING.finditer(view):
        spans.add(m.start(), m.end(), "[address]")
    for m in _NUMBER_ON_STREET.finditer(view):
        if _NUMBER_BEFORE.search(view, max(0, m.start() - 16), m.start()):
            spans.add(m.start(1), m.end(1), "[address]")
    for m in _STREET_THEN_NUMBER.finditer(view) if "umber" in view or "no" in low else ():
        spans.add(m.start(1), m.end(1), "[address]")
    if "The" in view:
        for m in _NUMBER_THE.finditer(view):
            if not _is_place_or_org(m.group(1).split(), allowlist):
                spans.add(m.start(), m.end(), "[address]")
    for m in _ADDRESS_LOWER.finditer(text):
        if not any(w in STOPWORDS for w in m.group(1).split()):
            spans.add(m.start(), m.end(), "[address]")


def _find_names(view: str, allow: frozenset[str], spans: _Spans, *, caps: bool = False) -> None:
    present = set(re.findall(r"[^\W\d_]+", view.lower()))
    everything = not view.isascii()  # other scripts: their honorifics and relations are not in the sets
    protected = [(m.start(), m.end()) for m in _NOT_A_PERSON.finditer(view)] if present & _OFFICIAL_WORDS else []
    data_starts = spans.starts()

    def add(start: int, end: int, *, trusted: bool = False) -> None:
        name = view[start:end]
        words = name.split()
        # "Resi Terry Gawthorpe", "Contact Janek Nowicki": the role or the everyday word before the name stays
        while len(words) > 1 and (words[0].lower() in _NOT_PERSON_WORDS or words[0].lower() in _ASKING_WORDS):
            start = view.index(words[1], start + len(words[0]))
            words = words[1:]
            name = view[start:end]
        if any(start < e and s < end for s, e in protected) or _word_at_start_not_a_name(view, start, end) \
                or words[0].rstrip(".").lower() in _SAINT:
            return  # "St Mary's school" is a school
        if not trusted:
            if _is_place_or_org(words, allow) and words[0].lower() not in _FIRST_NAMES:
                return
            if all(_english_word(w) and w.lower() not in _SURNAMES for w in words):
                return  # "Forwarded Highways" is English; "Dana Reyes" has a surname WordNet also knows
        spans.add(start, end, "[name]")

    if everything or present & _TITLE_WORDS:
        for m in _TITLE.finditer(view):  # the title goes too: "Mrs Jean Thackeray" -> "[name]"
            if not any(m.start() < e and s < m.end() for s, e in protected):
                spans.add(m.start(), m.end(), "[name]")
    if present & _OWNERS and present & _RELATIONS:
        for m in _RELATION.finditer(view):
            # In capitals, "MY HUSBAND FELL" is not a name: the word must not be English.
            name = m.group(1)
            add(m.start(1), m.end(1), trusted=not caps and not name.isupper() and not _is_place_or_org(name.split(), allow))
        for m in _RELATION_LOWER.finditer(view):
            word = m.group(1).lower()
            if word in _FIRST_NAMES:
                add(m.start(1), m.end(1), trusted=True)
            elif len(word) > 2 and not _english_word(word) and word not in _SLANG_AFTER_RELATION:
                add(m.start(1), m.end(1))  # "my mate leanne": not an English word, so a name
    if everything:
        for m in _FOREIGN_RELATION.finditer(view):
            add(m.start(1), m.end(1), trusted=True)
    if present & _TITLE_WORDS:
        for m in _TITLE_INITIAL.finditer(view):
            spans.add(m.start(), m.end(), "[name]")
    if present & _TITLE_WORDS and not view.istitle():
        for m in _TITLE_LOWER.finditer(view):
            first, second = m.group(1), m.group(2)
            title = view[m.start():m.start(1)].strip(" .").lower()
            if first in STOPWORDS or title in ("miss", "dr") and _plain_word(first):
                continue  # "miss the bus", "miss going out"; after "mr" any word is a name ("mr khan")
            end = m.end(1)
            if second and (second in _SURNAMES or second in _FIRST_NAMES and first in _FIRST_NAMES
                           or not _english_word(second)):
                end = m.end(2)
            add(m.start(1), end, trusted=True)
    if present & _NICKNAME_WORDS:
        for m in _NICKNAME.finditer(view):  # "goes by Smudge": a nickname may be any word
            add(m.start(1), m.end(1), trusted=True)
    if present & _SIKH_WORDS:
        for m in _SIKH_NAME.finditer(view):
            add(m.start(1), m.end(1))
    for m in _INITIALS_NAME.finditer(view) if present & _SURNAMES or not view.isascii() or _INITIAL_DOT.search(view) else ():
        group = 2
        surname = m.group(group).lower()
        dotted = "." in m.group(1)
        if view[m.start()] in "AI" and not dotted or surname in allow:
            continue  # "A Smith" is an article before a word, "I Said" a sentence
        # "J. Smith", not "U.K. Government" or "Fosse Rd S. Sex workers" (a capitalised word before: a place's end)
        before = view[max(0, m.start() - 20):m.start()].split()
        single = dotted and view[m.start():m.start(group)].count(".") == 1 and not (before and before[-1][:1].isupper())
        if surname in _SURNAMES or single and surname not in STOPWORDS or dotted and not _english_word(surname):
            add(m.start(), m.end(group), trusted=True)
    for m in _SURNAME_FIRST.finditer(view) if "," in view else ():
        surname, first = m.group(1), m.group(2)
        if _listed_first(first.lower()) and not _is_place_or_org([surname], allow) and (
                surname.isupper() and surname.lower() not in STOPWORDS and surname.lower() not in _NOT_NAMES
                or surname.lower() in _SURNAMES or not _english_word(surname)):
            add(m.start(1), m.end(2), trusted=True)
    if "the" in present:
        for m in _FAMILY.finditer(view):
            group = 1 if m.group(1) else 2
            add(m.start(group), m.end(group))
    if "'s" in view:
        for m in _OWNER_OF.finditer(view):
            add(m.start(1), m.end(1))
    for pattern, triggers in ((_ROLE, _ROLES), (_CALLED, _CALLED_WORDS), (_NAME_THEN, _THEN_WORDS)):
        if not (everything or present & triggers):
            continue
        for m in pattern.finditer(view):
            name = m.group(1)
            if pattern is _NAME_THEN and not _person_then(view, m, name):
                continue
            # "Caller (Lin, 07700 ...)": a capitalised word in brackets after a role is the person's name
            bracketed = pattern is _ROLE and view[m.start(0):m.start(1)].rstrip().endswith("(") \
                and view[m.end(1):m.end(1) + 1] in (",", ")")
            # After "spoke to", "thanks to", "visited": any word the tagger does not know as a common word
            # ("Bridget", "Hughes" are in WordNet, as saints and film-makers, but not everyday words).
            cue = pattern is _CALLED and bool(_CUE.search(view, m.start(), m.start(1))) \
                and view[m.end(1):m.end(1) + 1] != "." and not all(_plain_word(w.lower()) for w in name.split())
            add(m.start(1), m.end(1),
                trusted=(bracketed or cue) and not caps and not _is_place_or_org(name.split(), allow))
    for m in _AGED.finditer(view) if _DIGIT.search(view) else ():
        group = 1 if m.group(1) else 2  # "Jerome, 42, of ...": an age marks a person, whatever the word
        add(m.start(group), m.end(group), trusted=not caps and not _is_place_or_org(m.group(group).split(), allow))
    if present & _PERSON_DOES_WORDS:
        for m in _PERSON_DOES.finditer(view):
            for group in (1, 2):
                if not m.group(group):
                    continue
                # "Yesterday Kowalczyk was": the name starts at the first word that is no everyday word
                words = [(w.start(), w.end(), w.group(0)) for w in _NAME_WORD.finditer(view, m.start(group), m.end(group))]
                while words and not _unknown_word(words[0][2], allow, caps=caps):
                    words.pop(0)
                if not words or _PLACE_WORD.fullmatch(words[-1][2]) or _PLACE_OR_LANGUAGE_BEFORE.search(view, 0, words[0][0]):
                    continue  # "residents at Netherhall said", "on Queens Rd asked", "who speak Urdu came"
                if not all(_unknown_word(w, allow, caps=caps) or w in _PARTICLES for _, _, w in words):
                    continue
                # A word no list holds may be a shop, a charity or a village: "Greggs was robbed",
                # "Deliveroo said". It counts when what follows fits only a person ("was threatened",
                # ", she said"), or when a verb of speech follows it in the middle of a sentence.
                listed = any(_listed_name(w.lower()) for _, _, w in words)
                done = m.group("done")
                if listed or m.group("pronoun") or done and done not in _DONE_TO_PLACES or not done and (
                        words[0][0] != _sentence_start(view, words[0][0])):
                    add(words[0][0], words[-1][1], trusted=True)
    if "Ó" in view or "Ní" in view or "Nic" in view or "Uí" in view or "Mhic" in view or "Ua" in view:
        for m in _IRISH_NAME.finditer(view):
            add(m.start(), m.end(), trusted=True)
    if "call" in present:
        for m in _THEY_CALL.finditer(view):
            add(m.start(1), m.end(1), trusted=True)
    if present & _FAMILY_WORDS:
        for m in _FAMILY_AFTER.finditer(view):
            add(m.start(1), m.end(1))
    if not caps and _CAPS_LETTERS.search(view):
        for m in _CAPS_RUN.finditer(view):  # "ÓRLAITH McGRATH rang": names in capitals in a text that is not
            words = [w.lower() for w in m.group(0).split()]
            if len(words) == 1 and len(words[0]) < 4:
                continue  # "SID deployment", "DAN": three capitals alone are an acronym more often than a name
            if any(_listed_name(w) for w in words) and not any(
                    w in allow or w in STOPWORDS or w in _NOT_PERSON_WORDS or _english_word(w) and not _listed_name(w)
                    for w in words):
                add(m.start(), m.end(), trusted=True)
    m = _SIGN_ON.search(view)
    if m:
        add(m.start(1), m.end(1))
    for start, end, _ in list(spans.items):  # a word or two left after contact details at the end: "txt me 07... kasia"
        tail = view[end:]
        words = tail.strip(" ,.;:!-()").split()  # "07700 900123 (Gosia)"
        if start in data_starts and 1 <= len(words) <= 2 and all(w.isalpha() and not _english_word(w.lower()) for w in words):
            first = end + tail.index(words[0])
            add(first, first + len(" ".join(words)) if tail.find(" ".join(words)) >= 0 else first + len(words[0]))
    tail_start = max(0, len(view) - 80)
    m = _SIGN_OFF.search(view, tail_start)
    if m and len(m.group(1).split()) <= 3:
        add(m.start(1), m.end(1))
    elif not view.isascii() and not _UNCASED_CHAR.search(view, 0, max(0, len(view) - 40)):  # English text signed in another script
        m = _SIGN_OFF_UNCASED.search(view, tail_start)
        if m and not _CLOSING_WORDS & set(m.group(1).split()):  # "..., شکریہ" is a thank-you
            add(m.start(1), m.end(1), trusted=True)
    if not view.isascii() and _mostly_latin(view):
        # In text written in Latin letters, a word or two in a script without case ("I saw 王伟",
        # "راشد said") is a name far more often than anything else: a person's own spelling of it.
        for m in _UNCASED_RUN.finditer(view):
            if not _CLOSING_WORDS & set(m.group(0).split()):
                add(m.start(), m.end(), trusted=True)
    if not view.isascii() and _UNCASED_CHAR.search(view):  # written in another script, signed after its full stop
        m = _SIGN_OFF_SCRIPT.search(view, tail_start)
        if m and not _CLOSING_WORDS & set(m.group(1).split()):
            add(m.start(1), m.end(1), trusted=True)
    contact_words = {m.start() for m in _CONTACT_WORD.finditer(view)} if present & _CONTACT_WORDS else set()
    for start in sorted(data_starts | contact_words):
        m = _BEFORE_CONTACT.search(view, max(0, start - 60), start)
        if m and (view[m.start(1)].isupper() or not view[m.start(1)].isascii()):
            add(m.start(1), m.end(1))
    for m in _CAPITALISED.finditer(view) if present & _FIRST_NAMES or present & _SURNAMES else ():
        words = m.group(0).split()
        # "Yesterday Darren came", "Im Danielle from": the name starts at the first listed word
        skip = next((i for i, w in enumerate(words) if _listed_first(w.lower())), None)
        if skip is None:
            # "Ngozi Okonkwo": a listed surname after a word that is no English word, place or partner
            # Not a church or a place ("St Nicholas", "Neath Port Talbot", "Marsh Lane"), and in a text
            # in capitals, where every word is capitalised, only after a word that is no English word.
            if len(words) >= 2 and words[-1].lower() in _SURNAMES and (
                    not caps and m.start() != _sentence_start(view, m.start()) or not _english_word(words[0].lower())) \
                    and words[0].rstrip(".").lower() not in _SAINT and not any(_PLACE_WORD.fullmatch(w) for w in words) \
                    and not _PLACE_AFTER.match(view, m.end()):
                add(m.start(), m.end())
            continue
        if skip and words[skip - 1].rstrip(".").lower() in _SAINT:
            continue  # "St Mary's", "St Anne's Road": a church, school or place
        start = m.start() + m.group(0).index(words[skip]) if skip else m.start()
        words = words[skip:]
        first = _listed_first(words[0].lower())
        if not (len(words) == 1 and first in allow) and not _PLACE_WORD.fullmatch(words[-1]):
            # "Victoria Park" style: a first name followed by a place word is a place.
            after = view[m.end():m.end() + 12]
            if _PLACE_AFTER.match(after):
                continue
            add(start, m.end(), trusted=True)
    if present & _LOWER_CUE_WORDS:
        for m in _LOWER_CUE.finditer(view):  # "ask for padraig", "the lad is called kyle"
            word = m.group(1)
            if word in _FIRST_NAMES and not _english_word(word) and word not in _SLANG_AFTER_RELATION:
                add(m.start(1), m.end(1), trusted=True)
    lower_only = not any(c.isupper() for c in view)
    if present & _KIN_WORDS:
        for m in _KIN_TITLE.finditer(view):  # "Auntie Comfort", "Uncle Winston", "Bhai Jaswinder"
            add(m.start(1), m.end(1), trusted=not _is_place_or_org(m.group(1).split(), allow))
    if present & _FIRST_NAMES_CURATED:
        for m in _ASCII_WORD.finditer(view):  # whole words: "Madam" holds no "adam"
            word = m.group(0)
            if word in _FIRST_NAMES_CURATED and word not in _AMBIGUOUS_LOWER and (lower_only or not _plain_word(word)):
                # in lower-case text, names from the list wherever they are; in other text, those
                # the tagger does not know as a common word ("Saw darren selling again")
                add(m.start(), m.end(), trusted=True)
    candidates = present & _FIRST_NAMES if lower_only else ()
    if candidates and sum(map(_english_word, present)) >= 0.8 * len(present):  # English, not romanised Urdu ("umar")
        for m in _ASCII_WORD.finditer(view):  # all in lower case: "the boy next door kayden", any listed name
            word = m.group(0)
            if len(word) > 3 and word in _FIRST_NAMES and word not in _FIRST_NAMES_CURATED and not _english_word(word) \
                    and word not in _SLANG_AFTER_RELATION and word not in allow:
                add(m.start(), m.end(), trusted=True)


    _join_names(view, allow, spans, caps=caps)


def _unknown_word(word: str, allow: frozenset[str], *, caps: bool) -> bool:
    """A capitalised word that is a listed name, or no everyday word, place, partner or official word:
    what a person-only verb after it shows to be a name. In a text written in capitals, only listed names."""
    low = word.lower()
    if low in _NOT_PERSON_WORDS or low.endswith("s") and low[:-1] in _NOT_PERSON_WORDS:
        return False  # "Resi asked", "Cllrs asked", "Mr & Mrs"
    if _listed_name(low):
        return not _is_place_or_org([low], allow)
    if caps or low in allow or low in _NOT_NAMES or low in STOPWORDS:
        return False
    if _plain_word(low) or low.endswith("s") and _plain_word(low[:-1]):
        return False
    # WordNet holds people and places as their own lemma ("Hargreaves"); an inflected form is a word ("Spiking")
    return all(lemma == low for lemma in thesaurus.lemmas(low))


def _listed_name(low: str) -> bool:
    """A first name or surname on the lists, with or without its accents; "mcgrath" for "McGRATH"."""
    return low in _FIRST_NAMES or low in _SURNAMES or _unaccented(low) in _FIRST_NAMES or _unaccented(low) in _SURNAMES


def _join_names(view: str, allow: frozenset[str], spans: _Spans, *, caps: bool) -> None:
    """Widen what was found to the names joined to it: "[name] and Zuri", "Hodan and [name]", and a
    surname in capitals after a first name ("Callum WHITTAKER")."""
    for start, end, token in list(spans.items):
        if token != "[name]":
            continue
        hyphen = _HYPHEN_PART.match(view, end)  # "[name]-BROWN": the rest of a double-barrelled name
        if hyphen:
            spans.add(start, hyphen.end(), "[name]")
            end = hyphen.end()
        m = _JOINED_AFTER.search(view[end:end + 40])
        if m:
            group = 1 if m.group(1) else 2
            word = m.group(group)
            low = word.lower()
            known = _listed_name(low)
            # a word in capitals is a surname when listed, or long, voiced and no word ("CBO", "ASBO" are not)
            # after a first name in title case, as officers write a surname ("Tyler GRANT"), even an English word
            after_first = _listed_first(view[start:end].split()[-1].lower()) and view[start:end].split()[-1][1:].islower()
            if group == 1 and _unknown_word(word, allow, caps=caps) or group == 2 and not caps and (
                    known or len(low) >= 5 and len(_VOWELS.findall(low)) >= 2 and _unknown_word(word, allow, caps=False)
                    or after_first and len(low) >= 4 and _VOWELS.search(low) and low not in STOPWORDS and low not in allow
                    # a surname may be a noun or an adjective (GRANT, BROWN), not a shouted verb ("Kyle WILL", "Jade FELL")
                    and (pattern_en.lexicon.get(low) or "NN")[:2] in ("NN", "JJ") and low not in _TIME_WORDS):
                spans.add(end + m.start(group), end + m.end(group), "[name]")
        m = _JOINED_BEFORE.search(view, max(0, start - 40), start)
        if m and _unknown_word(m.group(1), allow, caps=caps):
            spans.add(m.start(1), m.end(1), "[name]")


def _word_at_start_not_a_name(view: str, start: int, end: int) -> bool:
    """A single capitalised word opening a sentence that the next word shows is not a person: a plural
    noun ("Dawn raids", "Harley riders") or an article ("Jack the car up")."""
    if " " in view[start:end] or start != _sentence_start(view, start):
        return False
    following = _NEXT_WORD.match(view, end)
    if not following:
        return False
    word = following.group(1)
    tag = pattern_en.lexicon.get(word) or ""
    return tag in ("DT",) or tag == "NNS" and word not in _PERSON_DOES_WORDS


_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
_CAPS_LETTERS = regex.compile(r"\p{Lu}{3}")
_UNCASED_RUN = regex.compile(rf"{_UNCASED}(?:\s+{_UNCASED}){{0,2}}")
_LATIN_LETTER = regex.compile(r"\p{Latin}")


def _mostly_latin(view: str) -> bool:
    """Three letters in four or more are Latin: English (or Polish...) with something in another script."""
    uncased = len(_UNCASED_CHAR.findall(view))
    return uncased > 0 and len(_LATIN_LETTER.findall(view)) >= 3 * uncased

_VOWELS = re.compile(r"[aeiouy]")
_TIME_WORDS = frozenset("today tomorrow yesterday tonight morning evening night week weekend month year".split())
_HYPHEN_PART = regex.compile(r"-(?:\p{Lu}[\p{Ll}\p{M}]+|\p{Lu}{2,})(?![\p{L}\p{M}])")
_PLACE_OR_LANGUAGE_BEFORE = re.compile(
    r"\b(?:at|in|from|on|near|around|of|to|into|outside|behind|across|speak|speaks|speaking|spoke)\s+(?:the\s+)?$", re.I)
_NAME_WORD = regex.compile(r"[\p{L}\p{M}'\-]+")
_PARTICLES = frozenset(_PARTICLE.strip("(?:)").split("|"))
# Words that start a request before a name ("Contact Janek Nowicki on ...", "Ask Wiesław").
_ASKING_WORDS = frozenset("contact call ring text phone email message ask tell see thank thanks".split())
_FAMILY_WORDS = frozenset("neighbours neighbors friends family relatives".split())
# Role, title and official words that stand where a name would ("Resi asked", "Councillor reported").
_NOT_PERSON_WORDS = _ROLES | _TITLE_WORDS | frozenset(
    "resi cllr councillor pcso pc sgt insp dc ds di sergeant inspector constable officer shopkeeper mp landlord manager "
    "staff owner chair".split())


# Kin and respect titles before a name: "Auntie Comfort", "Uncle Winston", "Bhai Jaswinder", "Khala Nasreen".
_KIN_TITLE = _Dual(rf"\b(?:Auntie|Aunty|Aunt|Uncle|Bhai|Baji|Apa|Chacha|Chachi|Khala|Mamu|Masi|Bibi)\s+({_PERSON_CASED})\b(?!'s)")
_KIN_WORDS = frozenset("auntie aunty aunt uncle bhai baji apa chacha chachi khala mamu masi bibi".split())
# A lower-case name after words that introduce a person: "ask for padraig", "called kyle".
_LOWER_CUE = re.compile(r"\b(?:ask\s+for|called|named|name\s+is|name's|spoke\s+to|speak\s+to|talk\s+to|talked\s+to)\s+([a-z]+)\b")
_LOWER_CUE_WORDS = frozenset("ask called named name spoke speak talk talked".split())
_SAINT = frozenset("st saint san santa sant".split())
_PLACE_WORDS = (rf"{_STREET_TYPES}|Centre|Park|House|Hall|Court|School|Church|Masjid|Mosque|Mandir|Gurdwara|Temple|Port|"
                r"Academy|College|Library|Surgery|Hospital|Stadium")
_PLACE_WORD = re.compile(_PLACE_WORDS)
_PLACE_AFTER = re.compile(rf"\s+(?:{_PLACE_WORDS}|de\s+la)\b")


_LETTERS_WITHOUT_MARKS = str.maketrans("łøđıħŧ", "lodiht")


@functools.lru_cache(maxsize=50_000)
def _unaccented(word: str) -> str:
    """A lower-case word without its accents, to look up in the name lists ("órlaith" -> "orlaith",
    "seán" -> "sean", "łucja" -> "lucja"): people write their names with them, lists often lack them."""
    if word.isascii():
        return word
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return bare.translate(_LETTERS_WITHOUT_MARKS)


def _lower_same_length(word: str) -> str:
    """Lower case, one letter for one: Turkish "İ" lower-cases to two code points in Python."""
    return word.replace("İ", "I").lower()


def _listed_first(word: str) -> str:
    """The listed first name a capitalised word is, or "" ("D'Andre" -> "andre", "Lola-Mae" -> "lola")."""
    if word[:2] in ("o'", "d'"):
        word = word[2:]
    if word in _FIRST_NAMES:
        return word
    if _unaccented(word) in _FIRST_NAMES:
        return _unaccented(word)
    return next((part for part in word.split("-") if part in _FIRST_NAMES), "") if "-" in word else ""


def redact(text: str, allow: Iterable[str] = ()) -> str:
    """Text with personal data replaced by tokens. `allow`: extra place/organisation names."""
    if not text:
        return text
    allowlist = _allowlist(tuple(allow))
    view = _uppercase_view(text)
    spans = _Spans()
    _find_data(text, view, spans, allowlist)
    _find_names(view, allowlist, spans, caps=view is not text)
    return spans.apply(text)
