"""Load and reliability benchmark: prints figures, asserts nothing but exactly-once storage.

Loopback only, bounded in time and count. It
1. creates a fresh PostgreSQL database, loads the demo data (`engage demo`),
2. serves engage with several workers (`engage serve --workers N`, Redis as the shared store), and
   beside it a bare Litestar + asyncpg endpoint that inserts one row (benchmarks/bare_app.py)
   with the same workers: the ceiling on this machine,
3. drives residents (list, page, form, submit) and executives (sign in, dashboard and summary
   pages) together with an asyncio httpx client,
4. then, --rounds times, the submission path alone and the ceiling in turn, driven the same way,
5. prints throughput, median and p99 latency and errors per phase, each round's ratio of the
   submission path to the ceiling and their median, and checks every accepted submission is
   stored exactly once.

    .venv/bin/python benchmarks/load.py --workers 2 --seconds 10 --concurrency 16 --rounds 3

Exit status 1 when a submission was lost or stored twice, or any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_admin import admin, dsn_for  # noqa: E402

from surveys.responses import receipt_hash  # noqa: E402  (the store keeps only receipts' keyed hashes)

# The served instance's key, so the integrity check can find each accepted receipt's row.
BENCH_SECRET = secrets.token_urlsafe(48)

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("ENGAGE_BENCH_REDIS", "redis://127.0.0.1:6379/13")
SLUG = "knife-crime-serious-violence-strategy"
MAX_REQUESTS = 200_000  # a hard cap whatever the duration
SUMMARY_PAGES = ("/officer", "/officer/summaries", "/officer/summaries/priorities")


def loopback(url: str) -> str:
    host = httpx.URL(url).host
    assert host in {"127.0.0.1", "localhost", "::1"}, f"refusing to load anything but loopback: {url}"
    return url


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    requests: int = 0

    def merge(self, other: "Stats") -> None:
        for kind, values in other.latencies.items():
            self.latencies[kind] += values
        for kind, n in other.errors.items():
            self.errors[kind] += n
        self.error_samples = (self.error_samples + other.error_samples)[:5]
        self.receipts += other.receipts
        self.requests += other.requests

    def add(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.requests += 1
        self.latencies[kind].append(seconds)
        if not ok:
            self.errors[kind] += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(f"{kind}: {detail[:200]}")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(title: str, stats: Stats, seconds: float) -> None:
    print(f"\n== {title}: {stats.requests} requests in {seconds:.1f}s = {stats.requests / seconds:.0f} req/s")
    print(f"  {'kind':<10} {'count':>7} {'per s':>8} {'median ms':>10} {'p99 ms':>8} {'errors':>7}")
    every = []
    for kind, values in sorted(stats.latencies.items()):
        every += values
        print(f"  {kind:<10} {len(values):>7} {len(values) / seconds:>8.1f} {statistics.median(values) * 1000:>10.1f} "
              f"{pct(values, 99) * 1000:>8.1f} {stats.errors.get(kind, 0):>7}")
    if every:
        print(f"  {'all':<10} {len(every):>7} {len(every) / seconds:>8.1f} {statistics.median(every) * 1000:>10.1f} "
              f"{pct(every, 99) * 1000:>8.1f} {sum(stats.errors.values()):>7}")
    for sample in stats.error_samples:
        print("  error:", sample)


INPUT = re.compile(r"<input\b([^>]*)>", re.S)
ATTR = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


def form_fields(html: str) -> dict[str, str]:
    """The fields a resident would fill: hidden fields, and the first option of each radio group.
    A regex, not an HTML parser: the load generator shares the CPUs with the server."""
    fields: dict[str, str] = {}
    for match in INPUT.finditer(html):
        a = dict(ATTR.findall(match.group(1)))
        name, kind = a.get("name"), a.get("type", "text")
        if not name:
            continue
        if kind == "hidden" or (kind == "radio" and name.startswith("q") and name not in fields):
            fields[name] = a.get("value", "")
    return fields


def form_body(html_or_fields) -> dict[str, str]:
    fields = form_fields(html_or_fields) if isinstance(html_or_fields, str) else html_or_fields
    return {**fields, "submission_id": secrets.token_hex(16)}


async def timed(stats: Stats, kind: str, coro, expect: tuple[int, ...] = (200,)):
    start = time.perf_counter()
    try:
        response = await coro
    except Exception as exc:  # noqa: BLE001 - a failed request is a figure, not a crash
        stats.add(kind, time.perf_counter() - start, False, f"{type(exc).__name__}: {exc}")
        return None
    ok = response.status_code in expect
    stats.add(kind, time.perf_counter() - start, ok, f"{response.status_code} {response.text[:120]}")
    return response if ok else None


async def resident(base: str, stats: Stats, deadline: float, submit_only: bool = False) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        fields = None
        while time.monotonic() < deadline and stats.requests < MAX_REQUESTS:
            if not submit_only or fields is None:
                if not submit_only:
                    await timed(stats, "list", client.get("/"))
                    await timed(stats, "page", client.get(f"/consultations/{SLUG}"))
                form = await timed(stats, "form", client.get(f"/consultations/{SLUG}/respond"))
                if form is None:
                    continue
                fields = form_fields(form.text)
            body = form_body(fields)
            response = await timed(stats, "submit", client.post(f"/consultations/{SLUG}/respond", data=body),
                                   expect=(303,))
            if response is not None:
                match = re.search(r"engage_receipt=([A-Z0-9-]+)", response.headers.get("set-cookie", ""))
                if match:
                    stats.receipts.append(match.group(1))
                else:
                    stats.add("receipt", 0, False, "303 without a receipt")


async def executive(base: str, stats: Stats, deadline: float, email: str, password: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await client.get("/login")
        token = client.cookies.get("engage_csrf")
        signed = await timed(stats, "login", client.post("/login", data={"email": email, "password": password,
                                                                         "_csrf_token": token}), expect=(303,))
        if signed is None:
            return
        pages = [p for p in SUMMARY_PAGES]
        n = 0
        while time.monotonic() < deadline and stats.requests < MAX_REQUESTS:
            await timed(stats, "summary", client.get(pages[n % len(pages)]), expect=(200,))
            n += 1


async def bare_client(base: str, stats: Stats, deadline: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline and stats.requests < MAX_REQUESTS:
            response = await timed(stats, "insert", client.post("/submit", content=b"q1=Agree&q2=4"), expect=(201,))
            if response is not None:
                stats.receipts.append(response.json()["receipt"])


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early ({proc.returncode}): {proc.stdout.read() if proc.stdout else ''}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server at {url} did not start")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=15, help="length of each phase (at most 120)")
    parser.add_argument("--concurrency", type=int, default=16, help="simulated residents at once (at most 256)")
    parser.add_argument("--executives", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="turns of submission path and ceiling (at most 10)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()
    seconds, concurrency = min(args.seconds, 120), min(args.concurrency, 256)
    args.rounds = max(1, min(args.rounds, 10))

    name = f"engage_bench_{os.getpid()}"
    dsn = dsn_for(name)
    loopback(dsn.replace("postgresql://", "http://"))
    await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "ENGAGE_DATABASE_URL": dsn, "ENGAGE_REDIS_URL": REDIS, "ENGAGE_ENV": "development",
           "ENGAGE_SECRET_KEY": BENCH_SECRET,
           "PICCOLO_CONF": "engage.piccolo_conf", "ENGAGE_DATABASE_POOL_SIZE": "10",
           # Every simulated resident comes from this one address.
           "ENGAGE_FORM_SUBMISSIONS_PER_MINUTE": "1000000"}
    engage = [sys.executable, "-m", "engage"]
    servers: list[subprocess.Popen] = []
    failed = False
    try:
        demo = subprocess.run([*engage, "demo"], env=env, capture_output=True, text=True, timeout=600, cwd=ROOT)
        if demo.returncode:
            raise SystemExit(demo.stdout + demo.stderr)
        match = re.search(r"executive\s+(\S+)\s+(\S+)", demo.stdout)
        exec_email, exec_password = match.group(1), match.group(2)

        port, bare_port = free_port(), free_port()
        base = loopback(f"http://127.0.0.1:{port}")
        bare_base = loopback(f"http://127.0.0.1:{bare_port}")
        server = subprocess.Popen([*engage, "serve", "--workers", str(args.workers), "--port", str(port)], env=env,
                                  cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        servers.append(server)
        # The ceiling: a bare endpoint inserting one row, same workers, same client. It idles while
        # engage is measured and the other way round, so the two take turns on the same machine.
        bare = subprocess.Popen([sys.executable, "-m", "uvicorn", "benchmarks.bare_app:app", "--workers",
                                 str(args.workers), "--port", str(bare_port), "--log-level", "warning",
                                 "--no-access-log"], env={**env, "BARE_DSN": dsn}, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        servers.append(bare)
        wait_until_up(base + "/health", server)
        wait_until_up(bare_base + "/submit", bare)
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
        before = await pool.fetchval("SELECT count(*) FROM surveys_response")
        # Warm every worker (imports, caches) before timing.
        async with httpx.AsyncClient(base_url=base) as warm:
            for path in ("/", f"/consultations/{SLUG}", f"/consultations/{SLUG}/respond"):
                await asyncio.gather(*[warm.get(path) for _ in range(args.workers * 8)])

        print(f"engage: {args.workers} workers on PostgreSQL ({name}), Redis store; "
              f"{concurrency} residents + {args.executives} executives; {seconds:.0f}s per phase; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        mixed = Stats()
        deadline = time.monotonic() + seconds
        start = time.perf_counter()
        await asyncio.gather(*[resident(base, mixed, deadline) for _ in range(concurrency)],
                             *[executive(base, mixed, deadline, exec_email, exec_password)
                               for _ in range(args.executives)])
        report("Residents' journey and executive summaries together", mixed, time.perf_counter() - start)

        # The submission path and the ceiling take turns, round after round, and the ratio is the
        # median of the rounds': on two shared cores one phase alone drifts too much to compare.
        submits, ceiling, ratios = Stats(), Stats(), []
        for n in range(1, args.rounds + 1):
            round_submits, round_ceiling = Stats(), Stats()
            deadline = time.monotonic() + seconds
            start = time.perf_counter()
            await asyncio.gather(*[resident(base, round_submits, deadline, submit_only=True)
                                   for _ in range(concurrency)])
            engage_rate = len(round_submits.latencies["submit"]) / (time.perf_counter() - start)
            deadline = time.monotonic() + seconds
            start = time.perf_counter()
            await asyncio.gather(*[bare_client(bare_base, round_ceiling, deadline) for _ in range(concurrency)])
            bare_rate = len(round_ceiling.latencies["insert"]) / (time.perf_counter() - start)
            ratios.append(engage_rate / bare_rate)
            print(f"  round {n}: submission path {engage_rate:.0f}/s, ceiling {bare_rate:.0f}/s, "
                  f"ratio {engage_rate / bare_rate:.2f}")
            submits.merge(round_submits)
            ceiling.merge(round_ceiling)
        phase_seconds = seconds * args.rounds
        report("Submission path alone (form fetched once per resident, then POST after POST), all rounds",
               submits, phase_seconds)
        report("Ceiling: bare Litestar + asyncpg, one INSERT, all rounds", ceiling, phase_seconds)

        receipts = mixed.receipts + submits.receipts
        hashes = {receipt_hash(BENCH_SECRET, r): r for r in receipts}
        rows = await pool.fetch("SELECT receipt_hash, count(*) AS n FROM surveys_response "
                                "WHERE receipt_hash = ANY($1::text[]) GROUP BY receipt_hash", list(hashes))
        stored = {hashes[r["receipt_hash"]]: r["n"] for r in rows}
        after = await pool.fetchval("SELECT count(*) FROM surveys_response")
        await pool.close()
        lost = [r for r in receipts if r not in stored]
        twice = [r for r, n in stored.items() if n > 1]
        unaccounted = (after - before) - len(set(receipts))
        print(f"\n== Integrity: {len(receipts)} accepted submissions, {len(set(receipts))} distinct receipts, "
              f"{after - before} new rows; lost {len(lost)}, stored twice {len(twice)}, "
              f"rows without an accepted receipt {unaccounted}")

        p99 = pct(submits.latencies["submit"], 99) * 1000
        mixed_p99 = pct([v for vs in mixed.latencies.values() for v in vs], 99) * 1000
        errors = sum(mixed.errors.values()) + sum(submits.errors.values())
        print(f"\n== Submission path vs ceiling: median ratio {statistics.median(ratios):.2f} over {args.rounds} rounds "
              f"({', '.join(f'{r:.2f}' for r in ratios)}; aim >= 0.50); submit p99 {p99:.0f} ms, "
              f"journey p99 {mixed_p99:.0f} ms (aim < 100); errors {errors}")
        failed = bool(lost or twice or unaccounted or errors)
    finally:
        for proc in servers:
            stop(proc)
        if not args.keep:
            await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
