"""Sentiment evidence for community-safety text: the features the learned sentiment model reads.

Out of the box TextBlob's pattern polarity reads "makes me feel unsafe walking home" as neutral or
positive and knows nothing of complaints about agencies ("nobody does anything"). The lexicon here
adds what it misses, as numbers for the model (engage.analysis.learned) to weigh:

- cue phrases with weights: fear and safety words, complaints, problems, praise and thanks;
  a cue preceded (within three words) by "not", "never", "don't"... counts the other way, weaker;
- the shape of the text: a suggestion, a meeting-note report, praise beside an incident (sarcasm),
  a complaint about waiting, shouting.
"""

from __future__ import annotations

import re
from typing import Literal

import msgspec

from .pattern_en import polarity as pattern_polarity
from .phrase_index import PhraseIndex, expand_phrase
from .prefilter import Prefilter
from .text import BOUNDARIES, singular, tokens

Label = Literal["negative", "neutral", "positive"]


NEGATORS = frozenset(
    "not no never nobody none nothing neither nor without cannot can't cant don't dont didn't didnt "
    "doesn't doesnt isn't isnt wasn't wasnt won't wont haven't havent hasn't hasnt aren't arent "
    "weren't werent shouldn't wouldn't couldn't hardly barely".split()
)

# The shape patterns run over the lowered text behind one scan for the words each needs
# (engage.analysis.prefilter): most texts hold none of them, and skip them.
_GATE = Prefilter()

