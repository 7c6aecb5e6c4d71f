from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.store.tables import StoredCounter, StoredValue

APP_CONFIG = AppConfig(
    app_name="store",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "store"),
    table_classes=[StoredValue, StoredCounter],
    migration_dependencies=[],
    commands=[],
)
