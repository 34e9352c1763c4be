"""One date format across the site, "1 Dec 2026", and date inputs that accept it as well as ISO."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Journey, SavedResumeCheck
from tests.test_progress import HTMX


@pytest.fixture
def journey(learner, transition):
    return Journey.objects.start(learner, transition)


@pytest.mark.parametrize("typed", ["2027-06-30", "30 Jun 2027", "30 June 2027", "30 jun 2027", " 30 Jun 2027 "])
def test_a_target_date_can_be_typed_as_the_site_writes_it_or_as_iso(client, learner, journey, typed):
    client.force_login(learner)
    response = client.post(reverse("accounts:set_target_date", args=[journey.pk]), {"target_date": typed})
    assert response.status_code == 302
    journey.refresh_from_db()
    assert journey.target_date == date(2027, 6, 30)


@pytest.mark.parametrize("typed", ["30 Jun", "31 Jun 2027", "Jun 30 2027", "06/30/2027", "30 Juin 2027"])
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_date_that_is_not_one_is_refused_with_an_example_of_both_forms(client, learner, journey, typed, headers):
    client.force_login(learner)
    response = client.post(reverse("accounts:set_target_date", args=[journey.pk]), {"target_date": typed}, **headers)
    assertContains(response, "Enter a real date, like 30 Jun 2027 or 2027-06-30.", status_code=400)
    journey.refresh_from_db()
    assert journey.target_date is None


def test_learner_pages_write_dates_one_way(client, learner, journey):
    journey.set_target_date(date(2026, 12, 1))
    SavedResumeCheck.objects.create(journey=journey, score=70, created_at=datetime(2027, 6, 30, 12, tzinfo=UTC))
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assertContains(response, "1 Dec 2026 ·")
    assertContains(response, '<time datetime="2027-06-30T12:00:00+00:00">30 Jun 2027</time>', html=True)
    for other_way in ["December 1", "1 December 2026", "12/01/2026", "June 30", "30 June 2027"]:
        assertNotContains(response, other_way)