# Feelings and judgements. Weights are per distinct cue; negation flips them (weaker).
_NEGATIVE = {
    -1.2: "unsafe;scared;terrified;afraid;frightened;petrified;fear;fearful;scary;terrifying;dread;"
    "horrible;awful;terrible;disgusting;disgrace;disgraceful;shameful;shocking;appalling;horrendous;"
    "ridiculous;pathetic;useless;pointless;hopeless;nightmare;hell;fed up;sick of;sick and tired;"
    "had enough;out of control;what is the point;what's the point;whats the point;nobody does anything;"
    "no one does anything;nothing gets done;nothing is done;nothing is being done;nothing being done;"
    "done nothing;do nothing;does nothing;doing nothing;not worth it;let down;forgotten;abandoned;"
    "heard nothing;never heard back;never came back;never got back;not a copper in sight;"
    "no police;what police;where are the police;don't trust;dont trust;no faith;lost faith;"
    "destroyed;ruined;ruining;blight;plague;menace;furious;angry;livid;outraged;disgusted;"
    "fuming;frustrated;frustrating;annoyed;annoying;distressed;distressing;upset;upsetting;worried;"
    "worrying;anxious;intimidating;intimidated;uncomfortable;dangerous;danger;unacceptable;"
    "dismissive;ignored;ignore;rubbish service;a joke;joke;waste of time;waste of money;"
    "why hasn't;why haven't;why isn't;why is nobody;why doesn't;sort it out;do something;"
    "something be done;something needs to be done;something must be done;slow;too slow;"
    "shameful;mistrust;being let go;let go;gone downhill;going downhill;run down;neglected;distrust;suspects;treated like;shut;clueless;don't have a clue;"
    "haven't a clue;dont have a clue;no idea how;"
    "don't seem to;dont seem to;doesn't seem to;doesnt seem to;never feed back;never feedback;"
    "never get back;never respond;never responded;never listen;never turn up;never turned up;feel harassed;"
    "shouldn't have had to;should not have had to;took hours;took ages;took forever;took weeks;shaken up;shaken;disaster;wits end;wits' end;at my wits;can't cope;cant cope;struggling;not good enough;"
    "heartbreaking;heartbroken;heartbreak;grim;blatant;nasty;vile;horrific;sickening;sick;feel sick;gutted;"
    "devastated;worried sick;worries me;scared for;scared;scare;frightening;petrifying;horror;horror film;"
    "gave up;given up;give up;running riot;shame;a shame;what a shame;couldn't care less;could not care less;"
    "nobody stops;no one stops;nobody helps;nobody's helping;no one is helping;nobody could help;no help;"
    "no support;no one to help;nobody to help;nowhere to turn;don't know what to do;dont know what to do;"
    "rip off;rip-off;crap;shit;shite;rubbish;bloody;effing;censoredword;not safe;isn't safe;isnt safe;never safe;"
    "not very safe;no longer safe;not impressed;far too long;too long;worse than;gets worse;got worse;"
    "out of hand;taking the mick;taking the piss;can't even;cant even;nobody cares;no one cares;don't care;"
    "dont care;doesn't care;despair;desperate;miserable;misery;grief;grieving;suffering;suffer;suffered;"
    "cruel;harrowing;traumatic;traumatised;abusive;hostile;hateful;sinister;creepy;dodgy;"
    "how are they meant to;how are we meant to;how are they supposed to;how are we supposed to;how is anyone;"
    "how does that even;how is that even;how is this allowed;how is that allowed;when did anyone last;"
    "what happened to;never saw any;never see any;never stop;spying;(don't|dont|doesn't|doesnt) represent;"
    "only turn up;only come;(put|puts|putting) (me|my|people|us|them|her|him|everyone|shoppers|customers) "
    "(mum |nan |dad |kids |children |)off;still goes on;still going on;still happening;keeps happening;"
    "has given up;have given up;not right;"
    "not taken seriously;isn't taken seriously;isnt taken seriously;never taken seriously;not take it seriously;"
    "don't take it seriously;dont take it seriously;doesn't take it seriously;don't take us seriously;",
    -0.7: "concern;concerned;concerns;concerning;worry;complaint;complaints;complain;complaining;"
    "problem;problems;issue;issues;trouble;fail;failed;failing;failure;lack of;cut;cuts;"
    "nowhere;never see;never seen;unreal;sadly;unfortunately;sad;lonely;isolated;"
    "avoid;avoiding;no longer;anymore;any more;worse;getting worse;"
    "rising;on the rise;increase in;too many;too much;every night;every day;all night;"
    "everywhere;nobody;no one;mess;filthy;dirty;noise is;stinks;smell;pissing;shouting;screaming;"
    "rude;aggressive;aggro;sorry;overwhelmed;exhausted;"
    "difficult;hard to;struggle;leak;leaks;leaking;soaked;damp;mould;mouldy;gone up;up again;"
    "delay;delays;delayed;not enough;lack;shortage;lonely and;low;"
    "nervous;stressed;stress;stressful;tense;on edge;hardly;barely;strange;suspicious;not right;weird;",
}
_POSITIVE = {
    1.4: "thank;thanks;thank you;thankyou;grateful;forever grateful;brilliant;excellent;fantastic;"
    "amazing;wonderful;superb;outstanding;lovely;great;praise;praised;pleased;delighted;happy;glad;"
    "well done;good work;great work;keep up the good work;credit where;legend;legends;cannot fault;"
    "can't fault;cant fault;10 10;made a difference;massive difference;big difference;real difference;"
    "feel safe;feel safer;felt safe;feel very safe;safe round here;safe around here;never had a problem;"
    "never had any problem;never had any trouble;no problems;no trouble;quiet since;much better;"
    "so much better;improved;improvement;improving;better now;helped;helpful;worked;"
    "listened;felt heard;kind;caring;supportive;reassured;reassuring;love;loved;enjoy;enjoyed;"
    "appreciate;appreciated;fab;fabulous;impressed;impressive;proud;noticeable;noticeably;"
    "thanked;praising;it works;works when;really works;good job;nice one;cheers;relief;relieved;touch wood;keep funding;"
    "peaceful;refreshing;lifeline;life saver;lifesaver;saved my life;saved me;got me through;kept me going;"
    "(turned|turn) (his|her|my|their|our|things|it|the place|the area) (life |lives |)(round|around);"
    "doing well;doing really well;doing much better;doing so well;back on track;well attended;really useful;"
    "so useful;very useful;useful;genuinely helpful;good idea;great idea;such a good idea;"
    "can't complain;cant complain;cannot complain;mustn't grumble;not bad;no bother;never had any bother;"
    "no complaints;no concerns;happy where;safe space;partnership;giving something back;"
    "never once felt;never felt;well organised;quick;quickly;friendly;polite;respectful;patient;sensitive;"
    "sensitively;fair play;good result;great result;gone down;(has|have|had|'s|really) picked up;"
    "(has|have|had) given;dropped;reduced;fallen;",
    0.6: "good;nice;better;hope;hopefully;success;successful;positive;fewer;less;calmer;"
    "calmed down;welcome;welcomed;okay;fine;quiet;",
    # Polite suggestion frames: neutral, and they stop "nice"/"good" counting as praise.
    0.0: "would be nice;would be good;would be great;be nice to;be good to;would be helpful;good idea if;"
    "would be a good idea;be a good idea;would be a great idea;dealing with;deal with;dealt with;deals with;"
    "quid;deserve to die;",
}
# Incidents and problems: negative when a resident raises them, weak in a report-style note.
_PROBLEM = (
    "crime;drug;drugs;dealer;dealers;dealing;stabbing;stabbed;stab;knife;knives;shot;shooting;"
    "robbed;robbery;mugged;burglary;burgled;broken into;break in;theft;stolen;shoplifting;"
    "shoplifter;vandalism;vandalised;graffiti;fly tipping;litter;noise;abuse;abusive;assault;"
    "attacked;harassed;hassled;followed;begging;beggars;street drinkers;drunk;drunks;violence;"
    "violent;gang;gangs;racist;racism;hate;threat;threats;threatened;threatening;spiked;spiking;"
    "kerb crawlers;off road bikes;speeding;potholes;parking;rats;smashed;fights;fight;fighting;"
    "snatch;snatching;snatched;swastika;closing;closed down;homophobic;islamophobic;antisemitic;transphobic;stickers;far right;extremism;slavery;exploited;grooming;nightmare;asb;anti social;nuisance;"
    "pissing;urinating;needles;canisters;dark;pitch black;broken;out since;not working;"
    "hate crime;hate crimes;hate incident;hate incidents;knife crime;gun crime;car crime;victim;victims;"
    "slashed;slashing;gunshot;gunshots;shots;acid;punched;kicked;beaten;bleeding;blood;injuries;injured;"
    "assaults;assaulted;scramblers;wheelies;keying;keyed;spitting;spat;lobbing;catcalled;catcalling;nicked;"
    "done over;stink;killed;murdered;shot dead;threats;exploitation;trafficking;weed;skunk;cocaine;coke;"
    "heroin;spice;ketamine;syringes;overdose;addict;addicts;alcoholic;homeless;rough sleepers;tents;"
    "dog mess;dog poo;fly tipping;flytipping;terrorist;terrorists;terror attack;attack;attacked;"
    "racially aggravated;antisemitic;antisemitism;slur;slurs;bullying;bullied;intimidation;missing;vulnerable;"
    "missed;queue;queues;waiting list;waiting lists;nationalist;nationalists;extremist;extremists;nazi;nazis;"
    "fascist;fascists;spying"
)
# Waiting, as a complaint: "took them six hours", "on hold for 50 minutes", "waited 3 weeks".
_WAITED = _GATE.compile(
    r"\b(?:took|takes|taking|waited|waiting|wait|on\s+hold|sat|sitting|queued|queuing|stuck)\b[^.!?]{0,30}?"
    r"\b(?:\d+|a\s+few|several|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty)\s*(?:hours?|hrs?|days?|weeks?|wks?|months?|mins?|minutes?)\b",
)
# A note's heading ("Outreach:", "PCSO:", "Uni welfare:") marks officer-style reporting.
_HEADING = re.compile(r"^\s*[A-Z][\w&'/+. -]{1,40}:\s")
# Topic names that happen to contain a feeling word ("hate crime officer"): the plain pattern
# polarity must not read them as feelings.
_TOPIC_WORDS = {"hate": frozenset({"crime", "crimes", "incident", "incidents", "speech", "preacher", "preachers"})}
_PROBLEM_WEIGHT = -0.45

