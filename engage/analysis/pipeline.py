"""One call that runs every analyser over a text: the shape stored with each voice.

Themes, sentiment and safeguarding come from the learned models (engage.analysis.learned), with
the framework's phrases, TextBlob polarity and the safeguarding rules as features; safeguarding
is the rules OR the model. A text not in English is not analysed: it comes back with no themes,
neutral, and flagged as a possible concern "not analysed: <language>" so a person reads it.
"""

from __future__ import annotations

import functools

import msgspec

from .framework_model import Framework
from .language import detect
from .learned import shipped_bundle
from .phrases import key_phrases
from .redaction import redact
from .safeguarding import Level
from .sentiment import Label
from .tagger import Tag, Tagger

ANALYSED_LANGUAGES = frozenset({"en"})


class Analysis(msgspec.Struct, frozen=True):
    themes: tuple[str, ...]  # delivery-theme slugs, most confident first
    cross_cutting: tuple[str, ...]  # cross-cutting theme slugs
    tags: tuple[Tag, ...]  # both kinds, with confidence and evidence
    sentiment: Label
    polarity: float  # in [-1, 1]
    key_phrases: tuple[str, ...]
    safeguarding: bool  # true for a concern and for a possible concern: both reach the review queue
    safeguarding_reasons: tuple[str, ...]
    redacted: str
    language: str = "en"  # ISO 639-1 code of the text's language
    analysed: bool = True  # false: not in a language the models read; no themes, marked for review
    safeguarding_level: Level = "none"  # "none" | "possible" | "concern"


@functools.cache
def default_tagger() -> Tagger:
    """The tagger for the seeded framework and the shipped models (built once; Tagger is immutable)."""
    return Tagger()


@functools.cache  # once a process is warm it stays warm: another app started in it (tests) need not redo it
def warm_up() -> None:
    """Load every model and lexicon now (at worker start-up) so the first request is not slow."""
    shipped_bundle()
    analyse("Warm-up: drug dealing by the park, my neighbour Mrs Wiśniewska feels unsafe walking home.")
    analyse("Dzień dobry, na naszej ulicy jest dużo hałasu w nocy i boimy się wychodzić.")  # the language model


def analyse(text: str, framework: Framework | None = None, tagger: Tagger | None = None) -> Analysis:
    """Analyse one free-text voice. Pass `tagger` (built once) when tagging many texts with a
    framework, examples or model bundle other than the shipped ones; `framework` alone builds a
    tagger for this call."""
    if tagger is None:
        tagger = Tagger(framework) if framework is not None else default_tagger()
    text = text or ""
    redacted = redact(text)
    guess = detect(text)
    language = guess.code
    if language not in ANALYSED_LANGUAGES:
        return Analysis(
            themes=(), cross_cutting=(), tags=(), sentiment="neutral", polarity=0.0, key_phrases=(),
            safeguarding=True, safeguarding_reasons=(f"not analysed: {guess.name}",),
            redacted=redacted, language=language, analysed=False, safeguarding_level="possible",
        )
    prediction = tagger.bundle.predict(text)
    tags = tuple(tagger.tags_for(text, prediction))
    guard = prediction.safeguarding
    return Analysis(
        themes=tuple(t.slug for t in tags if t.kind == "theme"),
        cross_cutting=tuple(t.slug for t in tags if t.kind == "cross_cutting"),
        tags=tags,
        sentiment=prediction.sentiment,  # type: ignore[arg-type]
        polarity=prediction.polarity,
        key_phrases=tuple(key_phrases(redacted)),
        safeguarding=guard.flag,
        safeguarding_reasons=guard.reasons,
        redacted=redacted,
        language=language,
        analysed=True,
        safeguarding_level=guard.level,
    )
