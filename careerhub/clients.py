"""Who is asking: the client's address behind our proxies, and how often one may ask for something."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The client's IP address, taken from X-Forwarded-For only as far as DJANGO_TRUSTED_PROXY_COUNT allows.

    Each trusted proxy appends the address it got the request from, so with N proxies the client is the
    N-th entry from the right; whatever lies further left was written by the client and proves nothing.
    A request that did not pass through all of them (too few entries, or a malformed one) counts as REMOTE_ADDR.
    Login lockouts (settings.AXES_CLIENT_IP_CALLABLE) and rate limits use this one answer.
    """
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def rate_limited(scope, key, rate):
    """Count one more request for (scope, key); True once more than `rate` = (count, seconds) arrived in the window.

    A fixed window in the default cache (Redis in production, so all app servers share the count).
    """
    limit, seconds = rate
    window = int(time.time() // seconds)
    name = f"rate:{scope}:{window}:{key}"
    cache.add(name, 0, timeout=seconds)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.add(name, 1, timeout=seconds)
        count = 1
    return count > limit
