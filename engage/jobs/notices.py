"""The jobs that tell people: sending the outbox, safeguarding flags to the designated officers at
once, and the weekly digest of overdue actions to their owners.

| job | requested by | periodic |
|---|---|---|
| outbox.send | anything queueing a message (engage.outbox.services) | every 5 minutes |
| notices.safeguarding | written answers analysed (surveys.answer_voices) | every minute |
| notices.digest | | Mondays 08:00 UTC |

Messages are composed here, at the top of the layers, because they read surveys and meetings;
the outbox below them only queues and sends.
"""

from __future__ import annotations

import datetime as dt
import logging

from huey import crontab

from engage.db import transaction
from engage.jobs.registry import every_minutes, job
from engage.meetings.actions import actions
from engage.outbox import services as outbox
from engage.outbox.recipients import address_of, safeguarding_addresses
from engage.outbox.tables import SafeguardingNotice
from engage.settings import Settings
from engage.times import now
from engage.voices.tables import Voice
from surveys.decisions import overdue_by_owner

log = logging.getLogger("engage.jobs")

RECENT_FLAG_DAYS = 7  # flags older than this when first seen (say, before any officer was designated) are not mailed


class MessagesNotSent(RuntimeError):
    """Some messages were refused this time; the job's retries try them again."""


@job("outbox.send", title="Send the email waiting in the outbox", retries=5, retry_delay=30, backoff=2,
     unique=True, schedule=every_minutes(5))
async def send_outbox() -> None:
    report = await outbox.send_due()
    if report.sent or report.retrying or report.failed:
        log.info("outbox.send: %d sent, %d to retry, %d failed", report.sent, report.retrying, report.failed)
    if report.retrying:
        raise MessagesNotSent(f"{report.retrying} message(s) not sent yet; see /officer/admin/outbox")


async def new_flags() -> list[int]:
    since = now() - dt.timedelta(days=RECENT_FLAG_DAYS)
    flagged = await Voice.select(Voice._meta.primary_key).where(
        (Voice.safeguarding == True) & (Voice.safeguarding_status == "open")  # noqa: E712
        & (Voice.created_at >= since)).order_by(Voice._meta.primary_key).run()
    ids = [row["id"] for row in flagged]
    if not ids:
        return []
    told = {row["voice_id"] for row in await SafeguardingNotice.select(SafeguardingNotice.voice_id).where(
        SafeguardingNotice.voice_id.is_in(ids)).run()}
    return [i for i in ids if i not in told]


@job("notices.safeguarding", title="Email the designated safeguarding officers about new safeguarding flags",
     retries=5, retry_delay=10, backoff=2, unique=True, schedule=every_minutes(1))
async def tell_safeguarding_officers() -> None:
    voice_ids = await new_flags()
    addresses = await safeguarding_addresses()
    if not voice_ids or not addresses:
        if voice_ids:
            log.warning("notices.safeguarding: %d new flag(s) and no designated safeguarding officer", len(voice_ids))
        return
    base = Settings.from_env().base_url
    queued = 0
    for voice_id in voice_ids:
        async with transaction():
            # The notice row is the claim: when two workers race, one inserts it and tells.
            claimed = await SafeguardingNotice.raw(
                "INSERT INTO outbox_safeguarding_notice (voice_id, told_at) VALUES ({}, {}) "
                "ON CONFLICT (voice_id) DO NOTHING RETURNING id", voice_id, now()).run()
            if not claimed:
                continue
            for address in addresses:
                # A link, never the words: email is not the place for what a resident disclosed.
                await outbox.add_message(
                    "safeguarding", address, "Safeguarding flag: a comment needs looking at now",
                    "A comment received by engage has been flagged for safeguarding.\n\n"
                    f"Look at it and record what was done: {base}/officer/voices/{voice_id}\n\n"
                    "You are receiving this because you are a designated safeguarding officer. "
                    "Sign in to see the comment; it is not included in this email.\n")
                queued += 1
    if queued:
        await outbox.request_sending()


async def overdue_digests(base: str) -> dict[int, list[str]]:
    """Lines of the digest for each account with overdue actions: decisions' and meetings'."""

    lines: dict[int, list[str]] = {}
    for user_id, rows in (await overdue_by_owner()).items():
        for row in rows:
            lines.setdefault(user_id, []).append(
                f"- {row['description'][:200]} (due {row['due_on']}; decision on "
                f"\"{row['decision.consultation.title']}\": {base}/officer/consultations/"
                f"{row['decision.consultation.id']}/decision)")
    for row in await actions("overdue"):
        officer_id = row.get("meeting.officer_id")
        if officer_id is not None:
            lines.setdefault(officer_id, []).append(
                f"- {row['action'][:200]} (due {row['due_on']}; owner {row['owner'] or 'not set'}; "
                f"meeting \"{row['meeting.title']}\": {base}/officer/actions)")
    return lines


@job("notices.digest", title="Email each officer the actions they own that are overdue",
     retries=3, retry_delay=300, backoff=2, schedule=crontab(day_of_week="1", hour="8", minute="0"))
async def send_overdue_digest() -> None:
    base = Settings.from_env().base_url
    queued = 0
    for user_id, lines in (await overdue_digests(base)).items():
        address = await address_of(user_id)
        if not address:
            continue
        await outbox.add_message(
            "digest", address, f"engage: {len(lines)} overdue action{'s' if len(lines) != 1 else ''}",
            "These actions you own are past their due date:\n\n" + "\n".join(lines)
            + "\n\nUpdate each one at its link: its status is shown to residents.\n")
        queued += 1
    if queued:
        await outbox.request_sending()
    log.info("notices.digest: %d digest(s) queued", queued)
