"""The summaries area's route handlers."""

from engage.summaries.api import SummariesApi
from engage.summaries.controllers import SummariesController
from engage.summaries.reach_pages import ReachController

summary_handlers = [SummariesController, SummariesApi, ReachController]
