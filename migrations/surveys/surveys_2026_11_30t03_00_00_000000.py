"""Reaching everyone: each response's language, translations of consultations (and of the pages'
shared words), and how a paper or telephone response reached us (surveys.reach_tables)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Response language, translations, assisted responses"


def _ddl(sqlite: bool) -> list[str]:
    pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if sqlite else "SERIAL PRIMARY KEY"
    ts = "DATETIME" if sqlite else "TIMESTAMPTZ"
    return [
        "ALTER TABLE surveys_response ADD COLUMN language VARCHAR(12) NOT NULL DEFAULT 'en'",
        "CREATE INDEX IF NOT EXISTS surveys_response_language ON surveys_response (language)",
        f"CREATE TABLE surveys_translation (id {pk}, scope VARCHAR(40) NOT NULL, "
        "consultation INTEGER NULL REFERENCES surveys_consultation (id) ON DELETE CASCADE, "
        "language VARCHAR(12) NOT NULL, key VARCHAR(160) NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL, "
        f"updated_by INTEGER NULL, updated_at {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        "CREATE UNIQUE INDEX surveys_translation_one ON surveys_translation (scope, language, key)",
        "CREATE INDEX surveys_translation_scope ON surveys_translation (scope)",
        f"CREATE TABLE surveys_assistance (id {pk}, "
        "response INTEGER NOT NULL UNIQUE REFERENCES surveys_response (id) ON DELETE CASCADE, "
        "form_code VARCHAR(12) NULL, received_on DATE NULL, interpreter_language VARCHAR(12) NULL)",
    ]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def create():
        from engage.db import is_sqlite
        from surveys.tables import Response

        for statement in _ddl(is_sqlite()):
            await Response.raw(statement).run()

    async def drop():
        from engage.db import is_sqlite
        from surveys.tables import Response

        await Response.raw("DROP TABLE IF EXISTS surveys_assistance").run()
        await Response.raw("DROP TABLE IF EXISTS surveys_translation").run()
        await Response.raw("DROP INDEX IF EXISTS surveys_response_language").run()
        await Response.raw("ALTER TABLE surveys_response DROP COLUMN language").run()

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
