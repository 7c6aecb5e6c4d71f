import pytest

from engage.analysis.pipeline import analyse
from engage.analysis.safeguarding import (
    CUE_NAMES,
    MODEL_REASON,
    SafeguardingResult,
    check_safeguarding,
    combine,
    risk_cues,
)
from engage.analysis.text import tokens


@pytest.mark.parametrize(
    "text",
    [
        "My boyfriend hits me when he's been drinking and I'm scared to leave",
        "My sister's husband takes her wages and won't let her see anyone",
        "The lad next door is only 13 and keeps going missing, older men pick him up in a car",
        "A group of boys told my son they will stab him if he walks past the shop again",
        "Some days I just want to kill myself",
        "i dont want to be here anymore",
        "The men at the car wash sleep in a back room and the boss keeps their passports",
        "My stepdad hurts me",
        # Stalking, abuse heard through a wall, and cuckooing described without the word: wording
        # the rules were not written from.
        "My ex turned up at my work again after the court order and keeps ringing from withheld numbers after I blocked him",
        "Someone from the gym won't leave me alone, he was waiting outside my flat last night",
        "I can hear the man next door beating her, and last night she was crying for help",
        "There's a vulnerable man on the ground floor, lads have taken over his flat and he won't answer the door",
        "Police found two teenagers locked inside a flat above the takeaway",
    ],
)
def test_flags_current_risk(text):
    result = check_safeguarding(text)
    assert result.flag
    assert result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "knife crime is rising",
        "Knife crime is out of control and I worry about my son",
        "Domestic abuse services need more funding",
        "More refuges for women are needed in the city",
        "My son was stabbed two years ago and nobody was charged",
        "Drug dealing on the estate every night",
        "My husband and I love the new park",
        "Mental health support is too hard to get",
        "Suicide rates among young men are shocking, we need more awareness in schools",
        "Suicide prevention training for door staff would help",
        "Things being thrown at buses by youths on the estate",
        "I hear them shouting in the street every night, it's the drinkers outside the offy",
        "Kids in and out of the shop at all hours causing trouble",
        "The council knows where I live, they keep sending me parking letters",
    ],
)
def test_general_worry_is_not_flagged(text):
    assert check_safeguarding(text).flag is False


# -- the learned model with the rules ------------------------------------------------------------


def test_levels_combine_rules_and_model():
    rule = SafeguardingResult(True, ("threat to kill or harm",), "concern")
    none = SafeguardingResult(False)
    assert combine(rule, 0.0, 0.3, 0.6) == rule
    assert combine(none, 0.7, 0.3, 0.6).level == "concern"
    possible = combine(none, 0.4, 0.3, 0.6)
    assert possible.flag is True and possible.level == "possible" and possible.reasons == (MODEL_REASON,)
    assert combine(none, 0.1, 0.3, 0.6) == SafeguardingResult(False, (), "none")


@pytest.mark.parametrize(
    "text",
    [
        # Kinds the rules alone missed: shorthand, contractions, harms with no rule, passive grooming.
        "DASH done with the victim today, high risk, referred to MARAC and IDVA allocated",
        "She says he'd kill her if she ever went to the police",
        "My cousin is being taken to Pakistan in the summer to be married and she doesn't want to go",
        "My brother has started watching videos about the race war and says he'll do something about it",
        "Her so-called friends moved in and take all her benefits the day they come in",
        "My daughter was groomed by a man she met online, he's still messaging her",
    ],
)
def test_disclosures_in_new_wording_reach_the_queue(text):
    assert analyse(text).safeguarding is True


@pytest.mark.parametrize(
    "text",
    [
        "My son broke his leg playing football at the weekend",
        "Knife crime figures for the city are up 4% on last year",
        "More funding for domestic abuse services please",
    ],
)
def test_accidents_and_statistics_are_not_flagged(text):
    assert analyse(text).safeguarding is False


@pytest.mark.parametrize(
    "text",
    [
        "My wife broke her wrist falling on the ice outside the shops, please grit the path",
        "I groomed the dog myself this year and saved a fortune",
        "Members noted the national increase in referrals to the National Referral Mechanism",
    ],
)
def test_rules_leave_accidents_pets_and_referral_statistics_alone(text):
    assert check_safeguarding(text).flag is False


