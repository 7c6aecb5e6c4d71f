"""Small helpers for GOV.UK-style forms: reading posted fields and building the error summary."""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import unquote, urlsplit

from litestar import Request

MAX_FIELD_LENGTH = 20_000


async def form_fields(request: Request) -> dict[str, list[str]]:
    """Every posted field as a list of strings (checkboxes post several values)."""
    form = await request.form()
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            # NUL cannot be stored (PostgreSQL) or typed; urlencoded bodies lose it in
            # engage.web.input_guard, multipart ones here.
            fields.setdefault(key.replace("\x00", ""), []).append(value.replace("\x00", "")[:MAX_FIELD_LENGTH])
    return fields


def first(fields: dict[str, list[str]], name: str, default: str = "") -> str:
    values = fields.get(name)
    return values[0] if values else default


def error_summary(errors: dict[str, str], ids: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The list the error summary component wants: each message linking to its field."""
    ids = ids or {}
    return [{"text": message, "href": f"#{ids.get(name, name)}"} for name, message in errors.items()]


MAX_NEXT_LENGTH = 2000


def _unsafe_path(path: str) -> bool:
    """True unless `path` can only mean a page on this site, however a browser reads it.

    Browsers drop tabs, CR and LF from URLs and read a backslash as a slash, so `/\t/evil.example`
    and `/\\evil.example` both become `//evil.example`: another host. Any control or invisible
    character, any backslash, a leading `//`, or a scheme or host is refused outright.
    """

    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return True
    if any((ch.isspace() and ch != " ") or unicodedata.category(ch)[0] == "C" for ch in path):
        return True
    parts = urlsplit(path)
    return bool(parts.scheme or parts.netloc)


def safe_next(target: str | None, default: str = "/officer") -> str:
    """Only same-site paths, so a sign-in link cannot send people elsewhere (or break the response).

    The path is checked as given and again after percent-decoding (up to three rounds), so an
    encoded `%2F%2Fevil.example` or `%0d%0a` is refused like the plain one.
    """

    if not target or len(target) > MAX_NEXT_LENGTH:
        return default
    seen = target
    for _ in range(4):
        if _unsafe_path(seen):
            return default
        decoded = unquote(seen)
        if decoded == seen:
            return target
        seen = decoded
    return default  # still changing after several rounds of decoding: not a path anyone types
