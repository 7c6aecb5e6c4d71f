"""Test harness: every database test runs on SQLite and on PostgreSQL.

Each xdist worker gets its own SQLite file and its own PostgreSQL database, both migrated
once with the real `engage migrate` command; each test starts from empty tables but for the seed
framework the app writes on first read (seeded once, then copied back: see `app`). Where
PostgreSQL cannot be reached its tests are skipped locally and fail in CI (CI=true).
"""

from __future__ import annotations

import asyncio
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio

# One thread each for OpenBLAS and OpenMP (numpy, scipy, scikit-learn), here and in every process a test
# starts: xdist already runs a worker per core, and on two cores a pool of BLAS threads per worker only
# made them wait for each other, spinning (training a model took three times the CPU). Read by the
# libraries when they load, so set before anything imports numpy; the same code runs, in one thread.
for _threads in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")
if "numpy" in sys.modules:  # a plugin loaded it first: limit the pools it already started
    from threadpoolctl import threadpool_limits

    threadpool_limits(int(os.environ["OPENBLAS_NUM_THREADS"]))
os.environ.setdefault("PICCOLO_CONF", "engage.piccolo_conf")
# ENGAGE_ENV=test, here and in every process a test starts, also makes password hashing Argon2id at
# its least cost (engage.settings.password_hash_cost): production cost made each sign-in ~0.25 s of CPU.
os.environ.setdefault("ENGAGE_ENV", "test")
# tmp_path (and so every test's SQLite file) in memory where the machine has a tmpfs: on disk each
# SQLite commit waits for fsync, 5-10 times the cost of the statement. Read by pytest when it first
# makes its base folder (after this file loads, in the xdist controller too); --basetemp still wins.
if "PYTEST_DEBUG_TEMPROOT" not in os.environ and os.access("/dev/shm", os.W_OK):
    os.environ["PYTEST_DEBUG_TEMPROOT"] = "/dev/shm"
# Compiled modules are kept (__pycache__, ignored by git) even where the shell sets
# PYTHONDONTWRITEBYTECODE, as this machine's does: without them every process the suite starts (each
# `engage serve`, worker and script) compiled the app's modules again (0.3 s of CPU each here), and each
# xdist worker rewrote every test module's assertions again on every run.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

PG_ADMIN_DSN = os.environ.get("ENGAGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
ENGINES = ["sqlite", "postgres"]


def worker_id() -> str:
    # The process id keeps two test runs on one machine (or two xdist workers) apart.
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


def run_engage(*args: str, url: str, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """`engage ARGS` against the database at `url`, run in this process with click's CliRunner (a
    subprocess per call cost seconds of start-up each). stdout, stderr and the exit code are as the
    console would show them; an uncaught exception's traceback goes to stderr as it would there."""
    import traceback

    from click.testing import CliRunner

    from engage import db
    from engage.cli import main

    def invoke():
        return CliRunner().invoke(main, list(args), env={"ENGAGE_DATABASE_URL": url, **(env or {})})

    bound = db._current  # the command binds the tables to its own engine; the test's binding comes back after
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        result = invoke()
    else:  # called from an async test: the command's own asyncio.run needs a thread without a loop
        import concurrent.futures

        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            result = pool.submit(invoke).result()
    if bound is not None:
        db.use_engine(bound)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    completed = subprocess.CompletedProcess(["engage", *args], result.exit_code, result.stdout, stderr)
    if check and completed.returncode != 0:
        raise AssertionError(f"engage {' '.join(args)} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed


async def _recreate_pg_database(name: str, create: bool = True) -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            await conn.execute(f'CREATE DATABASE "{name}"')
            # Commits to a test database return without waiting for PostgreSQL to flush its log to disk
            # (8 ms a commit on this machine's disk, 1 ms without): what is committed is still seen at
            # once by every connection and survives any client or app process being killed; only a
            # crash of the PostgreSQL server itself could lose the last commits, which no test does.
            await conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    finally:
        await conn.close()


_created_pg: list[str] = []


def drop_postgres(name: str) -> None:
    try:
        asyncio.run(_recreate_pg_database(name, create=False))
    except OSError:
        pass


def pytest_sessionfinish(session, exitstatus):
    for name in _created_pg:
        drop_postgres(name)


def pg_url(name: str) -> str:
    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    return f"{base}/{name}"


def fresh_postgres(name: str) -> str:
    """Create (or re-create) an empty PostgreSQL database; skip or fail when unreachable."""
    try:
        asyncio.run(_recreate_pg_database(name))
    except (OSError, asyncio.TimeoutError) as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is unreachable at {PG_ADMIN_DSN} in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable ({exc}); set ENGAGE_TEST_POSTGRES")
    _created_pg.append(name)
    return pg_url(name)


@pytest.fixture(scope="session")
def database_urls() -> dict[str, str]:
    """The migrated database for each engine in this worker, made on first use."""
    return {}


def _migrated_url(kind: str, tmp_path_factory, cache: dict) -> str:
    if kind not in cache:
        if kind == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('db') / f'engage-{worker_id()}.sqlite'}"
        else:
            url = fresh_postgres(f"engage_test_{worker_id()}")
        run_engage("migrate", url=url)
        cache[kind] = url
    return cache[kind]


_engines: dict[str, object] = {}


DB_FIXTURES = {"engine_kind", "database_url", "settings", "app", "client"}


# Scheduling (`--dist loadgroup`, pyproject.toml): a module named here is one unit of work, run whole by
# one xdist worker, and units with more tests start first; every other test is dealt out one at a time.
# Browser modules, so their Chromium, its signed-in contexts and open pages are set up once, not once on
# each worker. The slowest modules (subprocess servers and workers, model training, the 30-second idle
# wait), so they start early and the run ends on short tests with both workers busy to the end. And any
# module with a fixture built once per module (shares_a_module_fixture), so it is built once, not twice.
WHOLE_MODULES = ("tests/browser/", "tests/integration/test_voices_pending.py", "tests/integration/test_shutdown.py",
                 "tests/integration/test_consultations_other_worker.py", "tests/integration/test_cli.py",
                 "tests/integration/test_routes_walk.py", "tests/integration/test_jobs_worker.py",
                 "tests/integration/test_warm_up.py", "tests/integration/test_migrations.py",
                 "tests/unit/analysis/test_training.py", "tests/unit/analysis/test_pipeline.py")


def shares_a_module_fixture(item) -> bool:
    """Whether the test uses a fixture built once per module (a served app, a trained model). Dealt
    out one test at a time, such a module's tests went to both workers and each built the fixture:
    the two-worker `engage serve` of test_serve_workers started twice, 43 s of setup each."""
    info = getattr(item, "_fixtureinfo", None)
    return info is not None and any(
        definitions[-1].scope in ("module", "package") for definitions in info.name2fixturedefs.values())


def _name_the_group(item) -> None:
    """Put the item's xdist group into its node id ("path::test@group"), as pytest-xdist 3.8 does in its
    workers so that its controller deals the group out whole. On pytest 9.2 xdist's own renaming is
    lost (it sets `_nodeid`; pytest now reads a structured `_id`: pytest-dev/pytest-xdist#1386), and
    every group was dealt out one test at a time: each module fixture, each browser module's Chromium
    set-up, built on both workers. Only where the node id does not already end with the group."""
    names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                    for mark in item.iter_markers("xdist_group")})
    node_id = getattr(item, "_id", None)
    suffix = f"@{'_'.join(names)}"
    # An "@" alone is no sign of a group: parametrised ids hold e-mail addresses.
    if names and node_id is not None and hasattr(node_id, "parse") and not item.nodeid.endswith(suffix):
        item._id = type(node_id).parse(f"{item.nodeid}{suffix}")


