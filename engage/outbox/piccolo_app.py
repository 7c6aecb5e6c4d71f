from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.outbox.tables import OutboxMessage, SafeguardingNotice, SafeguardingOfficer

APP_CONFIG = AppConfig(
    app_name="outbox",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "outbox"),
    table_classes=[OutboxMessage, SafeguardingOfficer, SafeguardingNotice],
    migration_dependencies=[],
    commands=[],
)
