from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from accounts.sessions import user_id_of


class SessionStore(CachedDBStore):
    cache_key_prefix = "accounts.sessions.cached_db"

    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = user_id_of(data)
        return session
