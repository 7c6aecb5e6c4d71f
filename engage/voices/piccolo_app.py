from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.voices.tables import AnalysisModel, MachineTag, PendingAnalysis, TagDecision, Voice

APP_CONFIG = AppConfig(
    app_name="voices",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "voices"),
    table_classes=[Voice, MachineTag, TagDecision, AnalysisModel, PendingAnalysis],
    migration_dependencies=["engage.framework.piccolo_app", "surveys.piccolo_app"],
    commands=[],
)
