from pathlib import Path

from piccolo.conf.apps import AppConfig

from surveys.reach_tables import Assistance, Translation
from surveys.tables import AboutYou, Answer, Consultation, Question, Response

APP_CONFIG = AppConfig(
    app_name="surveys",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations" / "surveys"),
    table_classes=[Consultation, Question, Response, Answer, AboutYou, Translation, Assistance],
    migration_dependencies=[],
    commands=[],
)
