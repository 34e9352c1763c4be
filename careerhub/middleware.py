"""Project-wide request rules: form bodies we can decode, and signed-in pages kept out of shared caches."""

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import parse_header_parameters

REFUSED_CONTENT_TYPE = "careerhub.refused_content_type"


def declared_charset_is_utf8(content_type):
    """True when a Content-Type declares no charset or UTF-8; False for any other, or one that cannot be read."""
    try:
        _, params = parse_header_parameters(content_type)
    except ValueError:
        return False
    charset = params.get("charset")
    return charset is None or charset.strip().lower() == "utf-8"


def guard_wsgi_content_type(application):
    """Wrap the WSGI application so a Content-Type Django cannot even read becomes our 400 page.

    Django reads the charset while it builds the request, before any middleware: a charset with a NUL
    (codecs.lookup raises ValueError) or a malformed header escapes its error handling, and gunicorn answers
    a bare 500. Such a header is set aside here, and RefuseUndecodableForms answers with our page.
    """

    def guarded(environ, start_response):
        content_type = environ.get("CONTENT_TYPE", "")
        if content_type and not declared_charset_is_utf8(content_type):
            environ = {**environ, "CONTENT_TYPE": "application/octet-stream", REFUSED_CONTENT_TYPE: content_type}
        return application(environ, start_response)

    return guarded


class RefuseUndecodableForms:
    """Refuse a request body declared in another charset than UTF-8 with our 400 page, before anything reads it.

    Django reads urlencoded forms in UTF-8 only (another charset is its bare 400) and decodes multipart fields in
    whatever charset is declared; browsers send UTF-8. In process_view, so that the answer carries every header
    our middleware adds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        refused = request.META.get(REFUSED_CONTENT_TYPE)
        if refused is None and declared_charset_is_utf8(request.META.get("CONTENT_TYPE", "")):
            return None
        return HttpResponseBadRequest(render_to_string("400.html", {"message": "We read forms in UTF-8 only."}))


def private_when_signed_in(get_response):
    """Every answer to a signed-in person is theirs alone: `Cache-Control: private, no-store`.

    Learner pages show progress and notes, and every page shows who is signed in, so no proxy or shared
    cache may keep a copy, and the browser keeps none either (a shared computer's back button).
    New learner views get it without doing anything.
    """

    def middleware(request):
        # Whoever has a session is looked up before the view runs, whatever it reads first: the session then comes in
        # one cache round trip with the content version the page needs (accounts.sessions.cached_db).
        request.user.is_authenticated  # noqa: B018
        response = get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
