from piccolo.columns import Bytea, Integer, Timestamptz, Varchar
from piccolo.table import Table


class StoredValue(Table, tablename="engage_stored_value"):
    """A value with an expiry time (sessions, idempotency keys)."""

    key = Varchar(length=255, primary_key=True)
    value = Bytea()
    expires_at = Timestamptz(null=True, default=None, index=True)


class StoredCounter(Table, tablename="engage_stored_counter"):
    """A counter in a fixed window (failed logins, API submissions per client)."""

    key = Varchar(length=255, primary_key=True)
    count = Integer(default=0)
    expires_at = Timestamptz(index=True)
