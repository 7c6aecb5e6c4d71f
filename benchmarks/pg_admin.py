"""The PostgreSQL server the benchmarks make and drop their databases on (loopback, as CI's)."""

from __future__ import annotations

import os

import asyncpg

PG_ADMIN = os.environ.get("ENGAGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def dsn_for(name: str, base: str = PG_ADMIN) -> str:
    """The address of database `name` on the same server as `base`."""
    return f"{base.rsplit('/', 1)[0]}/{name}"


async def admin(sql: str) -> None:
    """One statement (CREATE or DROP DATABASE, say) on the administration database."""
    conn = await asyncpg.connect(PG_ADMIN, timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()
