"""The database itself refuses rows that break the content's rules."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from transitions.models import Role, Step, Transition, TransitionSkill


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_one_transition_per_pair_of_roles(transition):
    assert_rejected(
        lambda: Transition.objects.create(
            from_role=transition.from_role,
            to_role=transition.to_role,
            slug="another-slug",
            summary="s",
            intro="i",
            timeline_min_months=1,
            timeline_max_months=2,
        )
    )


def test_a_transition_must_change_role(make_role):
    role = make_role()
    assert_rejected(
        lambda: Transition.objects.create(
            from_role=role,
            to_role=role,
            slug="same",
            summary="s",
            intro="i",
            timeline_min_months=1,
            timeline_max_months=2,
        )
    )


@pytest.mark.parametrize(("minimum", "maximum"), [(12, 6), (0, 6)])
def test_timeline_minimum_is_at_least_one_and_not_above_maximum(make_role, minimum, maximum):
    from_role, to_role = make_role(), make_role()
    assert_rejected(
        lambda: Transition.objects.create(
            from_role=from_role,
            to_role=to_role,
            slug="bad-timeline",
            summary="s",
            intro="i",
            timeline_min_months=minimum,
            timeline_max_months=maximum,
        )
    )


def test_equal_timeline_bounds_are_allowed(make_transition):
    transition = make_transition(timeline_min_months=6, timeline_max_months=6)
    assert transition.timeline == "6 months"


def test_salary_must_be_positive(make_role):
    role = make_role()
    assert_rejected(lambda: Role.objects.filter(pk=role.pk).update(salary=0))


def test_step_positions_are_unique_within_a_transition(transition):
    assert_rejected(lambda: Step.objects.create(transition=transition, position=1, title="Duplicate position"))


def test_the_same_position_is_fine_in_another_transition(make_transition):
    first, second = make_transition(steps=1), make_transition(steps=1)
    assert first.steps.get().position == second.steps.get().position == 1


def test_a_skill_appears_once_per_transition(transition):
    link = transition.skill_links.first()
    assert_rejected(
        lambda: TransitionSkill.objects.create(
            transition=transition, skill=link.skill, kind=TransitionSkill.Kind.TO_BUILD
        )
    )


def test_a_transition_is_not_related_to_itself(transition):
    assert_rejected(lambda: transition.related_links.create(to_transition=transition))


def test_status_follows_published_at(make_transition):
    now = timezone.now()
    draft = make_transition(published=False)
    scheduled = make_transition(published_at=now + timedelta(days=3))
    live = make_transition(published_at=now - timedelta(minutes=1))
    assert [draft.status, scheduled.status, live.status] == ["draft", "scheduled", "published"]
    assert list(Transition.objects.published()) == [live]


def test_title_and_salary_difference(make_role, make_transition):
    analyst = make_role(name="Bank Analyst", salary=65_000)
    engineer = make_role(name="ML Engineer", salary=120_000)
    transition = make_transition(from_role=analyst, to_role=engineer)
    assert transition.title == "Career Change: Bank Analyst to ML Engineer"
    assert transition.salary_difference == 55_000
    assert transition.salary_difference_percent == 85
    assert transition.timeline == "6-12 months"
