"""Taking a response: validate every answer, then store it whole or not at all, exactly once."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field

from engage.db import fetch, is_sqlite, transaction
from engage.times import london_today, now
from engage.voices.sources import record_answer_voices
from surveys.about_you import check_about_you
from surveys.kinds import Stored, check_answer
from surveys.tables import AboutYou, Answer, Response

CHANNELS = {"online": "Online", "paper": "Paper form", "event": "Event", "email": "Email", "phone": "Phone"}
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L to misread


@dataclass
class CheckedSubmission:
    answers: dict[int, Stored] = field(default_factory=dict)
    about_you: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message, in question order

    def rows(self) -> list[tuple[int, str | None, int | None, str | None]]:
        """Every answer row to store: (question id, choice, number, text)."""
        return [(qid, *row) for qid, stored in self.answers.items() for row in stored.rows]

    @property
    def has_free_text(self) -> bool:
        """Whether any answer is written text, which becomes an analysed voice."""
        return any(text for _, _, _, text in self.rows())


def field_name(question_id: int) -> str:
    return f"q{question_id}"


def check_submission(questions: list[dict], raw: dict[str, list[str]], about_raw: dict[str, str]) -> CheckedSubmission:
    """raw maps field names (q12, q12-other) to posted values."""
    checked = CheckedSubmission()
    for q in questions:
        name = field_name(q["id"])
        other = (raw.get(f"{name}-other") or [""])[0]
        stored, error = check_answer(q, raw.get(name, []), other)
        if error:
            checked.errors[name] = error
        elif stored.rows:
            checked.answers[q["id"]] = stored
    about, about_errors = check_about_you(about_raw)
    checked.about_you = about
    checked.errors.update({f"about-{k}": v for k, v in about_errors.items()})
    return checked


def new_receipt() -> str:
    # 31 letters: a random byte below 248 (8 x 31) picks one without bias.
    picks = [b % 31 for b in secrets.token_bytes(32) if b < 248][:12]
    while len(picks) < 12:  # all but impossible: 12 of 32 bytes fall below 248
        picks += [b % 31 for b in secrets.token_bytes(8) if b < 248]
    raw = "".join(RECEIPT_ALPHABET[i] for i in picks[:12])
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_receipt(text: str) -> str:
    clean = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{clean[:4]}-{clean[4:8]}-{clean[8:12]}" if len(clean) == 12 else ""


def erasure_key(secret: str, receipt: str) -> str:
    return hmac.new(secret.encode(), normalise_receipt(receipt).encode(), hashlib.sha256).hexdigest()


def _is_duplicate(exc: BaseException) -> bool:
    return type(exc).__name__ in {"UniqueViolationError", "IntegrityError"} and (
        "unique" in str(exc).lower() or "duplicate" in str(exc).lower()
    )


async def _receipt_for(key: str) -> str | None:
    row = await Response.select(Response.receipt).where(Response.submission_key == key).first()
    return row["receipt"] if row else None


class StaleForm(Exception):
    """The consultation changed (or closed) after the copy the answers were checked against was
    read: nothing was stored; read it again, check again, and try again."""


# The response row, inserted only while the consultation is still the revision the answers were
# checked against: one statement, so no extra round trip and no window between check and write.
# Arguments: consultation, receipt, key, channel, entered_by, submitted_at, consultation, revision.
GUARDED_RESPONSE_INSERT = (
    "INSERT INTO surveys_response (consultation, receipt, submission_key, channel, entered_by, submitted_at) "
    "SELECT {}, {}, {}, {}, {}, {} WHERE EXISTS (SELECT 1 FROM surveys_consultation WHERE id = {} AND revision = {}) "
    "ON CONFLICT (submission_key) DO NOTHING RETURNING id")


async def _insert_response(consultation_id: int, receipt: str, key: str, channel: str, entered_by: int | None,
                           revision: str | None) -> list[dict]:
    """Insert the response row; [] when the key was used before (or the revision no longer matches)."""
    if revision is None:
        return await Response.insert(
            Response(consultation=consultation_id, receipt=receipt, submission_key=key, channel=channel,
                     entered_by=entered_by, submitted_at=now())
        ).on_conflict(target=Response.submission_key, action="DO NOTHING").returning(Response.id).run()
    return await Response.raw(GUARDED_RESPONSE_INSERT, consultation_id, receipt, key, channel, entered_by, now(),
                              consultation_id, revision).run()


async def _store_in_one_statement(consultation_id: int, checked: CheckedSubmission, receipt: str, key: str,
                                  channel: str, entered_by: int | None, revision: str, secret: str) -> list[dict]:
    """PostgreSQL, no free text: the response, its answers and the equality answers in one
    statement (data-modifying CTEs), so one round trip where a transaction takes five. A single
    statement is atomic on its own; [] when the key was used before or the revision no longer matches."""
    sql = (f"WITH r AS ({GUARDED_RESPONSE_INSERT}), "
           "a AS (INSERT INTO surveys_answer (response, question, choice, number, text) "
           "SELECT r.id, x.question, x.choice, x.number, x.text FROM r, "
           "unnest({}::integer[], {}::text[], {}::integer[], {}::text[]) AS x(question, choice, number, text))")
    columns_of_answers = [list(column) for column in zip(*checked.rows())] or [[], [], [], []]
    args: list = [consultation_id, receipt, key, channel, entered_by, now(), consultation_id, revision,
                  *columns_of_answers]
    if checked.about_you:
        columns = sorted(checked.about_you)  # names from surveys.about_you, never from the request
        sql += (f", y AS (INSERT INTO surveys_about_you (consultation, erasure_key, submitted_on, {', '.join(columns)}) "
                f"SELECT {{}}, {{}}, {{}}, {', '.join('{}' for _ in columns)} FROM r)")
        args += [consultation_id, erasure_key(secret, receipt), london_today(), *(checked.about_you[c] for c in columns)]
    return await fetch(Response, sql + " SELECT id FROM r", *args)


async def _store_in_transaction(consultation_id: int, checked: CheckedSubmission, receipt: str, key: str,
                                channel: str, entered_by: int | None, revision: str | None,
                                secret: str) -> list[dict]:
    """Any engine, free text included: the same rows, in one transaction; [] as above."""
    async with transaction():
        rows = await _insert_response(consultation_id, receipt, key, channel, entered_by, revision)
        if not rows:
            return rows
        response_id = rows[0]["id"]
        answers = [Answer(response=response_id, question=qid, choice=choice, number=number, text=text)
                   for qid, choice, number, text in checked.rows()]
        if answers:
            await Answer.insert(*answers).run()
        if checked.has_free_text:
            await record_answer_voices(response_id)  # free text becomes analysed voices (engage.voices)
        if checked.about_you:
            await AboutYou.insert(AboutYou(consultation=consultation_id, erasure_key=erasure_key(secret, receipt),
                                           submitted_on=london_today(), **checked.about_you)).run()
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
) -> tuple[str, bool]:
    """Store one response; (receipt, created). A repeated key (double click, retry) stores
    nothing and returns the first receipt.

    With `revision`, the answers were checked against that revision of the consultation (a
    worker's cached copy, surveys.open_forms): StaleForm when it has changed since."""
    key = f"{consultation_id}:{submission_key}"[:120]
    receipt = new_receipt()
    store = (_store_in_one_statement if revision is not None and not is_sqlite() and not checked.has_free_text
             else _store_in_transaction)
    try:
        rows = await store(consultation_id, checked, receipt, key, channel, entered_by, revision, secret)
    except Exception as exc:
        if not _is_duplicate(exc):  # two identical submissions raced: the loser answers with the winner's receipt
            raise
        rows = []
    if rows:
        return receipt, True
    existing = await _receipt_for(key)
    if existing:
        return existing, False
    if revision is not None:
        raise StaleForm()
    raise RuntimeError("submission key conflict without a stored response")


async def count_for(consultation_id: int) -> int:
    return await Response.count().where(Response.consultation == consultation_id)
