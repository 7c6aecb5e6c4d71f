"""Demo data: the consultations a partnership would really run, with realistic responses.

Safe to run again: consultations are matched by web address, responses are only generated
when a consultation has none, and the three demo accounts get fresh passwords each run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets

from engage import db
from engage.auth.passwords import hash_password
from engage.auth.tables import User
from engage.framework.vocabulary import load, wards
from engage.settings import Settings
from surveys.builder import QuestionForm, add_question, questions_for
from surveys.kinds import Stored, options_for
from surveys.responses import CheckedSubmission, store_submission
from engage.times import now as time_now
from surveys.answer_voices import analyse_pending
from engage.voices.tables import Voice
from surveys.tables import Answer, Consultation, Response, new_revision
from engage.census.demo import load_illustrative

DEMO_ACCOUNTS = (("admin", "admin@engage.example", "Demo Admin"),
                 ("officer", "officer@engage.example", "Demo Officer"),
                 ("executive", "executive@engage.example", "Demo Executive"))

KNIFE_CRIME = {
    "slug": "knife-crime-serious-violence-strategy",
    "title": "Knife Crime & Serious Violence Strategy",
    "summary": "Help shape how the partnership tackles knife crime and serious violence in Leicester over the next three years.",
    "background": """Serious violence and exploitation is one of the four priorities in our Community Safety Plan.
The Violence Reduction Network, Leicestershire Police, Leicester City Council and our partners are writing a new
strategy, and we want it to reflect what you see and feel in your neighbourhood.

## What we are asking
* how safe you feel, and where
* what you think drives young people to carry knives
* which actions would make the most difference

