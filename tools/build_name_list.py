"""Build engage/analysis/data/names.txt: first names and surnames for redaction, from Faker's person data.

    .venv/bin/pip install faker   # a build-time tool only: the product never imports it
    .venv/bin/python tools/build_name_list.py

Faker (MIT licence) ships lists of first names and surnames for many locales. We keep the Latin-script
locales of the communities a UK partnership hears from (British, Irish, South Asian and African
English, Polish, Romanian, Baltic, Czech and Slovak, Balkan, Portuguese, Spanish, Italian, French,
German, Nordic, Turkish, Somali and East African, West African, North African, Vietnamese), and the
cased scripts Cyrillic and Greek, then drop every name that is also an English word (WordNet's
vocabulary, unless WordNet knows a surname only as a person's; TextBlob's tagger lexicon as anything
but a proper noun; the stopwords), a place or partner the framework knows, or shorter than three
letters: those would redact ordinary words.
The first names already in the code or in first_names.txt are not repeated.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage.analysis import pattern_en, thesaurus  # noqa: E402
from engage.analysis.redaction import _FIRST_NAMES_CURATED, _allowlist  # noqa: E402
from engage.analysis.text import STOPWORDS  # noqa: E402

LOCALES = ("en", "en_GB", "en_IE", "ga_IE", "en_IN", "en_PK", "en_KE", "en_NG", "yo_NG", "ig_NG", "ha_NG", "tw_GH",
           "sw", "zu_ZA", "en_NZ", "en_US", "pl_PL", "ro_RO", "lt_LT", "lv_LV", "cs_CZ", "sk_SK", "hu_HU", "pt_PT",
           "pt_BR", "es_ES", "it_IT", "fr_FR", "de_DE", "tr_TR", "nl_NL", "uz_UZ", "az_AZ",
           # Balkan, North African (French spellings), Vietnamese, Nordic, and the cased scripts (Cyrillic, Greek)
           "hr_HR", "sl_SI", "fr_DZ", "vi_VN", "da_DK", "sv_SE", "no_NO", "fi_FI", "ru_RU", "uk_UA", "bg_BG", "el_GR")
# Polish, Czech and Slovak surnames have a feminine form that Faker's lists often leave out
# ("Wiśniewski" -> "Wiśniewska"): add it from the masculine ending.
FEMININE_ENDINGS = (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"), ("ský", "ská"), ("cký", "cká"))
OUT = ROOT / "engage" / "analysis" / "data" / "names.txt"


def _names(locale: str, kind: str) -> set[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    found: set[str] = set()
    # Every list of the kind, whatever the locale calls it: "last_names", "last_names_female",
    # "unisex_last_names" and "male_last_names" (pl_PL), "last_names_common" (uk_UA)...
    for attr, value in provider.__dict__.items():
        named = attr.startswith(f"{kind}_names") or attr.endswith(f"_{kind}_names")
        if named and not any(part in attr for part in ("kana", "pair", "romanized")) \
                and isinstance(value, (list, tuple, set, dict)):
            found.update(value)
    if kind == "last":
        found |= {name[: -len(male)] + female for name in found for male, female in FEMININE_ENDINGS
                  if name.endswith(male)}
    return found


def _person_in_wordnet(low: str) -> bool:
    """WordNet knows the word only as a person's surname: a synonym is a full name ending with it
    ("hargreaves": "james hargreaves"; "reyes": "neftali ricardo reyes") and the tagger knows it as
    no common word. Such a word is a name in a resident's text, not English vocabulary."""
    entry = thesaurus.wordnet().get(low)
    tag = pattern_en.lexicon.get(low)
    if entry is None or tag is not None and not tag.startswith("NNP"):
        return False
    fields = entry.split("\t")
    synonyms = [s for f in fields if f.startswith("syn:") for s in f[4:].split(",")]
    # a place or a kind of living thing as well ("ireland", "york", "ribes"): not a name here
    kinds = {w for f in fields if f.startswith(("hyper:", "gloss:")) for w in f.partition(":")[2].replace(",", " ").split()}
    return not kinds & _PLACE_OR_GENUS and any(len(s.split()) >= 2 and s.endswith(" " + low) for s in synonyms)


_PLACE_OR_GENUS = frozenset("country city town port capital state county genus island river region kingdom republic "
                            "nation mountain sea district borough village province shire family".split())


def _keep(name: str, allow: frozenset[str], kind: str = "first") -> bool:
    low = name.lower()
    if len(low) < 3 or not all(c.isalpha() or c in "'-" for c in low) or not low.isascii() and not low.isalpha():
        return False
    if not all("a" <= c <= "z" or c in "'-" or c > "\x7f" for c in low):
        return False
    if low in STOPWORDS or low in allow:
        return False
    if thesaurus.is_english_word(low) and not (kind == "last" and _person_in_wordnet(low)):
        return False
    tag = pattern_en.lexicon.get(low)
    return tag is None or tag.startswith("NNP")


def main() -> None:
    allow = _allowlist()
    firsts: set[str] = set()
    lasts: set[str] = set()
    for locale in LOCALES:
        firsts |= {n.lower() for n in _names(locale, "first") if _keep(n, allow)}
        lasts |= {n.lower() for n in _names(locale, "last") if " " not in n and _keep(n, allow, "last")}
    firsts -= _FIRST_NAMES_CURATED
    lasts -= firsts | _FIRST_NAMES_CURATED
    lines = [line for line in __doc__.splitlines()[2:] if line.strip()]
    text = ("# First names and surnames for redaction (engage/analysis/redaction.py). Do not edit: rebuild with\n"
            + "".join(f"# {line.strip()}\n" for line in lines)
            + "# Faker: Copyright (c) 2012 Daniele Faraglia and contributors, MIT licence.\n")

    def block(title: str, words: set[str]) -> str:
        rows, row = [], ""
        for word in sorted(words):
            if len(row) + len(word) > 110:
                rows.append(row.rstrip())
                row = ""
            row += word + " "
        rows.append(row.rstrip())
        return f"[{title}]\n" + "\n".join(rows) + "\n"

    OUT.write_text(text + block("first", firsts) + block("last", lasts), encoding="utf-8")
    print(f"{OUT}: {len(firsts)} first names, {len(lasts)} surnames")


if __name__ == "__main__":
    main()
