"""The outbox of written answers still to be analysed (voices_pending_analysis): a submission
writes its row in the same statement as the response, background work analyses it. Existing
responses were analysed when they were stored, so the table starts empty."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T02:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Outbox of responses whose written answers are still to be analysed"

POSTGRES = ("CREATE TABLE voices_pending_analysis (id SERIAL PRIMARY KEY, "
            "response INTEGER NOT NULL UNIQUE REFERENCES surveys_response (id) ON DELETE CASCADE, "
            "queued_at TIMESTAMPTZ NOT NULL DEFAULT now())")
SQLITE = ("CREATE TABLE voices_pending_analysis (id INTEGER PRIMARY KEY, "
          "response INTEGER NOT NULL UNIQUE REFERENCES surveys_response (id) ON DELETE CASCADE, "
          "queued_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP)")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voices", description=DESCRIPTION)

    async def create_outbox():
        from engage.voices.tables import Voice

        await Voice.raw(SQLITE if Voice._meta.db.engine_type == "sqlite" else POSTGRES).run()

    async def drop_outbox():
        from engage.voices.tables import Voice

        await Voice.raw("DROP TABLE IF EXISTS voices_pending_analysis").run()

    manager.add_raw(create_outbox)
    manager.add_raw_backwards(drop_outbox)
    return manager
