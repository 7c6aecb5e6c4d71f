"""Census population figures by ward (engage.census)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-30T03:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Census figures by ward"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="census", description=DESCRIPTION)

    async def create():
        from engage.census.tables import CensusFigure
        from engage.db import is_sqlite

        pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if is_sqlite() else "SERIAL PRIMARY KEY"
        ts = "DATETIME" if is_sqlite() else "TIMESTAMPTZ"
        await CensusFigure.raw(
            f"CREATE TABLE census_figure (id {pk}, topic VARCHAR(30) NOT NULL, ward VARCHAR(60) NOT NULL, "
            "category VARCHAR(60) NOT NULL, count INTEGER NOT NULL, source VARCHAR(200) NOT NULL, "
            f"imported_at {ts} NOT NULL DEFAULT CURRENT_TIMESTAMP)").run()
        await CensusFigure.raw("CREATE UNIQUE INDEX census_figure_one ON census_figure (topic, ward, category)").run()

    async def drop():
        from engage.census.tables import CensusFigure

        await CensusFigure.raw("DROP TABLE IF EXISTS census_figure").run()

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager
