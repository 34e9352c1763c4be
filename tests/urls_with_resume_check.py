"""The site's URLs plus a stand-in resume check, so pages that link to it once it exists can be tested."""

from django.http import HttpResponse
from django.urls import include, path

from careerhub.urls import urlpatterns as site_urlpatterns
from transitions.urls import urlpatterns as transition_urlpatterns


def _resume_check(request, slug):
    return HttpResponse("resume check")


urlpatterns = [
    path(
        "",
        include(
            (
                [
                    path("transitions/<slug:slug>/resume-check/", _resume_check, name="resume_check"),
                    *transition_urlpatterns,
                ],
                "transitions",
            )
        ),
    ),
    *[pattern for pattern in site_urlpatterns if getattr(pattern, "namespace", None) != "transitions"],
]
