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
        assert not {t for t in remaining if t.startswith(("engage_", "surveys_", "meetings_", "voices_", "framework_"))}
        run_engage("migrate", url=url)
        assert asyncio.run(_tables(url)) >= created
    finally:
        if kind == "postgres":
            drop_postgres(f"engage_migr_{worker_id()}")
