from __future__ import annotations

import datetime as dt
from typing import Any

from engage.audit.tables import AuditEvent


async def record(
    actor: Any | None, action: str, entity: str, entity_id: Any, detail: dict | None = None
) -> None:
    """Append one event. `actor` is the signed-in user, or an account row (a dict)."""
    if isinstance(actor, dict):
        actor_id, actor_email = actor.get("id"), actor.get("email", "")
    else:
        actor_id, actor_email = getattr(actor, "id", None), getattr(actor, "email", "")
    await AuditEvent.insert(
        AuditEvent(
            actor_id=actor_id,
            actor_email=actor_email or "",
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            detail=detail or {},
            at=dt.datetime.now(dt.timezone.utc),
        )
    ).run()


async def events_for(entity: str, entity_id: Any) -> list[dict]:
    return await AuditEvent.select().output(load_json=True).where(
        (AuditEvent.entity == entity) & (AuditEvent.entity_id == str(entity_id))
    ).order_by(AuditEvent.at, ascending=False).order_by(AuditEvent.id, ascending=False).run()


async def recent(limit: int = 200, offset: int = 0, entity: str | None = None) -> list[dict]:
    query = AuditEvent.select().output(load_json=True)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    return await query.order_by(AuditEvent.id, ascending=False).limit(limit).offset(offset).run()
