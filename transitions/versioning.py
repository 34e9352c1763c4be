"""The content version: one token in the shared cache that every change of public content replaces.

Pages cache what is the same for everyone under a key holding this version, so a save, publish,
import or delete on any app server shows on the very next request served by any other (the default
cache is Redis in production). Models opt in with `VersionedContent` and `ContentQuerySet`; bulk
paths that go around both (the labour import) call `bump()` themselves.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import models, transaction

from transitions.rendering import render_markdown_fields

KEY = "careerhub:content-version"
logger = logging.getLogger(__name__)


def current():
    """The version to key cached fragments by, or None when the cache is unreachable (render live)."""
    try:
        version = cache.get(KEY)
        if version is None:
            cache.add(KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(KEY)
        return version
    except Exception:  # Any cache backend error: the page renders uncached rather than failing.
        logger.warning("content version unavailable; rendering uncached", exc_info=True)
        return None


def _replace():
    try:
        cache.set(KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.error("content version not bumped: the cache is unreachable", exc_info=True)


def bump():
    """Give the content a new version now, and again once the surrounding transaction commits.

    The second bump drops what another request may have cached from the old rows under the first.
    """
    _replace()
    transaction.on_commit(_replace)


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


def cached(name, build, timeout=24 * 60 * 60):
    """What `build()` returns, cached in the shared cache under this content version (None is not cached).

    A new version makes every older entry unreachable; the timeout only lets the cache forget them.
    """
    version = current()
    if version is None:
        return build()
    key = f"careerhub:{version}:{name}"
    try:
        value = cache.get(key)
    except Exception:
        logger.warning("cache read failed; building %s", name, exc_info=True)
        return build()
    if value is None:
        value = build()
        if value is not None:
            try:
                cache.set(key, value, timeout)
            except Exception:
                logger.warning("cache write failed for %s", name, exc_info=True)
    return value
