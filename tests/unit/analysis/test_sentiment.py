import pytest

from engage.analysis.sentiment import analyse_sentiment, textblob_polarity


@pytest.mark.parametrize(
    "text",
    [
        "makes me feel unsafe walking home",
        "nobody does anything",
        "another stabbing, real safe city",
        "The police are useless round here, I've reported it five times",
    ],
)
def test_reads_negative(text):
    result = analyse_sentiment(text)
    assert result.label == "negative"
    assert -1 <= result.score < 0


def test_never_felt_unsafe_is_not_negative():
    assert analyse_sentiment("I have never felt unsafe").label != "negative"
    assert analyse_sentiment("I have never felt unsafe").score > 0


def test_negation_flips_safety():
    assert analyse_sentiment("I don't feel safe in the park any more").label == "negative"
    assert analyse_sentiment("I feel safe in the park").label == "positive"


def test_thanks_and_praise_positive():
    assert analyse_sentiment("Big thanks to the neighbourhood team, brilliant work").label == "positive"


def test_suggestions_and_questions_neutral():
    assert analyse_sentiment("Suggestion: more youth sessions in the summer holidays.").label == "neutral"
    assert analyse_sentiment("When is the next ward meeting?").label == "neutral"


def test_sarcasm_beside_incident():
    result = analyse_sentiment("Well done council, another car broken into on our street. Great job.")
    assert result.label == "negative"
    assert "sarcasm" in result.cues


def test_plain_textblob_is_the_baseline_and_misses_fear():
    # The unadjusted pattern lexicon does not read fear: that is why the domain layer exists.
    assert textblob_polarity("makes me feel unsafe walking home") >= 0