@pytest.mark.parametrize(
    "text",
    [
        "My husband broke my arm last night",
        "He has been grooming my daughter online",
        "She was referred to the NRM today after the raid",
        "A group of men are holding young women in a flat above the shop",
        "They keep him there against his will",
    ],
)
def test_rules_still_flag_the_harm_beside_those_exceptions(text):
    assert check_safeguarding(text).flag is True


@pytest.mark.parametrize(
    "text",
    [
        # Kinds issue 11 lists, in wording the earlier rules missed: a conditional threat with a
        # contraction, a euphemism in quotes, forced marriage, grooming in the passive voice and by
        # secrecy, repeated harassment of a disabled person, spiking, self-harm without the words.
        "He said he'd kill me if I ever left him",
        "Third time my neighbour's threatened to 'sort me out' with a hammer",
        "They're forcing her to marry a man she's never met",
        "My cousin is being taken to Pakistan in the summer to be married",
        "She's being picked up by older men in cars after school",
        "My daughter was groomed online by a man pretending to be 15",
        "A guy has been DMing her asking for pictures and telling her not to tell her parents",
        "My brother is in a wheelchair and the same lads tip him over and film it every day",
        "Someone spiked my drink at a bar on Friday and I woke up somewhere I didn't know",
        "Been saving up my tablets. I just want it all to stop.",
        "Lads at the hand car wash sleep there and never get paid",
        "My sister's bloke pins her against the wall every weekend",
        # a threat or a blow told beside an accident is still one (the accident check once hid them)
        "He threatened me after the crash and said he will kill me",
        "He said after the accident that he will kill me",
        "My partner keeps crashing round drunk and hits me",
    ],
)
def test_rules_flag_the_kinds_they_used_to_miss(text):
    assert check_safeguarding(text).flag is True


@pytest.mark.parametrize(
    "text",
    [
        "My husband fell on the uneven pavement and broke his wrist, the council won't fix it",
        "My 15 yo daughter just got her learner's permit and I'm terrified of her driving on the beltway",
        "My mum would kill me if she knew I'd filled this in",
        "The dog was groomed at the new place on Queens Road, lovely job",
        "I asked him for pics of the car before I bought it",
        "Drink spiking seems to be getting worse in town, the clubs need test kits",
        "My cousin uses a wheelchair and the buses are a nightmare, the ramp is broken again",
        "My nan goes to the post office with her friends every pension day",
    ],
)
def test_rules_leave_look_alikes_alone(text):
    assert check_safeguarding(text).flag is False


@pytest.mark.parametrize(
    "text",
    [
        # Counts and audits of suicide and self-harm are statistics, not a person at risk; harm
        # that is over ("that was nine years ago", "now doing well") is history, told in words or digits.
        "Three suicides on the estate since 2022 and still no outreach worker",
        "Self-harm admissions among girls are up again according to the JSNA",
        "The suicide audit for the county is due in March",
        "My dad used to beat my mum but that was nine years ago and he died in 2019",
        "Her son took an overdose in the spring and is now doing well at college",
        "I won't be waiting much longer for the council to fix the boiler",
        "We won't be needing the cot any more, can the charity shop collect it?",
        "Saving my pocket money for a new bike",
    ],
)
def test_rules_leave_counts_and_past_harm_alone(text):
    assert check_safeguarding(text).flag is False


@pytest.mark.parametrize(
    "text",
    [
        "I think about suicide most nights",
        "She has started self-harming again and hides it under long sleeves",
        "My husband hits me, that was nine years ago and it still happens every week",
        # warning signs told politely or with a word between: pills saved, a goodbye, things not needed
        "Mum has been stockpiling her blood pressure tablets in a shoebox",
        "Please tell the housing officer I shan't be bothering her for much longer",
        "gave my brother my bike, wont be needing it much longer",
    ],
)
def test_rules_still_flag_a_person_at_risk_beside_those_words(text):
    assert check_safeguarding(text).flag is True


