"""Session engines that record whose session each one is (SESSION_ENGINE = accounts.sessions.db or .cached_db).

Django's own engines key sessions by session key only, so nothing could find a person's sessions to delete
them with their account. These store the same data in accounts.Session, with the user's id beside it.

A session read from the database comes with its user's row (Session.objects joins it), so a signed-in request
asks the database once for both: while Django authenticates the request (AuthenticationMiddleware below),
SessionUserBackend takes the user from the session store instead of reading it again. Django's own checks then
run on that row as on any: the session's hash of the password and email, and an active account.
"""

from contextvars import ContextVar

from django.contrib.auth import middleware
from django.contrib.auth.backends import ModelBackend
from django.utils.functional import SimpleLazyObject

# The session of the request being authenticated, only while Django does it.
_authenticating = ContextVar("accounts.sessions.authenticating", default=None)


def user_id_of(data):
    try:
        return int(data.get("_auth_user_id"))
    except (TypeError, ValueError):
        return None


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, telling SessionUserBackend which session it authenticates."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _authenticate(request))


def _authenticate(request):
    token = _authenticating.set(request.session)
    try:
        return middleware.get_user(request)
    finally:
        _authenticating.reset(token)


class SessionUserBackend(ModelBackend):
    """Django's ModelBackend, but the user read with the session being authenticated is not read again."""

    def get_user(self, user_id):
        user = getattr(_authenticating.get(), "loaded_user", None)
        if user is None or str(user.pk) != str(user_id):
            return super().get_user(user_id)
        return user if self.user_can_authenticate(user) else None