## What happens next
We will publish a summary of what you told us, and what we will do about it, when the consultation closes.""",
    "priorities": ["serious-violence-exploitation", "localities"],
    "questions": [
        ("agree_scale", "Knife crime is a problem in my neighbourhood", "", True, {}),
        ("rating", "How safe do you feel walking in your area after dark?", "1 is very unsafe, 5 is very safe", True, {}),
        ("multiple_choice", "What do you think leads young people to carry a knife?", "", False,
         {"options": ["Fear for their own safety", "Peer pressure", "Criminal exploitation or county lines",
                      "Social media", "Lack of youth provision", "Drugs"], "allow_other": True}),
        ("single_choice", "Which one action would make the biggest difference?", "", True,
         {"options": ["More youth workers and diversion", "More visible policing", "Education in schools",
                      "Support for families", "Knife amnesty and bins", "Better street lighting and CCTV"],
          "allow_other": True}),
        ("yes_no", "Would you know how to report concerns about a young person at risk, anonymously?", "", False, {}),
        ("long_text", "Is there anything else you want to tell us about knife crime or serious violence?",
         "Please do not include names or details that could identify anyone.", False, {"max_length": "2000"}),
        ("ward", "Which ward do you live in?", "", False, {}),
        ("postcode", "What is your postcode?", "We only keep the first part.", False, {}),
    ],
}

PRIORITY_REVIEW = {
    "slug": "community-safety-priorities-2024",
    "title": "Community Safety Priorities Review 2024",
    "summary": "Our annual check with Leicester's communities on the four priorities of the Community Safety Plan.",
    "background": "Each year we ask whether our four priorities are still the right ones. Thank you to everyone who took part.",
    "priorities": ["multiple-disadvantage", "serious-violence-exploitation", "localities", "community-cohesion"],
    "questions": [
        ("agree_scale", "Tackling serious violence and exploitation should remain a priority", "", True, {}),
        ("agree_scale", "Anti-social behaviour in localities should remain a priority", "", True, {}),
        ("single_choice", "Which issue most affects how safe you feel?", "", True,
         {"options": ["Anti-social behaviour", "Drug dealing", "Knife crime", "Domestic abuse", "Hate crime",
                      "Street drinking and begging", "Speeding and road safety"], "allow_other": True}),
        ("rating", "How well does the partnership keep you informed?", "", False, {}),
        ("long_text", "What is the biggest community safety issue where you live?", "", False, {"max_length": "1500"}),
        ("ward", "Which ward do you live in?", "", False, {}),
    ],
}

# Phrases residents write, combined at random into varied free-text answers.
OPENINGS = ["", "Honestly, ", "To be fair ", "As a parent, ", "I've lived here 20 years and ", "Since lockdown ",
            "My main worry is that ", "Speaking for our street, "]
ISSUES = [
    "groups of lads on off-road bikes tear round the estate every evening",
    "there is open drug dealing by the shops on the corner",
    "people are scared to use the park after dark because of the lighting",
    "nitrous oxide canisters are left all over the car park",
    "the police never seem to come when we ring 101",
    "there was another stabbing near the bus station last month",
    "fly-tipping in the back alleys attracts rats and nobody clears it",
    "young people have nowhere to go since the youth club shut",
    "street drinking outside the off-licence makes women feel intimidated",
    "there has been racist graffiti on the mosque wall again",
    "cars are broken into on our road almost every week",
    "the community centre and the PCSOs have made a real difference",
    "the new CCTV by the precinct has helped",
    "kids as young as 12 are being used to run drugs",
    "speeding on the main road is dangerous for children walking to school",
    "neighbours are kept awake by noise from a house where there are parties every night",
    "the Street Pastors in town on Saturday nights are brilliant",
    "begging near the clock tower has got worse",
]
CLOSINGS = ["", " Please do something.", " It makes me feel unsafe walking home.", " Thank you for asking.",
            " More visible patrols would help.", " Nobody does anything about it.", " It has got better this year."]


def _free_text(rng: random.Random) -> str:
    first = rng.choice(ISSUES)
    text = rng.choice(OPENINGS) + first
    if rng.random() < 0.4:
        text += " and " + rng.choice([i for i in ISSUES if i != first])
    text = text[0].upper() + text[1:] + "." + rng.choice(CLOSINGS)
    return text


async def _ensure_accounts() -> list[tuple[str, str, str]]:
    fixed = os.environ.get("ENGAGE_DEMO_PASSWORD")  # lets scripted checks sign in with a known password
    accounts = []
    for role, email, name in DEMO_ACCOUNTS:
        password = fixed or secrets.token_urlsafe(12)
        existing = await User.select(User.id).where(User.email == email).first()
        if existing:
            await User.update({User.password_hash: await hash_password(password), User.role: role, User.active: True}).where(
                User.id == existing["id"]).run()
        else:
            await User.insert(User(email=email, name=name, role=role, password_hash=await hash_password(password))).run()
        accounts.append((role, email, password))
    return accounts


async def _ensure_consultation(spec: dict, status: str, opens: dt.datetime, closes: dt.datetime, officer_id: int) -> dict:
    row = await Consultation.select().output(load_json=True).where(Consultation.slug == spec["slug"]).first()
    if row is None:
        rows = await Consultation.insert(Consultation(
            slug=spec["slug"], title=spec["title"], summary=spec["summary"], background=spec["background"],
            priorities=spec["priorities"], status="draft", opens_at=opens, closes_at=closes, created_by=officer_id,
        )).returning(Consultation.id).run()
        row = await Consultation.select().output(load_json=True).where(Consultation.id == rows[0]["id"]).first()
    if not await questions_for(row["id"]):
        for kind, text, hint, required, extra in spec["questions"]:
            await add_question(row["id"], QuestionForm(
                kind=kind, text=text, hint=hint, required=required, allow_other=extra.get("allow_other", False),
                max_length=extra.get("max_length", ""), new_options="\n".join(extra.get("options", []))), False)
    await Consultation.update({Consultation.status: status, Consultation.opens_at: opens,
                               Consultation.closes_at: closes, Consultation.revision: new_revision()}).where(Consultation.id == row["id"]).run()
    return row


def _random_answers(questions: list[dict], rng: random.Random) -> CheckedSubmission:
    checked = CheckedSubmission()
    for q in questions:
        if not q["required"] and rng.random() < 0.2:
            continue
        stored = Stored()
        kind = q["kind"]
        if kind in ("short_text", "long_text"):
            if rng.random() < 0.75 or q["required"]:
                stored.add(text=_free_text(rng))
        elif kind == "postcode":
            stored.add(text=rng.choice(["LE1", "LE2", "LE3", "LE4", "LE5"]))
        elif kind == "multiple_choice":
            values = [v for v, _ in options_for(q) if v != "other"]
            for value in rng.sample(values, rng.randint(1, 3)):
                stored.add(choice=value)
        else:
            values = [v for v, _ in options_for(q)]
            weights = [1.0 + (i == 1) * 1.5 for i in range(len(values))]
            value = rng.choices(values, weights=weights)[0]
            if value == "other":
                stored.add(choice="other", text=rng.choice(["Parking", "Litter", "Dog fouling", "Potholes"]))
            elif kind == "rating":
                stored.add(choice=value, number=int(value))
            else:
                stored.add(choice=value)
        if stored.rows:
            checked.answers[q["id"]] = stored
    if rng.random() < 0.7:
        checked.about_you = {
            "age_band": rng.choice(["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "prefer-not"]),
            "sex": rng.choice(["female", "male", "prefer-not"]),
            "ethnicity": rng.choice(["asian-indian", "white-british", "black-african", "asian-pakistani",
                                     "mixed-white-asian", "white-other", "prefer-not"]),
            "ward": rng.choice([slug for slug, _ in wards()]),
        }
    return checked


async def redate_answer_voices(consultation_id: int) -> int:
    """Give a consultation's answer voices the time their response came in where they differ: a demo
    loaded before responses carried their own dates dated every voice the day it ran. Their
    analysis time moves too, so the summaries' rollups notice and rebuild them."""
    rows = await Voice.select(Voice.id, Voice.occurred_at, Voice.answer).where(
        (Voice.consultation_id == consultation_id) & Voice.answer.is_not_null()).run()
    if not rows:
        return 0
    when = {r["id"]: r["response.submitted_at"] for r in await Answer.select(
        Answer.id, Answer.response.submitted_at).where(Answer.id.is_in([r["answer"] for r in rows])).run()}
    changed = 0
    for r in rows:
        at = when.get(r["answer"])
        if at is not None and str(at) != str(r["occurred_at"]):
            await Voice.update({Voice.occurred_at: at, Voice.analysed_at: time_now()}).where(Voice.id == r["id"]).run()
            changed += 1
    return changed