def test_partial_evidence_is_given_to_the_model():
    from engage.analysis.safeguarding import RULE_PART_NAMES, assess

    # "he'd kill me" with no condition is not a rule hit, but the model is told of the threat.
    result, parts = assess("Honestly he'd kill me")
    assert len(parts) == len(RULE_PART_NAMES)
    named = dict(zip(RULE_PART_NAMES, parts))
    assert result.flag is False and named["cue:threat_contraction"] == 1.0
    # A rule's own hit is kept as evidence even when a resolved history clears the flag.
    result, parts = assess("My husband used to hit me. That was 10 years ago, I'm happily remarried")
    assert result.flag is False and dict(zip(RULE_PART_NAMES, parts))["rule:domestic abuse disclosed"] == 1.0


@pytest.mark.parametrize(
    ("text", "set_aside"),
    [
        ("MARAC coordinator on leave next week, cover arranged. No impact.", 1.0),
        ("Ward meeting room booked for the JAG - admin only", 1.0),
        ("Visited the car wash, workers spoken to, no indicators found. NFA", 1.0),
        ("Police said it was not a crime and did nothing while he keeps following me", 0.0),
        ("Asking for info on domestic abuse support for my sister", 0.0),
    ],
)
def test_an_explicit_no_risk_is_a_cue_for_the_model(text, set_aside):
    # A note that says outright there is no risk is weighed by the model, not ruled out.
    assert risk_cues(tokens(text), text)[CUE_NAMES.index("sfg_set_aside")] == set_aside


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # The accident words are spelt once (_ACCIDENT_WORDS) and read by the domestic-abuse rule,
        # the accident check and the model's accident cue alike: a crash or a fall on the ice
        # explains a broken bone in each of them.
        ("My brother broke his leg in a crash on the M1 last week", False),
        ("My sister broke her wrist when she was knocked off her bike", False),
        ("My husband broke my arm last night", True),
    ],
)
def test_one_list_of_accident_words_explains_an_injury_everywhere(text, flag):
    from engage.analysis.safeguarding import RULE_PART_NAMES, assess

    result, parts = assess(text)
    assert result.flag is flag
    assert dict(zip(RULE_PART_NAMES, parts))["cue:accident_or_idiom"] == (0.0 if flag else 1.0)


@pytest.mark.parametrize(
    "text",
    [
        # The "repeated" words are spelt once (_REPEATED_WORDS), read by the disability-harassment
        # rule and by the model's "repeated" cue.
        "He's got learning difficulties and the lads keep calling him names and taking his money",
        "My neighbour is in a wheelchair and those kids have tipped him over twice now",
    ],
)
def test_one_list_of_repeated_words_for_the_rule_and_the_cue(text):
    from engage.analysis.safeguarding import RULE_PART_NAMES, assess

    result, parts = assess(text)
    assert "disabled person harassed again and again" in result.reasons
    assert dict(zip(RULE_PART_NAMES, parts))["cue:repeated"] == 1.0


@pytest.mark.parametrize(
    "text",
    [
        # The kinds the model missed out-of-part on train and dev in December's first look, each in
        # wording of its own: where a life may end, self-harm as a habit, a farewell passed on.
        "My flatmate has been sitting on the bridge by the ring road every night this week",
        "She keeps cutting her arms and hiding it from her mum",
        "Got a text from him saying tell the kids I loved them",
        # threats told by what will be done, in the passive, or as "made threats"
        "The lads at the park said they'll finish the job next time",
        "Been told im getting stabbed if i show my face at the shops",
        "The ex made threats about the children on the doorstep",
        # stalking by a stranger, and an order breached
        "A man I don't know keeps following me to the bus stop",
        "Someone is always waiting at the end of my street when I finish my shift",
        "Whoever sends the letters knows when I leave home",
        "He breached his non-molestation order again last night",
        # control and an older person's papers, a relative radicalised, neglect, live-case shorthand,
        # a child paid to carry, a child brought home by different men
        "She won't let him ring his family and he's scared",
        "Her son makes her sign cheques over to him every week",
        "My nephew has been getting radicalised by some lads on discord",
        "The children next door are only 4 and 5. They are left by themselves till midnight",
        "Caller reports 3yo found walking alone by the dual carriageway",
        "DA: V punched by partner, DASH 16/27, MARAC referral made",
        "Year 7s on the estate being paid a tenner to carry a bag across the park",
        "My neighbour's boy is 15 and keeps getting dropped home at 4am by different men",
    ],
)
def test_rules_flag_the_kinds_missed_out_of_part(text):
    assert check_safeguarding(text).flag is True


