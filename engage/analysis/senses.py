"""Word senses the learned models would otherwise confuse: a token is marked with its everyday sense.

Some words carry a framework entry in one sense and nothing in another. In the corpus almost every
"Prevent" is the counter-extremism programme ("Prevent referral", "passed to Prevent"), so a model
learns the bare word as evidence of `prevent-extremism` and then tags "help prevent crime in our
area". Likewise "dealer" is nearly always a drug dealer in the corpus, but an antiques or car dealer
is not serious organised crime. Guessing the sense from the words around it is small and general:
the verb "prevent" follows a modal or "to"/"help" and takes an object; the programme is followed
by a role or an action word ("Prevent coordinator", "Prevent informed") or ends a clause.

A marked token ("prevent~verb", "dealer~trade") is its own word feature, learned from the texts
that use that sense, contributes no character pieces (which would carry the other sense's evidence
back in) and matches no framework phrase. Unmarked, ambiguous uses keep the plain word.
"""

from __future__ import annotations

from collections.abc import Sequence

from .text import BOUNDARIES

SENSE_MARK = "~"
VERB_PREVENT = "prevent" + SENSE_MARK + "verb"
TRADE_DEALER = "dealer" + SENSE_MARK + "trade"

# Words after "Prevent" that name the programme's people, parts or actions.
_PROGRAMME_NEXT = frozenset("""
coordinator coordinators co coord ordinator team teams officer officers lead leads referral referrals ref refs
referred training trained duty programme program strategy steering panel channel worker workers
workshop workshops session sessions meeting meetings aware informed notified partner partners engagement
case cases concern concerns visit visited colleague colleagues board group awareness advisor adviser
practitioner practitioners input talk talks update updates network was is has have had does did seem seems
only just work works aren't isn't actually made
""".split())
# Words before "prevent" that make it the verb: "to", "help", modals, subjects, "and"/"or".
_VERB_BEFORE = frozenset("""
to help helps helped helping would could should will can might may must and or not cannot can't cant won't
wont wouldn't couldn't shouldn't also better we they you i it which that who this these trying try tried
aim aims aimed ways way effort efforts 'd 'll i'd we'd they'd it'd i'll we'll they'll it'll really
""".split())
# Before "to prevent": the programme as a destination ("referred him to Prevent").
_REFERRAL = frozenset("""
referred refer refers referring referral reported report reporting passed sent signposted contacted
contact linked speak spoke talk talked spoken went go going taken escalated flagged raised
""".split())
# Kinds of dealer that are a trade ("antiques dealer", "card dealer at the casino").
_TRADES = frozenset("""
antique antiques card blackjack poker casino car cars motor used record records art scrap furniture coin
coins stamp stamps book books bike bikes vehicle franchise main horse vinyl jewellery jewelry gold caravan
van tyre truck wine arts carpet rug
""".split())
_TARGETS = frozenset({"prevent", "dealer", "dealers"})


def mark_senses(raw: Sequence[str]) -> list[str]:
    """`raw` (lowercased tokens) with everyday senses of ambiguous words marked; `raw` itself
    (as a list) when nothing is marked, the common case."""
    toks = raw if isinstance(raw, list) else list(raw)
    if _TARGETS.isdisjoint(toks):
        return toks
    out = list(toks)
    for i, t in enumerate(toks):
        if t == "prevent" and _verb_prevent(toks, i):
            out[i] = VERB_PREVENT
        elif t in ("dealer", "dealers") and i and toks[i - 1] in _TRADES:
            out[i] = TRADE_DEALER
    return out


def _verb_prevent(toks: Sequence[str], i: int) -> bool:
    nxt = toks[i + 1] if i + 1 < len(toks) else ""
    if not nxt or nxt in BOUNDARIES or nxt in _PROGRAMME_NEXT:
        return False  # a verb takes an object; the programme ends clauses and has coordinators
    prev = _previous_word(toks, i)
    if prev not in _VERB_BEFORE:
        return False
    if prev == "to":
        before = toks[max(0, i - 4):i - 1]
        return not any(w in _REFERRAL for w in before)
    return True


def _previous_word(toks: Sequence[str], i: int) -> str:
    j = i - 1
    while j >= 0 and not toks[j]:  # masked (disclaimed) words are empty strings
        j -= 1
    return toks[j] if j >= 0 else ""


def unmark(phrase: str) -> str:
    """A feature's words as a person reads them: "help prevent~verb" -> "help prevent"."""
    if SENSE_MARK not in phrase:
        return phrase
    return " ".join(w.split(SENSE_MARK, 1)[0] for w in phrase.split(" "))