@pytest.hookimpl(tryfirst=True)  # before xdist names each item's group
def pytest_collection_modifyitems(config, items):
    whole = {item.nodeid.split("::", 1)[0] for item in items if shares_a_module_fixture(item)}
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        if module.startswith(WHOLE_MODULES) or module in whole:
            item.add_marker(pytest.mark.xdist_group(module))
    if getattr(config.option, "loadgroup", False):  # an xdist worker, with --dist loadgroup
        for item in items:
            _name_the_group(item)


def pytest_generate_tests(metafunc):
    # Parametrised here rather than with fixture params: async fixtures hide their
    # dependencies from pytest's closure, so the engine must be named on the test itself.
    if DB_FIXTURES & set(metafunc.fixturenames):
        metafunc.parametrize("engine_kind", ENGINES)


@pytest.fixture
def database_url(engine_kind, tmp_path_factory, database_urls) -> str:
    return _migrated_url(engine_kind, tmp_path_factory, database_urls)


@pytest.fixture
def settings(database_url):
    from engage.settings import Settings

    from tests.support import SECRET_KEY

    return Settings(env="test", secret_key=SECRET_KEY, database_url=database_url,
                    login_attempts_per_account=5, login_attempts_per_client=20, api_submissions_per_minute=1000,
                    form_submissions_per_minute=1000, erasure_attempts_per_hour=1000,
                    # The test client runs the app on its own event loop; a pool would be tied to one loop
                    # (tests/support_pg.py keeps PostgreSQL connections per loop instead).
                    database_pool_size=0)


async def _run_script(statements: list[str]) -> None:
    """Statements in one transaction and one round trip (SQLite: one connection and one commit)."""
    from engage.db import current_engine, is_sqlite

    engine = current_engine()
    script = "; ".join(statements)
    if is_sqlite():
        connection = await engine.get_connection()
        try:
            await connection.executescript(f"BEGIN IMMEDIATE; {script}; COMMIT;")
        finally:
            await connection.close()
        return
    # asyncpg runs several statements in one execute, in one implicit transaction.
    async with engine.pool.acquire() as connection:
        await connection.execute(script)


@functools.cache  # the tables are the code's: piccolo's Finder and the sort cost ~2 ms a test
def _table_names() -> tuple[str, ...]:
    """Every table, parents before children."""
    from piccolo.table import sort_table_classes

    from engage.db import all_tables

    return tuple(t._meta.tablename for t in sort_table_classes(all_tables()))


