from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.census.tables import CensusFigure

APP_CONFIG = AppConfig(
    app_name="census",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "census"),
    table_classes=[CensusFigure],
    migration_dependencies=[],
    commands=[],
)
