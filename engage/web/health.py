from litestar import Response, get

from engage.db import current_engine


@get("/health", tags=["service"],
     summary="Service health: 200 when the database answers, 503 when it does not")
async def health() -> Response:
    try:
        await current_engine().run_ddl("SELECT 1")
    except Exception:  # any failure to reach the database means unhealthy
        return Response({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return Response({"status": "ok", "database": "ok"}, status_code=200)
