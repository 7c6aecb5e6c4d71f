"""HEAD answered as GET without the body, for every page (uptime monitors and link checkers
send HEAD). Litestar routes HEAD only to handlers that declare it, so this wraps the app
outside its router: the request runs as a GET (GETs never write) and only the headers go back."""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send


def answer_head_as_get(app: ASGIApp) -> ASGIApp:
    async def handle(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await app({**scope, "method": "GET"}, receive, headers_only)

    return handle
