from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class User(Table, tablename="engage_user"):
    email = Varchar(length=254, unique=True)
    name = Varchar(length=120, default="")
    password_hash = Varchar(length=255)
    role = Varchar(length=20, index=True)
    active = Boolean(default=True)
    totp_secret = Varchar(length=200, null=True, default=None)  # sealed: engage.security.sealing
    created_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)
    # Raised when the account is deactivated (or its password changes): every session made
    # before carries the old number and is refused, so reactivating brings none of them back.
    session_generation = Integer(default=0)
    # Set by an admin's password reset: the next sign-in must choose a new password first.
    must_change_password = Boolean(default=False)


class ApiToken(Table, tablename="engage_api_token"):
    """A bearer token for scripts. Only a hash is stored; the token is shown once.

    It may do only what its scopes name (engage.auth.scopes), until it expires.
    """

    user = ForeignKey(references=User, index=True)
    name = Varchar(length=120)
    token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked = Boolean(default=False)
    scopes = Varchar(length=200, default="")  # space-separated scope names
    # Tokens from before expiry existed get "now" when the column is added: they stop working.
    expires_at = Timestamptz(default=TimestamptzNow())


class RecoveryCode(Table, tablename="engage_recovery_code"):
    """One of ten single-use codes that stand in for the authenticator app. Only a hash is kept;
    the codes are shown once, when made (engage.auth.recovery)."""

    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    code_hash = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    used_at = Timestamptz(null=True, default=None)
