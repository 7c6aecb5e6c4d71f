"""The prefilter in front of the safeguarding rules: it may only skip a pattern that cannot match.

A gate that is too strict would silently drop a disclosure, so these compare every answer with the
plain regular expression: on random patterns and texts, and on the real rules over corpus text.
"""

import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from engage.analysis import corpus, safeguarding, sentiment
from engage.analysis.prefilter import Gated, Prefilter, requirement
from engage.analysis.text import mask_disclaimers, tokens


# Shapes that promise less than they seem to: optional parts, empty branches, zero repeats, classes,
# look-arounds, back-references, inline flags, escapes.
TRICKY = [
    r"kill(?:ing)?\s+my\s?self",
    r"\b(?:he|she)(?:'d|'ll| would)?\s+(?:kill|hurt)\b",
    r"ab(?:c|)d",
    r"ab(?:c|d)?e",
    r"x(?:yz){0,2}w",
    r"x(?:yz){1,2}w",
    r"(?:foo|ba[rz]|)qux",
    r"[ab]cd|ef",
    r"(?<=ab)cd",
    r"(?!ab)cd",
    r"(a)b\1",
    r"(?i:ab)cd",
    r"a.c",
    r"\d+ years?",
    r"£\s?\d{3,}",
    r"(?:a|b)(?:c|d)(?:e|f)",
    r"(?>ab|a)c",
    r"a*b+c",
]
ALPHABET = "abcdefqxyzwu'£19 \n.KILLkilmyselfhe"


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))


