from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod
from surveys.tables import new_revision

ID = "2026-11-26T10:39:10:597898"
VERSION = "1.38.0"
DESCRIPTION = "Consultation.revision, which the per-worker form cache checks"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="surveys", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="Consultation",
        tablename="surveys_consultation",
        column_name="revision",
        db_column_name="revision",
        column_class_name="Varchar",
        column_class=Varchar,
        params={
            "length": 16,
            "default": new_revision,
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
