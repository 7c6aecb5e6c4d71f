"""What a handler may ask for by name, injected by Litestar (engage.app registers the providers once).

    async def submit(self, request: Request, settings: SettingsDep, store: StoreDep) -> Response: ...

A handler names what it needs instead of reaching into `request.app.state`, so it shows in the
signature, and a test can build an app with another store or settings without patching.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.di import NamedDependency
from litestar.params import SkipValidation

from engage.auth.cookies import Cookies
from engage.auth.sessions import SessionPolicy
from engage.auth.throttle import LoginThrottle
from engage.settings import Settings
from engage.store.backends import SharedStore
from engage.web.client_limits import ClientLimits

# Not validated: they are the app's own objects, not input (and the store's type is a Protocol).
SettingsDep = NamedDependency[SkipValidation[Settings]]  # as `settings`
StoreDep = NamedDependency[SkipValidation[SharedStore]]  # as `store`: sessions, limits, kept work (engage.store)
ThrottleDep = NamedDependency[SkipValidation[LoginThrottle]]  # as `throttle`: failed sign-ins per account and client
CookieNamesDep = NamedDependency[SkipValidation[Cookies]]  # as `cookie_names` (`cookies` is the request's own)
SessionPolicyDep = NamedDependency[SkipValidation[SessionPolicy]]  # as `session_policy`
ClientLimitsDep = NamedDependency[SkipValidation[ClientLimits]]  # as `limits`: anonymous actions per client


@dataclass(frozen=True)
class Submitting:
    """`settings`, `store` and `limits` as one dependency (as `submitting`), for the submission routes:
    Litestar resolves several dependencies of a handler concurrently, in a task group with a task
    each, which was a tenth of a submission's CPU; one is resolved in line."""

    settings: Settings
    store: SharedStore
    limits: ClientLimits


SubmittingDep = NamedDependency[SkipValidation[Submitting]]
