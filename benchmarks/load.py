"""Load and reliability benchmark: prints figures, asserts nothing but exactly-once storage.

Loopback only, bounded in time and count. It
1. creates a fresh PostgreSQL database, loads the demo data (`engage demo`),
2. serves engage with several workers (`engage serve --workers N`, Redis as the shared store), and
   beside it a bare Litestar + asyncpg endpoint that inserts one row (benchmarks/bare_app.py)
   with the same workers: the ceiling on this machine,
3. drives residents (list, page, form, submit) and executives (sign in, dashboard and summary
   pages) together with an asyncio httpx client,
4. then, --rounds times, each submission path alone (the JSON API with choice answers only, the
   JSON API with a written answer, the residents' HTML form) and the ceiling in turn, driven by
   wrk (benchmarks/load.lua: the same bodies and headers, each submission unique) when it is
   installed, else by the httpx client; with --total, API submissions after that until that many
   were sent in all (httpx),
5. prints throughput, median and p99 latency and errors per phase, each path's median ratio to
   the ceiling, each worker's resident memory, checks every accepted submission is stored
   exactly once, and waits for every written answer to become an analysed voice (background
   work, done by the `engage worker` started beside the server).

    .venv/bin/python benchmarks/load.py --workers 2 --seconds 10 --concurrency 32 --rounds 3 [--total 100000]

The measured phases want wrk (Debian/Ubuntu: `apt-get install -y wrk`; elsewhere
https://github.com/wg/wrk): the httpx client costs ~0.8 ms of CPU per request on the same cores as
the server, about what engage's own request costs, so it capped the ceiling near 1,000 req/s and
queued every path's p99 behind itself. Without wrk (or with --client httpx) they fall back to httpx,
and the output says which client measured.

Exit status 1 when a submission was lost or stored twice, or any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import secrets
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
from pg_admin import admin, dsn_for  # noqa: E402

from surveys.responses import receipt_hash  # noqa: E402  (the store keeps only receipts' keyed hashes)
from tests.support import child_pids, free_port  # noqa: E402  (the suite's own, for the servers it starts)

# The served instance's key, so the integrity check can find each accepted receipt's row.
BENCH_SECRET = secrets.token_urlsafe(48)

ROOT = Path(__file__).resolve().parent.parent
REDIS = os.environ.get("ENGAGE_BENCH_REDIS", "redis://127.0.0.1:6379/13")
SLUG = "knife-crime-serious-violence-strategy"
MAX_REQUESTS = 250_000  # a hard cap whatever the duration
SUMMARY_PAGES = ("/officer", "/officer/summaries", "/officer/summaries/priorities")


# Every client shares one TLS context (never used: loopback http). httpx builds and loads one per
# client otherwise, ~50-100 ms of CPU each; 32 clients starting at once held up the first request of
# every other client by seconds, which showed as the API paths' p99 (their first request is timed).
TLS = ssl.create_default_context()


def client_for(base: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base, timeout=30, verify=TLS)


class NoJar(httpx.Cookies):
    """A cookie jar that keeps nothing: a simulated resident keeps its own cookies (ResidentCookies)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class LoadClient(httpx.AsyncClient):
    """httpx for the measured paths, without two pieces of client-side work that cost one path more
    than another while the client shares the cores with the server (a form submission cost this
    client 1.5 to 1.8 ms of CPU against the API's 1.0 to 1.2): http.cookiejar's reading of every
    response and writing of every request's Cookie header, and the redirect request httpx builds for
    every 303 even when it is not followed (as here: the form's answer is timed, not the thank-you
    page). What goes over the wire is the same: the same cookies are sent (ResidentCookies)."""

    def __init__(self, base: str) -> None:
        super().__init__(base_url=base, timeout=30, verify=TLS)
        self._cookies = NoJar()

    def _build_redirect_request(self, request: httpx.Request, response: httpx.Response):  # type: ignore[override]
        return None  # never followed by this client (follow_redirects is off)


