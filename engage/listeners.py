"""Several uvicorn worker processes, each accepting on its own socket of the one port (SO_REUSEPORT).

uvicorn's `--workers` shares one listening socket between its processes, and whichever process
is awake when connections arrive accepts them, many at a time: under a burst of 32 kept-alive
connections (benchmarks/load.py) one of two workers took 28 of them and answered them all on one
core while the other had 4, and those 28 queues were the latency tail. With a socket each, the
kernel hands each new connection to a worker by a hash of its addresses, so they spread evenly.

A worker binds its socket when it starts and listens only once the app has started (uvicorn's
startup), so no connection is handed to a worker that cannot answer yet. Used where the system
has SO_REUSEPORT (Linux, the BSDs, macOS); elsewhere uvicorn's shared socket.
"""

from __future__ import annotations

import logging
import socket
import sys

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import multiprocess

log = logging.getLogger("engage")


def reuse_port_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def own_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port that other processes may bind too (SO_REUSEPORT), not yet listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


class OwnSocketProcess(multiprocess.Process):
    """uvicorn's worker process, serving its own socket instead of the one its supervisor shares."""

    def target(self, sockets=None) -> None:  # runs in the worker
        try:
            sock = own_socket(self.config.host, self.config.port)
        except OSError as error:
            log.error("could not bind %s:%s: %s", self.config.host, self.config.port, error)
            sys.exit(STARTUP_FAILURE)  # the supervisor stops rather than restart it again and again
        super().target([sock])


def run_workers(config: uvicorn.Config) -> None:
    """uvicorn's supervisor (restarts, signals, health checks) with a socket per worker. The supervisor
    itself holds no socket: a listening one there would take its share of connections and never answer."""
    # Sockets that share a port raise no error when a second server starts on it, so first check
    # that nothing holds the port (a plain bind, as uvicorn's own), as uvicorn would find out.
    try:
        probe = socket.socket(socket.AF_INET6 if ":" in config.host else socket.AF_INET, socket.SOCK_STREAM)
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((config.host, config.port))
        probe.close()
    except OSError as error:
        log.error("could not bind %s:%s: %s", config.host, config.port, error)
        sys.exit(STARTUP_FAILURE)
    # The supervisor makes its workers by this module-level name (at start, on a restart, on SIGTTIN).
    multiprocess.Process = OwnSocketProcess  # type: ignore[misc]
    multiprocess.Multiprocess(config, sockets=[]).run()


def serve(app: str, **options) -> None:
    """uvicorn.run(app, **options), with a listening socket per worker where there are several and the
    system has SO_REUSEPORT: how `engage serve` serves engage, and the load benchmark its ceiling."""
    if options.get("workers", 1) > 1 and reuse_port_available():
        run_workers(uvicorn.Config(app, **options))
    else:
        uvicorn.run(app, **options)
