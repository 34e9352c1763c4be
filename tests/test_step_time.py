"""The guide page adds up its steps' estimates under the timeline, and says why when they disagree."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from transitions.models import Transition

pytestmark = pytest.mark.django_db


def estimated(transition, *estimates):
    for step, estimate in zip(transition.steps.order_by("position"), estimates, strict=True):
        step.estimate = estimate
        step.save()
    return transition


def test_the_timeline_says_the_steps_add_up_to_it(client, make_transition):
    guide = estimated(
        make_transition(steps=3, timeline_min_months=3, timeline_max_months=5),
        "2-3 months",
        "3-4 weeks, alongside step 1",
        "4-8 weeks",
    )

    response = client.get(guide.get_absolute_url())

    assertContains(
        response,
        "The first steps below add up to about <strong>3-5 months</strong> one after another, "
        "in line with this timeline.",
    )
    assertContains(response, "Not added: step 2 runs alongside others.")


def test_where_they_disagree_the_page_shows_the_editors_note(client, make_transition):
    guide = estimated(
        make_transition(
            steps=2,
            timeline_min_months=6,
            timeline_max_months=12,
            timeline_note="The rest is the job search, which often takes three to six months.",
        ),
        "4-6 weeks",
        "ongoing",
    )

    response = client.get(guide.get_absolute_url())

    assert (
        "The first steps below add up to about <strong>4-6 weeks</strong> one after another; "
        "the timeline says 6-12 months. The rest is the job search, which often takes three to six months."
    ) in " ".join(response.text.split())
    assertContains(response, "Not added: step 2 has no fixed length.")
    assertNotContains(response, "in line with this timeline")


def test_a_note_is_not_shown_when_the_steps_agree_with_the_timeline(client, make_transition):
    guide = estimated(
        make_transition(steps=1, timeline_min_months=2, timeline_max_months=3, timeline_note="An old explanation."),
        "2-3 months",
    )

    response = client.get(guide.get_absolute_url())

    assertContains(response, "in line with this timeline")
    assertNotContains(response, "An old explanation.")


def test_no_sum_when_no_estimate_can_be_added_up(client, make_transition):
    guide = estimated(make_transition(steps=2), "several months", "")

    assertNotContains(client.get(guide.get_absolute_url()), "add up to")


def test_the_sum_follows_an_edit_on_the_next_request(client, make_transition):
    guide = estimated(make_transition(steps=1, timeline_min_months=2, timeline_max_months=3), "2-3 months")
    client.get(guide.get_absolute_url())

    step = guide.steps.get()
    step.estimate = "1 week"
    step.save()

    response = client.get(guide.get_absolute_url())

    assertContains(response, "<strong>1 week</strong> one after another; the timeline says 2-3 months.")


def test_an_archived_step_does_not_count(client, make_transition):
    guide = estimated(make_transition(steps=2, timeline_min_months=2, timeline_max_months=3), "2-3 months", "1 year")
    Transition.objects.get(pk=guide.pk).steps.filter(position=2).update(archived_at=guide.created_at)

    assertContains(client.get(guide.get_absolute_url()), "in line with this timeline")
