from piccolo.columns import Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxMessage(Table, tablename="outbox_message"):
    """One email to one address. A resident's address is wiped once the message is sent (or given
    up on): `to_address` is then "", and `kind` and `subject` are all that remain."""

    kind = Varchar(length=40, index=True)  # safeguarding, digest, decision
    to_address = Varchar(length=254, default="")
    subject = Varchar(length=200)
    body = Text()
    status = Varchar(length=20, default="queued", index=True)  # queued, sent, failed
    attempts = Integer(default=0)
    last_error = Text(default="")
    forget_address = Integer(default=0)  # 1: wipe to_address when done (residents' addresses)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)
    next_attempt_at = Timestamptz(default=TimestamptzNow(), index=True)
    sent_at = Timestamptz(null=True, default=None)


class SafeguardingOfficer(Table, tablename="outbox_safeguarding_officer"):
    """An account designated to be emailed at once about every new safeguarding flag."""

    user_id = Integer(unique=True)
    designated_by = Integer(null=True, default=None)
    designated_at = Timestamptz(default=TimestamptzNow())


class SafeguardingNotice(Table, tablename="outbox_safeguarding_notice"):
    """A voice whose flag the safeguarding officers have been told about (told once)."""

    voice_id = Integer(unique=True)
    told_at = Timestamptz(default=TimestamptzNow())
