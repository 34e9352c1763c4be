from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache import DEFAULT_CACHE_ALIAS

from accounts.sessions import user_id_of
from transitions import versioning


class SessionStore(CachedDBStore):
    cache_key_prefix = "accounts.sessions.cached_db"
    loaded_user = None  # the user's row, when the session came from the database (see accounts.sessions)

    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def load(self):
        """Django's, but the session comes from the cache in one round trip with the content version, which nearly
        every page reads next (transitions.versioning)."""
        if settings.SESSION_CACHE_ALIAS != DEFAULT_CACHE_ALIAS:
            return super().load()
        try:
            data = versioning.read_with(self.cache_key)
        except Exception:  # as Django's: a cache that fails is a session read from the database
            data = None
        if data is None:
            stored = self._get_session_from_db()
            if not stored:
                return {}
            self.loaded_user = stored.user
            data = self.decode(stored.session_data)
            self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = user_id_of(data)
        return session
