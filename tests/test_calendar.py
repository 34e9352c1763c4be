"""A journey's target date (or projected finish) and next step as an .ics download, private to the learner."""

from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import Journey


def calendar_url(journey):
    return reverse("accounts:journey_calendar", args=[journey.pk])


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def journey(learner, make_transition):
    transition = make_transition(steps=4)
    journey = Journey.objects.start(learner, transition)
    journey.mark_step(transition.steps.first(), status="done")
    return journey


def test_the_calendar_holds_the_target_date_and_the_next_step_as_all_day_events(client, learner, journey):
    journey.set_target_date(date(2027, 6, 30))
    transition = journey.transition
    next_step = transition.steps.all()[1]
    client.force_login(learner)

    response = client.get(calendar_url(journey))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="careerhub-{transition.slug}.ics"'
    assert response["Cache-Control"] == "private, no-store"
    events = events_of(response)
    target = events[f"Target: {transition.to_role} (CareerHub)"]
    assert target["DTSTART"].dt == date(2027, 6, 30)
    assert target["DTEND"].dt == date(2027, 7, 1)
    assert "1 of 4 steps" in str(target["DESCRIPTION"])
    assert str(target["URL"]) == f"http://testserver{transition.get_absolute_url()}"
    step = events[f"Next step: {next_step.title}"]
    assert step["DTSTART"].dt == timezone.localdate()
    assert str(step["URL"]) == f"http://testserver{transition.get_absolute_url()}#step-{next_step.pk}"
    assert len(events) == 2


def test_the_uids_stay_the_same_so_a_second_import_updates_the_events(client, learner, journey):
    journey.set_target_date(date(2027, 6, 30))
    client.force_login(learner)
    first = {str(event["UID"]) for event in events_of(client.get(calendar_url(journey))).values()}
    journey.set_target_date(date(2027, 9, 1))
    second = events_of(client.get(calendar_url(journey)))
    assert {str(event["UID"]) for event in second.values()} == first
    assert len(first) == 2


def test_without_a_target_date_the_calendar_holds_the_projected_finish(client, learner, journey):
    transition = journey.transition
    journey.mark_step(transition.steps.all()[1], status="skipped")
    Journey.objects.filter(pk=journey.pk).update(started_at=timezone.now() - timedelta(weeks=2))
    client.force_login(learner)

    events = events_of(client.get(calendar_url(journey)))

    # 2 steps in 2 weeks: the 2 left take 2 more weeks.
    projected = events[f"Projected finish: {transition.to_role} (CareerHub)"]
    assert projected["DTSTART"].dt == timezone.localdate() + timedelta(weeks=2)
    assert "No target date is set" in str(projected["DESCRIPTION"])
    dashboard = client.get(reverse("accounts:dashboard"))
    assertContains(dashboard, "No target date: your projected finish and next step, as an .ics file")


def test_without_a_target_date_or_a_projection_the_calendar_holds_the_next_step(client, learner, journey):
    client.force_login(learner)
    events = events_of(client.get(calendar_url(journey)))
    assert list(events) == [f"Next step: {journey.transition.steps.all()[1].title}"]
    assertContains(client.get(reverse("accounts:dashboard")), "Next step, as an .ics file")


def test_with_nothing_to_add_the_learner_is_told_so(client, learner, make_transition):
    transition = make_transition(steps=1)
    journey = Journey.objects.start(learner, transition)
    journey.mark_step(transition.steps.get(), status="done")
    client.force_login(learner)

    response = client.get(calendar_url(journey), follow=True)

    assertRedirects(response, f"{reverse('accounts:dashboard')}#journey-{journey.pk}")
    assertContains(response, "Nothing to add to a calendar yet")
    assert calendar_url(journey) not in response.content.decode()


@pytest.mark.parametrize("pk", [0, 999_999, 2**63])
def test_an_unknown_journey_is_not_found(client, learner, pk):
    client.force_login(learner)
    assert client.get(reverse("accounts:journey_calendar", args=[pk])).status_code == 404
