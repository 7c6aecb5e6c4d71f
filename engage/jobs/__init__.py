"""Background work on huey: re-analysis, re-tagging, summary rollups and retention run as jobs.

- config.py: which queue (SQLite file, Redis or PostgreSQL) the settings name;
- registry.py: the jobs engage knows (name, retries, backoff, schedule) and `@job` to add one;
- tasks.py: engage's own jobs, each calling the service that does the work;
- runner.py: the event loop a worker runs the async services on;
- leases.py: jobs in flight, so one lost with its worker is run again;
- queue.py: enqueueing, and what admins see and do (queued, scheduled, failed, retry, discard);
- worker.py: `engage worker`, and the one `engage serve` runs in-process on SQLite;
- controllers.py: the admins' page, /officer/admin/jobs.
"""
