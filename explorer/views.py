"""Plain Django views: health check and the single-page front end."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from explorer import heartbeat


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report database, Redis and Celery worker status; 503 naming what is down."""
    checks: dict[str, dict[str, object]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any failure of a dependency is reported in the body, never raised
        checks["database"] = {"ok": False, "error": str(exc)}
    try:
        heartbeat.redis_client().ping()
        checks["redis"] = {"ok": True}
        workers = heartbeat.live_workers()
        checks["worker"] = (
            {"ok": True, "workers": workers}
            if workers
            else {
                "ok": False,
                "error": f"no Celery worker heartbeat in the last {settings.WORKER_HEARTBEAT_TTL} s: jobs cannot run",
            }
        )
    except Exception as exc:  # any failure of a dependency is reported in the body, never raised
        checks["redis"] = {"ok": False, "error": f"Redis at {settings.REDIS_URL} does not answer: {exc}"}
        checks["worker"] = {"ok": False, "error": "unknown: Redis is down, so jobs cannot run"}
    failing = [name for name, check in checks.items() if not check["ok"]]
    body = {"status": "ok" if not failing else "unavailable", "failing": failing, "checks": checks}
    return JsonResponse(body, status=200 if not failing else 503)


@ensure_csrf_cookie
def frontend(request: HttpRequest) -> HttpResponse:
    """Serve the built single-page app; every non-API path lands here."""
    index = settings.FRONTEND_DIST / "index.html"
    if not index.exists():
        return HttpResponse(
            "<h1>Kafkaesque</h1><p>The front end is not built. Run <code>make run</code>.</p>",
            status=503,
        )
    return HttpResponse(index.read_text(encoding="utf-8"))
