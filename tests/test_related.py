"""Related guides: editors' picks first, then suggestions up to three; never a draft, never itself."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.test_public_pages import DETAIL_QUERIES
from transitions.models import TransitionSkill


@pytest.fixture
def roles(make_role):
    return {
        name: make_role(name=name.title(), slug=name) for name in ["analyst", "engineer", "manager", "nurse", "teacher"]
    }


def guide(make_transition, roles, start, end, **fields):
    return make_transition(from_role=roles[start], to_role=roles[end], transferable=0, to_build=0, **fields)


def test_suggestions_rank_reverse_then_same_start_then_same_destination(make_transition, roles):
    main = guide(make_transition, roles, "analyst", "engineer")
    same_destination = guide(make_transition, roles, "nurse", "engineer")
    same_start = guide(make_transition, roles, "analyst", "manager")
    reverse = guide(make_transition, roles, "engineer", "analyst")
    guide(make_transition, roles, "teacher", "nurse")  # nothing in common

    assert main.related_guides() == [reverse, same_start, same_destination]


def test_shared_skills_rank_what_is_left(make_transition, make_skill, roles):
    main = guide(make_transition, roles, "analyst", "engineer")
    python, sql = make_skill(), make_skill()
    one, two = guide(make_transition, roles, "teacher", "nurse"), guide(make_transition, roles, "nurse", "teacher")
    for transition, skills in [(main, [python, sql]), (one, [python]), (two, [python, sql])]:
        for skill in skills:
            TransitionSkill.objects.create(transition=transition, skill=skill, kind=TransitionSkill.Kind.TO_BUILD)

    assert main.related_guides() == [two, one]


def test_editors_picks_come_first_and_suggestions_fill_to_three(make_transition, roles):
    main = guide(make_transition, roles, "analyst", "engineer")
    pick = guide(make_transition, roles, "teacher", "nurse")
    main.related_links.create(to_transition=pick)
    reverse = guide(make_transition, roles, "engineer", "analyst")
    same_start = guide(make_transition, roles, "analyst", "manager")
    guide(make_transition, roles, "nurse", "engineer")

    assert main.related_guides() == [pick, reverse, same_start]


def test_more_than_three_picks_are_all_kept_without_suggestions(make_transition, roles):
    main = make_transition(related=4)
    guide(make_transition, roles, "engineer", "analyst")

    assert main.related_guides() == [link.to_transition for link in main.related_links.all()]


def test_never_a_draft_never_itself(make_transition, roles):
    main = guide(make_transition, roles, "analyst", "engineer")
    draft_pick = guide(make_transition, roles, "teacher", "nurse", published=False)
    main.related_links.create(to_transition=draft_pick)
    guide(make_transition, roles, "engineer", "analyst", published=False)

    assert main.related_guides() == []


def test_a_draft_previewed_by_an_editor_gets_published_suggestions(client, editor, make_transition, roles):
    draft = guide(make_transition, roles, "analyst", "engineer", published=False)
    reverse = guide(make_transition, roles, "engineer", "analyst")
    client.force_login(editor)

    response = client.get(draft.get_absolute_url())

    assert response.context["related_guides"] == [reverse]


def test_the_guide_page_links_picks_and_suggestions(client, make_transition, roles):
    main = guide(make_transition, roles, "analyst", "engineer")
    reverse = guide(make_transition, roles, "engineer", "analyst")
    unrelated = guide(make_transition, roles, "teacher", "nurse")

    response = client.get(main.get_absolute_url())

    assertContains(response, f'<a href="{reverse.get_absolute_url()}">Engineer to Analyst</a>', html=True)
    assertNotContains(response, unrelated.get_absolute_url())
    assertNotContains(response, f'<a href="{main.get_absolute_url()}"')


@pytest.mark.parametrize("others", [2, 12])
def test_detail_query_count_does_not_grow_with_related_guides(
    client, make_transition, roles, others, django_assert_num_queries
):
    main = guide(make_transition, roles, "analyst", "engineer", related=others)
    for _ in range(others):
        make_transition(from_role=roles["analyst"])
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(reverse("transitions:detail", args=[main.slug]))
