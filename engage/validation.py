"""The one exception every service raises when input fails its rules."""

from __future__ import annotations


class FieldErrors(ValueError):
    """A refusal with a message per form field, ready for the error summary."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def bounded_text(errors: dict[str, str], field: str, value: str | None, limit: int, label: str, *,
                 missing: str = "") -> str:
    """`value` stripped. Records an error under `field` when it is empty and `missing` (the message
    for that) is given, or when it is longer than `limit`: "<label> must be N characters or fewer"."""
    value = (value or "").strip()
    if not value and missing:
        errors[field] = missing
    elif len(value) > limit:
        errors[field] = f"{label} must be {limit:,} characters or fewer"
    return value
