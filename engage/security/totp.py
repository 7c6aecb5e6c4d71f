"""Time-based one-time passwords (RFC 6238) with pyotp. No web imports.

Officers may turn them on; admins must. A code is good for its 30-second step and one
step either side (clock drift), and only once: the step it matched is remembered in the
shared store, so a code seen over someone's shoulder cannot be replayed.
"""

from __future__ import annotations

import hmac
import time

import pyotp
from litestar.exceptions import HTTPException

from engage.auth.roles import ADMINS
from engage.auth.tables import User
from engage.security import sealing

STEP_SECONDS = 30
ISSUER = "engage"
REQUIRED_FOR = ADMINS  # roles that may not reach officer pages without a second factor
ENROL_PATH = "/officer/account/totp"
SEALED_AS = "totp seed"  # the seed is stored sealed (engage.security.sealing), never in the clear


class TotpEnrolmentRequired(HTTPException):
    """An admin without a second factor asked for an officer page: send them to enrol."""

    status_code = 403
    detail = "Set up two-step sign-in (an authenticator app) before using admin pages."


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters, 160 bits


def provisioning_uri(secret: str, email: str, issuer: str = ISSUER) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The set-up link as a QR code, an inline SVG drawn on the server (segno): no image request,
    no third party, and it reads with the page's scripts off. A white border keeps it scannable in
    dark themes; role and title name it for screen readers (the typed key is given beside it)."""
    # segno on first use only: start-up cost for the processes that never draw a QR code.
    import segno

    svg = segno.make(uri, error="m").svg_inline(scale=4, border=4, dark="#000", light="#fff",
                                                title="QR code for your authenticator app")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def clean_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())[:10]


def matching_step(secret: str, code: str, at: float | None = None) -> int | None:
    """The time step a six-digit code belongs to (this one or either neighbour), or None."""
    code = clean_code(code)
    if len(code) != 6 or not secret:
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if at is None else at
    found = None
    for offset in (-1, 0, 1):  # check all three so timing does not reveal which matched
        t = now + offset * STEP_SECONDS
        if hmac.compare_digest(totp.at(t), code):
            found = int(t // STEP_SECONDS)
    return found


async def accept_code(store, user_id: int, secret: str, code: str) -> bool:
    """True once for a right code; the same code (time step) a second time is refused."""
    step = matching_step(secret, code)
    if step is None:
        return False
    return await store.add(f"totp-used:{user_id}:{step}", b"1", STEP_SECONDS * 4)


async def secret_for(user_id: int, secret_key: str) -> str | None:
    """The user's TOTP seed, or None when they have none (or it was sealed under another key)."""
    row = await User.select(User.totp_secret).where(User.id == user_id).first()
    return sealing.unseal(secret_key, SEALED_AS, row["totp_secret"]) if row else None


async def enable(user_id: int, secret: str, secret_key: str) -> None:
    await User.update({User.totp_secret: sealing.seal(secret_key, SEALED_AS, secret)}).where(User.id == user_id).run()


async def disable(user_id: int) -> None:
    await User.update({User.totp_secret: None}).where(User.id == user_id).run()
