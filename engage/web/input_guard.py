"""Input no handler should ever see, dealt with once for every route.

- NUL characters: PostgreSQL cannot store them in text, and no one can type one. They are
  removed from form bodies and query strings (so nothing a person typed is lost), and a JSON
  body carrying one is refused with a 400 that says why (a program sent it and can fix it).
- A JSON body nested deeper than MAX_JSON_DEPTH is refused with a 400 before it is decoded
  (decoders recurse per level), and one larger than MAX_JSON_BYTES with a 413.
- A path holding NUL, or longer than any page's address could be (or with a part longer than
  a file name can be), is a 404: the static files router would hand it to the file system.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from litestar.exceptions import HTTPException, NotFoundException
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from engage.web.json_shape import json_shape

MAX_JSON_BYTES = 2_000_000
MAX_JSON_DEPTH = 32
MAX_PATH_CHARS = 1_024
MAX_SEGMENT_CHARS = 255  # the longest file name most file systems allow
FORM = b"application/x-www-form-urlencoded"
_NUL_ESCAPE = re.compile(rb"\\u0000", re.IGNORECASE)
NUL_IN_JSON = ("The body contains a NUL character (\\u0000), which cannot be stored. "
               "Remove it and send the request again.")


def _holds_nul(raw: bytes) -> bool:
    # Percent-encoded or raw; any NUL a decoder could produce starts as one of these.
    return b"\x00" in raw or b"%00" in raw


def without_nul(raw: bytes) -> bytes:
    """An application/x-www-form-urlencoded string (a body or a query) with NUL taken out of
    every name and value; unchanged when there is none."""
    if not _holds_nul(raw):
        return raw
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="replace")
    return urlencode([(k.replace("\x00", ""), v.replace("\x00", "")) for k, v in pairs]).encode("ascii")


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value
    return b""


def _with_length(scope: Scope, length: int) -> list[tuple[bytes, bytes]]:
    headers = [(k, v) for k, v in scope.get("headers", ()) if k.lower() != b"content-length"]
    return [*headers, (b"content-length", str(length).encode())]


def _max_body(scope: Scope) -> int:
    handler = scope.get("route_handler")
    limit = handler.resolve_request_max_body_size() if handler is not None else None
    return limit or 10_000_000


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise HTTPException(status_code=413, detail=f"The request is larger than {limit:,} bytes.")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class InputGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if "\x00" in path or len(path) > MAX_PATH_CHARS or any(
                len(part) > MAX_SEGMENT_CHARS for part in path.split("/")):
            raise NotFoundException()
        scope["query_string"] = without_nul(scope.get("query_string", b""))
        kind = _header(scope, b"content-type").split(b";")[0].strip().lower()
        if kind == FORM:
            body = without_nul(await _read_body(receive, _max_body(scope)))
            scope["headers"] = _with_length(scope, len(body))
            receive = _replaying(body, receive)
        elif kind == b"application/json" or kind.endswith(b"+json"):
            body = await self._checked_json(scope, receive)
            receive = _replaying(body, receive)
        await self.app(scope, receive, send)

    async def _checked_json(self, scope: Scope, receive: Receive) -> bytes:
        limit = min(MAX_JSON_BYTES, _max_body(scope))
        announced = _header(scope, b"content-length")
        if announced.isdigit() and int(announced) > limit:
            raise HTTPException(status_code=413, detail=f"The request is larger than {limit:,} bytes.")
        body = await _read_body(receive, limit)
        # Most bodies are cleared at C speed: with no more brackets than MAX_JSON_DEPTH nothing can nest
        # deeper, and with no NUL byte and no "\u0000" spelt anywhere no string can hold one.
        if (body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH and b"\x00" not in body
                and not _NUL_ESCAPE.search(body)):
            return body
        shape = json_shape(body, MAX_JSON_DEPTH)
        if shape.depth > MAX_JSON_DEPTH:
            raise HTTPException(status_code=400, detail=f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.")
        if shape.has_nul:
            raise HTTPException(status_code=400, detail=NUL_IN_JSON)
        return body
