"""Every route handler the app serves, gathered in one place."""

from __future__ import annotations


def route_handlers() -> list:
    from engage.auth.controllers import AccountController, LoginController, UserAdminController
    from engage.web.health import health
    from engage.web.pages import pages
    from surveys.routes import survey_handlers

    return [health, *pages, LoginController, AccountController, UserAdminController, *survey_handlers]
