"""Sentiment comes from the learned model; the lexicon's cues and TextBlob polarity are its features."""

import pytest

from engage.analysis.pipeline import analyse
from engage.analysis.sentiment import lexicon_cues, textblob_polarity
from engage.analysis.text import tokens


@pytest.mark.parametrize(
    "text",
    [
        "makes me feel unsafe walking home from the bus stop",
        "nobody does anything about it, we've given up ringing",
        "The police are useless round here, I've reported it five times and heard nothing",
        "My son was robbed at knifepoint on his way back from college.",  # harm told as plain fact
    ],
)
def test_reads_negative(text):
    result = analyse(text)
    assert result.sentiment == "negative"
    assert -1 <= result.polarity < 0


@pytest.mark.parametrize(
    "text",
    [
        "Big thanks to the neighbourhood team, they sorted the dealers out in a fortnight",
        "Burglaries on our estate are down by half since the new patrols started, well done",
    ],
)
def test_reads_positive(text):
    result = analyse(text)
    assert result.sentiment == "positive"
    assert 0 < result.polarity <= 1


@pytest.mark.parametrize(
    "text",
    [
        "Suggestion: more youth sessions in the summer holidays.",
        "When is the next ward meeting?",
    ],
)
def test_suggestions_and_questions_neutral(text):
    assert analyse(text).sentiment == "neutral"


def test_cues_read_negation_and_feelings():
    safe = lexicon_cues(tokens("I feel safe in the park"))
    unsafe = lexicon_cues(tokens("I don't feel safe in the park any more"))
    assert safe.positive > unsafe.positive
    assert unsafe.negative > safe.negative
    assert lexicon_cues(tokens("drug dealers and stabbings")).problem > 0


def test_plain_textblob_is_the_baseline_and_misses_fear():
    # The unadjusted pattern lexicon does not read fear: that is why the model does not rely on it alone.
    assert textblob_polarity("makes me feel unsafe walking home") >= 0
    assert analyse("makes me feel unsafe walking home").sentiment == "negative"
