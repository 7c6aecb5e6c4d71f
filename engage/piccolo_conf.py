"""Piccolo's configuration: the engine from ENGAGE_DATABASE_URL and every app's tables."""

import os

from piccolo.conf.apps import AppRegistry

from engage.db import make_engine
from engage.settings import default_database_url

DB = make_engine(os.environ.get("ENGAGE_DATABASE_URL") or default_database_url())

APP_REGISTRY = AppRegistry(
    apps=[
        "engage.store.piccolo_app",
        "engage.audit.piccolo_app",
        "engage.auth.piccolo_app",
        "surveys.piccolo_app",
        "engage.meetings.piccolo_app",
        "engage.framework.piccolo_app",
        "engage.voices.piccolo_app",
        "engage.summaries.piccolo_app",
        "engage.outbox.piccolo_app",
        "engage.census.piccolo_app",
    ]
)
