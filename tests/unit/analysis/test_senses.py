"""Homonyms: the everyday sense of a word that names a framework entry in another sense."""

import pytest

from engage.analysis.features import word_pieces
from engage.analysis.senses import mark_senses, unmark
from engage.analysis.text import tokens


@pytest.mark.parametrize(
    "text",
    [
        "We all want to prevent burglaries on the estate",
        "CCTV by the shops would prevent a lot of the trouble",
        "Neighbourhood watch helps prevent crime round here",
    ],
)
def test_the_verb_prevent_is_marked(text):
    assert "prevent~verb" in mark_senses(tokens(text))


@pytest.mark.parametrize(
    "text",
    [
        "My nephew was referred to Prevent over a school essay",
        "Prevent coordinator informed",
        "I reported him to prevent",
        "What is Prevent actually doing about the far right?",
    ],
)
def test_the_programme_keeps_its_word(text):
    assert "prevent" in mark_senses(tokens(text))


def test_a_trade_dealer_is_not_a_drug_dealer():
    assert "dealer~trade" in mark_senses(tokens("The antiques dealer on the high street closed"))
    assert "dealers" in mark_senses(tokens("Dealers on the corner every night"))


def test_a_marked_word_carries_no_pieces_and_reads_plainly():
    assert word_pieces("prevent~verb") == []
    assert unmark("help prevent~verb") == "help prevent"
