from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.framework.tables import FrameworkEntry, PlanPeriod

APP_CONFIG = AppConfig(
    app_name="framework",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "framework"),
    table_classes=[PlanPeriod, FrameworkEntry],
    migration_dependencies=[],
    commands=[],
)
