"""Document the error answers every API operation can give, so the OpenAPI document is honest.

Each /api/ handler gets, in its `raises`: 404 (a guessed or stale address), 429 (rate limits),
503 (the database is down), 401/403 when it is guarded, and 409/422 when it changes data.
Litestar turns these into response schemas matching the JSON error body engage sends
({"status_code": ..., "detail": ...}). Handlers that document their own code keep their own.
"""

from __future__ import annotations

from litestar import Controller
from litestar.exceptions import (
    ClientException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ServiceUnavailableException,
    TooManyRequestsException,
    ValidationException,
)
from litestar.handlers import HTTPRouteHandler


class ConflictException(ClientException):
    status_code = 409


class UnprocessableException(ClientException):
    status_code = 422


def _document(handler: HTTPRouteHandler, base: str, guarded: bool) -> None:
    paths = [f"{base.rstrip('/')}/{p.lstrip('/')}" if base else p for p in handler.paths]
    if not any(p.startswith("/api/") for p in paths):
        return
    raises = list(handler.raises or [])
    raises += [ValidationException, NotFoundException, TooManyRequestsException, ServiceUnavailableException]
    if guarded or handler.guards:
        raises += [NotAuthorizedException, PermissionDeniedException]
    if set(handler.http_methods) - {"GET", "HEAD", "OPTIONS"}:
        raises += [ConflictException, UnprocessableException]
    own = set((handler.responses or {}).keys())
    handler.raises = [r for r in dict.fromkeys(raises) if r.status_code not in own]


def document_api_errors(handlers: list) -> list:
    for item in handlers:
        if isinstance(item, type) and issubclass(item, Controller):
            for name in dir(item):
                attr = getattr(item, name, None)
                if isinstance(attr, HTTPRouteHandler):
                    _document(attr, item.path, bool(item.guards))
        elif isinstance(item, HTTPRouteHandler):
            _document(item, "", False)
    return handlers
