"""Easy Read: the picture beside each question of a consultation's Easy Read version
(surveys.reach_tables.EasyReadImage). The Easy Read words themselves are translations
(surveys_translation, language "easy-read"), so they need no table of their own."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T13:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Easy Read images"


def _ddl(sqlite: bool) -> list[str]:
    pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if sqlite else "SERIAL PRIMARY KEY"
    ts = "DATETIME" if sqlite else "TIMESTAMPTZ"
    blob = "BLOB" if sqlite else "BYTEA"
    return [
        f"CREATE TABLE surveys_easy_read_image (id {pk}, "
        "consultation INTEGER NOT NULL REFERENCES surveys_consultation (id) ON DELETE CASCADE, "
        "question INTEGER NOT NULL UNIQUE REFERENCES surveys_question (id) ON DELETE CASCADE, "
        f"content_type VARCHAR(20) NOT NULL, data {blob} NOT NULL, digest VARCHAR(64) NOT NULL, "
        "width INTEGER NOT NULL, height INTEGER NOT NULL, alt TEXT NOT NULL DEFAULT '', "
        "decorative BOOLEAN NOT NULL DEFAULT FALSE, updated_by INTEGER NULL, "
        f"updated_at {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        "CREATE INDEX surveys_easy_read_image_consultation ON surveys_easy_read_image (consultation)",
        "CREATE INDEX surveys_easy_read_image_digest ON surveys_easy_read_image (digest)",
    ]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def create():
        from engage.db import is_sqlite
        from surveys.tables import Response

        for statement in _ddl(is_sqlite()):
            await Response.raw(statement).run()

    async def drop():
        from surveys.tables import Response

        await Response.raw("DROP TABLE IF EXISTS surveys_easy_read_image").run()

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
