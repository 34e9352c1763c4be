"""Ask for a guide: one click, counted once per person, rate-limited, a queue editors see by demand."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from transitions.models import GuideRequest, GuideRequestVote
from transitions.views.explore import ASKS_PER_HOUR


@pytest.fixture
def destination(make_role):
    return make_role(name="Actuary", slug="actuary")


def ask(client, destination, **extra):
    return client.post(reverse("transitions:ask_for_guide"), {"destination": f"role:{destination.slug}", **extra})


def test_a_role_without_guides_into_it_offers_to_ask_for_one(client, destination, make_transition):
    response = client.get(destination.get_absolute_url())

    assertContains(response, f'action="{reverse("transitions:ask_for_guide")}"')
    assertContains(response, '<input type="hidden" name="destination" value="role:actuary">', html=True)


def test_a_visitor_asks_once_and_is_counted_once(client, destination):
    first = ask(client, destination, next=destination.get_absolute_url())
    second = ask(client, destination, next=destination.get_absolute_url())

    assert first.status_code == second.status_code == 302
    assert first["Location"] == destination.get_absolute_url()
    request = GuideRequest.objects.by_demand().get()
    assert (request.destination, request.title, request.demand) == ("role:actuary", "Actuary", 1)
    messages = [str(m) for m in client.get(destination.get_absolute_url()).context["messages"]]
    assert any("already asked" in m for m in messages)


def test_signed_in_learners_are_counted_once_each(client, destination, make_user):
    for user in [make_user(), make_user()]:
        client.force_login(user)
        ask(client, destination)
        ask(client, destination)

    assert GuideRequest.objects.by_demand().get().demand == 2
    assert GuideRequestVote.objects.filter(user__isnull=False).count() == 2


def test_two_visitors_count_twice(client, destination):
    ask(client, destination)
    ask(Client(), destination)

    assert GuideRequest.objects.by_demand().get().demand == 2


def test_the_starting_point_is_kept_for_editors(client, destination):
    ask(client, destination, starting_point="Bank Analyst")

    assert GuideRequestVote.objects.get().starting_point == "Bank Analyst"


@pytest.mark.parametrize(
    "data",
    [{}, {"destination": "role:no-such-role"}, {"destination": "spaceship:x"}, {"destination": "x" * 5000},
     {"destination": "role:\x00"}],
)  # fmt: skip
def test_an_unknown_destination_is_refused(client, db, data):
    response = client.post(reverse("transitions:ask_for_guide"), data)

    assert response.status_code == 400
    assertContains(response, "We could not tell which guide you asked for", status_code=400)
    assert not GuideRequest.objects.exists()


def test_asking_is_post_only(client, destination):
    assert client.get(reverse("transitions:ask_for_guide")).status_code == 405


def test_a_foreign_next_is_ignored(client, destination):
    response = ask(client, destination, next="https://evil.example/")

    assert response["Location"] == destination.get_absolute_url()


def test_asking_too_often_is_refused(client, make_role):
    roles = [make_role() for _ in range(ASKS_PER_HOUR + 1)]
    for role in roles[:ASKS_PER_HOUR]:
        assert ask(client, role).status_code == 302

    response = ask(client, roles[-1])

    assert response.status_code == 429
    assert GuideRequest.objects.count() == ASKS_PER_HOUR


def test_editors_see_the_queue_sorted_by_demand(client, editor, make_role, make_user):
    popular, rare = make_role(name="Popular destination"), make_role(name="Rare destination")
    ask(client, rare)
    for _ in range(3):
        client.force_login(make_user())
        ask(client, popular)
    client.force_login(editor)

    response = client.get(reverse("admin:transitions_guiderequest_changelist"))

    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert [(r.title, r.demand) for r in rows] == [("Popular destination", 3), ("Rare destination", 1)]
    assertContains(response, "People asking")


def test_deleting_an_account_deletes_its_requests(client, destination, learner):
    client.force_login(learner)
    ask(client, destination)

    learner.delete()

    assert not GuideRequestVote.objects.exists()
