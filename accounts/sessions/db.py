from django.contrib.sessions.backends.db import SessionStore as DBStore

from accounts.sessions import user_id_of


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = user_id_of(data)
        return session
