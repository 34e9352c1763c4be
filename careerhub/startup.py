"""Checks a production server makes as it starts (wsgi.py, asgi.py), so that it fails closed and says why."""

import logging

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import DEFAULT_MAILER_ALIAS

logger = logging.getLogger("careerhub")
CONSOLE_MAILER = "django.core.mail.backends.console.EmailBackend"
# A file every page links to: if the manifest does not know it, no page can render.
PROBE_FILE = "css/site.css"


def check_ready():
    """Refuse to serve without collected static files; say where mail goes without SMTP."""
    if settings.DEBUG:
        return
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        try:
            staticfiles_storage.stored_name(PROBE_FILE)
        except ValueError:
            raise ImproperlyConfigured(
                f"Static files are not collected in {settings.STATIC_ROOT} (no manifest entry for {PROBE_FILE}), "
                "so every page would fail: run `manage.py collectstatic --noinput` before starting the server."
            ) from None
    if settings.MAILERS.get(DEFAULT_MAILER_ALIAS, {}).get("BACKEND") == CONSOLE_MAILER:
        logger.warning(
            "EMAIL_HOST is not set: emails (sign-up links, password resets) are written to this log, not sent. "
            "Set EMAIL_HOST to send them; `manage.py check --deploy` reports this as mail.E001."
        )
