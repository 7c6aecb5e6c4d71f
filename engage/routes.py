"""Every route handler the app serves, gathered in one place."""

from __future__ import annotations


def route_handlers() -> list:
    from engage.auth.controllers import AccountController, LoginController, UserAdminController
    from engage.framework.controllers import FrameworkAdminController
    from engage.jobs.controllers import JobsAdminController
    from engage.jobs.retag import RetagController
    from engage.voices.controllers import VoiceReviewController
    from engage.web.health import health
    from engage.privacy.controllers import PrivacyController
    from engage.auth.session_controllers import SessionController
    from engage.security.controllers import TotpController
    from engage.web.pages import pages
    from engage.meetings.routes import meeting_handlers
    from surveys.routes import survey_handlers
    from engage.summaries.routes import summary_handlers

    from engage.security.openapi import document_api_errors

    return document_api_errors([health, *pages, LoginController, AccountController, UserAdminController, *survey_handlers,
            TotpController, SessionController, PrivacyController,
            VoiceReviewController, FrameworkAdminController, *meeting_handlers,
            *summary_handlers, JobsAdminController, RetagController])
