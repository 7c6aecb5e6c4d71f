from litestar import Response, get

from engage.db import current_engine
from engage.web.dependencies import SettingsDep, StoreDep


@get("/health", tags=["service"],
     summary="Service health: 200 when the database and the shared store (Redis, where configured) answer, "
             "503 when either does not")
async def health(settings: SettingsDep, store: StoreDep) -> Response:
    report, healthy = {}, True
    try:
        await current_engine().run_ddl("SELECT 1")
        report["database"] = "ok"
    except Exception:  # any failure to reach the database means unhealthy
        report["database"], healthy = "unreachable", False
    if settings.redis_url:
        try:
            await store.ping()
            report["redis"] = "ok"
        except Exception:  # noqa: BLE001 - sessions, limits and caches live there: unhealthy without it
            report["redis"], healthy = "unreachable", False
    return Response({"status": "ok" if healthy else "unavailable", **report}, status_code=200 if healthy else 503)
