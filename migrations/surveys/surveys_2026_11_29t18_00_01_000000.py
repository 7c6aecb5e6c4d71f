"""No plain receipt and nothing joinable in the equality answers (issue 12, item 5): the response's
receipt column becomes receipt_hash, the equality table loses its receipt-derived erasure_key, and
its day becomes a month (submitted_month). The data is converted by the next migration."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-29T18:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "receipt_hash; equality answers without erasure_key, by month"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def drop_erasure_index():
        # SQLite cannot drop an indexed column: the index goes first (PostgreSQL drops it either way).
        from surveys.tables import AboutYou

        await AboutYou.raw("DROP INDEX IF EXISTS surveys_about_you_erasure_key").run()

    manager.add_raw(drop_erasure_index)
    manager.rename_column(
        table_class_name="Response",
        tablename="surveys_response",
        old_column_name="receipt",
        new_column_name="receipt_hash",
        old_db_column_name="receipt",
        new_db_column_name="receipt_hash",
        schema=None,
    )
    manager.drop_column(
        table_class_name="AboutYou",
        tablename="surveys_about_you",
        column_name="erasure_key",
        db_column_name="erasure_key",
        schema=None,
    )
    manager.rename_column(
        table_class_name="AboutYou",
        tablename="surveys_about_you",
        old_column_name="submitted_on",
        new_column_name="submitted_month",
        old_db_column_name="submitted_on",
        new_db_column_name="submitted_month",
        schema=None,
    )
    return manager