class ResidentCookies:
    """The cookies a browser would send to every page of the site (Path=/), kept from each response's
    Set-Cookie; a cookie for one path (the receipt's, for the thank-you page only) is never sent to
    the form, so it is not kept."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.header: dict[str, str] = {}

    def update(self, response: httpx.Response) -> None:
        changed = False
        for line in response.headers.get_list("set-cookie"):
            pair, *parts = line.split(";")
            name, _, value = pair.strip().partition("=")
            attributes = {k.strip().lower(): v.strip() for k, _, v in (part.partition("=") for part in parts)}
            if attributes.get("path", "/") != "/":
                continue
            if attributes.get("max-age") == "0":
                self.values.pop(name, None)
            else:
                self.values[name] = value
            changed = True
        if changed:
            self.header = {"cookie": "; ".join(f"{k}={v}" for k, v in self.values.items())} if self.values else {}


def loopback(url: str) -> str:
    host = httpx.URL(url).host
    assert host in {"127.0.0.1", "localhost", "::1"}, f"refusing to load anything but loopback: {url}"
    return url


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    requests: int = 0
    # Requests wrk sent and stopped waiting for at the end of its run: the server may have stored
    # them, and no receipt came back for them (the httpx client waits for every request it sent).
    unanswered: int = 0

    def merge(self, other: "Stats") -> None:
        for kind, values in other.latencies.items():
            self.latencies[kind] += values
        for kind, n in other.errors.items():
            self.errors[kind] += n
        self.error_samples = (self.error_samples + other.error_samples)[:5]
        self.receipts += other.receipts
        self.requests += other.requests
        self.unanswered += other.unanswered

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
    async with LoadClient(base) as client:
        cookies = ResidentCookies()

        async def get(kind: str, path: str) -> httpx.Response | None:
            response = await timed(stats, kind, client.get(path, headers=cookies.header))
            if response is not None:
                cookies.update(response)
            return response

        fields = None
        while time.monotonic() < deadline and stats.requests < MAX_REQUESTS:
            if not submit_only or fields is None:
                if not submit_only:
                    await get("list", "/")
                    await get("page", f"/consultations/{SLUG}")
                form = await get("form", f"/consultations/{SLUG}/respond")
                if form is None:
                    continue
                fields = form_fields(form.text)
            body = form_body(fields)
            response = await timed(stats, "submit", client.post(f"/consultations/{SLUG}/respond", data=body,
                                                                headers=cookies.header), expect=(303,))
            if response is not None:
                cookies.update(response)
                match = re.search(r"engage_receipt=([A-Z0-9-]+)", response.headers.get("set-cookie", ""))
                if match:
                    stats.receipts.append(match.group(1))
                else:
                    stats.add("receipt", 0, False, "303 without a receipt")


async def executive(base: str, stats: Stats, deadline: float, email: str, password: str) -> None:
    async with client_for(base) as client:
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


FREE_TEXT = ("The underpass by the station is badly lit and I feel unsafe walking home after dark; "
             "more patrols near the shops would help.")


def api_answers(detail: dict, free_text: bool) -> dict:
    """A valid API body for the consultation: the first option of each choice question, a number
    for a rating, and (with free_text) a sentence in each written-answer question."""
    answers: dict = {}
    for q in detail["questions"]:
        if q["kind"] in {"short_text", "long_text"}:
            if free_text or q["required"]:
                answers[str(q["id"])] = FREE_TEXT
        elif q["options"]:
            first = q["options"][0]["value"]
            answers[str(q["id"])] = [first] if q["kind"] in {"multiple", "checkboxes"} else first
    return {"answers": answers}


async def api_client(base: str, stats: Stats, deadline: float, body: dict, kind: str, limit: list[int]) -> None:
    """POST after POST to the JSON API, each with its own Idempotency-Key (as a careful client sends)."""
    async with LoadClient(base) as client:
        while time.monotonic() < deadline and stats.requests < MAX_REQUESTS and limit[0] > 0:
            limit[0] -= 1
            response = await timed(stats, kind, client.post(f"/api/consultations/{SLUG}/responses", json=body,
                                                            headers={"Idempotency-Key": secrets.token_hex(16)}),
                                   expect=(201,))
            if response is not None:
                stats.receipts.append(response.json()["receipt"])


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def worker_memory(server_pid: int) -> list[float]:
    """Resident memory (MB) of each serving process (serving())."""
    return [rss_mb(p) for p in serving(server_pid)]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used: on a shared machine, what a request costs
    is steadier than how many fit in a second."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def serving(server_pid: int) -> list[int]:
    """The processes that answer requests: uvicorn's workers under its supervisor (the multiprocessing
    helper, which serves nothing, left out), or the server itself when it has no workers."""
    return [c for c in child_pids(server_pid) if "resource_tracker" not in _cmdline(c)] or [server_pid]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


async def bare_client(base: str, stats: Stats, deadline: float) -> None:
    async with LoadClient(base) as client:
        while time.monotonic() < deadline and stats.requests < MAX_REQUESTS:
            response = await timed(stats, "insert", client.post("/submit", content=b"q1=Agree&q2=4"), expect=(201,))
            if response is not None:
                stats.receipts.append(response.json()["receipt"])


WRK_SCRIPT = Path(__file__).with_name("load.lua")
WRK_INSTALL = "Debian/Ubuntu: apt-get install -y wrk"
WRK_MISSING = (f"wrk is not installed ({WRK_INSTALL}): the measured phases fall back to the httpx client, which "
               "shares the cores with the server and caps the ceiling")


def find_wrk(choice: str) -> str | None:
    """wrk's path when the measured phases should use it (--client auto or wrk), else None (httpx)."""
    if choice == "httpx":
        return None
    found = shutil.which("wrk")
    if found is None and choice == "wrk":
        raise SystemExit(f"--client wrk: wrk is not installed ({WRK_INSTALL}); or use --client httpx")
    return found


