"""The hand-written layer under the learned models: the phrase language, tokenising, and the
safeguarding rules (one half of the safeguarding flag), on wording they were not written from.

How the learned engine does on new wording is measured, not asserted sentence by sentence:
benchmarks/analysis_bench.py on the corpus's test split and on the blind set.
"""

import pytest

from engage.analysis.phrase_index import PhraseIndex, expand_phrase
from engage.analysis.safeguarding import check_safeguarding
from engage.analysis.tagger import Tagger
from engage.analysis.text import CENSORED, mask_disclaimers, norm_tokens, tokens


@pytest.fixture(scope="module")
def tagger():
    return Tagger()


def slugs(tagger, text):
    return {t.slug for t in tagger.tag(text)}


# -- the phrase language ------------------------------------------------------------------------


def test_bracketed_alternatives_expand():
    assert expand_phrase("(his|her) drinking") == ["his drinking", "her drinking"]
    assert expand_phrase("(the|) police (came|)") == ["the police came", "the police", "police came", "police"]
    assert expand_phrase("plain phrase") == ["plain phrase"]


def test_anynumber_matches_digits_only():
    index = PhraseIndex([("arrested anynumber times", "x")])
    assert [p for _, _, _, p in index.longest(norm_tokens("he was arrested 20 times"))] == ["x"]
    assert list(index.longest(norm_tokens("he was arrested many times"))) == []


def test_censored_words_become_one_token():
    assert CENSORED in tokens("they called me a p*** on the bus")
    assert CENSORED in tokens("called us f*gs")
    assert "radicalis" not in tokens("radicalis*")  # the phrase wildcard is not a censored word


def test_disclaimers_are_masked_to_the_end_of_the_clause():
    masked = mask_disclaimers(tokens("It's not that I feel unsafe, I just think the park needs more bins"))
    assert "unsafe" not in masked and "bins" in masked
    assert mask_disclaimers(tokens("not that bad really")) == tokens("not that bad really")


# -- tagging: structures that fool word lists --------------------------------------------------


def test_disclaimed_worry_is_not_a_theme(tagger):
    assert slugs(tagger, "It's not that I feel unsafe, I just think the park needs more bins") == set()


def test_email_address_words_are_not_evidence(tagger):
    # "asb" and "drugs" inside an address tag exactly what an address with no such words tags.
    plain = slugs(tagger, "Please reply to someone@example.org about the bins")
    assert plain, "the sentence around the address is itself evidence of a theme"
    assert slugs(tagger, "Please reply to jo.asb+drugs@example.org about the bins") == plain
    assert not plain & {"serious-organised-crime", "community-safety-asb", "substance-misuse"}


# -- safeguarding rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My daughter's boyfriend has taken over her bank account and she's not allowed to see her mates",
        "Is it normal that my fella picks what I wear and who I'm allowed to talk to?",
        "She's not allowed her own bank card, he gives her twenty quid a week and checks the receipts",
        "My nan's grandson moved in and takes her pension every week",
        "I can't cope anymore and have been thinking about ending it all",
        "She keeps saying she wishes she wouldn't wake up",
        "Feel like there's no point to anything, everyone would cope fine if I just disappeared",
        "Older boys giving 13 year olds free trainers then making them carry packages",
        "My 16 year old has a second phone I never bought him and cash in his drawer",
        "Men offering year 8s vapes and a tenner to drop off parcels",
        "Girls working 12 hour days who don't speak any English, picked up in a minibus at night",
        "I\u2019m scared of him and don\u2019t want to go home",  # curly apostrophes
        # Warning signs of suicide told without the words (possessions given away, goodbyes, pills saved).
        "He's been giving all his things away to his mates and says he won't be around much longer",
        "I've saved up my tablets and I don't see the point any more",
        "Wrote letters to the kids. I won't be around for Christmas.",
        # Neglect and witness intimidation, told by a neighbour or the witness.
        "The two toddlers downstairs are left on their own every night while she goes out",
        "Haven't seen their mum for four days and the children are knocking on doors for food",
        "Ever since I gave a statement to the police they've been threatening me outside the shop",
    ],
)
def test_flags_disclosures_in_new_wording(text):
    assert check_safeguarding(text).flag, text


@pytest.mark.parametrize(
    "text",
    [
        "Me and my boyfriend got abuse for holding hands on London Road",
        "Lonely since my husband died and I'm scared of the lads on the corner",
        "My daughter's friend hurt herself last year but she's had brilliant support and is doing well now",
        "The empty house next door is being used by kids who smash the windows",
        "County lines is a problem in every city now",
        "Potholes so deep you could lose a small child in them",
        "The corner shop won't be around much longer if the rent keeps going up",
        "We gave our old clothes to the charity shop on Saturday",
    ],
)
def test_does_not_flag_worry_history_or_other_harms(text):
    assert check_safeguarding(text).flag is False, text


def test_resolved_history_still_flags_when_harm_continues():
    text = "My ex hit me years ago and I'm fine now, but he keeps turning up again"
    assert check_safeguarding(text).flag
    assert not check_safeguarding("My ex hit me years ago but I'm fine now and happily remarried").flag
