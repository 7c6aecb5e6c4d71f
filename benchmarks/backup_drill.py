"""The recovery drill: back up with pg_dump -Fc, restore into a fresh database with pg_restore,
and compare every table's row count and checksum (md5 of its rows in primary-key order).

    .venv/bin/python benchmarks/backup_drill.py                       # a demo database made for the drill
    .venv/bin/python benchmarks/backup_drill.py --source postgresql://user@host/engage   # a real one

Prints one line per table and exits 1 on any difference. Only the restored copy (and, without
--source, the demo database) is created and dropped; the source is only read.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg_admin import admin, dsn_for  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


async def fingerprint(dsn: str) -> dict[str, tuple[int, str]]:
    """{table: (rows, md5 of every row as text, ordered by the primary key or the whole row)}."""
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        tables = [r["tablename"] for r in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        out = {}
        for table in tables:
            pk = await conn.fetch(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary", f'"{table}"')
            order = ", ".join(f't."{r["attname"]}"' for r in pk) or "t::text"
            row = await conn.fetchrow(
                f'SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E\'\\n\' ORDER BY {order}), \'\')) AS sum '
                f'FROM "{table}" AS t')
            out[table] = (row["n"], row["sum"])
        return out
    finally:
        await conn.close()


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise SystemExit(f"{' '.join(cmd[:2])} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return result


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", help="the database to back up (default: a fresh demo database)")
    parser.add_argument("--keep", action="store_true", help="keep the restored copy")
    args = parser.parse_args()
    stamp = f"{os.getpid()}_{int(time.time())}"
    made_source = args.source is None
    source = args.source or dsn_for(f"engage_drill_src_{stamp}")
    restored_name = f"engage_drill_restore_{stamp}"
    restored = dsn_for(restored_name, source)
    try:
        if made_source:
            await admin(f'CREATE DATABASE "{source.rsplit("/", 1)[1]}"')
            env = {**os.environ, "ENGAGE_DATABASE_URL": source, "PICCOLO_CONF": "engage.piccolo_conf"}
            run([sys.executable, "-m", "engage", "demo"], env=env, cwd=ROOT, timeout=600)
        with tempfile.TemporaryDirectory() as tmp:
            dump = Path(tmp) / "engage.dump"
            start = time.perf_counter()
            before = await fingerprint(source)
            run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), source], timeout=1800)
            dumped = time.perf_counter() - start
            await admin(f'CREATE DATABASE "{restored_name}"')
            start = time.perf_counter()
            run(["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump)], timeout=1800)
            restored_in = time.perf_counter() - start
            size = dump.stat().st_size
        after = await fingerprint(restored)
    finally:
        if made_source:
            await admin(f'DROP DATABASE IF EXISTS "{source.rsplit("/", 1)[1]}" WITH (FORCE)')
    try:
        bad = 0
        print(f"{'table':<32} {'rows':>8} {'restored':>9}  {'checksum (md5)':<34} result")
        for table in sorted(set(before) | set(after)):
            b, a = before.get(table), after.get(table)
            ok = b == a
            bad += not ok
            print(f"{table:<32} {b[0] if b else '-':>8} {a[0] if a else '-':>9}  {(b or a)[1]:<34} "
                  f"{'ok' if ok else 'MISMATCH'}")
        print(f"\n{len(before)} tables, {sum(v[0] for v in before.values())} rows; dump {size / 1024:.0f} KiB "
              f"in {dumped:.1f}s, restore in {restored_in:.1f}s; {'ALL MATCH' if not bad else f'{bad} MISMATCHED'}")
        return 1 if bad else 0
    finally:
        if not args.keep:
            await admin(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
