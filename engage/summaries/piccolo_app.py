from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.summaries.tables import MonthFact, PhraseFact, RollupState, SummaryFact

APP_CONFIG = AppConfig(
    app_name="summaries",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "summaries"),
    table_classes=[SummaryFact, MonthFact, PhraseFact, RollupState],
    migration_dependencies=["engage.voices.piccolo_app"],
    commands=[],
)
