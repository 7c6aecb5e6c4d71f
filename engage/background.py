"""Asking for background work from any layer, without importing the job queue.

A lower layer (framework, summaries) says what should happen later:

    await background.request("summaries.refresh")
    await background.request("voices.reanalyse", reason="framework edited")

The app factory (and `engage worker`) installs the dispatcher, engage.jobs, which puts the
request on the queue (or, in immediate mode, runs it at once in the caller). Keeping this hook
in the kernel lets the queue sit at the top of the layers, beside the app and the CLI, while
any layer may ask for work.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

Dispatcher = Callable[[str, dict[str, Any]], Awaitable[None]]

log = logging.getLogger("engage.background")
_dispatcher: Dispatcher | None = None


def install(dispatcher: Dispatcher | None) -> None:
    """Send every later request to `dispatcher` (None: none installed)."""
    global _dispatcher
    _dispatcher = dispatcher


def current() -> Dispatcher | None:
    """The dispatcher installed now (tests put it back after swapping in their own)."""
    return _dispatcher


async def request(name: str, **kwargs: Any) -> None:
    """Ask for the job `name` to run with these keyword arguments (JSON-able values only).

    With no queue installed (a script using the services directly), the request is logged and
    dropped: the periodic jobs and the next request bring everything up to date anyway."""
    if _dispatcher is None:
        log.info("no job queue installed; %s not requested", name)
        return
    await _dispatcher(name, kwargs)
