from pathlib import Path

from piccolo.conf.apps import AppConfig

from engage.meetings.tables import FeedbackPoint, Meeting, MeetingWard

APP_CONFIG = AppConfig(
    app_name="meetings",
    migrations_folder_path=str(Path(__file__).resolve().parents[2] / "migrations" / "meetings"),
    table_classes=[Meeting, MeetingWard, FeedbackPoint],
    migration_dependencies=[],
    commands=[],
)
