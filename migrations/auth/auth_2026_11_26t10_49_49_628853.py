from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-11-26T10:49:49:628853"
VERSION = "1.38.0"
DESCRIPTION = "Room for sealed TOTP seeds"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="auth", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="User",
        tablename="engage_user",
        column_name="totp_secret",
        db_column_name="totp_secret",
        params={"length": 200},
        old_params={"length": 64},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
