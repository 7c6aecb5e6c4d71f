"""The meetings area's route handlers."""

from engage.meetings.api import MeetingApi, PointApi
from engage.meetings.controllers import ActionsController, MeetingController
from engage.meetings.public import OutcomesController

meeting_handlers = [MeetingController, ActionsController, OutcomesController, MeetingApi, PointApi]
