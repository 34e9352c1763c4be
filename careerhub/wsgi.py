import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
application = get_wsgi_application()

from careerhub.startup import check_ready  # noqa: E402 (needs the settings loaded above)

check_ready()
