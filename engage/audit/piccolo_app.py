from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.audit.tables import AuditEvent

APP_CONFIG = AppConfig(
    app_name="audit",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "audit"),
    table_classes=[AuditEvent],
    migration_dependencies=[],
    commands=[],
)
