"""The signed-in home page: "Continue where you left off" above everything, for learners with a journey."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Journey
from tests.test_public_pages import HOME_QUERIES
from transitions.models import Transition

CONTINUE = "Continue where you left off"


def start(user, transition, *, done=0):
    journey = Journey.objects.start(user, transition)
    for step in list(transition.steps.all())[:done]:
        journey.mark_step(step, status="done")
    return journey


def test_the_home_page_offers_to_continue_the_most_recently_active_journey(client, learner, make_transition):
    earlier, latest = make_transition(steps=7), make_transition(steps=7)
    start(learner, latest, done=4)
    start(learner, earlier, done=1)
    Journey.objects.filter(transition=earlier).update(updated_at=timezone.now() - timedelta(days=1))
    next_step = latest.steps.all()[4]
    client.force_login(learner)

    response = client.get(reverse("transitions:home"))

    page = response.content.decode()
    assert page.index(CONTINUE) < page.index("Change careers with a plan")
    assertContains(response, f"{latest.from_role} to {latest.to_role}")
    assertContains(response, '<span class="continue-percent">57%</span>', html=True)
    step_url = f"{latest.get_absolute_url()}#step-{next_step.pk}"
    assertContains(response, f'Next: <a href="{step_url}">{next_step.title}</a>', html=True)
    assertNotContains(response, f"{earlier.from_role} to {earlier.to_role}</a>")


def test_visitors_and_learners_with_nothing_to_continue_see_the_plain_home_page(client, learner, make_transition):
    assertNotContains(client.get(reverse("transitions:home")), CONTINUE)
    client.force_login(learner)
    assertNotContains(client.get(reverse("transitions:home")), CONTINUE)
    start(learner, make_transition(steps=2), done=2)  # finished: nothing left to continue
    offline = make_transition(steps=2)
    start(learner, offline)
    Transition.objects.filter(pk=offline.pk).update(published_at=None)
    assertNotContains(client.get(reverse("transitions:home")), CONTINUE)


@pytest.mark.parametrize("count", [1, 15])
def test_the_continue_panel_costs_one_query_whatever_the_number_of_journeys(
    client, learner, make_transition, django_assert_num_queries, settings, count
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    for _ in range(count):
        start(learner, make_transition(steps=3, transferable=0, to_build=0, certifications=0), done=1)
    client.force_login(learner)
    # The home page's own queries (less the scheduled-guide lookup only a cached visitor's page makes),
    # plus the session, the user and the journey to continue.
    with django_assert_num_queries(HOME_QUERIES - 1 + 3):
        assertContains(client.get(reverse("transitions:home")), CONTINUE)
