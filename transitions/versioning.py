"""The content version: one token in the shared cache that every change of public content replaces.

Pages cache what is the same for everyone under a key holding this version, so a save, publish,
import or delete on any app server shows on the very next request served by any other (the default
cache is Redis in production). Models opt in with `VersionedContent` and `ContentQuerySet`; bulk
paths that go around both (the labour import) call `bump()` themselves.
"""

import hashlib
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import suppress
from functools import partial, wraps
from urllib.parse import urlencode

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, models, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

from transitions.rendering import render_markdown_fields

KEY = "careerhub:content-version"
DAY = 24 * 60 * 60
logger = logging.getLogger(__name__)


# A request reads the version once, with the first part that needs it, and its other parts reuse it: one
# shared-cache round trip per request instead of one per part. A change made during the request replaces
# the kept version too. Outside a request (commands, shells) every call asks the cache.
_this_request = Local()
UNREACHABLE = "unreachable"  # the cache failed once in this request: render the rest live without asking again


def _start_request(**kwargs):
    _this_request.version = None


def _end_request(**kwargs):
    with suppress(AttributeError):
        del _this_request.version


request_started.connect(_start_request, dispatch_uid="content-version-per-request")
request_finished.connect(_end_request, dispatch_uid="content-version-per-request")


def current():
    """The version to key cached fragments by, or None when the cache is unreachable (render live)."""
    kept = getattr(_this_request, "version", None)
    if kept is not None:
        return None if kept is UNREACHABLE else kept
    try:
        version = cache.get(KEY)
        if version is None:
            cache.add(KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(KEY)
    except Exception:  # Any cache backend error: the page renders uncached rather than failing.
        logger.warning("content version unavailable; rendering uncached", exc_info=True)
        version = None
    _keep_for_this_request(version or UNREACHABLE)
    return version


def _keep_for_this_request(version):
    if hasattr(_this_request, "version"):
        _this_request.version = version


def read_with(key):
    """The value under `key` in the default cache, read in one round trip with this request's content version (kept
    for the request, unless it is not in the cache yet): for what every signed-in request reads anyway, its session.
    """
    found = cache.get_many([key, KEY])
    if found.get(KEY) is not None:
        _keep_for_this_request(found[KEY])
    return found.get(key)


def _replace(*, committed):
    try:
        version = uuid.uuid4().hex
        cache.set(KEY, version, timeout=None)
    except Exception:
        logger.error("content version not bumped: the cache is unreachable", exc_info=True)
        return
    _keep_for_this_request(version)
    if committed:
        try:
            _remember_moment(version, _next_publication())
        except DatabaseError:  # the first page that needs the moment asks again
            logger.warning("next publication not noted", exc_info=True)


def bump():
    """Give the content a new version now, and again once the surrounding transaction commits.

    The second bump drops what another request may have cached from the old rows under the first, and
    notes when the next scheduled guide goes live (see `seconds_published_content_holds`) so that the
    pages after a write need not ask.
    """
    _replace(committed=False)
    transaction.on_commit(partial(_replace, committed=True))


class ContentQuerySet(models.QuerySet):
    """Bulk writes of content (admin actions, the loader) bump the version like single saves do."""

    def update(self, **kwargs):
        count = super().update(**kwargs)
        bump()
        return count

    def delete(self):
        result = super().delete()
        bump()
        return result

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        bump()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        bump()
        return count


class VersionedContent:
    """A content model: saving renders its Markdown (MARKDOWN_FIELDS) to HTML; saving or deleting bumps the version.

    Deleting cascades to owned children in the same call, so the one bump covers them.
    """

    MARKDOWN_FIELDS = ()

    def save(self, *args, update_fields=None, **kwargs):
        update_fields = render_markdown_fields(self, update_fields)
        super().save(*args, update_fields=update_fields, **kwargs)
        bump()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        bump()
        return result


def _read(key):
    try:
        return cache.get(key)
    except Exception:  # Any cache backend error: build the value instead.
        logger.warning("cache read failed for %s", key, exc_info=True)
        return None


def _write(key, value, timeout):
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache write failed for %s", key, exc_info=True)


class Recent:
    """The entries this process used most recently, each until it expires; the least recently used go first."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()  # key -> (value, expires_at)
        self.lock = threading.Lock()

    def get(self, key):
        entry = self.entries.get(key)
        return entry if entry is not None and entry[1] > time.time() else None

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


# Each process also keeps what it used most recently under these keys (which hold the version) and until the
# same moment: a hot guide or page costs no round trip beyond the version, and nothing to unpickle. What is kept
# is shared by every request the process serves, so callers only ever read it.
_recent = Recent(256)
# Small fragments with many variants (a checklist step per status) are kept in the process only: rendering
# one costs less than a round trip to fetch it.
_fragments = Recent(4096)


def _kept(key):
    """What this process, or else the shared cache, keeps under `key` and has not expired; or None."""
    entry = _recent.get(key)
    if entry is None:
        entry = _read(key)
        if entry is None or entry[1] <= time.time():
            return None
    _recent.put(key, entry)
    return entry[0]


def _keep(key, value, timeout):
    entry = (value, time.time() + timeout)
    _write(key, entry, timeout)
    _recent.put(key, entry)


def fragment(name, build):
    """Like `cached`, for a small fragment kept in this process only (see `_fragments`)."""
    version = current()
    if version is None:
        return build()
    key = f"{version}:{name}"
    entry = _fragments.get(key)
    if entry is None:
        entry = (build(), time.time() + DAY)
        _fragments.put(key, entry)
    return entry[0]


def cached(name, build, timeout=DAY):
    """What `build()` returns, cached under this content version (None is not cached). Read-only to callers.

    A new version makes every older entry unreachable; the timeout only lets the cache forget them.
    """
    version = current()
    if version is None:
        return build()
    return _cached(version, name, build, timeout)


def cached_while_published(name, build):
    """Like `cached`, for what depends on which guides are published: kept until the next one goes live."""
    version = current()
    timeout = seconds_published_content_holds(version) if version is not None else 0
    return _cached(version, name, build, timeout) if timeout else build()


def _cached(version, name, build, timeout):
    key = f"careerhub:{version}:part:{name}"
    value = _kept(key)
    if value is None:
        value = build()
        if value is not None:
            _keep(key, value, timeout)
    return value


def _moment_key(version):
    return f"careerhub:{version}:next-publication-at"


def _next_publication():
    """When the next scheduled guide goes live (a Unix time), or a day from now when none is scheduled."""
    upcoming = apps.get_model("transitions", "Transition").objects.next_publication()
    return upcoming.timestamp() if upcoming else time.time() + DAY


def _remember_moment(version, moment):
    if moment - time.time() >= 1:
        _keep(_moment_key(version), moment, int(min(moment - time.time(), DAY)))


def seconds_published_content_holds(version):
    """How long what is published now stays so: whole seconds until the next scheduled guide goes live, at most a day.

    Time publishes a scheduled guide without any write, so nothing that lists published guides may be cached
    longer. The moment is kept under the version until it comes; then the next one is asked for.
    """
    moment = _kept(_moment_key(version))
    if moment is None:
        moment = _next_publication()
        _remember_moment(version, moment)
    return max(0, int(min(moment - time.time(), DAY)))


def is_visitor(request):
    """No session and no pending messages: nothing on any page can be this person's own."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and CookieStorage.cookie_name not in request.COOKIES


# A visitor's forms (ticking a step, asking for a guide) carry their own CSRF token: the cached copy keeps a
# slot in its place, filled with a token for each visitor as it is served (Django sets their CSRF cookie).
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Every HTML kept for many people (a visitor page, a checklist step, the signed-in header) marks the token the same way.
CSRF_SLOT = "\x00csrf\x00"  # no form lets a NUL character through, so no content can hold it
CSRF_SLOT_BYTES = CSRF_SLOT.encode()


def for_visitors(*params):
    """Serve a public page to visitors whole from the shared cache, under the content version.

    Visitors (see `is_visitor`) all get the same bytes but for their CSRF token, filled in on each serve;
    anyone signed in, or with a session, gets the page rendered live with their own header. The key is the
    page's absolute URL with only the query parameters the view reads (`params`), sorted, so that no other
    parameter makes a new entry. Only a 200 is kept, and only when it started no session and set no cookie
    (those would be one person's): such a page stays live. An entry is kept no longer than published
    content holds (`seconds_published_content_holds`).
    """

    def decorator(view):
        @wraps(view)
        def cached_view(request, *args, **kwargs):
            version = current() if request.method in ("GET", "HEAD") and is_visitor(request) else None
            if version is None:
                return view(request, *args, **kwargs)
            query = urlencode(sorted((name, value) for name in params for value in request.GET.getlist(name)))
            url = request.build_absolute_uri(f"{request.path}?{query}")
            key = f"careerhub:{version}:visitor-page:{hashlib.sha256(url.encode()).hexdigest()}"
            stored = _kept(key)
            if stored is not None:
                content, headers = stored
                if CSRF_SLOT_BYTES in content:
                    content = content.replace(CSRF_SLOT_BYTES, get_token(request).encode())
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            personal = request.session.modified or response.cookies
            if response.status_code == 200 and not response.streaming and not personal:
                timeout = seconds_published_content_holds(version)
                if timeout:
                    content = response.content
                    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                        content = CSRF_VALUE.sub(rb"\1" + CSRF_SLOT_BYTES + rb"\2", content)
                    _keep(key, (content, dict(response.headers)), timeout)
            return response

        return cached_view

    return decorator