def children_cpu() -> float:
    """CPU seconds used by this process's finished children: wrk's, once it has exited."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(wrk: str, base: str, mode: str, path: str, body: bytes, seconds: float, concurrency: int,
            kind: str, stats: Stats, cookie: str = "") -> float:
    """One phase driven by wrk with benchmarks/load.lua; fills `stats` as the httpx client would
    (each response's latency, unexpected answers as errors, the receipts of acknowledged
    submissions) and returns the seconds wrk measured for."""
    with tempfile.TemporaryDirectory(prefix="engage-load-wrk-") as tmp:
        body_file, out_file = Path(tmp, "body"), Path(tmp, "out")
        body_file.write_bytes(body)
        # 16 hex digits unique to this run; the script adds 4 for the thread and 12 for the request.
        nonce = secrets.token_hex(8)
        command = [wrk, "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
                   "-s", str(WRK_SCRIPT), base, "--", mode, path, str(body_file), str(out_file), nonce, cookie]
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
        if done.returncode or not out_file.exists():
            raise SystemExit(f"wrk failed ({done.returncode}): {done.stdout}{done.stderr}")
        return read_wrk(out_file.read_text(), kind, 303 if mode == "form" else 201, stats)


def read_wrk(text: str, kind: str, expected: int, stats: Stats) -> float:
    """Parse load.lua's output (see its header) into `stats`; returns wrk's duration in seconds."""
    figures: dict[str, int] = {}
    histogram: list[float] = []
    for line in text.splitlines():
        word, _, rest = line.partition(" ")
        if word == "receipt":
            stats.receipts.append(rest)
        elif word == "latency":
            micros, count = rest.split()
            histogram += [int(micros) / 1e6] * int(count)
        elif word == "status":
            code, count = rest.split()
            if code != str(expected):
                stats.errors[kind] += int(count)
                if code == "no-receipt" and len(stats.error_samples) < 5:
                    stats.error_samples.append(f"{kind}: {expected} without a receipt")
        elif word == "sample":
            if len(stats.error_samples) < 5:
                stats.error_samples.append(f"{kind}: {rest[:200]}")
        elif word in {"sent", "responses", "duration_us", "socket_errors"}:
            figures[word] = int(float(rest))
    # wrk's latency histogram holds a few percent more entries than the responses it counted (seen:
    # 1,986 for 1,894): its distribution, taken at as many evenly spaced
    # ranks as there were responses, so counts and rates are the responses' and percentiles wrk's.
    n = figures["responses"]
    stats.latencies[kind] += [histogram[int(i * len(histogram) / n)] for i in range(n)] if histogram else []
    stats.requests += n
    stats.errors[kind] += figures["socket_errors"]
    stats.unanswered += max(0, figures["sent"] - figures["responses"])
    return figures["duration_us"] / 1e6


async def voices_follow(pool, seconds: float) -> None:
    """Every written answer becomes an analysed voice, as background work: wait for the last and
    say how long it took (and whether any were still waiting)."""
    def missing_sql() -> str:
        return ("SELECT count(*) FROM surveys_answer a JOIN surveys_question q ON q.id = a.question "
                "WHERE q.kind IN ('short_text', 'long_text') AND coalesce(a.text, '') <> '' "
                "AND NOT EXISTS (SELECT 1 FROM voices_voice v WHERE v.answer = a.id)")
    start = time.perf_counter()
    waiting = await pool.fetchval(missing_sql())
    while waiting and time.perf_counter() - start < seconds:
        await asyncio.sleep(1)
        waiting = await pool.fetchval(missing_sql())
    print(f"\n== Voices: written answers without an analysed voice: {waiting} "
          f"({time.perf_counter() - start:.0f}s after the last submission)")


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
    parser.add_argument("--total", type=int, default=0,
                        help="after the rounds, send API submissions until this many were sent in all "
                             "(at most 200,000), then print each worker's memory")
    parser.add_argument("--drain", type=float, default=300,
                        help="seconds to wait for free-text answers' voices to be analysed afterwards")
    parser.add_argument("--no-journey", action="store_true", help="skip the mixed residents' and executives' phase")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto",
                        help="what drives the measured phases: wrk when installed (auto), or the httpx client")
    args = parser.parse_args()
    wrk = find_wrk(args.client)
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
           "ENGAGE_FORM_SUBMISSIONS_PER_MINUTE": "1000000", "ENGAGE_API_SUBMISSIONS_PER_MINUTE": "1000000"}
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
        # Served like engage (a listening socket per worker: engage.listeners).
        bare = subprocess.Popen([sys.executable, "-m", "benchmarks.bare_app", "--workers", str(args.workers),
                                 "--port", str(bare_port)], env={**env, "BARE_DSN": dsn}, cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        servers.append(bare)
        # With the Redis store, background work (free text's analysis) is queued for `engage worker`.
        jobs = subprocess.Popen([*engage, "worker", "--no-migrate"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        servers.append(jobs)
        wait_until_up(base + "/health", server)
        wait_until_up(bare_base + "/submit", bare)
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
        before = await pool.fetchval("SELECT count(*) FROM surveys_response")
        # Warm every worker (imports, caches) before timing.
        async with httpx.AsyncClient(base_url=base) as warm:
            for path in ("/", f"/consultations/{SLUG}", f"/consultations/{SLUG}/respond", f"/api/consultations/{SLUG}"):
                await asyncio.gather(*[warm.get(path) for _ in range(args.workers * 8)])

        print(f"engage: {args.workers} workers on PostgreSQL ({name}), Redis store; "
              f"{concurrency} residents + {args.executives} executives; {seconds:.0f}s per phase; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        print(f"measured phases driven by {f'wrk ({wrk}, one thread, benchmarks/load.lua)' if wrk else 'httpx'}"
              + ("" if wrk or args.client == "httpx" else f"; {WRK_MISSING}"))
        mixed = Stats()
        if not args.no_journey:
            deadline = time.monotonic() + seconds
            start = time.perf_counter()
            await asyncio.gather(*[resident(base, mixed, deadline) for _ in range(concurrency)],
                                 *[executive(base, mixed, deadline, exec_email, exec_password)
                                   for _ in range(args.executives)])
            report("Residents' journey and executive summaries together", mixed, time.perf_counter() - start)

        detail = httpx.get(f"{base}/api/consultations/{SLUG}", timeout=10).json()
        bodies = {"api-choice": api_answers(detail, free_text=False), "api-text": api_answers(detail, free_text=True)}
        unlimited = [MAX_REQUESTS]

        async def phase(kind: str, stats: Stats) -> float:
            """One measured phase; returns its length in seconds."""
            if wrk is not None:
                return await asyncio.to_thread(wrk_phase, kind, stats)
            deadline = time.monotonic() + seconds
            start = time.perf_counter()
            if kind == "form":
                await asyncio.gather(*[resident(base, stats, deadline, submit_only=True) for _ in range(concurrency)])
            elif kind == "ceiling":
                await asyncio.gather(*[bare_client(bare_base, stats, deadline) for _ in range(concurrency)])
            else:
                await asyncio.gather(*[api_client(base, stats, deadline, bodies[kind], kind, unlimited)
                                       for _ in range(concurrency)])
            return time.perf_counter() - start

        def wrk_phase(kind: str, stats: Stats) -> float:
            if kind == "form":
                # One resident's cookies and hidden fields (the CSRF token bound to its visitor cookie),
                # fetched as httpx's residents fetch theirs, for every connection: the server keeps no
                # state per visitor, so each submission costs it what a resident's own would.
                cookies = ResidentCookies()
                page = httpx.get(f"{base}/consultations/{SLUG}/respond", timeout=30)
                page.raise_for_status()
                cookies.update(page)
                # The page's own submission_id left out: load.lua appends a fresh one to every request
                # (the server reads the first, so the page's would make every submission one retry).
                fields = {k: v for k, v in form_fields(page.text).items() if k != "submission_id"}
                body = urlencode(fields).encode()
                return run_wrk(wrk, base, "form", f"/consultations/{SLUG}/respond", body, seconds, concurrency,
                               "submit", stats, cookies.header.get("cookie", ""))
            if kind == "ceiling":
                return run_wrk(wrk, bare_base, "ceiling", "/submit", b"q1=Agree&q2=4", seconds, concurrency,
                               "insert", stats)
            # Encoded as httpx 0.28 encodes json=.
            body = json.dumps(bodies[kind], ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
            return run_wrk(wrk, base, "api", f"/api/consultations/{SLUG}/responses", body, seconds, concurrency,
                           kind, stats)

        # Each path and the ceiling take turns, round after round, and each ratio is the median of
        # the rounds': on two shared cores one phase alone drifts too much to compare.
        kinds = ("api-choice", "api-text", "form")
        totals = {k: Stats() for k in (*kinds, "ceiling")}
        ratios: dict[str, list[float]] = {k: [] for k in kinds}
        cpu = {k: 0.0 for k in (*kinds, "ceiling")}
        client_cpu = {k: 0.0 for k in (*kinds, "ceiling")}
        lengths = {k: 0.0 for k in (*kinds, "ceiling")}
        engage_pids, bare_pids = serving(server.pid), serving(bare.pid)
        for n in range(1, args.rounds + 1):
            rates = {}
            for kind in (*kinds, "ceiling"):
                round_stats = Stats()
                pids = bare_pids if kind == "ceiling" else engage_pids
                used, client_used = cpu_seconds(pids), time.process_time() + children_cpu()
                length = await phase(kind, round_stats)
                timed_kind = {"form": "submit", "ceiling": "insert"}.get(kind, kind)
                rates[kind] = len(round_stats.latencies[timed_kind]) / length
                lengths[kind] += length
                cpu[kind] += cpu_seconds(pids) - used
                client_cpu[kind] += time.process_time() + children_cpu() - client_used
                totals[kind].merge(round_stats)
            for kind in kinds:
                ratios[kind].append(rates[kind] / rates["ceiling"])
            print(f"  round {n}: " + ", ".join(f"{k} {rates[k]:.0f}/s" for k in (*kinds, "ceiling")))
        for kind in kinds:
            report(f"{kind}, all rounds", totals[kind], lengths[kind])
        report("Ceiling: bare Litestar + asyncpg, one INSERT, all rounds", totals["ceiling"], lengths["ceiling"])

        sent = sum(len(s.receipts) for s in (mixed, *(totals[k] for k in kinds)))
        bulk = Stats()
        if args.total > sent:
            remaining = [min(args.total, 200_000) - sent]
            start = time.perf_counter()
            # Choice answers: written ones would leave the job worker hours of analysis to catch up on,
            # and web workers' memory is the figure here (they no longer analyse anything themselves).
            await asyncio.gather(*[api_client(base, bulk, time.monotonic() + 3600, bodies["api-choice"], "api-choice",
                                              remaining) for _ in range(concurrency)])
            report(f"Bulk API submissions (choice answers) up to {args.total:,} in all", bulk,
                   time.perf_counter() - start)
        memory = worker_memory(server.pid)
        sent = sum(len(s.receipts) for s in (mixed, bulk, *(totals[k] for k in kinds)))
        print(f"\n== Memory after {sent:,} submissions: " + ", ".join(f"{m:.0f} MB" for m in memory)
              + " resident per worker (aim < 200 MB)")

        receipts = mixed.receipts + bulk.receipts + [r for k in kinds for r in totals[k].receipts]
        hashes = {receipt_hash(BENCH_SECRET, r): r for r in receipts}
        rows = await pool.fetch("SELECT receipt_hash, count(*) AS n FROM surveys_response "
                                "WHERE receipt_hash = ANY($1::text[]) GROUP BY receipt_hash", list(hashes))
        stored = {hashes[r["receipt_hash"]]: r["n"] for r in rows}
        after = await pool.fetchval("SELECT count(*) FROM surveys_response")
        lost = [r for r in receipts if r not in stored]
        twice = [r for r, n in stored.items() if n > 1]
        unaccounted = (after - before) - len(set(receipts))
        # wrk stops with up to one request per connection in flight: the server may store those, and
        # their receipts never come back. No more rows than that may lack a receipt.
        unanswered = sum(totals[k].unanswered for k in kinds)
        print(f"\n== Integrity: {len(receipts)} accepted submissions, {len(set(receipts))} distinct receipts, "
              f"{after - before} new rows; lost {len(lost)}, stored twice {len(twice)}, "
              f"rows without an accepted receipt {unaccounted}"
              + (f" (wrk left {unanswered} requests unanswered at its stops: at most that many may be stored "
                 "without a receipt coming back)" if wrk else ""))
        await voices_follow(pool, seconds=args.drain)
        voices = await pool.fetchval("SELECT count(*) FROM voices_voice WHERE answer IS NOT NULL")
        print(f"  the job worker used {cpu_seconds([jobs.pid]):.0f} s of CPU in all ({voices:,} answer voices "
              f"in the database, the demo's included)")
        await pool.close()

        errors = sum(mixed.errors.values()) + sum(bulk.errors.values()) + sum(
            sum(totals[k].errors.values()) for k in kinds)
        print(f"\n== Paths vs ceiling (median of {args.rounds} rounds; aim >= 0.50 choice only, >= 0.40 free text, "
              f"p99 < 100 ms; measured with {'wrk' if wrk else 'httpx'})")
        # CPU per request in the serving processes (PostgreSQL's and the client's apart): what a
        # request costs whatever else shares the machine; the ceiling's over a path's is the ratio
        # the path would reach on a quiet machine where the web workers are what is busy. "client"
        # is the load generator's own CPU per request (wrk's, or this process's with httpx): it shares
        # the cores, and a path whose client work costs more gets fewer requests through for it.
        print(f"  {'path':<12} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'errors':>7} "
              f"{'CPU ms/req':>10} {'CPU ratio':>9} {'client ms/req':>13}")
        per_request = {}
        for kind in (*kinds, "ceiling"):
            values = totals[kind].latencies[{"form": "submit", "ceiling": "insert"}.get(kind, kind)]
            per_request[kind] = cpu[kind] * 1000 / max(1, len(values))
        for kind in (*kinds, "ceiling"):
            values = totals[kind].latencies[{"form": "submit", "ceiling": "insert"}.get(kind, kind)]
            ratio = f"{statistics.median(ratios[kind]):.2f}" if kind in ratios else "1.00"
            print(f"  {kind:<12} {len(values) / lengths[kind]:>7.0f} {ratio:>6} {statistics.median(values) * 1000:>7.1f} "
                  f"{pct(values, 99) * 1000:>7.1f} {sum(totals[kind].errors.values()):>7} "
                  f"{per_request[kind]:>10.2f} {per_request['ceiling'] / max(per_request[kind], 1e-9):>9.2f} "
                  f"{client_cpu[kind] * 1000 / max(1, len(values)):>13.2f}")
        print(f"  errors {errors}, lost {len(lost)}, duplicated {len(twice)}, memory per worker "
              + ", ".join(f"{m:.0f} MB" for m in memory))
        # Two acknowledgements with one receipt: two submissions the server took for one (a reused key).
        failed = bool(lost or twice or len(set(receipts)) != len(receipts) or not 0 <= unaccounted <= unanswered
                      or errors)
    finally:
        for proc in servers:
            stop(proc)
        if not args.keep:
            await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
