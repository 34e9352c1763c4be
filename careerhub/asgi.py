import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
application = get_asgi_application()

from careerhub.startup import check_ready  # noqa: E402 (needs the settings loaded above)

check_ready()
