"""Skip logic: a question may be shown only when an earlier question's answer is one of some
values (surveys.conditions); NULL means always shown, as every existing question is."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T10:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Question skip logic (show_when)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def add():
        from surveys.tables import Question

        await Question.raw("ALTER TABLE surveys_question ADD COLUMN show_when JSON NULL").run()

    async def drop():
        from surveys.tables import Question

        await Question.raw("ALTER TABLE surveys_question DROP COLUMN show_when").run()

    manager.add_raw(add)
    manager.add_raw_backwards(drop)
    return manager
