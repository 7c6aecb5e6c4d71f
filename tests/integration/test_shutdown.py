"""`engage serve --workers 2` stops within seconds of SIGTERM, whatever state PostgreSQL left it in.

The server runs as a real subprocess and reaches PostgreSQL through a TCP proxy this test
controls, so the test can make the database vanish (connections stall, as in a network
partition) or drop every connection (a restart) and come back.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import PG_ADMIN_DSN, drop_postgres, fresh_postgres, run_engage, worker_id
from tests.support import free_port

STOP_WITHIN_SECONDS = 6.0


class Proxy:
    """A TCP relay to PostgreSQL: "forward", "stall" (hold every connection, pass nothing) or
    "drop" (close every connection and refuse new ones until forwarding again)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream, self.mode = upstream, "forward"
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            if self.mode == "drop":
                conn.close()
                continue
            with self.lock:
                self.sockets.append(conn)
            if self.mode == "stall":
                continue  # accepted, never answered
            try:
                up = socket.create_connection(self.upstream, timeout=5)
                up.settimeout(None)
            except OSError:
                conn.close()
                continue
            with self.lock:
                self.sockets.append(up)
            done = threading.Barrier(2)
            threading.Thread(target=self._pump, args=(conn, up, done), daemon=True).start()
            threading.Thread(target=self._pump, args=(up, conn, done), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, done: threading.Barrier) -> None:
        while True:
            try:
                data = src.recv(65536)
                if not data:
                    break
                if self.mode == "forward":
                    dst.sendall(data)
            except OSError:
                break
        # Wake the other direction with shutdown, and close only once both have stopped: a socket
        # closed under a thread still reading it frees its number for the next connection.
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if done.wait() == 0:
            src.close()
            dst.close()

    def set(self, mode: str) -> None:
        self.mode = mode
        if mode == "drop":
            with self.lock:
                doomed, self.sockets = self.sockets, []
            for s in doomed:
                try:
                    s.shutdown(socket.SHUT_RDWR)  # its pumps close it
                except OSError:
                    pass

    def close(self) -> None:
        self.set("drop")
        self.listener.close()


def _get(url: str, timeout: float = 3.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, TimeoutError):
        return 0


@pytest.fixture
def served():
    """A migrated PostgreSQL database, a proxy in front of it, and a way to start the server."""
    name = f"engage_shutdown_{worker_id()}"
    direct = fresh_postgres(name)
    run_engage("migrate", url=direct)
    host_port = PG_ADMIN_DSN.split("@", 1)[1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    proxy = Proxy((host, int(port or 5432)))
    through_proxy = direct.replace(host_port, f"127.0.0.1:{proxy.port}")
    processes: list[subprocess.Popen] = []

    def start() -> tuple[subprocess.Popen, str]:
        port = free_port()
        env = {**os.environ, "ENGAGE_DATABASE_URL": through_proxy, "ENGAGE_ENV": "test",
               "ENGAGE_DATABASE_POOL_SIZE": "4"}
        env.pop("ENGAGE_REDIS_URL", None)
        process = subprocess.Popen([sys.executable, "-m", "engage", "serve", "--workers", "2", "--port", str(port),
                                    "--no-migrate"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while _get(base + "/health") != 200:
            assert process.poll() is None, "the server exited while starting"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.3)
        return process, base

    yield proxy, start
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    proxy.close()
    drop_postgres(name)


def _stops_within(process: subprocess.Popen, seconds: float) -> float:
    began = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=seconds + 30)
    except subprocess.TimeoutExpired:
        pass
    took = time.monotonic() - began
    assert process.poll() is not None and took <= seconds, f"still running {took:.1f}s after SIGTERM"
    return took


def _load(base: str, n: int = 16, timeout: float = 3.0) -> list[int]:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: _get(base + "/api/consultations", timeout), range(n)))


def test_shutdown_after_an_outage_and_recovery(served):
    proxy, start = served
    process, base = start()
    assert set(_load(base)) == {200}
    proxy.set("drop")  # PostgreSQL restarts: every connection goes
    outage = _load(base)
    assert 500 not in outage and set(outage) <= {503, 0}, outage
    proxy.set("forward")
    deadline = time.monotonic() + 20
    while set(_load(base, 8)) != {200}:  # recovers without a restart
        assert time.monotonic() < deadline, "did not recover after the outage"
        time.sleep(0.5)
    _stops_within(process, STOP_WITHIN_SECONDS)


def test_shutdown_while_the_database_has_gone_silent(served):
    proxy, start = served
    process, base = start()
    assert set(_load(base)) == {200}
    proxy.set("stall")  # a network partition: connections stay open and nothing comes back
    stuck = threading.Thread(target=_load, args=(base, 8, 30.0), daemon=True)
    stuck.start()
    time.sleep(1.5)  # requests are now waiting on the database
    _stops_within(process, STOP_WITHIN_SECONDS)
