"""`engage generate`: a realistic volume of data for demos and benchmarks.

Consultations (about four a year, each with closed questions, a free-text question, a ward
question and "About you"), their responses and answers, meetings with feedback points and
actions, and one voice per free-text answer or feedback point, spread over 21 wards, every
channel and the chosen number of years, with a gentle upward trend and seasonal swings.

Texts are composed from community-safety fragments (and some issues the plan does not cover,
so emerging issues have something to find), and every distinct text goes through the real
analysis pipeline (redaction, sentiment, key phrases, tags, safeguarding) once; voices reuse the
result. Officers' review is simulated: most older voices are reviewed, a few tags are
confirmed, rejected or added, and some safeguarding flags are actioned while others stay open.

Rows are written in bulk (COPY on PostgreSQL, executemany on SQLite). Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import uuid
from typing import Any, Callable

from piccolo.engine.postgres import PostgresEngine

from engage.analysis.pipeline import analyse
from engage.db import current_engine, is_sqlite
from engage.framework.vocabulary import load
from engage.meetings.tables import FeedbackPoint
from engage.summaries.rollup import rebuild
from engage.voices.tagging import tagging_context
from surveys.about_you import QUESTIONS
from surveys.builder import QuestionForm, add_question
from surveys.kinds import options_for
from surveys.tables import Consultation

CHANNEL_WEIGHTS = {"online": 44, "paper": 10, "event": 9, "email": 7, "phone": 5, "meeting": 25}
GENERATED_PREFIX = "generated-"

PLACES = ["the park", "the bus station", "the shops on the high street", "the underpass", "the canal towpath",
          "the school gates", "the community centre", "the railway bridge", "the car park behind the flats",
          "the alleyway by the chip shop", "the recreation ground", "Narborough Road", "Belgrave Road",
          "London Road", "the city centre", "the estate", "the library", "the takeaway on the corner",
          "the tram stop", "the cemetery path"]
TIMES = ["at night", "after dark", "every weekend", "most evenings", "on Friday nights", "after school",
         "late at night", "during the day", "in the early hours", "all summer"]
NAMES = ["John Smith", "Sarah Khan", "Mr Patel", "Dave Jones", "Mrs O'Brien"]

# (theme hint, fragments): each fragment is a core clause; sentences are composed around it.
THEMED = {
    "domestic-sexual-violence": ["domestic abuse is hidden behind closed doors", "women need more refuge places",
                                 "coercive control is not taken seriously", "victims of stalking feel ignored",
                                 "there is not enough support for children who witness domestic violence"],
    "street-lifestyle": ["there is street drinking outside the off licence", "aggressive begging near the station",
                         "rough sleepers need more support not enforcement", "people sleeping in shop doorways",
                         "groups drinking on the benches all day"],
    "serious-violence": ["young people are carrying knives", "there was a stabbing near the takeaway",
                         "fights break out and people get hurt", "knife crime makes me afraid for my son",
                         "robberies with weapons have gone up"],
    "serious-organised-crime": ["drug dealing happens in broad daylight", "county lines gangs are grooming kids",
                                "cars pull up and deal drugs", "children are being exploited to sell drugs",
                                "a cannabis farm operates from a house"],
    "night-time-economy": ["the city centre is rowdy when the clubs close", "getting a taxi home is unsafe",
                           "drunk people fight outside the bars", "women feel unsafe in the night time economy",
                           "there is no late night bus so people walk home alone"],
    "community-safety-asb": ["teenagers on off-road bikes race up and down", "there is constant anti-social behaviour",
                             "graffiti and vandalism everywhere", "the streetlights are broken and it feels unsafe",
                             "noisy neighbours play music until 3am", "fly-tipping is piling up in the alley",
                             "groups of youths intimidate people", "burglaries have happened on our street"],
    "community-engagement": ["the police never come to our ward meetings", "nobody tells us what happened after we report",
                             "the council should listen to residents", "I never see a PCSO any more",
                             "it would help to have more community meetings"],
    "prevent-extremism": ["extremist leaflets were put through doors", "young men are being radicalised online",
                          "there is far right stickers on lamp posts"],
    "hate-crime": ["my neighbour was racially abused", "there is Islamophobia at the school gates",
                   "disabled people get hate crime and it is not reported", "antisemitic graffiti appeared",
                   "people shout racist abuse from cars"],
    "prevention-early-intervention": ["there is nothing for young people to do", "the youth club closed down",
                                      "schools need to teach children about knife crime", "families need early help"],
    "reducing-reoffending": ["the same offenders keep coming back", "people leaving prison have no support",
                             "repeat offenders are let out too soon"],
    "mental-health": ["people in mental health crisis have nowhere to go", "mental health services take months",
                      "a man in crisis was shouting in the street"],
    "substance-misuse": ["needles are left in the park", "people are drinking and taking drugs openly",
                         "there is not enough drug treatment", "alcohol addiction is everywhere round here"],
}
UNCOVERED = [  # issues the 2021-2024 plan does not name: what emerging issues should surface
    "e-scooters ride on the pavement", "electric scooters speed past children", "e-scooters nearly hit my mum",
    "pavement parking blocks wheelchairs", "cars park on the pavement outside the school",
    "potholes make cycling dangerous", "dog fouling on the footpath is disgusting",
    "the cost of living is pushing people into crime", "shoplifting at the corner shop happens daily",
    "delivery riders on mopeds ride dangerously", "speeding cars on our road", "the bins are never emptied",
    "loan sharks are targeting families", "scam phone calls target older people",
    "fireworks are set off in the street every night",
]
POSITIVE = ["The neighbourhood police team have been brilliant", "Things have improved a lot since the new lighting",
            "I feel safe in my area and the community is friendly", "The youth club is doing great work",
            "Thank you for the extra patrols, it really helped", "The community event was well organised"]
OPENERS = ["", "", "Honestly, ", "In my area ", "Around here ", "I have lived here 20 years and ",
           "As a parent, ", "Every week ", "I want to say that "]
CLOSERS = ["", "", ". Please do something.", ". It makes me feel unsafe.", ". Nothing ever changes.",
           ". I am worried.", ". Thank you for asking.", ". It has got better recently.", ". It is getting worse."]
SAFEGUARDING = ["My partner hits me and I am scared to go home", "I feel like ending it all some days",
                "A child on our street is being hurt by an adult"]


def _text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(POSITIVE) + rng.choice(["", " in " + rng.choice(PLACES), ", thank you."])
    if roll < 0.19:
        core = rng.choice(UNCOVERED)
    else:
        core = rng.choice(THEMED[rng.choice(list(THEMED))])
    text = rng.choice(OPENERS) + core + " " + rng.choice(["near", "by", "at", "around"]) + " " + \
        rng.choice(PLACES) + " " + rng.choice(TIMES) + rng.choice(CLOSERS)
    if rng.random() < 0.2:  # a second point in the same voice
        text += " Also " + rng.choice(THEMED[rng.choice(list(THEMED))]) + "."
    if rng.random() < 0.03:
        text += f" My neighbour {rng.choice(NAMES)} saw it, call me on 07700 900{rng.randint(100, 999)}."
    if rng.random() < 0.004:
        text = rng.choice(SAFEGUARDING) + ". " + text
    return text[0].upper() + text[1:]


def _weights(n: int, rng: random.Random) -> list[float]:
    return [0.4 + 2.2 * rng.random() ** 2 for _ in range(n)]


def _when(rng: random.Random, start: dt.datetime, span_days: float) -> dt.datetime:
    # More recent dates slightly more likely (engagement grows), with a summer/winter swing.
    while True:
        u = rng.random() ** 0.85
        at = start + dt.timedelta(days=span_days * u, seconds=rng.randint(8 * 3600, 22 * 3600))
        if rng.random() < 0.75 + 0.25 * math.cos((at.timetuple().tm_yday - 200) / 365 * 2 * math.pi):
            return at


# -- bulk writing ---------------------------------------------------------------------------------


class Writer:
    """Insert many rows fast on either engine, with explicit ids."""

    def __init__(self, engine):
        self.engine = engine
        self.pg = isinstance(engine, PostgresEngine)
        self.conn = None

    async def __aenter__(self):
        if self.pg:
            self.conn = await self.engine.get_new_connection()
        else:
            self.conn = await self.engine.get_connection()
        return self

    async def __aexit__(self, *exc):
        if not self.pg:
            await self.conn.commit()
        await self.conn.close()

    async def next_id(self, table: str) -> int:
        if self.pg:
            value = await self.conn.fetchval(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        else:
            cursor = await self.conn.execute(f'SELECT COALESCE(MAX(id), 0) AS m FROM "{table}"')
            value = (await cursor.fetchone())["m"]
        return int(value) + 1

    async def insert(self, table: str, columns: list[str], records: list[tuple]) -> None:
        if not records:
            return
        if self.pg:
            await self.conn.copy_records_to_table(table, records=records, columns=columns)
        else:
            marks = ", ".join("?" for _ in columns)
            cols = ", ".join(f'"{c}"' for c in columns)
            await self.conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
                                        [tuple(self._sqlite(v) for v in r) for r in records])

    @staticmethod
    def _sqlite(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return str(value.astimezone(dt.timezone.utc))
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, uuid.UUID):
            return str(value)
        return value

    async def finish(self, tables: list[str]) -> None:
        if self.pg:
            for table in tables:
                await self.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))")
            await self.conn.execute("ANALYZE")


# -- the generator ----------------------------------------------------------------------------------


async def generate(*, voices: int = 100_000, years: float = 3.0, seed: int = 2024,
                   progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Generate about `voices` voices over the last `years` years; returns what was made."""

    say = progress or (lambda *_: None)
    rng = random.Random(seed)
    context = await tagging_context()
    entry_ids = context.entry_ids
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    start = now - dt.timedelta(days=365 * years)
    span = (now - start).days
    vocab = await load()
    ward_list = [slug for slug, _ in vocab.wards]
    ward_w = _weights(len(ward_list), rng)
    channels = list(CHANNEL_WEIGHTS)
    channel_w = list(CHANNEL_WEIGHTS.values())
    owners = list(vocab.partners)[:12] or ["Leicester City Council"]

    # Distinct texts, each analysed once by the real pipeline.
    n_texts = max(50, min(voices, 12_000))
    texts = list(dict.fromkeys(_text(rng) for _ in range(n_texts)))
    analysed = []
    for i, t in enumerate(texts):
        analysed.append(analyse(t, tagger=context.tagger))
        if i % 500 == 0:
            say("Analysing texts", i, len(texts))
    say("Analysing texts", len(texts), len(texts))

    n_meeting = int(voices * CHANNEL_WEIGHTS["meeting"] / sum(channel_w))
    n_answers = voices - n_meeting
    made = {"consultations": 0, "responses": 0, "answers": 0, "about_you": 0, "meetings": 0,
            "feedback_points": 0, "voices": 0, "machine_tags": 0, "tag_decisions": 0}

    async with Writer(current_engine()) as w:
        # Consultations: about four a year, each open eight weeks.
        n_cons = max(1, round(4 * years))
        cons = []

        slug_base = f"{GENERATED_PREFIX}{seed}"
        existing = await Consultation.count().where(Consultation.slug.like(f"{slug_base}-%"))
        for k in range(n_cons):
            opens = start + dt.timedelta(days=span * k / n_cons)
            closes = min(now + dt.timedelta(days=20), opens + dt.timedelta(days=56))
            status = "published" if closes < now - dt.timedelta(days=30) else ("closed" if closes < now else "open")
            rows = await Consultation.insert(Consultation(
                slug=f"{slug_base}-{existing + k + 1}", title=f"Community safety survey {opens:%B %Y}",
                summary="Generated for demos and benchmarks.", status=status, opens_at=opens, closes_at=closes,
                priorities=["localities"], ask_about_you=True)).returning(Consultation.id).run()
            cid = rows[0]["id"]
            qs = {}
            for kind, text, extra in (
                    ("agree_scale", "I feel safe in my neighbourhood", {}),
                    ("yes_no", "Have you reported a crime in the last year?", {}),
                    ("rating", "How good is the partnership at listening?", {}),
                    ("multiple_choice", "What worries you most?", {
                        "new_options": "Knife crime\nDrugs\nAnti-social behaviour\nHate crime\nRoad safety"}),
                    ("long_text", "What should we know about community safety where you live?", {"max_length": "2000"}),
                    ("ward", "Which ward do you live in?", {})):
                q = await add_question(cid, QuestionForm(kind=kind, text=text, **extra), has_responses=False)
                qs[kind] = q
            cons.append((cid, opens, closes, qs))
        made["consultations"] = n_cons

        # Responses, answers, about-you, and the answer voices.
        rid, aid = await w.next_id("surveys_response"), await w.next_id("surveys_answer")
        vid, mtid, tdid = (await w.next_id("voices_voice"), await w.next_id("voices_machine_tag"),
                           await w.next_id("voices_tag_decision"))
        responses, answers, about, voice_rows, tag_rows, decision_rows = [], [], [], [], [], []
        answer_channels = [c for c in channels if c != "meeting"]
        answer_w = [CHANNEL_WEIGHTS[c] for c in answer_channels]
        eq = _equality_options()
        flushed = {"n": 0}

        async def flush(final: bool = False) -> None:
            if len(voice_rows) < 20_000 and not final:
                return
            await w.insert("surveys_response", ["id", "consultation", "receipt_hash", "submission_key", "channel",
                                                "entered_by", "submitted_at"], responses)
            await w.insert("surveys_answer", ["id", "response", "question", "choice", "number", "text"], answers)
            rng.shuffle(about)  # written in no particular order, as surveys.about_you_store mixes them
            await w.insert("surveys_about_you", ["id", "consultation", "submitted_month", *eq], about)
            await w.insert("voices_voice", VOICE_COLUMNS, voice_rows)
            await w.insert("voices_machine_tag", ["id", "voice", "entry", "confidence", "evidence"], tag_rows)
            await w.insert("voices_tag_decision", ["id", "voice", "entry", "decision", "decided_by",
                                                   "decided_by_email", "decided_at"], decision_rows)
            made["responses"] += len(responses)
            made["answers"] += len(answers)
            made["about_you"] += len(about)
            made["voices"] += len(voice_rows)
            made["machine_tags"] += len(tag_rows)
            made["tag_decisions"] += len(decision_rows)
            flushed["n"] += len(voice_rows)
            say("Writing voices", flushed["n"], voices)
            for batch in (responses, answers, about, voice_rows, tag_rows, decision_rows):
                batch.clear()

        def add_voice(source: str, source_id: int, channel: str, at: dt.datetime, ward: str | None,
                      consultation_id: int | None, meeting_id: int | None, question_id: int | None,
                      answer_id: int | None):
            nonlocal vid, mtid, tdid
            i = rng.randrange(len(texts))
            a = analysed[i]
            age_days = (now - at).days
            reviewed = age_days > 14 and rng.random() < 0.9
            status = ""
            sg_at = None
            if a.safeguarding:
                status = "actioned" if (reviewed and rng.random() < 0.7) else "open"
                reviewed = status == "actioned"
                sg_at = at + dt.timedelta(days=1) if status == "actioned" else None
            reviewed_at = at + dt.timedelta(days=rng.randint(1, 14)) if reviewed else None
            voice_rows.append((
                vid, source, source_id, f"{source}:{source_id}", answer_id, consultation_id, meeting_id, question_id,
                channel, ward, at, texts[i], a.redacted, str(a.sentiment), float(a.polarity),
                json.dumps(list(a.key_phrases)), bool(a.safeguarding), json.dumps(list(a.safeguarding_reasons)),
                status, "Referred to the safeguarding lead" if status == "actioned" else "", None, "", sg_at,
                reviewed_at, None, at, at))
            tagged = [t for t in a.tags if t.slug in entry_ids]
            for t in tagged:
                tag_rows.append((mtid, vid, entry_ids[t.slug], float(t.confidence), json.dumps(list(t.evidence))))
                mtid += 1
            if reviewed and rng.random() < 0.04:
                if tagged and rng.random() < 0.6:
                    decision, slug = ("confirm" if rng.random() < 0.75 else "reject"), tagged[0].slug
                else:
                    decision, slug = "add", rng.choice(list(entry_ids))
                decision_rows.append((tdid, vid, entry_ids[slug], decision, None, "officer@engage.example",
                                      reviewed_at))
                tdid += 1
            vid += 1
            return a

        for n in range(n_answers):
            cid, opens, closes, qs = cons[n % len(cons)] if rng.random() < 0.15 else _weighted_cons(cons, rng)
            end = min(closes, now)
            at = opens + dt.timedelta(seconds=rng.randint(0, max(1, int((end - opens).total_seconds()))))
            channel = rng.choices(answer_channels, answer_w)[0]
            ward = rng.choices(ward_list, ward_w)[0] if rng.random() < 0.88 else None
            # Generated responses have no receipt anyone holds: a random stand-in for its keyed hash.
            receipt = hashlib.sha256(f"{seed}:{rid}".encode()).hexdigest()
            responses.append((rid, cid, receipt,
                              f"{cid}:generated:{seed}:{rid}", channel, None, at))
            for kind in ("agree_scale", "yes_no", "rating"):
                if rng.random() < 0.93:
                    q = qs[kind]
                    value = rng.choice([v for v, _ in options_for(q)])
                    answers.append((aid, rid, q["id"], value, int(value) if kind == "rating" else None, None))
                    aid += 1
            q = qs["multiple_choice"]
            for value, _ in options_for(q):
                if rng.random() < 0.35:
                    answers.append((aid, rid, q["id"], value, None, None))
                    aid += 1
            if ward:
                answers.append((aid, rid, qs["ward"]["id"], ward, None, None))
                aid += 1
            answers.append((aid, rid, qs["long_text"]["id"], None, None, "x"))  # text set below
            text_answer = aid
            aid += 1
            add_voice("answer", text_answer, channel, at, ward, cid, None, qs["long_text"]["id"], text_answer)
            answers[-1] = (text_answer, rid, qs["long_text"]["id"], None, None, voice_rows[-1][11])
            if rng.random() < 0.6:
                about.append((uuid.UUID(int=rng.getrandbits(128)), cid, at.date().replace(day=1),
                              *[_pick(rng, eq[f]) for f in eq]))
            rid += 1
            await flush()
        await flush(final=True)

        # Meetings, feedback points (with actions), and their voices.
        n_points = n_meeting
        have_meetings = await _has_meetings()
        meeting_id = await w.next_id("meetings_meeting") if have_meetings else 1
        point_id = await w.next_id("meetings_feedback_point") if have_meetings else 10_000_000
        mw_id = await w.next_id("meetings_meeting_ward") if have_meetings else 1
        meetings, meeting_wards, points = [], [], []
        made_meetings = 0
        remaining = n_points
        kinds = ["community-gold", "ward-meeting", "jag", "event"]
        while remaining > 0:
            held = _when(rng, start, span)
            ward = rng.choices(ward_list, ward_w)[0]
            size = min(remaining, rng.randint(8, 40))
            kind = rng.choice(kinds)
            if have_meetings:
                meetings.append((meeting_id, kind, f"{kind.replace('-', ' ').title()} {held:%d %B %Y}", held,
                                 "Community centre", None, rng.randint(8, 80), "", "", None, held, None, held))
                meeting_wards.append((mw_id, meeting_id, ward, 0))
                mw_id += 1
            for _ in range(size):
                pward = ward if rng.random() < 0.8 else rng.choices(ward_list, ward_w)[0]
                a = add_voice("feedback_point", point_id, "meeting", held, pward, None,
                          meeting_id if have_meetings else None, None, None)
                if have_meetings:
                    has_action = rng.random() < 0.6
                    due = (held + dt.timedelta(days=rng.randint(14, 90))).date() if has_action else None
                    if has_action:
                        overdue_bias = 0.5 if due and due < now.date() else 0.1
                        status = rng.choices(["open", "in-progress", "done", "not-taken-forward"],
                                             [overdue_bias * 0.3 + 0.05, 0.15, 0.7 - overdue_bias * 0.3, 0.1])[0]
                    else:
                        status = "open"
                    done = status == "done"
                    publish = done and rng.random() < 0.5
                    points.append((point_id, meeting_id, voice_rows[-1][11], rng.choice(
                        ["resident", "business", "community-representative", "young-people", "councillor"]),
                        pward, json.dumps(list(a.themes)[:3]), "Follow up with partners and report back" if has_action else "",
                        rng.choice(owners) if has_action else "", due, status,
                        "Extra patrols and a clean-up were arranged" if done else "", held if done else None,
                        publish, "Residents raised concerns about safety in the area" if publish else "", None, None,
                        held, None, held))
                point_id += 1
                remaining -= 1
            meeting_id += 1
            made_meetings += 1
            if len(voice_rows) >= 20_000:
                await _write_meetings(w, meetings, meeting_wards, points)
                await flush(final=True)
        await _write_meetings(w, meetings, meeting_wards, points)
        await flush(final=True)
        made["meetings"] = made_meetings if have_meetings else 0
        made["feedback_points"] = n_points if have_meetings else 0
        await w.finish(["surveys_response", "surveys_answer", "voices_voice", "voices_machine_tag",
                        "voices_tag_decision", *(["meetings_meeting", "meetings_meeting_ward",
                                                  "meetings_feedback_point"] if have_meetings else [])])
    # The summaries' rollups, built now rather than on the first page view; then fresh statistics.

    say("Building summary rollups", 0, 1)
    await rebuild()
    say("Building summary rollups", 1, 1)
    if not is_sqlite():
        conn = await current_engine().get_new_connection()
        try:
            await conn.execute("VACUUM ANALYZE")
        finally:
            await conn.close()
    return made


