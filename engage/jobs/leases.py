"""Jobs in flight, so a job whose worker dies (killed, out of memory, the machine lost) runs again.

huey takes a task off the queue before running it. To lose nothing, each worker records
the task it starts (a lease: the task itself and the worker's id) in the queue's own store, and
writes a heartbeat every few seconds. Any worker that finds a lease whose worker has stopped
beating puts the task back on the queue; taking the lease away is atomic (`pop`), so however
many workers look, the task goes back once. A stopped worker (SIGINT/SIGTERM) puts back what
it was running itself. Jobs are written to be safe to repeat (engage.jobs.registry), so a task
cut off part-way simply runs again from the start, and it is recorded as done once.

It also keeps what admins see: the last error of a task waiting to retry, and failed tasks
(retries used up) with their error, until retried or discarded.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from dataclasses import dataclass

from huey import signals as S
from huey.api import Huey
from huey.constants import EmptyData

log = logging.getLogger("engage.jobs")

RUNNING = "engage:running:"
HEARTBEAT = "engage:worker:"
FAILED = "engage:failed:"
LAST_ERROR = "engage:error:"
# The signals after which a task is no longer running in this worker.
FINISHED = (S.SIGNAL_COMPLETE, S.SIGNAL_ERROR, S.SIGNAL_CANCELED, S.SIGNAL_EXPIRED, S.SIGNAL_REVOKED,
            S.SIGNAL_TIMEOUT, S.SIGNAL_LOCKED, S.SIGNAL_RATE_LIMITED)


def _encode(value: dict) -> bytes:
    return json.dumps(value, default=str).encode()


def _decode(raw) -> dict | None:
    if raw is EmptyData or raw is None:
        return None
    try:
        return json.loads(bytes(raw).decode())
    except (ValueError, UnicodeDecodeError):
        return None


def describe_error(exc: BaseException) -> str:
    """One line for admins: the exception's type and message, without the traceback."""
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return text[-1000:]


def items(huey: Huey, prefix: str) -> dict[str, dict]:
    """Every record under a prefix, by the rest of its key."""
    out = {}
    for key, raw in huey.storage.result_items().items():
        key = key.decode() if isinstance(key, bytes) else key
        if key.startswith(prefix):
            value = _decode(raw)
            if value is not None:
                out[key[len(prefix):]] = value
    return out


def record_failure(huey: Huey, task, exc: BaseException) -> None:
    """On an error: the last error while retries are left; a failed record when they are used up."""
    error = describe_error(exc)
    if task.retries:
        huey.storage.put_data(LAST_ERROR + task.id, _encode({"error": error, "at": time.time()}))
        return
    huey.storage.delete_data(LAST_ERROR + task.id)
    huey.storage.put_data(FAILED + task.id, _encode({
        "id": task.id, "name": task.name, "kwargs": task.kwargs or {}, "error": error, "failed_at": time.time()}))


def clear_errors(huey: Huey, task) -> None:
    huey.storage.delete_data(LAST_ERROR + task.id)


@dataclass
class Leases:
    """One worker process's leases and heartbeat."""
    huey: Huey
    heartbeat_seconds: float = 5.0
    worker_id: str = ""

    def __post_init__(self) -> None:
        self.worker_id = self.worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def stale_after(self) -> float:
        return self.heartbeat_seconds * 3

    # -- signals from huey, in the worker's threads ---------------------------------------

    def connect(self) -> None:
        self.huey.signal(S.SIGNAL_EXECUTING)(self._on_executing)
        self.huey.signal(*FINISHED)(self._on_finished)
        self.huey.signal(S.SIGNAL_INTERRUPTED)(self._on_interrupted)

    def _on_executing(self, signal, task, *args) -> None:
        data = base64.b64encode(self.huey.serialize_task(task)).decode()
        self.huey.storage.put_data(RUNNING + task.id, _encode({
            "worker": self.worker_id, "name": task.name, "kwargs": task.kwargs or {}, "started": time.time(),
            "task": data}))

    def _on_finished(self, signal, task, *args) -> None:
        self.huey.storage.delete_data(RUNNING + task.id)
        if signal == S.SIGNAL_ERROR and args:
            record_failure(self.huey, task, args[0])
        elif signal == S.SIGNAL_COMPLETE:
            clear_errors(self.huey, task)

    def _on_interrupted(self, signal, task, *args) -> None:
        # Stopped before the task finished: put it back now rather than wait for the lease to go stale.
        if self.huey.storage.pop_data(RUNNING + task.id) is not EmptyData:
            self.huey.enqueue(task)
            log.warning("job %s (%s) interrupted by shutdown; queued again", task.name, task.id)

    # -- heartbeat and recovery --------------------------------------------------------------

    def beat(self) -> None:
        self.huey.storage.put_data(HEARTBEAT + self.worker_id, _encode({"at": time.time()}))

    def recover(self) -> list[str]:
        """Put back every task whose worker stopped beating; the ids put back."""
        beats = items(self.huey, HEARTBEAT)
        now = time.time()
        alive = {w for w, b in beats.items() if now - float(b.get("at", 0)) < self.stale_after}
        alive.add(self.worker_id)
        recovered = []
        for task_id, lease in items(self.huey, RUNNING).items():
            if lease.get("worker") in alive:
                continue
            record = _decode(self.huey.storage.pop_data(RUNNING + task_id))
            if record is None:
                continue  # another worker put it back first
            self.huey.storage.enqueue(base64.b64decode(record["task"]))
            recovered.append(task_id)
            log.warning("job %s (%s) was running on %s, which stopped; queued again",
                        lease.get("name"), task_id, lease.get("worker"))
        for worker, b in beats.items():
            if worker not in alive and now - float(b.get("at", 0)) > self.stale_after * 10:
                self.huey.storage.delete_data(HEARTBEAT + worker)  # long gone: forget it
        return recovered

    def start(self) -> None:
        self.beat()
        self.recover()
        self._thread = threading.Thread(target=self._loop, name="engage-jobs-heartbeat", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.heartbeat_seconds):
            try:
                self.beat()
                self.recover()
            except Exception:  # noqa: BLE001 - a store blip must not stop the heartbeat for good
                log.warning("job heartbeat failed", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.heartbeat_seconds + 1)
        try:
            self.huey.storage.delete_data(HEARTBEAT + self.worker_id)
        except Exception:  # noqa: BLE001
            pass
