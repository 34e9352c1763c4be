from django.contrib.sessions.backends.db import SessionStore as DBStore

from accounts.sessions import user_id_of


class SessionStore(DBStore):
    loaded_user = None  # the user's row, read with the session (see accounts.sessions)

    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def load(self):
        """Django's, keeping the user the session was read with."""
        stored = self._get_session_from_db()
        if not stored:
            return {}
        self.loaded_user = stored.user
        return self.decode(stored.session_data)

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = user_id_of(data)
        return session