@pytest.mark.parametrize(
    "text",
    [
        "The graffiti on the bridge by the canal needs cleaning",
        "My son is writing an essay on how extremist groups recruit online",
        "MARAC referrals rose by 12% this year and the IDVA service is stretched",
        "He cut his leg on a broken bottle in the park",
        "I'm going to jump on the bus to the match",
        "DASH training for all frontline staff is booked for March",
    ],
)
def test_those_rules_leave_look_alikes_alone(text):
    assert check_safeguarding(text).flag is False


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # The fourteenth stop's kinds missed out of part on train and dev, each in wording of its own.
        ("Found my sister in the bath, she'd slit her wrists", "self-harm or suicidal thoughts"),
        ("If anything happens to me it was my boyfriend, write that down", "domestic abuse disclosed"),
        ("Her ex kicked the back door in at 3am while the kids were asleep", "domestic abuse disclosed"),
        ("Please send help to flat 2, he's hurting her again", "domestic abuse disclosed"),
        ("He goes through everything I write on here so I can't say more", "controlling or coercive behaviour"),
        ("Two 14 year olds stopped on the A47 with £600 in cash and two burners", "child at risk of exploitation or grooming"),
        ("Both youths referred to children's services and the NRM", "child at risk of exploitation or grooming"),
        ("The boys serving at the takeaway look about 13 and are there past midnight", "child at risk of exploitation or grooming"),
        ("The girls at number 9 never go out on their own and different women arrive every week",
         "person held or forced to work"),
        ("Her ex was spotted outside her flat again on Sunday", "stalking or harassment"),
        ("Men keep coming round to my son's door threatening him over a debt", "stalking or harassment"),
        ("Strategy meeting: high-risk vic, perpetrator released from custody Friday", "live case assessed high risk"),
        ("They're heading to the hotel on Saturday to teach them a lesson", "threat to kill or harm"),
        ('Some lads say they will go round the temple after Diwali and "teach them a lesson"', "threat to kill or harm"),
        ("Someone in the group chat says asylum seekers need to be burned out of there", "threat to kill or harm"),
        ("A post calls for direct action at the mosque after Friday prayers", "threat to kill or harm"),
        ("Saw a girl so drunk she could not stand being put into a car by two men she didn't know",
         "drunk or unconscious person taken by strangers"),
        ("My cousin has learning difficulties and the lads on the estate make him buy them vapes",
         "disabled person exploited by others"),
        ("The elderly man at 40 says some lads have taken the flat over and he sleeps in a chair",
         "vulnerable adult's home possibly taken over"),
    ],
)
def test_rules_flag_the_fourteenth_stops_kinds(text, reason):
    assert reason in check_safeguarding(text).reasons


@pytest.mark.parametrize(
    "text",
    [
        "The youth court should teach them a lesson with a proper sentence",
        "Pigeons need to be wiped out from the market roof",
        "My husband reads these consultations too and agrees with every word",
        "Child safeguarding training for all volunteers is on the 12th",
        "High risk DV cases rose by a tenth this year",
        "She cut her hair short for charity",
        "The old man upstairs plays his radio at all hours",
        "Two men helped a woman who had fallen over back to her feet",
        "Our volunteers with learning difficulties make the teas at the lunch club",
        "Kids aged 15 with £5 of pocket money are welcome at the youth club tuck shop",
        "16 year olds with £10 get in half price at the cinema",
        "Please send the police to the park, they're back again with the motorbikes",
        "PCSOs are going into the school to teach them a lesson on knife crime",
        "Day centre staff for adults with learning difficulties make them do chair exercises",
    ],
)
def test_the_fourteenth_stops_rules_leave_look_alikes_alone(text):
    assert check_safeguarding(text).flag is False
