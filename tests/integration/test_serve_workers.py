"""`engage serve --workers 2` shares connections out between its workers, and will not share its
port with another server (engage.listeners: a listening socket per worker).

Linux only (it reads which process holds each connection from /proc).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import drop_postgres, fresh_postgres, run_engage, worker_id
from tests.support import child_pids, free_port, wait_for

# One server for the module (none of the tests changes it), so its tests run together on one xdist worker.
pytestmark = [pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads connections from /proc"),
              pytest.mark.xdist_group("serve_workers")]


ESTABLISHED, LISTEN = "01", "0A"  # /proc/net/tcp's states


def _inodes(port: int, state: str) -> set[str]:
    """The socket inodes on `port` (IPv4 loopback) in `state`: connections accepted and still open
    (ESTABLISHED), or the sockets the server listens on (LISTEN)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == state:
            inodes.add(fields[9])
    return inodes


def _holder_of(inodes: set[str], pids: list[int]) -> Counter:
    held: Counter = Counter()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                held[pid] += 1
    return held


@pytest.fixture(scope="module")
def served():
    name = f"engage_serve_{worker_id()}"
    url = fresh_postgres(name)
    run_engage("migrate", url=url)
    port = free_port()
    env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_ENV": "test", "ENGAGE_DATABASE_POOL_SIZE": "2"}
    env.pop("ENGAGE_REDIS_URL", None)

    def serve() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "engage", "serve", "--workers", "2", "--port", str(port),
                                 "--no-migrate"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)

    process = serve()

    def answering() -> bool:
        assert process.poll() is None, "the server exited while starting"
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).status == 200
        except OSError:
            return False

    wait_for(answering, 120, "the server to start", every=0.3)

    def both_workers_accept() -> bool:
        # The first answer may come from one worker while the other still starts. A worker accepts once it
        # holds a listening socket on the port: its own, listening only after the app's start-up (engage.
        # listeners), or uvicorn's shared one, inherited at once (then the tests below fail, as they should).
        workers = [p for p in child_pids(process.pid) if Path(f"/proc/{p}/fd").exists()]
        return len(_holder_of(_inodes(port, LISTEN), workers)) == 2

    wait_for(both_workers_accept, 120, "both workers to accept connections", every=0.3)
    yield process, port, serve
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    drop_postgres(name)


def test_each_worker_listens_on_a_socket_of_its_own(served):
    # What spreads the connections, whatever the machine's load: the kernel hands each new connection
    # to one of two listening sockets by a hash of its addresses. With uvicorn's shared socket there is
    # one, held by both workers (and the supervisor), and whichever worker wakes first takes them all.
    process, port, _ = served
    listening = _inodes(port, LISTEN)
    workers = child_pids(process.pid)
    assert len(listening) == 2, f"listening sockets on the port: {len(listening)}"
    assert sorted(_holder_of(listening, workers).values()) == [1, 1]
    assert not _holder_of(listening, [process.pid]), "the supervisor holds no listening socket"


def test_kept_alive_connections_spread_across_both_workers(served):
    process, port, _ = served

    async def burst() -> Counter:
        async def resident():
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(2):
                writer.write(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                assert head.startswith(b"HTTP/1.1 200"), "every request is answered"
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
            return writer

        # 32 connections opened at once and kept, as a burst of residents' browsers (or load.py) does:
        # with one shared socket, the worker that woke first accepted all 32.
        writers = await asyncio.gather(*[resident() for _ in range(32)])
        try:
            return _holder_of(_inodes(port, ESTABLISHED), child_pids(process.pid))
        finally:
            for writer in writers:
                writer.close()

    held = asyncio.run(burst())
    assert sum(held.values()) == 32, held
    assert len(held) == 2 and min(held.values()) >= 4, f"connections per worker: {sorted(held.values())}"


def test_a_second_server_on_the_same_port_refuses_to_start(served):
    _, port, serve = served
    second = serve()
    try:
        output, _ = second.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("a second server started on the port (sockets that share a port raise no error)")
    finally:
        if second.poll() is None:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()
    assert second.returncode != 0
    assert "in use" in output
    assert urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5).status == 200