async def _empty_tables(then: list[str] = ()) -> None:
    """Delete every row, children before parents (DELETE beats TRUNCATE on tables this small), then run
    `then`, in one transaction and one round trip."""
    await _run_script([f'DELETE FROM "{name}"' for name in reversed(_table_names())] + list(then))


SEED_COPY = "test_seed_copy_"
# database url -> the statements that put the seed framework back into emptied tables.
_seed_restores: dict[str, list[str]] = {}


async def _keep_seed_copy() -> list[str]:
    """Just after the app seeded the framework into empty tables: copy every row it wrote into tables
    beside them (SEED_COPY + name, unknown to the app), and return the statements that copy them back.
    Seeding for real costs ~0.1 s of queries and Python per test; copying back, one statement a table."""
    from engage.db import current_engine

    engine = current_engine()
    seeded = [name for name in _table_names()
              if (await engine.run_ddl(f'SELECT COUNT(*) AS n FROM "{name}"'))[0]["n"]]
    await _run_script([statement for name in seeded for statement in (
        f'DROP TABLE IF EXISTS "{SEED_COPY}{name}"', f'CREATE TABLE "{SEED_COPY}{name}" AS SELECT * FROM "{name}"')])
    return [f'INSERT INTO "{name}" SELECT * FROM "{SEED_COPY}{name}"' for name in seeded]


_apps: dict[str, object] = {}
# database url -> the tagging context (engage.voices.tagging) built from the seed framework.
_seed_contexts: dict[str, object] = {}


@pytest_asyncio.fixture
async def app(settings):
    """The app for this engine, built once per worker (building one takes seconds); empty tables each test.

    Tests that need an app of their own (another worker, different settings) call create_app. On
    PostgreSQL the engine keeps connections per event loop (tests/support_pg.py), closed here after.
    """
    from engage import db
    from engage.app import create_app
    from engage.framework import vocabulary
    from engage.voices import tagging

    from tests.support_pg import make_test_engine

    if settings.database_url not in _apps:
        _engines[settings.database_url] = make_test_engine(settings.database_url)
        _apps[settings.database_url] = create_app(settings, engine=_engines[settings.database_url])
    db.use_engine(_engines[settings.database_url])
    # Each test starts with the tables as the app leaves them when it first reads the framework: empty
    # but for the seed framework. Seeded for real the first time, copied back from then on.
    restore = _seed_restores.get(settings.database_url)
    await _empty_tables(then=restore or [])
    # Nothing kept from the last test: the vocabulary, nor the tagger the last test left (its key, the
    # period's id and revision with the count and highest id of tag decisions, could match the seed's
    # now). The context built from the seed itself is put back: its key is the seed's, so the app uses
    # it only while the tables are as seeded and builds another as soon as a test changes them, as
    # with any other change. Built afresh it cost ~12 ms of queries at each test's start-up (warm-up).
    vocabulary.forget()
    tagging._cached = _seed_contexts.get(settings.database_url)
    # Loaded now, as the app does before every request: code a test calls directly (labels, the
    # 'About you' choices) reads this worker's copy.
    await vocabulary.load(max_age=0)
    if restore is None:
        _seed_restores[settings.database_url] = await _keep_seed_copy()
        _seed_contexts[settings.database_url] = await tagging.tagging_context()
    yield _apps[settings.database_url]
    close = getattr(_engines[settings.database_url], "close_loop_connections", None)
    if close is not None:
        await close()


SHARED_TAGGERS = 8


@pytest.fixture(autouse=True, scope="session")
def shared_taggers():
    """A tagger built once per worker for each framework and set of confirmed examples, not once per
    test: every test empties the tables, so the app's own cache (keyed by the period's id and revision,
    which restart each test) is cleared each time, and a tagger for the seed framework cost a tenth of a
    second of CPU at every client's start-up and every re-tag. The tagger is immutable once built
    (engage.analysis.tagger.Tagger) and made from exactly these arguments; with a retrained model it is
    built as before. Only the voices' own cache (engage.voices.tagging) is shared, the few last kept."""
    from collections import OrderedDict

    from engage.voices import tagging

    original = tagging.Tagger
    built: OrderedDict[tuple, object] = OrderedDict()

    def tagger(framework=None, confirmed_examples=(), threshold=None, bundle=None):
        if bundle is not None:
            return original(framework, confirmed_examples, threshold, bundle)
        examples = tuple(confirmed_examples)
        key = (repr(framework), examples, threshold)
        if key in built:
            built.move_to_end(key)
        else:
            built[key] = original(framework, examples, threshold)
            if len(built) > SHARED_TAGGERS:
                built.popitem(last=False)
        return built[key]

    tagging.Tagger = tagger
    yield
    tagging.Tagger = original


@pytest_asyncio.fixture
async def client(app):
    from litestar.testing import AsyncTestClient

    # Redirects are not followed: a 303 after a POST is behaviour the tests check.
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as test_client:
        test_client.follow_redirects = False
        yield test_client


ROOT = Path(__file__).resolve().parent.parent
