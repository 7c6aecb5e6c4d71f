"""The consultation area's route handlers."""

from surveys.api import ConsultationApi, ResponseExportApi
from surveys.erasure import ErasureController
from surveys.officer import ConsultationBuilderController
from surveys.public import PublicController

survey_handlers = [PublicController, ErasureController, ConsultationBuilderController, ConsultationApi,
                   ResponseExportApi]