async def load_demo(settings: Settings) -> list[tuple[str, str, str]]:
    engine = db.make_engine(settings.database_url)
    db.use_engine(engine)
    await db.start(engine)
    try:
        accounts = await _ensure_accounts()
        await load()
        officer = await User.select(User.id).where(User.email == DEMO_ACCOUNTS[1][1]).first()
        now = dt.datetime.now(dt.timezone.utc).replace(second=0, microsecond=0)
        await _ensure_consultation(KNIFE_CRIME, "open", now - dt.timedelta(days=7), now + dt.timedelta(days=49),
                                   officer["id"])
        review = await _ensure_consultation(PRIORITY_REVIEW, "published", now - dt.timedelta(days=120),
                                            now - dt.timedelta(days=30), officer["id"])
        if not await Response.exists().where(Response.consultation == review["id"]):
            rng = random.Random(2024)
            questions = await questions_for(review["id"])
            for n in range(320):
                channel = rng.choices(["online", "paper", "event", "email", "phone"], weights=[70, 15, 10, 3, 2])[0]
                # Spread over the weeks the consultation was open: each response, the voices analysed
                # from it and its equality answers' month carry the day it came in, so trends are real.
                when = now - dt.timedelta(days=30 + rng.uniform(0, 90))
                await store_submission(review["id"], _random_answers(questions, rng), submission_key=f"demo:{n}",
                                       secret=settings.secret_key, channel=channel, submitted_at=when)
        await analyse_pending()  # written answers' voices now, not left for a job worker
        await redate_answer_voices(review["id"])

        await load_illustrative()  # the Reach page's population: ILLUSTRATIVE figures, and labelled so
        return accounts
    finally:
        await db.stop(engine)
