"""Question settings: what the number, date and ranking kinds need beyond the shared columns
(a number's range, unit and decimal places; a date's range; how many answers to rank)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T11:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Question settings for the number, date and ranking kinds"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def add():
        from surveys.tables import Question

        # '{{}}': Piccolo reads braces as placeholders, so the JSON default {} is written doubled.
        await Question.raw("ALTER TABLE surveys_question ADD COLUMN settings JSON NOT NULL DEFAULT '{{}}'").run()

    async def drop():
        from surveys.tables import Question

        await Question.raw("ALTER TABLE surveys_question DROP COLUMN settings").run()

    manager.add_raw(add)
    manager.add_raw_backwards(drop)
    return manager