def _random_pattern(rng: random.Random, depth: int = 0) -> str:
    """A random pattern from literals, classes, alternations, optional parts and repeats."""
    parts = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.45 or depth > 2:
            parts.append(re.escape("".join(rng.choice("abcxyz ") for _ in range(rng.randint(1, 3)))))
        elif kind < 0.55:
            parts.append(rng.choice([r"[ab]", r"\s", r"\w", ".", r"\b", r"\d"]))
        elif kind < 0.8:
            branches = [_random_pattern(rng, depth + 1) for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.2:
                branches.append("")
            parts.append("(?:" + "|".join(branches) + ")")
        else:
            body = _random_pattern(rng, depth + 1)
            parts.append("(?:" + body + ")" + rng.choice(["?", "*", "+", "{0,2}", "{1,3}", "{2}"]))
    return "".join(parts)


def test_the_gate_gives_the_same_matches_as_the_pattern_on_random_patterns_and_texts() -> None:
    rng = random.Random(20261201)
    gate = Prefilter()
    patterns = [re.compile(p) for p in TRICKY] + [re.compile(_random_pattern(rng)) for _ in range(300)]
    gated = [gate.gate(p) for p in patterns]
    texts = [_random_text(rng) for _ in range(300)]
    # Texts that do match: each pattern's own match, planted in noise.
    for p in patterns:
        for _ in range(2):
            sample = _random_text(rng) + "abcxyz ab cd xyzw kill myself he'd kill £ 100" + _random_text(rng)
            texts.append(sample)
    matched = 0
    for text in texts:
        seen = gate.scan(text)
        for p, g in zip(patterns, gated):
            spans = [m.span() for m in p.finditer(text)]
            assert [m.span() for m in g.finditer(text, seen)] == spans, (p.pattern, text)
            matched += bool(spans)
    assert matched > 400  # the texts exercise matches, not only misses


def test_what_a_pattern_needs() -> None:
    assert requirement(re.compile(r"kill(?:ing)?\s+my\s?self")) == ("and", ("kill", "my", "self"))
    assert requirement(re.compile(r"ab(?:c|)d")) == ("and", ("ab", "d"))  # the empty branch promises nothing
    assert requirement(re.compile(r"(?:cat|dog)s")) == ("and", (("or", ("cat", "dog")), "s"))
    assert requirement(re.compile(r"x?y*")) is None
    assert requirement(re.compile(r"abc", re.IGNORECASE)) is None  # its literals are not what the text holds
    assert requirement(re.compile(r"(?i:ab)cd")) == "cd"


def _safeguarding_patterns() -> list[Gated]:
    found = [rule for _, rule in safeguarding._RULES] + list(safeguarding._LABOUR_SIGNS) + list(safeguarding._PART_CUES)
    found += [v for v in vars(safeguarding).values() if isinstance(v, Gated)]
    return found


@pytest.fixture(scope="module")
def corpus_texts() -> list[str]:
    texts = [r.text for r in corpus.load_corpus()]
    return random.Random(7).sample(texts, 1500)


def _varied(texts: list[str]) -> list[str]:
    """Corpus texts and altered copies: capitals, accents, doubled spaces, curly apostrophes."""
    rng = random.Random(3)
    out = list(texts)
    out += [t.upper() for t in rng.sample(texts, 100)]
    out += [t.replace(" ", "  ").replace("e", "é").replace("'", "\u2019") for t in rng.sample(texts, 100)]
    return out


def _gates_off(monkeypatch: pytest.MonkeyPatch, module) -> None:
    for value in vars(module).values():
        for gated in value if isinstance(value, (list, tuple)) else [value]:
            gated = gated[1] if isinstance(gated, tuple) else gated
            if isinstance(gated, Gated):
                monkeypatch.setattr(gated, "test", None)


def test_safeguarding_answers_the_same_with_its_gates_off(corpus_texts: list[str], monkeypatch) -> None:
    """Every rule, pair and cue behind the gate, read as assess() reads them (the text it scans, the
    words it lowers): the verdict, the reasons and every partial-evidence number are the same."""
    texts = _varied(corpus_texts)
    gated = [safeguarding.assess(t) for t in texts]
    # the texts hold disclosures, not only misses (a floor, not a count: the sample moves as the corpus grows)
    assert sum(result.flag for result, _ in gated) > 60
    _gates_off(monkeypatch, safeguarding)
    assert all(rule.test is None for _, rule in safeguarding._RULES)
    assert [safeguarding.assess(t) for t in texts] == gated


def test_sentiment_cues_are_the_same_with_their_gates_off(corpus_texts: list[str], monkeypatch) -> None:
    texts = _varied(corpus_texts)
    raws = [mask_disclaimers(tokens(t)) for t in texts]
    gated = [sentiment.lexicon_cues(raw, t) for raw, t in zip(raws, texts)]
    assert sum(any(c.shape) for c in gated) > 300
    _gates_off(monkeypatch, sentiment)
    assert [sentiment.lexicon_cues(raw, t) for raw, t in zip(raws, texts)] == gated


def test_thirty_threads_scanning_at_once_get_the_answers_of_one() -> None:
    """The automaton is built at the first scan: thirty threads arriving together, on a new group,
    each get what a lone caller gets."""
    group = Prefilter()
    gated = [group.gate(rule.regex) for _, rule in safeguarding._RULES]
    texts = [f"my boyfriend hits me again, day {i}" if i % 2 else f"the bins were missed on day {i}" for i in range(30)]
    start = threading.Barrier(30)

    def flags(text: str) -> list[bool]:
        start.wait()
        seen = group.scan(text)
        return [g.search(text, seen) is not None for g in gated]

    with ThreadPoolExecutor(max_workers=30) as pool:
        together = list(pool.map(flags, texts))
    alone = [[g.regex.search(t) is not None for g in gated] for t in texts]
    assert together == alone
    assert sum(map(any, together)) == 15


def test_the_gate_skips_rules_an_everyday_text_cannot_match() -> None:
    """Otherwise it is no faster: most rules must be ruled out by the scan alone."""
    text = "the bins on our road were not collected on tuesday and the street lights are out"
    seen = safeguarding._GATE.scan(text)
    gated = [p for p in _safeguarding_patterns() if p.test is not None]
    skipped = [p for p in gated if not p.test(seen)]
    assert len(gated) >= 35
    assert len(skipped) >= 0.8 * len(gated)
    # ...and a disclosure still reaches its rule.
    assert safeguarding.check_safeguarding("My boyfriend hits me when he's been drinking").flag
