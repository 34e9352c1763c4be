"""Pages for machines (robots.txt, the health check) and the pages for errors."""

import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

# One thread probes the database: a hung probe makes the next ones wait and time out (reported as down)
# instead of piling up threads, and the request that asked never waits longer than the timeout.
_database_probe = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
RETRY_AFTER_SECONDS = 30


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /me/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _select_one():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        connection.close()  # the probe thread keeps no connection that could go stale


def database_status():
    try:
        _database_probe.submit(_select_one).result(timeout=settings.DB_CONNECT_TIMEOUT + 1)
    except FutureTimeout:
        return "timeout"
    except Exception:  # any database failure means down, never a 500
        return "down"
    return "ok"


def cache_status():
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:  # any cache failure means down
        return "down"
    return "ok" if ok else "down"


@require_GET
@never_cache
def healthz(request):
    """200 when the database and the cache both answer; 503 naming the one that does not, within seconds."""
    report = {"database": database_status(), "cache": cache_status()}
    healthy = all(value == "ok" for value in report.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **report}, status=200 if healthy else 503)


def server_error(request):
    """Our 500 page; our 503 page with Retry-After when the database is down or too slow (a timeout)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(render_to_string("500.html"))
