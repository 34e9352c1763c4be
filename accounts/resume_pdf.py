"""A resume's print page as a PDF, made with WeasyPrint from the same HTML and CSS the browser prints.

Stylesheets and fonts are read from our own static files; WeasyPrint never fetches anything over the
network (a resume's links stay links, they are not loaded).
"""

import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class StaticFilesFetcher(URLFetcher):
    """Serve /static/ URLs from disk and refuse every other URL."""

    def fetch(self, url, headers=None):
        path = unquote(urlsplit(url).path)
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        if not path.startswith(prefix) or ".." in path:
            raise ValueError(f"Resumes load only our own static files, not {url}")
        name = path.removeprefix(prefix)
        filename = finders.find(name) or static_root_file(name)
        if filename is None:
            raise ValueError(f"No static file {name}")
        with open(filename, "rb") as file:
            body = file.read()
        mime_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})


def static_root_file(name):
    """A collected (hashed) file in production, where finders do not look."""
    try:
        return staticfiles_storage.path(name) if staticfiles_storage.exists(name) else None
    except NotImplementedError:
        return None


def render_pdf(html, base_url):
    return HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher()).write_pdf()
