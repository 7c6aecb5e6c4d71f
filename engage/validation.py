"""The one exception every service raises when input fails its rules."""

from __future__ import annotations


class FieldErrors(ValueError):
    """A refusal with a message per form field, ready for the error summary."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
