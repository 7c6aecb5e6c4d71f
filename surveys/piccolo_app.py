from pathlib import Path

from piccolo.conf.apps import AppConfig

from surveys.loop_tables import ConsultationPlan, Decision, DecisionFollower, FollowUpAction, Publication
from surveys.reach_tables import Assistance, EasyReadImage, Translation
from surveys.tables import AboutYou, Answer, Consultation, Question, Response

APP_CONFIG = AppConfig(
    app_name="surveys",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations" / "surveys"),
    table_classes=[Consultation, Question, Response, Answer, AboutYou, Translation, Assistance, EasyReadImage,
                   ConsultationPlan, Publication, Decision, FollowUpAction, DecisionFollower],
    migration_dependencies=[],
    commands=[],
)
