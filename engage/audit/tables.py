from piccolo.columns import JSON, Integer, Timestamptz, Varchar
from piccolo.table import Table


class AuditEvent(Table, tablename="engage_audit_event"):
    # The actor is kept as id and email, not a foreign key: the trail must outlive
    # the account it names.
    actor_id = Integer(null=True, default=None, index=True)
    actor_email = Varchar(length=254, default="")
    action = Varchar(length=60, index=True)
    entity = Varchar(length=60, index=True)
    entity_id = Varchar(length=60, index=True)
    detail = JSON(default={})
    at = Timestamptz(index=True)
