"""Small helpers for GOV.UK-style forms: reading posted fields and building the error summary."""

from __future__ import annotations

from typing import Any

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


def safe_next(target: str | None, default: str = "/officer") -> str:
    """Only same-site paths, so a login link cannot send people elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
