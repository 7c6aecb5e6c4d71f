"""Behaviours added so the engine generalises to wording its lexicons were not written from.

The sentences here are new wording, not lines of the dev set: concepts (coercive control, rough
sleeping, grooming children into crime, suicidal thoughts, resettlement after prison, slurs), and
the structures that fool word lists (disclaimers, idioms, hypotheticals, email addresses).
"""

import pytest

from engage.analysis.phrase_index import PhraseIndex, expand_phrase
from engage.analysis.pipeline import analyse
from engage.analysis.safeguarding import check_safeguarding
from engage.analysis.sentiment import analyse_sentiment
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


# -- tagging: concepts in new wording -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, slug",
    [
        ("My daughter's boyfriend controls her money and won't let her see her friends", "domestic-sexual-violence"),
        ("He goes through my phone every night and tracks where I am", "domestic-sexual-violence"),
        ("A man sleeps in the doorway of the old bank, he needs proper housing", "street-lifestyle"),
        ("Lads kipping on the streets by the station again", "street-lifestyle"),
        ("Chap sat with a cup outside the supermarket every morning", "street-lifestyle"),
        ("Older boys giving 13 year olds free trainers then making them carry packages to Nottingham",
         "serious-organised-crime"),
        ("Young lads queue up at the car window every night, it's obvious", "serious-organised-crime"),
        ("My cousin got slashed across the face outside the takeaway", "serious-violence"),
        ("Heard gunshots behind the flats last night", "serious-violence"),
        ("I was called a P*** and spat at on the bus because of my headscarf", "hate-crime"),
        ("People mock him because he's disabled and uses a wheelchair", "hate-crime"),
        ("White nationalist leaflets through every door on our road", "prevent-extremism"),
        ("The translated leaflets never reach the people who need them", "community-engagement"),
        ("Reported it three times, got a crime number and that's the last you hear", "community-engagement"),
        ("Somebody keeps keying cars and slashing tyres on our street", "community-safety-asb"),
        ("Same bloke nicked from the Co-op every day this week", "community-safety-asb"),
        ("Ex prisoners need jobs and support when released otherwise they just go back to crime",
         "reducing-reoffending"),
        ("I can't cope anymore and have been thinking about ending it all", "mental-health"),
        ("My nerves are shot and I've hardly left the house since", "mental-health"),
        ("Her husband's drinking has got much worse, a bottle of vodka a night", "substance-misuse"),
        ("Holiday activity programme kept my two busy all summer", "prevention-early-intervention"),
    ],
)
def test_recognises_concepts_in_unseen_wording(tagger, text, slug):
    assert slug in slugs(tagger, text)


@pytest.mark.parametrize(
    "text, slug",
    [
        ("Stabbed in the back by the council again, they're closing our library", "serious-violence"),
        ("I could kill for a decent bus service round here", "serious-violence"),
        ("Gangs of youths outside the chippy every night", "serious-organised-crime"),
        ("Slashing tyres on the cars in our road", "serious-violence"),
        ("My car broke down on the ring road", "mental-health"),
        ("Walking to school the kids have to cross a busy road", "prevention-early-intervention"),
        ("Me and my boyfriend got abuse for holding hands", "domestic-sexual-violence"),
    ],
)
def test_idioms_and_near_misses_do_not_tag(tagger, text, slug):
    assert slug not in slugs(tagger, text)


def test_disclaimed_worry_is_not_a_theme(tagger):
    assert slugs(tagger, "It's not that I feel unsafe, I just think the park needs more bins") == set()


def test_email_address_words_are_not_evidence(tagger):
    assert slugs(tagger, "Please reply to jo.asb+drugs@example.org about the bins") == set()


# -- sentiment ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I was called a P*** and spat at on the bus because of my headscarf",
        "Rang 101, on hold for 50 minutes, gave up.",
        "Disability hate crime isn't taken seriously round here",
        "When did anyone last see an officer walking round here?",
        "Chap sat with a cup outside the shop. Polite enough but it puts my mum off going in.",
    ],
)
def test_complaints_in_new_wording_read_negative(text):
    assert analyse(text).sentiment == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "It's not that I feel unsafe, I just think the park needs more bins.",
        "Invest in the kids before they end up in trouble, it's cheaper in the long run.",
        "Does anyone know where the hate crime reporting centres are?",
        "Outreach: 14 people bedded down on the last count, 9 accepted a bed. Winter provision opens 1 Dec.",
    ],
)
def test_suggestions_questions_and_notes_stay_neutral(text):
    assert analyse(text).sentiment == "neutral"


def test_disclosed_harm_reads_as_concern():
    text = "Is it normal that my fella picks what I wear and who I can talk to? He says it's because he loves me"
    assert analyse_sentiment(text, harm=True).score < analyse_sentiment(text).score
    assert analyse(text).sentiment == "negative"


def test_a_problem_theme_with_no_feeling_words_is_a_complaint():
    text = "Someone sprayed tags all over the new bus shelter within a week."
    assert analyse_sentiment(text).label == "neutral"
    assert analyse_sentiment(text, problem_topics=1).label == "negative"
    assert analyse(text).sentiment == "negative"


def test_praise_in_new_wording_reads_positive():
    assert analyse("Can't complain, the estate's quieter than it's been in years.").sentiment == "positive"
    assert analyse("The crisis cafe in town is a lifeline.").sentiment == "positive"


# -- safeguarding -------------------------------------------------------------------------------


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
    ],
)
def test_does_not_flag_worry_history_or_other_harms(text):
    assert check_safeguarding(text).flag is False, text


def test_resolved_history_still_flags_when_harm_continues():
    text = "My ex hit me years ago and I'm fine now, but he keeps turning up again"
    assert check_safeguarding(text).flag
    assert not check_safeguarding("My ex hit me years ago but I'm fine now and happily remarried").flag
