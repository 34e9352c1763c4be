"""Where can I go from my job: asking for a guide we have not written yet."""

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from transitions.forms import GuideRequestForm
from transitions.models import GuideRequest

# Asks from one address per hour: enough for a person exploring, too few to stuff the queue.
ASKS_PER_HOUR = 20


@require_POST
def ask_for_guide(request):
    form = GuideRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "transitions/ask_for_guide.html",
            {"problem": "We could not tell which guide you asked for. Please try again from its page."},
            status=400,
        )
    if asked_too_often(request):
        return render(
            request,
            "transitions/ask_for_guide.html",
            {"problem": "You have asked for many guides in a short time. Please try again in an hour."},
            status=429,
        )
    guide_request, _ = GuideRequest.objects.get_or_create(
        destination=form.cleaned_data["destination"], defaults={"title": form.destination_title}
    )
    person = {"user": request.user} if request.user.is_authenticated else {"visitor": visitor_token(request)}
    if guide_request.add_vote(**person, starting_point=form.cleaned_data["starting_point"]):
        messages.success(request, f"Thank you: we have counted your request for a guide to {guide_request.title}.")
    else:
        messages.info(
            request, f"You had already asked for a guide to {guide_request.title}: we count each person once."
        )
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = form.destination_url
    return redirect(back)


def asked_too_often(request):
    key = f"ask-for-guide:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > ASKS_PER_HOUR
    except ValueError:  # expired between add and incr
        return False


def visitor_token(request):
    """A random name for an anonymous person, kept in their session, so that they are counted once."""
    return request.session.setdefault("guide_request_visitor", secrets.token_hex(16))
