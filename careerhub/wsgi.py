import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
application = get_wsgi_application()

from careerhub.middleware import guard_wsgi_content_type  # noqa: E402 (these need the settings loaded above)
from careerhub.startup import check_ready  # noqa: E402

application = guard_wsgi_content_type(application)

check_ready()
