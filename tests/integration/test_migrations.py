"""Committed migrations run forwards, backwards and forwards again on both engines."""

import asyncio

import pytest

from tests.conftest import ENGINES, drop_postgres, fresh_postgres, run_engage, worker_id


async def _tables(url: str) -> set[str]:
    from engage.db import make_engine

    engine = make_engine(url)
    if url.startswith("sqlite"):
        rows = await engine.run_ddl("SELECT name FROM sqlite_master WHERE type='table'")
        return {r["name"] for r in rows}
    rows = await engine.run_ddl("SELECT tablename AS name FROM pg_tables WHERE schemaname='public'")
    return {r["name"] for r in rows}


@pytest.mark.parametrize("kind", ENGINES)
def test_migrations_run_forwards_backwards_and_forwards(kind, tmp_path):
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    else:
        url = fresh_postgres(f"engage_migr_{worker_id()}")
    try:
        run_engage("migrate", url=url)
        created = asyncio.run(_tables(url))
        for table in ("engage_user", "surveys_consultation", "surveys_response", "surveys_answer", "surveys_about_you",
                      "engage_audit_event", "engage_stored_value"):
            assert table in created
        run_engage("migrate", "--backwards", "--yes", url=url)
        remaining = asyncio.run(_tables(url)) - {"migration", "sqlite_sequence"}
        assert not {t for t in remaining if t.startswith(("engage_", "surveys_", "meetings_", "voices_", "framework_", "outbox_"))}
        run_engage("migrate", url=url)
        assert asyncio.run(_tables(url)) >= created
    finally:
        if kind == "postgres":
            drop_postgres(f"engage_migr_{worker_id()}")


RECEIPT_MIGRATION = "2026-11-29T18:00:00:000000"
# Run in a fresh process (Piccolo reads its engine once): undo the receipt migrations, store a
# response and an equality row the old way, then migrate forwards again.
_OLD_DATA_SCRIPT = f"""
import asyncio, json, sys
from piccolo.apps.migrations.commands.backwards import run_backwards
from piccolo.apps.migrations.commands.forwards import run_forwards
from engage import db
from engage.piccolo_conf import DB

async def main():
    await db.start(DB)
    try:
        back = await run_backwards("surveys", migration_id="{RECEIPT_MIGRATION}", auto_agree=True)
        assert back.success, back.message
        await DB.run_ddl("INSERT INTO surveys_consultation (slug, title, summary, background, status, priorities, "
                         "ask_about_you, retention_days, created_at, updated_at, revision) VALUES "
                         "('old', 'Old', '', '', 'closed', '[]', true, 730, '2025-01-01', '2025-01-01', 'r1')")
        cid = (await DB.run_ddl("SELECT id FROM surveys_consultation WHERE slug = 'old'"))[0]["id"]
        await DB.run_ddl("INSERT INTO surveys_response (consultation, receipt, submission_key, channel, submitted_at) "
                         f"VALUES ({{cid}}, 'ABCD-EFGH-JKMN', 'old:1', 'online', '2025-03-17 10:00:00+00')")
        await DB.run_ddl("INSERT INTO surveys_about_you (id, consultation, erasure_key, submitted_on, sex) VALUES "
                         f"('6f1c1f1e-0000-4000-8000-000000000001', {{cid}}, 'k', '2025-03-17', 'female')")
        forward = await run_forwards("surveys")
        assert forward.success, forward.message
        out = {{"responses": [dict(r) for r in await DB.run_ddl("SELECT * FROM surveys_response")],
               "about": [dict(r) for r in await DB.run_ddl("SELECT * FROM surveys_about_you")]}}
        print(json.dumps(out, default=str))
    finally:
        await db.stop(DB)

asyncio.run(main())
"""


@pytest.mark.parametrize("kind", ENGINES)
def test_migrating_hashes_stored_receipts_and_keeps_only_the_month_of_equality_answers(kind, tmp_path):
    """Issue 12, item 5: existing plain receipts become keyed hashes (the code still finds the
    response), the equality row loses its receipt-derived key and its day."""
    import json
    import subprocess
    import sys

    from surveys.responses import receipt_hash
    from tests.support import SECRET_KEY

    name = f"engage_migr_data_{worker_id()}"
    url = f"sqlite:///{tmp_path / 'old.sqlite'}" if kind == "sqlite" else fresh_postgres(name)
    try:
        run_engage("migrate", url=url)
        import os

        env = {**os.environ, "ENGAGE_DATABASE_URL": url, "ENGAGE_SECRET_KEY": SECRET_KEY,
               "PICCOLO_CONF": "engage.piccolo_conf"}
        done = subprocess.run([sys.executable, "-c", _OLD_DATA_SCRIPT], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        held = json.loads(done.stdout.strip().splitlines()[-1])
        (response,) = held["responses"]
        assert "receipt" not in response and response["receipt_hash"] == receipt_hash(SECRET_KEY, "ABCD-EFGH-JKMN")
        assert "ABCD-EFGH-JKMN" not in done.stdout
        (about,) = held["about"]
        assert "erasure_key" not in about and str(about["submitted_month"]).startswith("2025-03-01")
        assert about["sex"] == "female"
        run_engage("migrate", "--backwards", "--yes", url=url)  # and back again, data and all
    finally:
        if kind == "postgres":
            drop_postgres(name)
