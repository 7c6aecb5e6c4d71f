"""Checks that re-attack a served engage (issue 12), one module per area.

Each module exposes `CHECKS: list[tuple[str, Callable[[Target], str | None]]]`: a check returns
None when the item holds, or a sentence saying what still fails. A check that cannot be made
against a running server from outside (it needs to stop the server, say) raises `Skipped`
naming the test that covers it. benchmarks/attack.py runs them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Target:
    base_url: str
    admin_email: str
    admin_password: str
    consultation_slug: str  # an open consultation (the runner finds one when none is given)
    admin_totp_secret: str | None = None  # where the admin already has two-step sign-in


class Skipped(Exception):
    """This item cannot be checked against a served instance; the message says what covers it."""


Check = Callable[[Target], "str | None"]


def all_checks() -> list[tuple[str, str, Check]]:
    """(module, name, check) for every module in this package, modules in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += [(info.name, name, check) for name, check in getattr(module, "CHECKS", [])]
    return found
