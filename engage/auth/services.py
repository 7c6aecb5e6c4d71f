"""Accounts: create, authenticate, manage. No web imports."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from engage.auth.lookalikes import lookalike_problem
from engage.auth.password_policy import password_problem
from engage.auth.passwords import hash_password, needs_rehash, verify_password
from engage.auth import scopes as scopes_catalogue
from engage.auth.roles import ROLES
from engage.auth.tables import ApiToken, User
from engage.times import aware, now
from engage.validation import FieldErrors

LAST_USED_EVERY = dt.timedelta(minutes=1)
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


class AccountError(FieldErrors):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def validate_new_user(email: str, role: str, password: str) -> dict[str, str]:
    errors = {}
    if not EMAIL_RE.match(email) or len(email) > 254:
        errors["email"] = "Enter an email address in the correct format, like name@example.org"
    elif lookalike := lookalike_problem(email):
        errors["email"] = lookalike
    if role not in ROLES:
        errors["role"] = "Select a role: admin, officer or executive"
    problem = password_problem(password, email)
    if problem:
        errors["password"] = problem
    return errors


async def create_user(email: str, role: str, password: str, name: str = "", *, must_change: bool = False) -> dict:
    email = normalise_email(email)
    errors = validate_new_user(email, role, password)
    if not errors and await User.exists().where(User.email == email):
        errors["email"] = "An account with this email address already exists"
    if errors:
        raise AccountError(errors)
    rows = await User.insert(
        User(email=email, name=name.strip()[:120], role=role, password_hash=await hash_password(password),
             must_change_password=must_change)
    ).returning(User.id).run()
    return {"id": rows[0]["id"], "email": email, "role": role}


async def set_password(user_id: int, password: str, field: str = "password") -> int:
    """Give the account a new password; every session made before ends. The new generation is returned."""
    row = await User.select(User.email).where(User.id == user_id).first()
    problem = password_problem(password, row["email"] if row else "")
    if problem:
        raise AccountError({field: problem})
    await User.update({User.password_hash: await hash_password(password), User.must_change_password: False}).where(
        User.id == user_id).run()
    return await end_sessions(user_id)  # whoever knew the old password is signed out


def temporary_password() -> str:
    """A password an admin passes on by hand: 4 groups of 5 letters and digits, ~100 bits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l, 1, o, 0, i)
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


async def reset_password(user_id: int) -> str:
    """An admin's reset: a temporary password, every session ended, and a new password to be chosen
    at the next sign-in. The temporary password is returned once, to show the admin."""
    password = temporary_password()
    await User.update({User.password_hash: await hash_password(password), User.must_change_password: True}).where(
        User.id == user_id).run()
    await end_sessions(user_id)
    return password


async def change_password(user_id: int, current: str, new: str) -> int:
    """An officer's own change: the current password first, then the rules for the new one."""
    row = await User.select(User.password_hash).where(User.id == user_id).first()
    if row is None or not await verify_password(row["password_hash"], current):
        raise AccountError({"current_password": "Enter your current password correctly"})
    return await set_password(user_id, new, field="new_password")


async def authenticate(email: str, password: str) -> dict | None:
    """The account row when the email and password match an active account."""
    row = await User.select().where(User.email == normalise_email(email)).first()
    ok = await verify_password(row["password_hash"] if row else None, password)
    if not ok or row is None or not row["active"]:
        return None
    changes = {User.last_login_at: now()}
    if needs_rehash(row["password_hash"]):
        changes[User.password_hash] = await hash_password(password)
    await User.update(changes).where(User.id == row["id"]).run()
    return row


async def list_users() -> list[dict]:
    return await User.select(
        User.id, User.email, User.name, User.role, User.active, User.created_at, User.last_login_at,
        User.must_change_password).order_by(User.email).run()


async def get_user(user_id: int) -> dict | None:
    return await User.select(User.id, User.email, User.name, User.role, User.active, User.session_generation,
                             User.must_change_password).where(User.id == user_id).first()


