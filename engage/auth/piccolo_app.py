from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.auth.tables import ApiToken, RecoveryCode, User

APP_CONFIG = AppConfig(
    app_name="auth",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "auth"),
    table_classes=[User, ApiToken, RecoveryCode],
    migration_dependencies=[],
    commands=[],
)
