"""Room for a keyed hash where the receipt code was (20 characters to 64). The next two
migrations rename the column and turn every stored code into its hash."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-11-29T18:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Response.receipt widened for a keyed hash"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)
    manager.alter_column(
        table_class_name="Response",
        tablename="surveys_response",
        column_name="receipt",
        db_column_name="receipt",
        params={"length": 64},
        old_params={"length": 20},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )
    return manager
