"""Who is told: the designated safeguarding officers (chosen by admins), and officers' addresses."""

from __future__ import annotations

from engage.auth.roles import WRITERS
from engage.auth.tables import User
from engage.outbox.tables import SafeguardingOfficer
from engage.times import now


async def officer_accounts() -> list[dict]:
    """Active accounts that may act on a flag (admins and officers), by name."""
    return await User.select(User.id, User.email, User.name, User.role).where(
        (User.active == True) & User.role.is_in(sorted(WRITERS))).order_by(User.name).run()  # noqa: E712


async def designated_ids() -> set[int]:
    return {row["user_id"] for row in await SafeguardingOfficer.select(SafeguardingOfficer.user_id).run()}


async def designate(user_id: int, by: int | None) -> None:
    await SafeguardingOfficer.insert(SafeguardingOfficer(user_id=user_id, designated_by=by, designated_at=now())).on_conflict(
        target=SafeguardingOfficer.user_id, action="DO NOTHING").run()


async def undesignate(user_id: int) -> None:
    await SafeguardingOfficer.delete().where(SafeguardingOfficer.user_id == user_id).run()


async def safeguarding_addresses() -> list[str]:
    """The addresses of designated safeguarding officers whose accounts are still active."""
    ids = await designated_ids()
    if not ids:
        return []
    rows = await User.select(User.email).where(User.id.is_in(sorted(ids)) & (User.active == True)).run()  # noqa: E712
    return sorted(row["email"] for row in rows)


async def address_of(user_id: int | None) -> str:
    if user_id is None:
        return ""
    row = await User.select(User.email, User.active).where(User.id == user_id).first()
    return row["email"] if row and row["active"] else ""
