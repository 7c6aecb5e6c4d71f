from litestar import Request, Response, get

from engage.db import current_engine


@get("/health", tags=["service"],
     summary="Service health: 200 when the database and the shared store (Redis, where configured) answer, "
             "503 when either does not")
async def health(request: Request) -> Response:
    report, healthy = {}, True
    try:
        await current_engine().run_ddl("SELECT 1")
        report["database"] = "ok"
    except Exception:  # any failure to reach the database means unhealthy
        report["database"], healthy = "unreachable", False
    if request.app.state.settings.redis_url:
        try:
            await request.app.state.store.ping()
            report["redis"] = "ok"
        except Exception:  # noqa: BLE001 - sessions, limits and caches live there: unhealthy without it
            report["redis"], healthy = "unreachable", False
    return Response({"status": "ok" if healthy else "unavailable", **report}, status_code=200 if healthy else 503)
