"""Recovery codes for two-step sign-in (only their hashes), and an admin's reset that makes the
account choose a new password at its next sign-in."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.base import OnDelete, OnUpdate
from piccolo.columns.column_types import Boolean, ForeignKey, Serial, Timestamptz, Varchar  # noqa: F401
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.indexes import IndexMethod
from piccolo.table import Table


class User(Table, tablename="engage_user", schema=None):
    id = Serial(null=False, primary_key=True, unique=False, index=False, index_method=IndexMethod.btree,
                choices=None, db_column_name="id", secret=False)


ID = "2026-11-30T05:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "Recovery codes; a password change forced at next sign-in"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="auth", description=DESCRIPTION)
    manager.add_table(class_name="RecoveryCode", tablename="engage_recovery_code", schema=None, columns=None)
    base = {"primary_key": False, "unique": False, "index_method": IndexMethod.btree, "choices": None,
            "db_column_name": None, "secret": False}
    for name, column_class, params in (
        ("user", ForeignKey, {"references": User, "on_delete": OnDelete.cascade, "on_update": OnUpdate.cascade,
                              "target_column": None, "null": True, "index": True}),
        ("code_hash", Varchar, {"length": 64, "default": "", "null": False, "index": False}),
        ("created_at", Timestamptz, {"default": TimestamptzNow(), "null": False, "index": False}),
        ("used_at", Timestamptz, {"default": None, "null": True, "index": False}),
    ):
        manager.add_column(table_class_name="RecoveryCode", tablename="engage_recovery_code", column_name=name,
                           db_column_name=name, column_class_name=column_class.__name__, column_class=column_class,
                           params={**base, **params}, schema=None)
    manager.add_column(
        table_class_name="User", tablename="engage_user", column_name="must_change_password",
        db_column_name="must_change_password", column_class_name="Boolean", column_class=Boolean,
        params={"default": False, "null": False, "primary_key": False, "unique": False, "index": False,
                "index_method": IndexMethod.btree, "choices": None, "db_column_name": None, "secret": False},
        schema=None,
    )
    return manager
