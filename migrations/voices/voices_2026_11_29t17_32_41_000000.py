"""Existing voices were all analysed in English (the columns' defaults say so), and their old
safeguarding flag came from the rules: a "concern". Going backwards, the columns go with the
previous migration, so there is nothing to undo here."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T17:32:41:000000"
VERSION = "1.38.0"
DESCRIPTION = "Safeguarding level of existing voices from their old flag"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voices", description=DESCRIPTION)

    async def level_from_old_flag():
        from engage.voices.tables import Voice

        await Voice.raw("UPDATE voices_voice SET safeguarding_level = 'concern' WHERE safeguarding = TRUE").run()

    manager.add_raw(level_from_old_flag)
    return manager