_SUGGESTION = _GATE.compile(
    r"(?:^|[.!?]\s+)\s*(suggestion|idea|please|could|can you|would|why not|how about|more\b|fund|put|"
    r"need|we need|there should|it would|train|provide|run|make|give|get|invest|translate|teach|bring|keep|"
    r"stop|ban|add|install|open|employ|hire|introduce|fix|tackle|increase|build|offer|support|consider|"
    r"set\s+up|use|send|target|educate|focus|involve|put\s+on|employ|let|allow|start|spend|create)\b|"
    r"\bneeds?\s+(?:more|a|an|some|better|proper|extra)\b|\bi\s+(?:just\s+)?think\s+(?:the|we|they|there|it|you)\b|\b(suggest|should|could you|would be nice|would be good|would help|"
    r"would like to see|need to|needs to|ought to|it'd be|how about|why not)\b",
)
_REPORT = _GATE.compile(
    r"\b(update|updates|referral|referred|arranged|agreed|planned|to attend|to visit|to review|"
    r"to raise|to bring|to share|to repair|to remove|to meet|to consider|to continue|to present|"
    r"to give|to put|to run|logged|passed to|informed|made\.|q[1-4]\b|cohort|accreditation|"
    r"warrants|executed|deployed|trial|now live|now running|reports|reported|intel|attendees|mtg)\b",
)
_SARCASM_PRAISE = _GATE.compile(
    r"\b(real|really|so|such a|very|proper|absolutely)\s+(safe|lovely|nice|great|brilliant|"
    r"wonderful|fantastic)\b|\b(yeah|yea)\s+right\b|\bthanks\s+for\s+nothing\b|\bcheers\s+for\s+"
    r"nothing\b|\bwell done\b.*\b(again|another)\b|\blol\b|\bhaha\b|/s\b|\bnot\b\s*!",
)
_INCIDENT_AGAIN = _GATE.compile(r"\b(another|yet another|again)\b")
_CONTRAST = frozenset({"but", "however", "although", "though", "yet"})
_SHOUTING = re.compile(r"[!?]{2,}|\b[A-Z]{4,}\b(?:\W+\b[A-Z]{3,}\b){2,}")


