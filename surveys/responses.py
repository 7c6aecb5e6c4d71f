"""Taking a response: validate every answer, then store it whole or not at all, exactly once."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from functools import lru_cache

from engage.db import is_sqlite, outside_transaction_on_pool, transaction
from engage.group_commit import GroupCommit
from engage.framework.vocabulary import CURRENT_REVISION_SQL
from engage.times import london_date, now
from engage.voices.pending import queue_analysis, request_analysis
from surveys import conditions
from surveys.about_you import check_about_you
from surveys.kinds import PART_KINDS, Stored, check_answer
from surveys.about_you_store import store_about_you
from surveys.response_batch import ResponseWrite, insert_batch
from surveys.tables import Answer, Response

CHANNELS = {"online": "Online", "paper": "Paper form", "event": "Event", "email": "Email", "phone": "Phone"}
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread


@dataclass
class CheckedSubmission:
    answers: dict[int, Stored] = field(default_factory=dict)
    about_you: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message, in question order
    # The framework vocabulary's revision the answers were checked against (wards), "" for none:
    # stored only while it is still current (engage.framework.vocabulary.load_for_answers).
    vocabulary: str = ""

    def rows(self) -> list[tuple[int, str | None, int | None, str | None]]:
        """Every answer row to store: (question id, choice, number, text)."""
        return [(qid, *row) for qid, stored in self.answers.items() for row in stored.rows]

    @property
    def has_free_text(self) -> bool:
        """Whether any answer is written text, which becomes an analysed voice."""
        return any(text for stored in self.answers.values() if not stored.measured for _, _, text in stored.rows)


def field_name(question_id: int) -> str:
    return f"q{question_id}"


def check_submission(questions: list[dict], raw: dict[str, list[str]], about_raw: dict[str, str],
                     messages: dict[str, str] | None = None) -> CheckedSubmission:
    """raw maps field names (q12, q12-other, q12-day) to posted values; `messages` are the error
    messages in the form's language (surveys.kinds.MESSAGES' keys), English where one is missing.

    Questions are checked in order, so each one's skip logic (surveys.conditions) is judged on the
    answers kept before it: a question not shown is neither required nor stored, whatever was sent."""
    checked = CheckedSubmission()
    chosen: dict[int, set[str]] = {}
    for q in questions:
        if not conditions.shown(q, chosen):
            continue
        name = field_name(q["id"])
        other = (raw.get(f"{name}-other") or [""])[0]
        # A date's day, month and year, a ranking's positions: only those kinds are answered in parts.
        parts = ({k[len(name) + 1:]: (v or [""])[0] for k, v in raw.items() if k.startswith(f"{name}-")}
                 if q["kind"] in PART_KINDS else None)
        stored, error = check_answer(q, raw.get(name, []), other, parts, messages)
        if error:
            checked.errors[name] = error
        elif stored.rows:
            checked.answers[q["id"]] = stored
            chosen[q["id"]] = {choice for choice, _, _ in stored.rows if choice}
    about, about_errors = check_about_you(about_raw)
    checked.about_you = about
    checked.errors.update({f"about-{k}": v for k, v in about_errors.items()})
    return checked


@lru_cache(maxsize=8)
def _receipt_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose only, derived from ENGAGE_SECRET_KEY (so the receipt's code and its
    look-up hash can never be confused with each other or with any other keyed hash)."""
    return hmac.new(secret.encode(), f"engage receipt {purpose}".encode(), hashlib.sha256).digest()


def receipt_for(secret: str, submission_key: str) -> str:
    """The receipt code of the response stored under `submission_key`.

    Worked out, never stored: the database keeps only its keyed hash (receipt_hash), and a repeated
    submission (a double click, a retried request) gets the same code back by working it out again.
    12 letters from 31: a byte below 248 (8 x 31) picks one without bias."""
    key = _receipt_key(secret, "code")
    picks: list[int] = []
    counter = 0
    while len(picks) < 12:  # one 64-byte digest all but always holds 12 usable bytes
        digest = hmac.new(key, f"{counter}:{submission_key}".encode(), hashlib.sha512).digest()
        picks += [b % 31 for b in digest if b < 248]
        counter += 1
    raw = "".join(RECEIPT_ALPHABET[i] for i in picks[:12])
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def stored_submission_key(client_key: str) -> str:
    """What a response row keeps of the key its submission came with (a double click or retry
    finds it again): a plain SHA-256, one-way, with nothing to key it that the database holds."""
    return hashlib.sha256(client_key.encode()).hexdigest()


def normalise_receipt(text: str) -> str:
    clean = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{clean[:4]}-{clean[4:8]}-{clean[8:12]}" if len(clean) == 12 else ""


def receipt_hash(secret: str, receipt: str) -> str:
    """What the response row holds to be found by its receipt code: a keyed hash, so the codes
    cannot be read from the database (or a backup), nor tried one by one without the key. Nothing
    derived from the receipt is stored with the equality answers."""
    code = normalise_receipt(receipt) or receipt  # (or an older code of another shape, when migrating)
    return hmac.new(_receipt_key(secret, "lookup"), code.encode(), hashlib.sha256).hexdigest()


async def _stored_under(key: str) -> bool:
    return await Response.exists().where(Response.submission_key == key)


def _receipt_and_key(consultation_id: int, submission_key: str, secret: str) -> tuple[str, str]:
    """(the receipt code, what the row keeps of the key) for a submission key the client holds.
    The receipt is worked out from the key; the row keeps only a one-way hash of it, so the
    database and ENGAGE_SECRET_KEY together cannot work any receipt out again."""
    client_key = f"{consultation_id}:{submission_key}"
    return receipt_for(secret, client_key), stored_submission_key(client_key)


