"""Running jobs: `engage worker` (any queue, any number of processes and machines), and the
worker `engage serve` runs inside each web process on the embedded default (a SQLite queue).

A worker process holds: the queue (engage.jobs.queue), an event loop with the database engine
(engage.jobs.runner), leases and a heartbeat (engage.jobs.leases), and huey's consumer with
`threads` worker threads and the scheduler that enqueues periodic jobs and retries when due.
"""

from __future__ import annotations

import logging

from huey.consumer import Consumer

from engage import background
from engage.jobs import runner
from engage.jobs.config import is_immediate, kind, queue_url
from engage.jobs.leases import Leases
from engage.jobs.queue import JobQueue
from engage.settings import Settings
from engage.voices.pending import JOB

log = logging.getLogger("engage.jobs")

# Polling a SQLite queue: at most this long between looks when it is idle (Redis and PostgreSQL
# block on the store instead, and wake as soon as a job arrives).
MAX_POLL_SECONDS = 1.0
SHUTDOWN_SECONDS = 30


class Worker:
    """One process's worth of job running; start() returns at once, stop() ends it."""

    def __init__(self, settings: Settings, *, threads: int = 1, periodic: bool = True, heartbeat: float = 5.0,
                 engine=None, in_process: bool = False) -> None:
        self.queue = JobQueue(settings, immediate=False)
        self.runner = runner.LoopThread(settings, engine=engine)
        self.leases = Leases(self.queue.huey, heartbeat_seconds=heartbeat)
        consumer_class = _QuietConsumer if in_process else Consumer
        self.consumer = consumer_class(self.queue.huey, workers=threads, periodic=periodic, worker_type="thread",
                                       initial_delay=0.05, backoff=1.5, max_delay=MAX_POLL_SECONDS,
                                       shutdown_timeout=SHUTDOWN_SECONDS, graceful_signal="TERM")
        self.in_process = in_process
        self.periodic = periodic

    def prepare(self) -> None:
        """Everything but the consumer: the loop and engine, the heartbeat, and lost jobs put back."""
        self.runner.start()
        runner.install(self.runner)
        if not self.in_process:  # in a web process the app has installed its own queue
            background.install(self.queue.request)
        self.leases.connect()
        self.leases.start()
        if self.periodic:  # as the periodic jobs are: a worker started with --no-periodic leaves it to others
            self.sweep()

    def start(self) -> None:
        self.prepare()
        self.consumer.start()

    def sweep(self) -> None:
        """Written answers a stopped or killed process left unanalysed are taken up at once, not at
        the next minute's run (engage.voices.pending)."""

        try:
            self.queue._enqueue_unless_waiting(JOB, {})
        except Exception:  # noqa: BLE001 - the every-minute run does it anyway
            log.exception("could not queue %s at start", JOB)

    def stop(self, graceful: bool = True) -> None:
        try:
            self.consumer.stop(graceful=graceful)
            self.queue.huey.notify_interrupted_tasks()
        finally:
            self.close()

    def close(self) -> None:
        self.leases.stop()
        self.runner.stop()
        runner.install(None)
        self.queue.close()


class _QuietConsumer(Consumer):
    """huey's consumer without its signal handlers: inside `engage serve`, uvicorn owns the signals."""

    def _set_signal_handlers(self) -> None:
        pass


def run_worker(settings: Settings, *, threads: int = 1, periodic: bool = True, heartbeat: float = 5.0) -> None:
    """`engage worker`: run until SIGTERM (finish running jobs, up to 30 s) or SIGINT (stop now;
    running jobs go back on the queue)."""
    worker = Worker(settings, threads=threads, periodic=periodic, heartbeat=heartbeat)
    worker.prepare()
    log.info("engage worker %s: %d thread(s), periodic jobs %s", worker.leases.worker_id, threads,
             "on" if periodic else "off")
    try:
        # huey's own loop: starts the threads, handles signals, replaces worker threads that die, and
        # reports running tasks as interrupted when stopped (engage.jobs.leases queues them again).
        worker.consumer.run()
    finally:
        worker.close()


def runs_in_process(settings: Settings) -> bool:
    """`engage serve` runs a worker in each web process only for a SQLite queue (the embedded
    default): Redis and PostgreSQL queues are served by `engage worker` processes."""
    return kind(queue_url(settings)) == "sqlite"


def analyses_here(settings: Settings) -> bool:
    """Whether a web process analyses text itself: when jobs run at once in the caller (tests), or
    in the process (a SQLite queue). Only then does it load the analysis before taking requests;
    otherwise residents' written answers are analysed by `engage worker` processes, and a web
    process spares the memory (an officer's translation or meeting point still loads it on first use)."""
    return is_immediate(settings) or runs_in_process(settings)