_SELF_NEGATED = ("no ", "not ", "never ", "nobody", "no one", "can", "don't", "dont", "nothing", "what")


def _negated(toks: list[str], start: int) -> bool:
    """A negator within the three words before `start`, not across a clause boundary."""
    for k in range(start - 1, max(-1, start - 4), -1):
        t = toks[k]
        if t in BOUNDARIES or t in _CONTRAST:
            return False
        if t in NEGATORS:
            return True
    return False


def _cues() -> PhraseIndex[tuple[str, float]]:
    items: list[tuple[str, tuple[str, float]]] = []
    for table, kind in ((_NEGATIVE, "feeling"), (_POSITIVE, "feeling")):
        for weight, phrases in table.items():
            items.extend((e, (kind, weight)) for p in phrases.split(";") if p for e in expand_phrase(p))
    items.extend((p, ("problem", _PROBLEM_WEIGHT)) for p in _PROBLEM.split(";") if p)
    # Later duplicates would shadow earlier ones at the same length; keep the first.
    seen: set[str] = set()
    unique = []
    for phrase, payload in items:
        if phrase not in seen:
            seen.add(phrase)
            unique.append((phrase, payload))
    return PhraseIndex(unique)


_CUES = _cues()


def textblob_polarity(text_or_tokens: str | list[str]) -> float:
    """Plain TextBlob PatternAnalyzer polarity (no domain handling), works without NLTK data."""
    words = text_or_tokens if isinstance(text_or_tokens, list) else tokens(text_or_tokens)
    return float(pattern_polarity(words))


def _pattern_words(raw: list[str]) -> list[str]:
    """The words the plain pattern polarity sees: masked words and topic names left out."""
    words = []
    last = len(raw) - 1
    for i, t in enumerate(raw):
        if not t:
            continue
        follow = _TOPIC_WORDS.get(t)
        if follow is not None and i < last and raw[i + 1] in follow:
            continue
        words.append(t)
    return words


class Cues(msgspec.Struct, frozen=True):
    """The sentiment lexicon's evidence in a text: the learned sentiment model's lexicon features."""

    positive: float  # summed weights of praise, thanks and relief phrases (negated ones count the other way)
    negative: float  # summed weights of fear, anger and complaint phrases, as a positive number
    problem: float  # summed weights of incident and problem words, as a positive number
    textblob: float  # plain TextBlob pattern polarity
    shape: tuple[float, ...] = ()  # suggestion, report, sarcasm, waited, shouting, question (0 or 1 each)


SHAPES = ("suggestion", "report", "sarcasm", "waited", "shouting", "question")


def lexicon_cues(raw: list[str], text: str = "") -> Cues:
    """Cue sums for lowercased tokens (text.tokens, disclaimers masked), and the text's shape."""
    toks = [singular(t) for t in raw]
    positive = negative = problem = 0.0
    seen: set[str] = set()
    for start, _, phrase, (kind, weight) in _CUES.longest(toks):
        if phrase in seen or not weight:
            continue
        seen.add(phrase)
        if _negated(toks, start) and not phrase.startswith(_SELF_NEGATED):
            weight = -weight * (0.6 if abs(weight) > 1 else 0.2)
        if kind == "problem":
            problem -= weight
        elif weight > 0:
            positive += weight
        else:
            negative -= weight
    lower = text.lower()  # the patterns are lower case: matching without re.I is several times faster
    seen = _GATE.scan(lower)
    incident = problem > 0 or negative > 0 or bool(_INCIDENT_AGAIN.search(lower, seen))
    shape = (
        bool(_SUGGESTION.search(lower, seen)),
        bool(_REPORT.search(lower, seen) or _HEADING.match(text)),
        incident and bool(_SARCASM_PRAISE.search(lower, seen)),
        bool(_WAITED.search(lower, seen)),
        bool(_SHOUTING.search(text)),
        text.rstrip().endswith("?"),
    )
    return Cues(positive, negative, problem, textblob_polarity(_pattern_words(raw)), tuple(map(float, shape)))