async def stored_receipt(consultation_id: int, submission_key: str, *, secret: str) -> str | None:
    """The receipt of the response already stored under `submission_key` (a retried request), or
    None when nothing is."""
    receipt, key = _receipt_and_key(consultation_id, submission_key, secret)
    return receipt if await _stored_under(key) else None


class StaleForm(Exception):
    """The consultation changed (or closed) after the copy the answers were checked against was
    read: nothing was stored; read it again, check again, and try again."""


# The response row, inserted only while the consultation is still the revision the answers were
# checked against: one statement, so no extra round trip and no window between check and write.
# The vocabulary's revision ("" for answers that do not depend on it) is checked the same way, against
# the current plan period as engage.framework.vocabulary reads it.
# Arguments: consultation, receipt hash, key, channel, entered_by, submitted_at, language, consultation, revision,
# vocabulary revision.
GUARDED_RESPONSE_INSERT = (
    "INSERT INTO surveys_response (consultation, receipt_hash, submission_key, channel, entered_by, submitted_at, "
    "language) SELECT {}, {}, {}, {}, {}, {}, {} WHERE EXISTS (SELECT 1 FROM surveys_consultation WHERE id = {} AND revision = {}) "
    f"AND {{}} IN ('', ({CURRENT_REVISION_SQL})) "
    "ON CONFLICT (submission_key) DO NOTHING RETURNING id")


async def _insert_response(consultation_id: int, lookup: str, key: str, channel: str, entered_by: int | None,
                           revision: str | None, at: dt.datetime, language: str = "en",
                           vocabulary: str = "") -> list[dict]:
    """Insert the response row; [] when the key was used before (or the revision no longer matches).
    `lookup` is the receipt's keyed hash, never the code."""
    if revision is None:
        return await Response.insert(
            Response(consultation=consultation_id, receipt_hash=lookup, submission_key=key, channel=channel,
                     entered_by=entered_by, submitted_at=at, language=language)
        ).on_conflict(target=Response.submission_key, action="DO NOTHING").returning(Response.id).run()
    return await Response.raw(GUARDED_RESPONSE_INSERT, consultation_id, lookup, key, channel, entered_by, at,
                              language, consultation_id, revision, vocabulary).run()


async def _store_alone(write: ResponseWrite) -> list[dict]:
    """PostgreSQL, one response: the batch statement with one row, atomic on its own."""
    return (await insert_batch([write]))[0]


# Residents' responses arriving together (a burst on a worker) share one statement: surveys.response_batch.
_GROUPED = GroupCommit(insert_batch, _store_alone, key=lambda write: write.key)


async def _store_in_transaction(write: ResponseWrite) -> list[dict]:
    """Any engine: the same rows, in one transaction; [] as above."""
    consultation_id, checked, at = write.consultation_id, write.checked, write.at
    async with transaction():
        rows = await _insert_response(consultation_id, write.lookup, write.key, write.channel, write.entered_by,
                                      write.revision, at, write.language, checked.vocabulary)
        if not rows:
            return rows
        response_id = rows[0]["id"]
        answers = [Answer(response=response_id, question=qid, choice=choice, number=number, text=text)
                   for qid, choice, number, text in checked.rows()]
        if answers:
            await Answer.insert(*answers).run()
        if checked.has_free_text:
            await queue_analysis(response_id, at)  # analysed as background work (engage.voices.pending)
        if checked.about_you:
            await store_about_you(consultation_id, checked.about_you, on=london_date(at))
        return rows


async def store_submission(
    consultation_id: int,
    checked: CheckedSubmission,
    *,
    submission_key: str,
    secret: str,
    channel: str = "online",
    entered_by: int | None = None,
    revision: str | None = None,
    submitted_at: dt.datetime | None = None,
    language: str = "en",
) -> tuple[str, bool]:
    """Store one response; (receipt, created). A repeated key (double click, retry) stores
    nothing and returns the first receipt.

    With `revision`, the answers were checked against that revision of the consultation (a
    worker's cached copy, surveys.open_forms): StaleForm when it has changed since.

    `submitted_at` is when the response came in (now, unless the demo or generated data is
    entering an older one): the response, the voices analysed from it and the month of its
    equality answers all carry it. `language` is the code of the language the form was shown in.
    """
    receipt, key = _receipt_and_key(consultation_id, submission_key, secret)
    lookup, at = receipt_hash(secret, receipt), submitted_at or now()
    # Two identical submissions racing never raise: the insert skips a taken key (ON CONFLICT DO
    # NOTHING), and the loser answers with the winner's receipt below.
    write = ResponseWrite(consultation_id, checked, lookup, key, channel, entered_by, revision, at, language)
    if revision is not None and not is_sqlite():
        # PostgreSQL, guarded by the revision: one statement, shared with others arriving at once unless it
        # must run in the caller's open transaction.
        rows = await (_GROUPED.write(write) if outside_transaction_on_pool() else _store_alone(write))
    else:
        rows = await _store_in_transaction(write)
    if rows:
        if checked.has_free_text:  # stored with its outbox row: the analysis follows, never lost
            await request_analysis()
        return receipt, True
    if await _stored_under(key):
        return receipt, False
    if revision is not None:
        raise StaleForm()
    raise RuntimeError("submission key conflict without a stored response")


async def count_for(consultation_id: int) -> int:
    return await Response.count().where(Response.consultation == consultation_id)
