"""Paper and telephone responses: the code each printed copy carries, and storing what an
officer types in from a copy or a call. No web imports.

A copy's code is 6 random letters and 2 check letters worked out from them, the consultation
and ENGAGE_SECRET_KEY: printing needs no database write (a GET never writes), a mistyped code
or a code from another consultation's forms is refused, and the response is stored under the
code, so the same copy cannot be entered twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from engage.db import transaction
from engage.times import LONDON, london_date, parse_day
from surveys import languages
from surveys.reach_tables import Assistance
from surveys.responses import (RECEIPT_ALPHABET, CheckedSubmission, receipt_for, stored_submission_key,
                               store_submission)
from surveys.tables import Response

CODE_BODY = 6
CODE_CHECK = 2


def _check_letters(secret: str, consultation_id: int, body: str) -> str:
    digest = hmac.new(secret.encode(), f"engage paper form {consultation_id}:{body}".encode(), hashlib.sha256).digest()
    return "".join(RECEIPT_ALPHABET[b % len(RECEIPT_ALPHABET)] for b in digest[:CODE_CHECK])


def new_form_code(secret: str, consultation_id: int) -> str:
    body = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(CODE_BODY))
    code = body + _check_letters(secret, consultation_id, body)
    return f"{code[:4]}-{code[4:]}"


def check_form_code(secret: str, consultation_id: int, text: str) -> str | None:
    """The code as printed (XXXX-XXXX) when it is one of this consultation's; None otherwise.
    Spaces, dashes and lower case are forgiven, and O/0 and I/1/L (never printed) read as themselves."""
    clean = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    clean = clean.translate(str.maketrans({"0": "O", "1": "I", "L": "I"}))
    if len(clean) != CODE_BODY + CODE_CHECK or any(ch not in RECEIPT_ALPHABET for ch in clean):
        return None
    body, check = clean[:CODE_BODY], clean[CODE_BODY:]
    if not hmac.compare_digest(check, _check_letters(secret, consultation_id, body)):
        return None
    return f"{clean[:4]}-{clean[4:]}"


def submission_key(channel: str, code_or_id: str) -> str:
    return f"{channel}:{code_or_id}"


def receipt_of(secret: str, consultation_id: int, key: str) -> str:
    return receipt_for(secret, f"{consultation_id}:{key}")


async def entered(consultation_id: int, key: str) -> dict | None:
    """The response stored under a paper copy's code (or a call's id), if there is one."""
    return await Response.select(Response.id, Response.submitted_at, Response.channel).where(
        Response.submission_key == stored_submission_key(f"{consultation_id}:{key}")).first()


@dataclass
class Assisted:
    channel: str  # paper or phone
    key: str  # the copy's code (paper) or the call's submission id (phone)
    form_code: str | None
    received_on: dt.date
    language: str  # the language of the form (paper) or of the conversation (phone)
    interpreter: str | None  # the language an interpreter helped in, if one did


class AlreadyEntered(Exception):
    pass


async def store_assisted(consultation_id: int, checked: CheckedSubmission, assisted: Assisted, *, secret: str,
                         entered_by: int) -> str:
    """Store the response and how it reached us; the receipt code. AlreadyEntered for a copy (or
    call) stored before: nothing is stored twice."""
    # Noon London time on the day received: the day is what the officer knows, and summaries by day see it.
    at = dt.datetime.combine(assisted.received_on, dt.time(12), LONDON).astimezone(dt.timezone.utc)
    async with transaction():
        receipt, created = await store_submission(
            consultation_id, checked, submission_key=assisted.key, secret=secret, channel=assisted.channel,
            entered_by=entered_by, submitted_at=at, language=assisted.language)
        if not created:
            raise AlreadyEntered()
        row = await entered(consultation_id, assisted.key)
        await Assistance.insert(Assistance(response=row["id"], form_code=assisted.form_code,
                                           received_on=assisted.received_on,
                                           interpreter_language=assisted.interpreter)).run()
    return receipt


def check_received(text: str, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    today = today or london_date(dt.datetime.now(dt.timezone.utc))
    if not (text or "").strip():
        return today, None
    try:
        day = parse_day(text)  # a browser's YYYY-MM-DD, or typed the British way as the field shows it
    except ValueError:
        return None, "Date received must be a real date, for example 31/01/2026"
    if day > today:
        return None, "Date received cannot be in the future"
    if day < today - dt.timedelta(days=3 * 366):
        return None, "Date received must be within the last 3 years"
    return day, None


def check_language(code: str, what: str, *, allow_none: bool) -> tuple[str | None, str | None]:
    code = (code or "").strip().lower()
    if not code:
        return (None, None) if allow_none else ("en", None)
    if code in ("en", languages.EASY_READ.code) and not allow_none:
        return code, None  # a form's language: English or its Easy Read version (never an interpreter's)
    if code in languages.KNOWN:
        return code, None
    return None, f"Select {what} from the list"
