"""The ceiling: a bare Litestar endpoint that inserts one row with asyncpg, nothing else.

Served with the same number of workers as engage in benchmarks/load.py, each with its own listening socket as
`engage serve` gives them (engage.listeners):
    BARE_DSN=postgresql://... python -m benchmarks.bare_app --workers N --port P
"""

from __future__ import annotations

import os
import secrets

import asyncpg
from litestar import Litestar, Request, post

DSN = os.environ.get("BARE_DSN", "postgresql://postgres@127.0.0.1:5432/test")
POOL_SIZE = int(os.environ.get("BARE_POOL_SIZE", "10"))
CREATE_TABLE = ("CREATE TABLE IF NOT EXISTS bare_submission (id bigserial PRIMARY KEY, receipt text UNIQUE NOT NULL, "
                "body text NOT NULL, submitted_at timestamptz NOT NULL DEFAULT now())")


async def startup(app: Litestar) -> None:
    app.state.pool = await asyncpg.create_pool(DSN, min_size=1, max_size=POOL_SIZE)
    async with app.state.pool.acquire() as conn, conn.transaction():
        # Every worker starts at once: the lock stops two of them creating the table together.
        await conn.execute("SELECT pg_advisory_xact_lock(4242)")
        await conn.execute(CREATE_TABLE)


async def shutdown(app: Litestar) -> None:
    await app.state.pool.close()


@post("/submit", status_code=201)
async def submit(request: Request) -> dict:
    body = (await request.body()).decode(errors="replace")[:2000]
    receipt = secrets.token_hex(6)
    await request.app.state.pool.execute("INSERT INTO bare_submission (receipt, body) VALUES ($1, $2)", receipt, body)
    return {"receipt": receipt}


app = Litestar([submit], on_startup=[startup], on_shutdown=[shutdown], logging_config=None)


if __name__ == "__main__":
    # Served as `engage serve` serves engage (a listening socket per worker, engage.listeners), so the
    # ceiling and engage spread their connections across the workers alike.
    import argparse

    from engage.listeners import serve

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    serve("benchmarks.bare_app:app", host="127.0.0.1", port=args.port, workers=args.workers, log_level="warning",
          access_log=False)
