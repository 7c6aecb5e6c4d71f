"""Plain error pages for people, JSON for the API, never a traceback."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit

from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.plugins.htmx import HTMXRequest
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from engage.auth.guards import PASSWORD_PATH, PasswordChangeRequired, TokenRefused
from engage.security.totp import ENROL_PATH, TotpEnrolmentRequired
from engage.web import htmx
from engage.web.forms import safe_next
from engage.web.templating import render

log = logging.getLogger("engage.errors")

TITLES = {
    400: "Sorry, there is a problem with that request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "Sorry, that cannot be done here",
    409: "Sorry, that cannot be done now",
    413: "That is too large to send",
    422: "Sorry, there is a problem with that request",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/health"


def _is_database_down(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in _chain(exc)}
    return bool(
        names
        & {
            "ConnectionRefusedError",
            "CannotConnectNowError",
            "ConnectionDoesNotExistError",
            "InterfaceError",
            "TooManyConnectionsError",
            "OperationalError",
            "PostgresConnectionError",
            "InternalClientError",
        }
    ) or any(isinstance(e, OSError) and not isinstance(e, FileNotFoundError) for e in _chain(exc))


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def error_response(request: Request, status: int, detail: str, extra: dict[str, Any] | None = None) -> Response:
    headers = dict(extra or {})
    if wants_json(request):
        return Response(content={"status_code": status, "detail": detail}, status_code=status,
                        media_type=MediaType.JSON, headers=headers)
    return render(
        request,
        "errors/error.html",
        {"status": status, "title": TITLES.get(status, "Sorry, there is a problem"), "detail": detail},
        status_code=status,
        headers=headers,
    )


def _page_address(request: HTMXRequest) -> str:
    """The path and query of the page an htmx request came from (htmx sends its address), if it is on this site."""
    current = urlsplit(request.htmx.current_url or "")
    if current.netloc and current.netloc != request.url.netloc:
        return ""
    path = current.path + (f"?{current.query}" if current.query else "")
    return safe_next(path, "") if path else ""


def handle_http_exception(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else TITLES.get(status, "")
    if isinstance(exc, NotAuthorizedException) and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        kept = getattr(exc, "kept", None)
        if kept:  # a form was on its way: after signing in, the officer sends it on
            target = f"/officer/session/kept/{kept}"
        elif request.method != "GET":
            target = "/officer"  # the address only takes forms: start from the dashboard
        timed_out = "&timed_out=1" if request.method != "GET" else ""
        if isinstance(request, HTMXRequest) and request.htmx:
            # Signed out (say, after the idle timeout) while a page was open: a redirect would be
            # followed inside htmx and the sign-in page swapped into the page. Send the whole window
            # to sign in instead, and back to the kept form or the page the person was on.
            back = target if kept else (_page_address(request) or target)
            # 401, not ClientRedirect's 200: still "signed out" to anything reading the status.
            return Response(content="", status_code=401, headers={
                **htmx.client_redirect(f"/login?next={quote(back)}{timed_out}"), "Cache-Control": "no-store"})
        return Response(content="", status_code=303, headers={"Location": f"/login?next={quote(target)}{timed_out}"})
    if isinstance(exc, PasswordChangeRequired) and not wants_json(request):
        return Response(content="", status_code=303, headers={"Location": f"{PASSWORD_PATH}?required=1",
                                                              "Cache-Control": "no-store"})
    if isinstance(exc, TotpEnrolmentRequired) and not wants_json(request):
        # A clear page to set up the second factor, then back to where they were going.
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Response(content="", status_code=303,
                        headers={"Location": f"{ENROL_PATH}?next={quote(target)}", "Cache-Control": "no-store"})
    if isinstance(exc, PermissionDeniedException) and "CSRF" in (exc.detail or ""):
        detail = ("Your form could not be sent because its security check had expired or was missing. "
                  "Go back, refresh the page and try again. Nothing you entered was saved.")
    elif isinstance(exc, TokenRefused):
        detail = exc.detail  # which scope the token lacks, or that tokens cannot be used there
    elif isinstance(exc, PermissionDeniedException) and status == 403:
        detail = "Your account does not have access to this page."
    elif isinstance(exc, ValidationException) and status == 400:
        detail = "Some of the information sent was not in the expected form."
    elif status == 404:
        detail = "If you typed the web address, check it is correct."
    headers = dict(exc.headers or {})
    return error_response(request, status, detail, headers)


def _is_impossible_id(exc: BaseException) -> bool:
    """A number in the address too large for any column (a guessed or fuzzed id): not found."""
    for e in _chain(exc):
        if isinstance(e, OverflowError):
            return True
        if type(e).__name__ == "DataError" and "out of range" in str(e):
            return True
    return False


def handle_internal_error(request: Request, exc: Exception) -> Response:
    if _is_impossible_id(exc):
        return error_response(request, 404, "If you typed the web address, check it is correct.")
    if _is_database_down(exc):
        log.error("database unavailable: %s", type(exc).__name__)
        return error_response(request, 503, "The service is temporarily unavailable. Please try again later.",
                              {"Retry-After": "30"})
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, HTTP_500_INTERNAL_SERVER_ERROR,
                          "Please try again later. If the problem continues, contact the partnership.")


exception_handlers = {
    HTTPException: handle_http_exception,
    Exception: handle_internal_error,
}
