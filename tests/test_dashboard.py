"""The learner's dashboard at /me/: every started transition, what is next, and stopping one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import Journey, StepProgress
from transitions.models import Step, Transition


def start(user, transition, *, done=0, days_ago=0):
    journey = Journey.objects.start(user, transition)
    for step in list(transition.steps.all())[:done]:
        journey.mark_step(step, status="done")
    Journey.objects.filter(pk=journey.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return Journey.objects.get(pk=journey.pk)


def test_the_dashboard_needs_an_account(client, db):
    dashboard = reverse("accounts:dashboard")
    assertRedirects(client.get(dashboard), f"{reverse('login')}?next={dashboard}")


def test_a_new_learner_is_pointed_to_the_guides(client, learner):
    client.force_login(learner)
    response = client.get(reverse("accounts:dashboard"))
    assertContains(response, "No transition started yet")
    assertContains(response, reverse("transitions:index"))


def test_every_started_transition_shows_progress_next_step_and_last_activity(client, learner, make_transition):
    transition = make_transition(steps=4)
    start(learner, transition, done=1, days_ago=2)
    second_step = transition.steps.all()[1]
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    title = f"{transition.from_role} to {transition.to_role}"
    assertContains(response, f'<a href="{transition.get_absolute_url()}">{title}</a>')
    assertContains(response, "1 of 4 steps")
    assertContains(response, 'max="4" value="1"')
    assertContains(response, f'href="{transition.get_absolute_url()}#step-{second_step.pk}">{second_step.title}</a>')
    assertContains(response, "2\xa0days ago")


def test_journeys_are_listed_most_recent_first(client, learner, make_transition):
    old, recent, middle = make_transition(), make_transition(), make_transition()
    start(learner, old, days_ago=9)
    start(learner, recent, days_ago=0)
    start(learner, middle, days_ago=3)
    client.force_login(learner)

    journeys = client.get(reverse("accounts:dashboard")).context["journeys"]

    assert [journey.transition for journey in journeys] == [recent, middle, old]


def test_the_target_date_shows_days_left_or_overdue(client, learner, make_transition):
    today = timezone.localdate()
    start(learner, make_transition()).set_target_date(today + timedelta(days=12))
    start(learner, make_transition()).set_target_date(today - timedelta(days=3))
    start(learner, make_transition()).set_target_date(today - timedelta(days=1))
    start(learner, make_transition()).set_target_date(today)
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assertContains(response, "12 days left")
    assertContains(response, "Overdue by 3 days")
    assertContains(response, "Overdue by 1 day<")
    assertContains(response, "Target date is today")


def test_a_finished_transition_says_so(client, learner, make_transition):
    start(learner, make_transition(steps=2), done=2)
    client.force_login(learner)
    assertContains(client.get(reverse("accounts:dashboard")), "All first steps done")


def test_the_dashboard_tells_what_changed_in_a_guide(client, learner, make_transition):
    transition = make_transition(steps=3)
    journey = start(learner, transition, done=1)
    touched = journey.step_progress.get().step
    touched.archived_at = timezone.now()
    touched.save()
    Step.objects.create(transition=transition, position=9, title="New step")
    Step.objects.create(transition=transition, position=10, title="Another new step")
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assertContains(response, "2 steps added since you started")
    assertContains(response, "1 step retired")
    assertContains(response, "0 of 4 steps")


def test_an_unpublished_transition_keeps_its_progress_and_has_no_link(client, learner, make_transition):
    transition = make_transition(steps=3)
    start(learner, transition, done=2)
    Transition.objects.filter(pk=transition.pk).update(published_at=None)
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assertContains(response, "No longer published")
    assertContains(response, "2 of 3 steps")
    assertNotContains(response, transition.get_absolute_url())
    assert client.get(transition.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [1, 15])
def test_the_dashboard_costs_a_fixed_number_of_queries(
    client, learner, make_transition, django_assert_num_queries, settings, count
):
    # Sessions in the database, so the count is the same with and without the Redis session cache.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    for _ in range(count):
        transition = make_transition(steps=3, transferable=0, to_build=0, certifications=0)
        journey = start(learner, transition, done=1)
        journey.set_target_date(timezone.localdate() + timedelta(days=5))
    client.force_login(learner)
    # The session, the user, then every journey with its progress, changes and next step in one query,
    # the resumes with their targets in another, and the saved resume checks.
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:dashboard"))
    assert len(response.context["journeys"]) == count


def test_stopping_a_transition_asks_first(client, learner, make_transition):
    journey = start(learner, make_transition(steps=3), done=2)
    client.force_login(learner)
    response = client.get(reverse("accounts:stop_journey", args=[journey.pk]))
    assertContains(response, "2 of 3 steps done")
    assertContains(response, "Stop and delete my progress")
    assert Journey.objects.filter(pk=journey.pk).exists()


def test_stopping_deletes_that_journey_and_its_progress_only(client, learner, make_user, make_transition):
    shared = make_transition(steps=3)
    stopped = start(learner, shared, done=2)
    kept = start(learner, make_transition(steps=2), done=1)
    someone_else = start(make_user(), shared, done=3)
    client.force_login(learner)

    response = client.post(reverse("accounts:stop_journey", args=[stopped.pk]))

    assertRedirects(response, reverse("accounts:dashboard"), fetch_redirect_response=False)
    assert not Journey.objects.filter(pk=stopped.pk).exists()
    assert not StepProgress.objects.filter(journey_id=stopped.pk).exists()
    assert set(Journey.objects.values_list("pk", flat=True)) == {kept.pk, someone_else.pk}
    assert StepProgress.objects.count() == 1 + 3
    assert shared.steps.count() == 3
    assertContains(client.get(reverse("accounts:dashboard")), "Your progress and notes on it are deleted.")


def test_a_stopped_transition_can_be_started_again_from_scratch(client, learner, make_transition):
    transition = make_transition(steps=2)
    journey = start(learner, transition, done=2)
    client.force_login(learner)
    client.post(reverse("accounts:stop_journey", args=[journey.pk]))
    client.post(reverse("accounts:mark_step", args=[transition.slug, transition.steps.first().pk]), {"status": "todo"})
    assert Journey.objects.with_progress().get(user=learner).finished_count == 0
