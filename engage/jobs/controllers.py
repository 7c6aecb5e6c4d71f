"""The admins' page for background work: what is queued, scheduled, running and failed, with
retry and discard. Plain forms (CSRF-protected POSTs answered with a 303), so it works without
JavaScript."""

from __future__ import annotations

import re

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, SkipValidation
from litestar.response import Redirect

from engage.audit import services as audit
from engage.auth.guards import admins_only, current_user
from engage.jobs import leases
from engage.jobs.config import describe
from engage.jobs.queue import JobQueue, off_loop
from engage.web.templating import render

PATH = "/officer/admin/jobs"
TASK_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DONE = {"retried": "The job is queued again.", "discarded": "The job was discarded."}


JobsDep = NamedDependency[SkipValidation[JobQueue]]  # as `jobs` (engage.app provides it; engage.web.dependencies has the rest)


def _overview(queue: JobQueue) -> dict:
    """Everything the page shows, read from the queue's store (blocking: called in a thread)."""
    return {"queued": queue.queued(), "scheduled": queue.scheduled(), "running": queue.running(),
            "failed": queue.failed(), "workers": sorted(leases.items(queue.huey, leases.HEARTBEAT))}


def _task_id(job_id: str) -> str:
    if not TASK_ID.fullmatch(job_id):
        raise NotFoundException()
    return job_id


class JobsAdminController(Controller):
    path = PATH
    guards = [admins_only]
    include_in_schema = False

    @get("/")
    async def index(self, request: Request, jobs: JobsDep) -> Response:
        queue = jobs
        context = await off_loop(_overview, queue)
        done = request.query_params.get("done", "")
        return render(request, "officer/jobs.html", {
            **context, "where": describe(queue.settings), "immediate": queue.immediate,
            "done": DONE.get(done, "")})

    @post("/{job_id:str}/retry")
    async def retry(self, request: Request, job_id: FromPath[str], jobs: JobsDep) -> Response:
        queue = jobs
        task_id = _task_id(job_id)
        new_id = await off_loop(queue.retry, task_id)
        if new_id is None:
            raise NotFoundException()
        await audit.record(current_user(request), "retry", "job", task_id[:60], {"queued_as": new_id})
        return Redirect(f"{PATH}?done=retried", status_code=303)

    @post("/{job_id:str}/discard")
    async def discard(self, request: Request, job_id: FromPath[str], jobs: JobsDep) -> Response:
        queue = jobs
        task_id = _task_id(job_id)
        if not await off_loop(queue.discard, task_id):
            raise NotFoundException()
        await audit.record(current_user(request), "discard", "job", task_id[:60])
        return Redirect(f"{PATH}?done=discarded", status_code=303)
