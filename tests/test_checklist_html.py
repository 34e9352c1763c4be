"""Each checklist step on a guide page comes from HTML kept per variant (accounts.checklist.steps_html): it must
be, byte for byte, the step partial rendered live for that person, whatever their status, note and state."""

import itertools
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.template.loader import render_to_string

from accounts import checklist
from accounts.models import Journey, StepProgress

pytestmark = pytest.mark.django_db

NOTES = ["", 'Ask <b>Sam</b> & "the team" about it']
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


def live(request, transition, step, progress, journey, saved_step):
    context = {
        **checklist.CHOICES,
        "transition": transition,
        "step": step,
        "progress": progress,
        "journey": journey,
        "user": request.user,
        "saved_step": saved_step,
        "csrf_token": get_token(request),
    }
    return render_to_string("accounts/checklist.html#step", context)


def without_tokens(html):
    return TOKEN.sub(r"\1T\2", str(html))


@pytest.fixture
def kept_html(request_lifetime):
    """The step as the guide page gives it, within a request's lifetime (the content version read once)."""

    def kept(request, guide, step, progress, journey, saved_step):
        with request_lifetime():
            [html] = checklist.steps_html(request, guide, [(step, progress)], journey=journey, saved_step=saved_step)
        return html

    return kept


def test_every_learner_variant_is_the_partial_rendered_live(rf, make_user, make_transition, kept_html):
    guide = make_transition(steps=1)
    step = guide.steps.get()
    # One learner started before the step was added (it is new to them), the other after.
    journeys = []
    for started in (step.created_at - timedelta(days=1), step.created_at + timedelta(days=1)):
        journey = Journey.objects.start(make_user(), guide)
        Journey.objects.filter(pk=journey.pk).update(started_at=started)
        journey.refresh_from_db()
        journeys.append(journey)
    for status, note, saved, journey in itertools.product(StepProgress.Status.values, NOTES, (False, True), journeys):
        request = rf.get(guide.get_absolute_url())
        request.user = journey.user
        journey.mark_step(step, status=status)
        progress = journey.save_note(step, note)
        saved_step = step.pk if saved else None
        for _ in range(2):  # rendered, then from the kept variant
            kept = kept_html(request, guide, step, progress, journey, saved_step)
            expected = live(request, guide, step, progress, journey, saved_step)
            assert without_tokens(kept) == without_tokens(expected)
        if note:
            assert "Ask &lt;b&gt;Sam&lt;/b&gt; &amp; &quot;the team&quot;" in kept
        assert ("New since you started" in kept) == (journey is journeys[0])


def test_every_visitor_variant_is_the_partial_rendered_live(rf, make_transition, kept_html):
    guide = make_transition(steps=1)
    step = guide.steps.get()
    request = rf.get(guide.get_absolute_url())
    request.user = AnonymousUser()
    for status, saved in itertools.product(StepProgress.Status.values, (False, True)):
        for progress in (checklist.VisitorProgress(status), None):
            saved_step = step.pk if saved else None
            kept = kept_html(request, guide, step, progress, None, saved_step)
            expected = live(request, guide, step, progress, None, saved_step)
            assert without_tokens(kept) == without_tokens(expected)


def test_each_person_gets_their_own_token_and_note_in_a_kept_variant(rf, make_user, make_transition, kept_html):
    guide = make_transition(steps=1)
    step = guide.steps.get()
    pages = []
    for note in ("First learner's plan", "Second learner's plan"):
        learner = make_user()
        journey = Journey.objects.start(learner, guide)
        progress = journey.save_note(step, note)
        request = rf.get(guide.get_absolute_url())
        request.user = learner
        pages.append((kept_html(request, guide, step, progress, journey, None), request))
    (first, _), (second, _) = pages
    assert "First learner&#x27;s plan" in first
    assert "Second" not in first
    assert "Second learner&#x27;s plan" in second
    assert "First" not in second
    for html, request in pages:
        assert "\x00" not in html
        # Every form carries a token masking this request's own secret.
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert len(tokens) == 3
        assert {_unmask_cipher_token(token) for token in tokens} == {request.META["CSRF_COOKIE"]}
