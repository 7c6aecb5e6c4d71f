"""Every route handler the app serves, gathered in one place."""

from __future__ import annotations

from engage.audit.controllers import AuditController
from engage.auth.session_controllers import SessionController
from engage.auth.controllers import (
    AccountController,
    LoginController,
    UserAdminController,
)
from engage.dashboard import dashboard
from engage.framework.controllers import FrameworkAdminController
from engage.jobs.controllers import JobsAdminController
from engage.jobs.retag import RetagController
from engage.meetings.routes import meeting_handlers
from engage.outbox.controllers import OutboxAdminController
from engage.privacy.controllers import PrivacyController
from engage.security.controllers import TotpController
from engage.security.openapi import document_api_errors
from engage.summaries.routes import summary_handlers
from engage.voices.controllers import VoiceReviewController
from engage.web.health import health
from engage.web.pages import pages
from surveys.routes import survey_handlers


def route_handlers() -> list:
    return document_api_errors([health, dashboard, *pages, LoginController, AccountController, UserAdminController,
                                *survey_handlers, TotpController, SessionController, PrivacyController, VoiceReviewController,
                                FrameworkAdminController, *meeting_handlers, *summary_handlers, JobsAdminController,
                                OutboxAdminController, RetagController, AuditController])
