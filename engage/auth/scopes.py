"""What an API token may do: a few scopes, each for one area of the API and read or write.

A route opens itself to tokens by naming its area in `opt={"token_area": ...}` (on the
handler or its controller); GET asks for `read:<area>`, anything else for `write:<area>`. A
route that names no area refuses every token, so account and privacy administration, token
minting and every HTML page need a signed-in session with its CSRF token and second factor,
and a page added later is closed to tokens until someone decides otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from engage.auth.roles import READERS, WRITERS

TOKEN_AREA = "token_area"  # the opt key a route handler sets
DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 365
LIFETIME_CHOICES = (7, 30, 90, 180, 365)


@dataclass(frozen=True)
class Scope:
    name: str
    label: str
    roles: frozenset[str]  # roles that may hold it (a token never does more than its owner)


SCOPES = (
    Scope("read:summaries", "Read summaries and the priority review (/api/summaries)", READERS),
    Scope("read:responses", "Download consultation responses (responses.csv)", WRITERS),
    Scope("read:meetings", "Read meetings and feedback points (/api/meetings, /api/points)", READERS),
    Scope("write:meetings", "Record and change meetings and feedback points", WRITERS),
)


def needed(method: str, area: str) -> str:
    return f"{'read' if method.upper() in ('GET', 'HEAD') else 'write'}:{area}"


def allowed_for(role: str) -> tuple[Scope, ...]:
    return tuple(scope for scope in SCOPES if role in scope.roles)
