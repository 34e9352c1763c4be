"""Project-wide request rules: form bodies we can decode, and signed-in pages kept out of shared caches."""

import codecs

from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

UTF8 = {"utf-8", "ascii"}


class RefuseUndecodableForms:
    """Refuse a request body declared in another charset than UTF-8 with our 400 page, before anything reads it.

    Django decodes form bodies in the declared charset: UTF-16 fails halfway (a 500), and every other charset
    would need every form and test to handle it. Browsers send UTF-8. In process_view, so that the answer
    carries every header our middleware adds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        charset = request.content_params.get("charset")
        if request.method in {"GET", "HEAD", "OPTIONS"} or not charset:
            return None
        try:
            name = codecs.lookup(charset).name
        except LookupError:
            name = None  # Django ignores an unknown charset and reads UTF-8; refuse it all the same
        if name in UTF8:
            return None
        message = f"We read forms in UTF-8 only, and this one says it is in “{charset[:40]}”."
        return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))


def private_when_signed_in(get_response):
    """Every answer to a signed-in person is theirs alone: `Cache-Control: private, no-store`.

    Learner pages show progress and notes, and every page shows who is signed in, so no proxy or shared
    cache may keep a copy, and the browser keeps none either (a shared computer's back button).
    New learner views get it without doing anything.
    """

    def middleware(request):
        response = get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response

    return middleware
