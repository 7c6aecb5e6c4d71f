"""Accounts: create, authenticate, manage. No web imports."""

from __future__ import annotations

from engage.validation import FieldErrors
import datetime as dt
import re
import secrets

from engage.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from engage.auth.roles import ROLES
from engage.auth.tables import ApiToken, User

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")


class AccountError(FieldErrors):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def validate_new_user(email: str, role: str, password: str) -> dict[str, str]:
    errors = {}
    if not EMAIL_RE.match(email) or len(email) > 254:
        errors["email"] = "Enter an email address in the correct format, like name@example.org"
    if role not in ROLES:
        errors["role"] = "Select a role: admin, officer or executive"
    problem = password_problem(password)
    if problem:
        errors["password"] = problem
    return errors


async def create_user(email: str, role: str, password: str, name: str = "") -> dict:
    email = normalise_email(email)
    errors = validate_new_user(email, role, password)
    if not errors and await User.exists().where(User.email == email):
        errors["email"] = "An account with this email address already exists"
    if errors:
        raise AccountError(errors)
    rows = await User.insert(
        User(email=email, name=name.strip()[:120], role=role, password_hash=await hash_password(password))
    ).returning(User.id).run()
    return {"id": rows[0]["id"], "email": email, "role": role}


async def set_password(user_id: int, password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise AccountError({"password": problem})
    await User.update({User.password_hash: await hash_password(password)}).where(User.id == user_id).run()


async def authenticate(email: str, password: str) -> dict | None:
    """The account row when the email and password match an active account."""
    row = await User.select().where(User.email == normalise_email(email)).first()
    ok = await verify_password(row["password_hash"] if row else None, password)
    if not ok or row is None or not row["active"]:
        return None
    changes = {User.last_login_at: dt.datetime.now(dt.timezone.utc)}
    if needs_rehash(row["password_hash"]):
        changes[User.password_hash] = await hash_password(password)
    await User.update(changes).where(User.id == row["id"]).run()
    return row


async def list_users() -> list[dict]:
    return await User.select(
        User.id, User.email, User.name, User.role, User.active, User.created_at, User.last_login_at
    ).order_by(User.email).run()


async def get_user(user_id: int) -> dict | None:
    return await User.select(User.id, User.email, User.name, User.role, User.active).where(User.id == user_id).first()


async def update_user(user_id: int, role: str, active: bool) -> None:
    if role not in ROLES:
        raise AccountError({"role": "Select a role: admin, officer or executive"})
    await User.update({User.role: role, User.active: active}).where(User.id == user_id).run()


async def create_api_token(user_id: int, name: str) -> str:
    """Create a token; the plain value is returned once and never stored."""
    from engage.auth.middleware import token_hash

    name = (name or "").strip()
    if not name or len(name) > 120:
        raise AccountError({"name": "Enter a name for the token, 120 characters or fewer"})
    token = "eng_" + secrets.token_urlsafe(32)
    await ApiToken.insert(ApiToken(user=user_id, name=name, token_hash=token_hash(token))).run()
    return token


async def list_api_tokens(user_id: int) -> list[dict]:
    return await ApiToken.select(ApiToken.id, ApiToken.name, ApiToken.created_at, ApiToken.revoked).where(
        ApiToken.user == user_id
    ).order_by(ApiToken.id, ascending=False).run()


async def revoke_api_token(user_id: int, token_id: int) -> bool:
    rows = await ApiToken.update({ApiToken.revoked: True}).where(
        (ApiToken.id == token_id) & (ApiToken.user == user_id)
    ).returning(ApiToken.id).run()
    return bool(rows)
