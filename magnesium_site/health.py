from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache_ok():
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


@never_cache
def healthz(request):
    """For a load balancer: 200 when the database and the cache answer, else 503."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    return JsonResponse(
        {name: "ok" if ok else "error" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
