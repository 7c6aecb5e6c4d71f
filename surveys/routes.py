"""The consultation area's route handlers."""

from surveys.api import ConsultationApi, ResponseExportApi
from surveys.erasure import ErasureController
from surveys.officer import ConsultationBuilderController
from surveys.public import PublicController
from surveys.reach_routes import reach_handlers

survey_handlers = [PublicController, ErasureController, ConsultationBuilderController, ConsultationApi,
                   ResponseExportApi, *reach_handlers]