async def update_user(user_id: int, role: str, active: bool) -> None:
    if role not in ROLES:
        raise AccountError({"role": "Select a role: admin, officer or executive"})
    await User.update({User.role: role, User.active: active}).where(User.id == user_id).run()
    if not active:
        # Reactivating later must not bring back what was signed in before.
        await end_every_session(user_id)


async def create_api_token(user_id: int, name: str, scopes: list[str] | None = None,
                           days: int = scopes_catalogue.DEFAULT_LIFETIME_DAYS) -> str:
    """Create a token; the plain value is returned once and never stored.

    `scopes` defaults to every scope the owner's role may hold; `days` is its lifetime.
    """
    owner = await User.select(User.role).where(User.id == user_id).first()
    allowed = {scope.name for scope in scopes_catalogue.allowed_for(owner["role"] if owner else "")}
    chosen = sorted(allowed if scopes is None else set(scopes))
    name = (name or "").strip()
    errors = {}
    if not name or len(name) > 120:
        errors["name"] = "Enter a name for the token, 120 characters or fewer"
    if not chosen:
        errors["scopes"] = "Select what the token may do"
    elif not set(chosen) <= allowed:
        errors["scopes"] = "Select only what your role allows"
    if not 1 <= days <= scopes_catalogue.MAX_LIFETIME_DAYS:
        errors["days"] = f"Select how long the token lasts, at most {scopes_catalogue.MAX_LIFETIME_DAYS} days"
    if errors:
        raise AccountError(errors)
    token = "eng_" + secrets.token_urlsafe(32)
    await ApiToken.insert(ApiToken(user=user_id, name=name, token_hash=token_hash(token), scopes=" ".join(chosen),
                                   expires_at=now() + dt.timedelta(days=days))).run()
    return token


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def user_for_token(token: str) -> dict | None:
    """The account and scopes behind a live token (not revoked, not expired, owner active).

    Its last use is recorded, at most once a minute so a busy script does not write on every call.
    """
    at = now()
    row = await ApiToken.select(
        ApiToken.id, ApiToken.scopes, ApiToken.last_used_at, ApiToken.user.id, ApiToken.user.email,
        ApiToken.user.name, ApiToken.user.role, ApiToken.user.active,
    ).where((ApiToken.token_hash == token_hash(token)) & (ApiToken.revoked == False)  # noqa: E712
            & (ApiToken.expires_at > at)).first()
    if row is None or not row["user.active"]:
        return None
    last = aware(row["last_used_at"])
    if last is None or at - last >= LAST_USED_EVERY:
        await ApiToken.update({ApiToken.last_used_at: at}).where(ApiToken.id == row["id"]).run()
    return {"id": row["user.id"], "email": row["user.email"], "name": row["user.name"], "role": row["user.role"],
            "scopes": frozenset(row["scopes"].split())}


async def list_api_tokens(user_id: int) -> list[dict]:
    rows = await ApiToken.select(ApiToken.id, ApiToken.name, ApiToken.created_at, ApiToken.revoked, ApiToken.scopes,
                                 ApiToken.expires_at, ApiToken.last_used_at).where(
        ApiToken.user == user_id
    ).order_by(ApiToken.id, ascending=False).run()
    at = now()
    for row in rows:
        row["scopes"] = row["scopes"].split()
        row["expired"] = aware(row["expires_at"]) <= at
    return rows


async def revoke_api_token(user_id: int, token_id: int) -> bool:
    rows = await ApiToken.update({ApiToken.revoked: True}).where(
        (ApiToken.id == token_id) & (ApiToken.user == user_id)
    ).returning(ApiToken.id).run()
    return bool(rows)


async def end_sessions(user_id: int) -> int:
    """Every session made so far stops working (its generation no longer matches); the new one is returned."""
    rows = await User.update({User.session_generation: User.session_generation + 1}).where(
        User.id == user_id).returning(User.session_generation).run()
    return rows[0]["session_generation"] if rows else 0


async def end_every_session(user_id: int) -> None:
    """Sign the account out everywhere: its sessions and its tokens stop working for good."""
    await end_sessions(user_id)
    await ApiToken.update({ApiToken.revoked: True}).where(ApiToken.user == user_id).run()
