"""The outbox: queued email, the designated safeguarding officers, and the flags they were told of."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Outbox, safeguarding officers and notices"


def _tables(serial: str, timestamp: str) -> list[str]:
    return [
        f"""CREATE TABLE outbox_message (
            id {serial}, kind VARCHAR(40) NOT NULL, to_address VARCHAR(254) NOT NULL DEFAULT '',
            subject VARCHAR(200) NOT NULL, body TEXT NOT NULL, status VARCHAR(20) NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
            forget_address INTEGER NOT NULL DEFAULT 0, created_at {timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP,
            next_attempt_at {timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP, sent_at {timestamp} NULL)""",
        "CREATE INDEX outbox_message_kind ON outbox_message (kind)",
        "CREATE INDEX outbox_message_status ON outbox_message (status)",
        "CREATE INDEX outbox_message_created_at ON outbox_message (created_at)",
        "CREATE INDEX outbox_message_next_attempt_at ON outbox_message (next_attempt_at)",
        f"""CREATE TABLE outbox_safeguarding_officer (
            id {serial}, user_id INTEGER NOT NULL UNIQUE, designated_by INTEGER NULL,
            designated_at {timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
        f"""CREATE TABLE outbox_safeguarding_notice (
            id {serial}, voice_id INTEGER NOT NULL UNIQUE, told_at {timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP)""",
    ]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="outbox", description=DESCRIPTION)

    async def create():
        from engage.outbox.tables import OutboxMessage

        sqlite = OutboxMessage._meta.db.engine_type == "sqlite"
        serial = "INTEGER PRIMARY KEY AUTOINCREMENT" if sqlite else "SERIAL PRIMARY KEY"
        # Piccolo's SQLite Timestamptz is stored as TIMESTAMPTZ text, as its own migrations make it.
        timestamp = "TIMESTAMPTZ" if sqlite else "TIMESTAMP WITH TIME ZONE"
        for statement in _tables(serial, timestamp):
            await OutboxMessage.raw(statement).run()

    async def drop():
        from engage.outbox.tables import OutboxMessage

        for table in ("outbox_safeguarding_notice", "outbox_safeguarding_officer", "outbox_message"):
            await OutboxMessage.raw(f"DROP TABLE IF EXISTS {table}").run()

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
