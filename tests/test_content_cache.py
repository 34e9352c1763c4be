"""The content version and the cached guide page: every change shows on the very next request."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from transitions import versioning
from transitions.models import Step, Transition

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:transitions_transition_changelist")
COLD_QUERIES = 8  # tests/test_public_pages.py DETAIL_QUERIES: the guide loaded, official wages, suggestions
WARM_QUERIES = 2  # the official wages of the asked-for area and the suggested guides; the guide is cached


def step_status_url(step):
    return reverse("accounts:mark_step", args=[step.transition.slug, step.pk])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_every_kind_of_content_write_changes_the_version(make_transition):
    transition = make_transition()
    seen = {versioning.current()}

    def changed():
        version = versioning.current()
        assert version not in seen
        seen.add(version)
        return True

    transition.save()
    assert changed()
    Transition.objects.filter(pk=transition.pk).update(summary="Bulk")
    assert changed()
    transition.steps.first().delete()
    assert changed()
    transition.steps.all().delete()
    assert changed()
    transition.to_role.save()
    assert changed()
    transition.skill_links.first().skill.save()
    assert changed()
    transition.skill_links.all().update(order=5)
    assert changed()


def test_the_version_survives_a_forgetful_cache(make_transition):
    from django.core.cache import cache

    cache.clear()
    assert versioning.current() is not None
    assert versioning.current() == versioning.current()


def test_guide_queries_are_fixed_cold_and_fewer_warm(client, make_transition, django_assert_num_queries):
    small = make_transition(steps=2, transferable=1, to_build=1, certifications=1, related=1)
    big = make_transition(steps=30, transferable=10, to_build=10, certifications=8, related=6)
    for guide in (small, big):
        with django_assert_num_queries(COLD_QUERIES):
            client.get(guide.get_absolute_url())
        with django_assert_num_queries(WARM_QUERIES):
            response = client.get(guide.get_absolute_url())
        assert response.status_code == 200


def test_an_edit_is_visible_on_the_very_next_request(client, make_transition):
    guide = make_transition()
    client.get(guide.get_absolute_url())
    guide.intro = "A freshly **edited** introduction"
    guide.save()
    assert "freshly <strong>edited</strong>" in client.get(guide.get_absolute_url()).text


def test_a_bulk_edit_of_a_step_is_visible_on_the_next_request(client, make_transition):
    guide = make_transition()
    client.get(guide.get_absolute_url())
    Step.objects.filter(transition=guide).update(title="Renamed in bulk")
    assert "Renamed in bulk" in client.get(guide.get_absolute_url()).text


def test_a_deleted_step_leaves_the_page_at_once(client, make_transition):
    guide = make_transition(steps=2)
    gone = guide.steps.last()
    assert gone.title in client.get(guide.get_absolute_url()).text
    gone.delete()
    assert gone.title not in client.get(guide.get_absolute_url()).text


def test_publish_and_unpublish_through_the_admin_show_at_once(client, editor, make_transition):
    guide = make_transition(published=False)
    assert client.get(guide.get_absolute_url()).status_code == 404

    editor_view = client.__class__()
    editor_view.force_login(editor)
    # The editor's preview caches the draft: visitors must still not see it.
    assert editor_view.get(guide.get_absolute_url()).status_code == 200
    assert client.get(guide.get_absolute_url()).status_code == 404

    editor_view.post(CHANGELIST, {"action": "publish_now", "_selected_action": [guide.pk]})
    assert client.get(guide.get_absolute_url()).status_code == 200

    editor_view.post(CHANGELIST, {"action": "unpublish", "_selected_action": [guide.pk]})
    assert client.get(guide.get_absolute_url()).status_code == 404


def test_a_scheduled_guide_appears_when_its_time_comes_without_an_edit(client, make_transition):
    soon = timezone.now() + timedelta(seconds=1)
    guide = make_transition(published_at=soon)
    related = make_transition(related=0)
    related.related_links.create(to_transition=guide)
    assert client.get(guide.get_absolute_url()).status_code == 404
    assert guide.get_absolute_url() not in client.get(related.get_absolute_url()).text
    # Time passing is no edit: the cached pages decide what is published on each request.
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.05)
    assert client.get(guide.get_absolute_url()).status_code == 200
    assert guide.get_absolute_url() in client.get(related.get_absolute_url()).text


def test_deleting_a_guide_is_a_404_on_the_next_request(client, make_transition):
    guide = make_transition()
    client.get(guide.get_absolute_url())
    url = guide.get_absolute_url()
    guide.delete()
    assert client.get(url).status_code == 404


def test_a_content_import_shows_on_the_next_request(client, make_transition, tmp_path):
    guide = make_transition()
    client.get(guide.get_absolute_url())
    path = tmp_path / "content.yaml"
    path.write_text(
        f"""
transitions:
  - slug: {guide.slug}
    from: {guide.from_role.slug}
    to: {guide.to_role.slug}
    summary: s
    intro: "Imported *today*"
    timeline: [3, 4]
    published: 2020-01-01
""",
        encoding="utf-8",
    )
    call_command("load_content", str(path), stdout=io.StringIO())
    text = client.get(guide.get_absolute_url()).text
    assert "Imported <em>today</em>" in text
    assert "3-4 months" in text


def test_two_learners_never_see_each_others_checklist_from_the_cache(client, make_user, make_transition):
    guide = make_transition(steps=2)
    step = guide.steps.first()
    first, second = make_user(), make_user()
    other = client.__class__()
    client.force_login(first)
    other.force_login(second)
    client.post(step_status_url(step), {"status": "done"})
    mine = client.get(guide.get_absolute_url())
    theirs = other.get(guide.get_absolute_url())

    pressed = f'id="step-{step.pk}-done" class="tick-box" aria-pressed="true"'
    assert pressed in mine.text
    assert pressed not in theirs.text
    assert mine.context["journey"].user == first
    assert theirs.context["journey"] is None
    assert mine.context["csrf_token"] != theirs.context["csrf_token"]
