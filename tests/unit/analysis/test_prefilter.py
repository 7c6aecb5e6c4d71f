"""The prefilter in front of the safeguarding rules: it may only skip a pattern that cannot match.

A gate that is too strict would silently drop a disclosure, so these compare every answer with the
plain regular expression: on random patterns and texts, and on the real rules over corpus text.
"""

import random
import re

import pytest

from engage.analysis import corpus, safeguarding, sentiment
from engage.analysis.prefilter import Gated, Prefilter, requirement


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


def test_every_safeguarding_rule_behind_the_gate_answers_as_the_rule_alone(corpus_texts: list[str]) -> None:
    patterns = _safeguarding_patterns()
    assert len(patterns) >= 40
    rng = random.Random(3)
    texts = corpus_texts + [t.upper() for t in rng.sample(corpus_texts, 100)]
    texts += [t.replace(" ", "  ").replace("e", "é") for t in rng.sample(corpus_texts, 100)]
    lowered = [t.lower().translate(safeguarding._APOSTROPHES) for t in texts]  # what assess() reads
    for text in lowered:
        seen = safeguarding._GATE.scan(text)
        for p in patterns:
            assert [m.span() for m in p.finditer(text, seen)] == [m.span() for m in p.regex.finditer(text)], \
                (p.regex.pattern[:80], text)


def test_the_sentiment_shapes_behind_the_gate_answer_as_the_patterns_alone(corpus_texts: list[str]) -> None:
    patterns = [v for v in vars(sentiment).values() if isinstance(v, Gated)]
    assert len(patterns) >= 5
    for text in corpus_texts + [t.upper() for t in corpus_texts[:100]]:
        lowered = text.lower()  # what lexicon_cues() reads
        seen = sentiment._GATE.scan(lowered)
        for p in patterns:
            assert [m.span() for m in p.finditer(lowered, seen)] == [m.span() for m in p.regex.finditer(lowered)], \
                (p.regex.pattern[:80], text)


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
