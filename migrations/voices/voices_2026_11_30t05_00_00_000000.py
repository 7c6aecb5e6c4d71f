"""Who is working on a voice: an officer may take voices from the review queue ("assign to me").
Plain SQL so it runs the same on SQLite and PostgreSQL, forwards and backwards."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T05:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Voices can be assigned to an officer"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voices", description=DESCRIPTION)

    async def add_columns():
        from engage.voices.tables import Voice

        await Voice.raw("ALTER TABLE voices_voice ADD COLUMN assigned_to INTEGER NULL").run()
        await Voice.raw("ALTER TABLE voices_voice ADD COLUMN assigned_to_email VARCHAR(254) NOT NULL DEFAULT ''").run()
        await Voice.raw("CREATE INDEX voices_voice_assigned_to ON voices_voice (assigned_to)").run()

    async def drop_columns():
        from engage.voices.tables import Voice

        await Voice.raw("DROP INDEX IF EXISTS voices_voice_assigned_to").run()
        await Voice.raw("ALTER TABLE voices_voice DROP COLUMN assigned_to_email").run()
        await Voice.raw("ALTER TABLE voices_voice DROP COLUMN assigned_to").run()

    manager.add_raw(add_columns)
    manager.add_raw_backwards(drop_columns)
    return manager