VOICE_COLUMNS = ["id", "source", "source_id", "source_key", "answer", "consultation_id", "meeting_id", "question_id",
                 "channel", "ward", "occurred_at", "text", "redacted", "sentiment", "polarity", "key_phrases",
                 "safeguarding", "safeguarding_reasons", "safeguarding_status", "safeguarding_action",
                 "safeguarding_by", "safeguarding_by_email", "safeguarding_at", "reviewed_at", "reviewed_by",
                 "analysed_at", "created_at"]


async def _write_meetings(w: Writer, meetings: list, meeting_wards: list, points: list) -> None:
    await w.insert("meetings_meeting", ["id", "kind", "title", "held_at", "venue", "officer_id", "attendees",
                                        "organisations", "notes", "created_by", "created_at", "updated_by",
                                        "updated_at"], meetings)
    await w.insert("meetings_meeting_ward", ["id", "meeting", "ward", "position"], meeting_wards)
    await w.insert("meetings_feedback_point", [
        "id", "meeting", "text", "raised_by", "ward", "officer_themes", "action", "owner", "due_on", "status",
        "outcome", "outcome_at", "publishable", "public_summary", "import_hash", "created_by", "created_at",
        "updated_by", "updated_at"], points)
    for batch in (meetings, meeting_wards, points):
        batch.clear()


async def _has_meetings() -> bool:
    try:

        await FeedbackPoint.count()
        return True
    except Exception:
        return False


def _weighted_cons(cons: list, rng: random.Random):
    # Later consultations get more responses.
    weights = [1 + i / max(1, len(cons) - 1) for i in range(len(cons))]
    return rng.choices(cons, weights)[0]


def _equality_options() -> dict[str, list[tuple[str | None, float]]]:
    out = {}
    for q in QUESTIONS:
        values = [v for v, _ in q.options]
        weights = [1.0 / (1 + i * 0.6) for i in range(len(values))]
        out[q.field] = list(zip(values, weights)) + [(None, 0.4)]
    return out


def _pick(rng: random.Random, options: list[tuple[str | None, float]]) -> str | None:
    return rng.choices([v for v, _ in options], [w for _, w in options])[0]
