"""Session engines that record whose session each one is (SESSION_ENGINE = accounts.sessions.db or .cached_db).

Django's own engines key sessions by session key only, so nothing could find a person's sessions to delete
them with their account. These store the same data in accounts.Session, with the user's id beside it.
"""


def user_id_of(data):
    try:
        return int(data.get("_auth_user_id"))
    except (TypeError, ValueError):
        return None
