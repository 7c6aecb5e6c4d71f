"""Queueing messages and sending what is due. No web imports.

A message is claimed before it is sent (its next attempt pushed a lease ahead, in one UPDATE that
only one worker can win), so two workers never send it twice; a worker lost mid-send leaves the
claim to run out, and the message goes again. Failures wait longer each time; after MAX_ATTEMPTS
the message is failed, shown to admins with its error.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from engage import background
from engage.outbox import smtp
from engage.outbox.tables import OutboxMessage
from engage.times import now

log = logging.getLogger("engage.outbox")

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30  # then doubled after each failure, as the outbox.send job's own retries
CLAIM_SECONDS = 600
MISSING = "No such message"
KINDS = {"safeguarding": "Safeguarding flag", "digest": "Overdue actions digest", "decision": "Decision published",
         "test": "Test message"}


async def add_message(kind: str, to: str, subject: str, body: str, *, forget_address: bool = False) -> int:
    """Put one message in the outbox (inside the caller's transaction, if any); its id. Call
    request_sending() after the transaction."""
    rows = await OutboxMessage.insert(OutboxMessage(
        kind=kind, to_address=to, subject=subject[:200], body=body, forget_address=int(forget_address),
        created_at=now(), next_attempt_at=now())).returning(OutboxMessage.id).run()
    return rows[0]["id"]


async def queue_message(kind: str, to: str, subject: str, body: str, *, forget_address: bool = False) -> int:
    """Queue one message and ask for it to be sent; its id. Never fails for want of a mail server."""
    message_id = await add_message(kind, to, subject, body, forget_address=forget_address)
    await request_sending()
    return message_id


async def request_sending() -> None:
    try:
        await background.request("outbox.send")
    except Exception:  # noqa: BLE001 - the message is safe in the outbox; the periodic run sends it
        log.warning("could not ask for the outbox to be sent now; the periodic run will", exc_info=True)


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


async def _claim(message_id: int, at: dt.datetime) -> bool:
    rows = await OutboxMessage.raw(
        "UPDATE outbox_message SET next_attempt_at = {} WHERE id = {} AND status = 'queued' "
        "AND next_attempt_at <= {} RETURNING id", at + dt.timedelta(seconds=CLAIM_SECONDS), message_id, at).run()
    return bool(rows)


async def send_due(limit: int = 100) -> SendReport:
    """Send every queued message whose time has come (at most `limit`)."""
    report = SendReport()
    at = now()
    due = await OutboxMessage.select().where(
        (OutboxMessage.status == "queued") & (OutboxMessage.next_attempt_at <= at)).order_by(
        OutboxMessage.id).limit(limit).run()
    if not due:
        return report
    try:
        server: smtp.MailServer | None = smtp.mail_server()
        config_error = ""
    except smtp.MailConfigError as exc:
        server, config_error = None, str(exc)
    for message in due:
        if not await _claim(message["id"], at):
            continue  # another worker has it
        try:
            if server is None:
                raise smtp.MailConfigError(config_error)
            await smtp.send(server, message["to_address"], message["subject"], message["body"])
        except Exception as exc:  # noqa: BLE001 - any failure is recorded against the message
            report.failed += await _failed(message, f"{type(exc).__name__}: {exc}"[:1000])
            report.retrying += 0 if message["attempts"] + 1 >= MAX_ATTEMPTS else 1
            continue
        await OutboxMessage.update({
            OutboxMessage.status: "sent", OutboxMessage.sent_at: now(), OutboxMessage.attempts: message["attempts"] + 1,
            OutboxMessage.last_error: "", **({OutboxMessage.to_address: ""} if message["forget_address"] else {}),
        }).where(OutboxMessage.id == message["id"]).run()
        report.sent += 1
    return report


async def _failed(message: dict, error: str) -> int:
    """Record a failed attempt; 1 when that was the last one allowed."""
    attempts = message["attempts"] + 1
    values = {OutboxMessage.attempts: attempts, OutboxMessage.last_error: error}
    final = attempts >= MAX_ATTEMPTS
    if final:
        values[OutboxMessage.status] = "failed"
        if message["forget_address"]:
            values[OutboxMessage.to_address] = ""  # used once, even when once did not work
    else:
        values[OutboxMessage.next_attempt_at] = now() + dt.timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (attempts - 1))
    await OutboxMessage.update(values).where(OutboxMessage.id == message["id"]).run()
    log.warning("outbox message %s (%s) not sent, attempt %d: %s", message["id"], message["kind"], attempts, error)
    return int(final)


# -- what admins see and do ------------------------------------------------------------------


async def recent(status: str = "", limit: int = 200) -> list[dict]:
    query = OutboxMessage.select(
        OutboxMessage.id, OutboxMessage.kind, OutboxMessage.to_address, OutboxMessage.subject, OutboxMessage.status,
        OutboxMessage.attempts, OutboxMessage.last_error, OutboxMessage.created_at, OutboxMessage.next_attempt_at,
        OutboxMessage.sent_at, OutboxMessage.forget_address,
    ).order_by(OutboxMessage.id, ascending=False).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return await query.run()


async def counts() -> dict[str, int]:
    rows = await OutboxMessage.raw("SELECT status, COUNT(*) AS n FROM outbox_message GROUP BY status").run()
    found = {row["status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in ("queued", "sent", "failed")}


async def retry(message_id: int) -> str | None:
    """Queue a failed message again; an error message when it cannot be."""
    row = await OutboxMessage.select().where(OutboxMessage.id == message_id).first()
    if row is None:
        return MISSING
    if row["status"] != "failed":
        return "Only a failed message can be tried again"
    if not row["to_address"]:
        return "This message's address was deleted after its last attempt, as residents were promised"
    await OutboxMessage.update({OutboxMessage.status: "queued", OutboxMessage.attempts: 0,
                                OutboxMessage.next_attempt_at: now()}).where(OutboxMessage.id == message_id).run()
    await request_sending()
    return None


async def discard(message_id: int) -> bool:
    """Stop trying a queued or failed message (the address goes with it)."""
    rows = await OutboxMessage.raw(
        "UPDATE outbox_message SET status = 'discarded', to_address = '' WHERE id = {} "
        "AND status IN ('queued', 'failed') RETURNING id", message_id).run()
    return bool(rows)
