"""The summaries area's route handlers."""

from engage.summaries.api import SummariesApi
from engage.summaries.controllers import SummariesController

summary_handlers = [SummariesController, SummariesApi]
