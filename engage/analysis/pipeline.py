"""One call that runs every analyser over a text: the shape stored with each voice."""

from __future__ import annotations

import functools

import msgspec

from .framework_model import Framework
from .phrases import key_phrases
from .redaction import redact
from .safeguarding import check_safeguarding
from .sentiment import Label, analyse_sentiment
from .tagger import Tag, Tagger
from .text import mask_disclaimers, singular, tokens


class Analysis(msgspec.Struct, frozen=True):
    themes: tuple[str, ...]  # delivery-theme slugs, most confident first
    cross_cutting: tuple[str, ...]  # cross-cutting theme slugs
    tags: tuple[Tag, ...]  # both kinds, with confidence and evidence
    sentiment: Label
    polarity: float  # in [-1, 1]
    key_phrases: tuple[str, ...]
    safeguarding: bool
    safeguarding_reasons: tuple[str, ...]
    redacted: str


# Themes that are about how agencies work rather than about a harm: mentioning them is not a complaint.
_NOT_PROBLEMS = frozenset({"community-engagement"})


@functools.cache
def default_tagger() -> Tagger:
    """The tagger for the seeded framework (built once; Tagger is immutable)."""
    return Tagger()


def analyse(text: str, framework: Framework | None = None, tagger: Tagger | None = None) -> Analysis:
    """Analyse one free-text voice. Pass `tagger` (built once) when tagging many texts with a
    framework other than the seeded one; `framework` alone builds a tagger for this call."""
    if tagger is None:
        tagger = Tagger(framework) if framework is not None else default_tagger()
    text = text or ""
    raw = mask_disclaimers(tokens(text))  # "not that I feel unsafe": set-aside words count for nothing
    tags = tuple(tagger.tag(toks=[singular(t) for t in raw]))
    guard = check_safeguarding(text)
    problems = sum(1 for t in tags if t.kind == "theme" and t.slug not in _NOT_PROBLEMS)
    mood = analyse_sentiment(text, raw, harm=guard.flag, problem_topics=problems)
    redacted = redact(text)
    return Analysis(
        themes=tuple(t.slug for t in tags if t.kind == "theme"),
        cross_cutting=tuple(t.slug for t in tags if t.kind == "cross_cutting"),
        tags=tags,
        sentiment=mood.label,
        polarity=mood.score,
        key_phrases=tuple(key_phrases(redacted)),
        safeguarding=guard.flag,
        safeguarding_reasons=guard.reasons,
        redacted=redacted,
    )
