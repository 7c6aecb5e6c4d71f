"""The signed-in officer, as request handlers and templates see them."""

from __future__ import annotations

from dataclasses import dataclass

from engage.auth.roles import ADMIN, READERS, ROLE_LABELS, WRITERS


@dataclass(frozen=True)
class CurrentUser:
    id: int
    email: str
    name: str
    role: str
    via_token: bool = False
    totp_enabled: bool = False  # a second factor is set up (required for admins)
    token_scopes: frozenset[str] = frozenset()  # what the API token may do (engage.auth.scopes)
    must_change_password: bool = False  # an admin reset it: only the password page until it is changed

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS

    @property
    def can_read(self) -> bool:
        return self.role in READERS

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def display_name(self) -> str:
        return self.name or self.email
