"""The consultation area's route handlers."""

from surveys.api import ConsultationApi, ResponseExportApi
from surveys.erasure import ErasureController
from surveys.officer import ConsultationBuilderController
from surveys.loop_officer import ConsultationLoopController
from surveys.loop_public import LoopPublicController
from surveys.public import PublicController
from surveys.reach_routes import reach_handlers

survey_handlers = [LoopPublicController, ConsultationLoopController, PublicController, ErasureController, ConsultationBuilderController, ConsultationApi,
                   ResponseExportApi, *reach_handlers]
