"""The content version and the cached guide page: every change shows on the very next request."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from transitions import versioning
from transitions.models import Step, Transition

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:transitions_transition_changelist")
COLD_QUERIES = 9  # tests/test_public_pages.py DETAIL_QUERIES: the guide loaded, official wages, suggestions
# A learner's page once the guide, the areas, its official wages and suggested guides are cached: their session
# with their user (one query), their journey and its progress. Visitors get the whole page from the cache: no query.
SIGNED_IN_WARM_QUERIES = 3
# tests/test_occupation_pages.py OCCUPATION_QUERIES: the page built afresh after an import.
COLD_OCCUPATION_QUERIES = 9


def step_status_url(step):
    return reverse("accounts:mark_step", args=[step.transition.slug, step.pk])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def csrf_secrets(response):
    """The CSRF secrets under the masked tokens of a page's forms (one per person)."""
    from django.middleware.csrf import _unmask_cipher_token

    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', response.text)
    return {_unmask_cipher_token(token) for token in tokens}


def same_page(one, other):
    """The same bytes but for the CSRF token, which each visitor gets their own of."""
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    return token.sub(b"", one.content) == token.sub(b"", other.content)


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

    versioning.current()
    # The cache forgot the version (evicted). Not cache.clear(): on Redis that empties the database every
    # test worker shares, rate-limit counts of tests running beside this one included.
    cache.delete(versioning.KEY)
    assert versioning.current() is not None
    assert versioning.current() == versioning.current()


def test_guide_queries_are_fixed_cold_and_none_warm_for_visitors(client, make_transition, django_assert_num_queries):
    for sizes in (
        {"steps": 2, "transferable": 1, "to_build": 1, "certifications": 1, "related": 1},
        {"steps": 30, "transferable": 10, "to_build": 10, "certifications": 8, "related": 6},
    ):
        guide = make_transition(**sizes)
        with django_assert_num_queries(COLD_QUERIES):
            first = client.get(guide.get_absolute_url())
        with django_assert_num_queries(0):
            again = client.get(guide.get_absolute_url())
        assert again.status_code == 200
        assert same_page(again, first)


def test_a_learners_guide_page_is_live_and_fixed_warm(
    client, learner, make_transition, django_assert_num_queries, settings
):
    # Sessions in the database, so the count is the same with and without the Redis session cache.
    settings.SESSION_ENGINE = "accounts.sessions.db"
    client.force_login(learner)
    for sizes in ({"steps": 2, "related": 1}, {"steps": 30, "transferable": 10, "related": 6}):
        guide = make_transition(**sizes)
        client.post(reverse("accounts:mark_step", args=[guide.slug, guide.steps.first().pk]), {"status": "done"})
        client.get(guide.get_absolute_url())
        with django_assert_num_queries(SIGNED_IN_WARM_QUERIES):
            response = client.get(guide.get_absolute_url())
        assert response.context["journey"].user == learner
        assert "private" in response["Cache-Control"]


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
    # Every form on each page carries that learner's own token (one secret under the masks), none the other's.
    assert len(csrf_secrets(mine)) == len(csrf_secrets(theirs)) == 1
    assert csrf_secrets(mine) != csrf_secrets(theirs)


def test_every_edit_shows_on_the_very_next_request_for_a_signed_in_learner(client, learner, make_transition):
    guide = make_transition(steps=2, related=1)
    client.force_login(learner)
    client.post(step_status_url(guide.steps.first()), {"status": "done"})
    assert client.get(guide.get_absolute_url()).status_code == 200  # the shared parts are now cached

    guide.intro = "A freshly **edited** introduction"
    guide.save()
    skill = guide.skill_links.first().skill
    skill.name = "Renamed skill"
    skill.save()
    guide.certification_links.update(note="Take this one first")
    guide.to_role.salary = 123_456
    guide.to_role.save()
    related = guide.related_links.first().to_transition
    related.from_role.name = "Renamed related role"
    related.from_role.save()

    page = client.get(guide.get_absolute_url())
    assert "freshly <strong>edited</strong>" in page.text
    assert "Renamed skill" in page.text
    assert "Take this one first" in page.text
    assert "$123,456" in page.text
    assert "Renamed related role to" in page.text
    assert page.context["journey"].finished_count == 1


def test_a_newly_published_related_guide_shows_to_a_signed_in_learner_at_once(client, learner, make_transition):
    guide = make_transition(steps=2)
    pick = make_transition(published=False, steps=1, from_role=guide.to_role)
    guide.related_links.create(to_transition=pick, order=0)
    client.force_login(learner)
    assert pick.get_absolute_url() not in client.get(guide.get_absolute_url()).text
    pick.published_at = timezone.now() - timedelta(minutes=1)
    pick.save()
    assert pick.get_absolute_url() in client.get(guide.get_absolute_url()).text


def test_the_shared_parts_never_carry_one_learners_state_to_another(client, make_user, make_transition):
    guide = make_transition(steps=2)
    step = guide.steps.first()
    first, second = make_user(display_name="First Learner"), make_user()
    client.force_login(first)
    client.post(step_status_url(step), {"status": "done"})
    client.post(reverse("accounts:save_note", args=[guide.slug, step.pk]), {"note": "My own private note"})
    journey = first.journeys.get()
    client.post(reverse("accounts:set_target_date", args=[journey.pk]), {"target_date": "2031-03-04"})
    mine = client.get(guide.get_absolute_url())
    assert "My own private note" in mine.text
    assert "1 of 2" in mine.text

    other = client.__class__()
    other.force_login(second)
    theirs = other.get(guide.get_absolute_url())
    their_own = ("My own private note", "First Learner", "1 of 2", "2031-03-04")
    for private in (*their_own, reverse("accounts:set_target_date", args=[journey.pk])):
        assert private not in theirs.text
    assert "Start tracking this guide" in theirs.text
    # Both pages hold the same shared parts (the header and sections), rendered once.
    shared = theirs.context["parts"]
    assert shared == mine.context["parts"]
    assert shared["header"] in theirs.text
    assert shared["sections"] in mine.text


# --- Whole public pages for visitors ------------------------------------------------------------


def public_pages(guide):
    """A visitor's view of the public pages that list or show this guide and are cached whole for visitors."""
    return {
        "home": reverse("transitions:home"),
        "index": reverse("transitions:index"),
        "index, filtered": reverse("transitions:index") + f"?sort=newest&from={guide.from_role.slug}",
        "guide": guide.get_absolute_url(),
        "from role": guide.from_role.get_absolute_url(),
        "to role": guide.to_role.get_absolute_url(),
        "skill": guide.skill_links.first().skill.get_absolute_url(),
        "certification": guide.certification_links.first().certification.get_absolute_url(),
    }


@pytest.mark.parametrize("count", [1, 12])
def test_visitors_get_every_public_page_from_the_cache_with_no_query(
    client, make_transition, django_assert_num_queries, count
):
    for _ in range(count):
        guide = make_transition(is_featured=True)
    for name, url in public_pages(guide).items():
        first = client.get(url)
        assert first.status_code == 200, name
        with django_assert_num_queries(0):
            again = client.get(url)
        assert same_page(again, first), name
        assert again["Content-Type"] == first["Content-Type"]
        assert "Cookie" in again["Vary"]


def test_the_index_key_is_its_parameters_in_any_order_and_nothing_else(
    client, make_transition, django_assert_num_queries
):
    guide = make_transition()
    index = reverse("transitions:index")
    client.get(index, {"sort": "newest", "from": guide.from_role.slug})
    with django_assert_num_queries(0):
        same = client.get(f"{index}?from={guide.from_role.slug}&utm_source=mail&sort=newest")
    assert guide.get_absolute_url() in same.text
    other = client.get(index, {"from": guide.to_role.slug})
    assert guide.get_absolute_url() not in other.text


def test_an_edit_shows_on_every_cached_public_page_at_once(client, make_transition):
    guide = make_transition(is_featured=True)
    pages = public_pages(guide)
    for url in pages.values():
        client.get(url)
    Transition.objects.filter(pk=guide.pk).update(summary="A summary edited in bulk")
    guide.to_role.name = "Renamed Destination"
    guide.to_role.save()
    for name, url in pages.items():
        assert "Renamed Destination" in client.get(url).text, name
    assert "A summary edited in bulk" in client.get(pages["index"]).text


def test_publish_unpublish_and_delete_through_the_admin_show_on_listings_at_once(client, editor, make_transition):
    guide = make_transition(published=False, is_featured=True)
    listings = [reverse("transitions:home"), reverse("transitions:index"), guide.from_role.get_absolute_url()]
    editor_view = client.__class__()
    editor_view.force_login(editor)

    def listed():
        return [guide.get_absolute_url() in client.get(url).text for url in listings]

    assert listed() == [False] * 3
    editor_view.post(CHANGELIST, {"action": "publish_now", "_selected_action": [guide.pk]})
    assert listed() == [True] * 3
    editor_view.post(CHANGELIST, {"action": "unpublish", "_selected_action": [guide.pk]})
    assert listed() == [False] * 3
    editor_view.post(CHANGELIST, {"action": "publish_now", "_selected_action": [guide.pk]})
    assert listed() == [True] * 3
    Transition.objects.get(pk=guide.pk).delete()
    assert listed() == [False] * 3


def test_a_scheduled_guide_joins_the_cached_listings_when_its_time_comes(client, make_transition):
    soon = timezone.now() + timedelta(seconds=2)
    guide = make_transition(published_at=soon, is_featured=True)
    listings = [reverse("transitions:home"), reverse("transitions:index"), guide.to_role.get_absolute_url()]
    for url in listings:
        assert guide.get_absolute_url() not in client.get(url).text
    time.sleep(max(0, (soon - timezone.now()).total_seconds()) + 0.05)
    for url in listings:
        assert guide.get_absolute_url() in client.get(url).text, url


def test_the_labour_import_rebuilds_cached_occupation_pages(
    client, labour_data, labour_slice_dir, make_role, make_transition, django_assert_num_queries
):
    from transitions import labour_import
    from transitions.models import Occupation

    occupation = Occupation.objects.get(soc="15-2051")
    make_transition(to_role=make_role(occupation=occupation))
    first = client.get(occupation.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(occupation.get_absolute_url())
    labour_import.load(labour_slice_dir)
    with django_assert_num_queries(COLD_OCCUPATION_QUERIES):
        again = client.get(occupation.get_absolute_url())
    assert again.status_code == first.status_code == 200


def test_signed_in_people_get_their_own_header_on_pages_visitors_have_cached(client, learner, make_transition):
    guide = make_transition(is_featured=True)
    pages = public_pages(guide)
    for url in pages.values():
        assert "Log out" not in client.get(url).text
    client.force_login(learner)
    for name, url in pages.items():
        response = client.get(url)
        assert "Log out" in response.text, name
        assert reverse("accounts:dashboard") in response.text
        assert "private" in response["Cache-Control"]
    visitor = client.__class__()
    for url in pages.values():
        assert "Log out" not in visitor.get(url).text


def test_a_bad_state_is_a_400_and_never_cached(client, make_transition):
    guide = make_transition()
    for url in (guide.get_absolute_url(), guide.to_role.get_absolute_url()):
        assert client.get(url, {"state": "ZZ"}).status_code == 400
        assert client.get(url, {"state": "ZZ"}).status_code == 400
        assert client.get(url).status_code == 200


def test_a_visitor_gets_the_cached_guide_with_a_csrf_token_of_their_own_that_works(
    make_transition, django_assert_num_queries
):
    guide = make_transition(steps=2)
    step = guide.steps.first()
    first_visitor = Client(enforce_csrf_checks=True)
    first_visitor.get(guide.get_absolute_url())

    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        page = visitor.get(guide.get_absolute_url())
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()))
    assert len(tokens) == 1
    assert b"\x00" not in page.content
    token = tokens.pop()

    tick = reverse("accounts:mark_step", args=[guide.slug, step.pk])
    # Another visitor's cookie with this token is refused; this visitor's own is accepted.
    assert first_visitor.post(tick, {"status": "done", "csrfmiddlewaretoken": token}).status_code == 403
    response = visitor.post(tick, {"status": "done", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == step.get_absolute_url()


@pytest.fixture
def version_reads(monkeypatch):
    """Each round trip to the shared cache that asks for the content version: the keys it asks for."""
    from django.core.cache import caches

    cache = caches["default"]
    reads = []
    inside = []  # get_many on some backends calls get for each key: one round trip, counted once

    def counting(method):
        def call(key_or_keys, *args, **kwargs):
            keys = list(key_or_keys) if isinstance(key_or_keys, list) else [key_or_keys]
            if versioning.KEY in keys and not inside:
                reads.append(keys)
            inside.append(True)
            try:
                return method(key_or_keys, *args, **kwargs)
            finally:
                inside.pop()

        return call

    monkeypatch.setattr(cache, "get", counting(cache.get))
    monkeypatch.setattr(cache, "get_many", counting(cache.get_many))
    return reads


def test_a_page_asks_for_the_content_version_once_however_many_parts_it_caches(
    client, learner, make_transition, version_reads
):
    client.force_login(learner)
    guide = make_transition(steps=3, related=2)
    client.get(guide.get_absolute_url())
    version_reads.clear()
    response = client.get(guide.get_absolute_url())
    # The guide, its sections, its related guides and the moment the next guide is published: one read.
    assert response.status_code == 200
    assert len(version_reads) == 1


def test_an_edit_made_on_another_app_server_shows_here_on_the_next_request(client, learner, make_transition):
    """This process keeps what it used under the version; another server's edit replaces the shared version."""
    from django.core.cache import cache

    client.force_login(learner)
    guide = make_transition()
    assert guide.title in client.get(guide.get_absolute_url()).text
    # The other server's save: the row changes and the version in the shared cache is replaced; this
    # process's own copy of the page's parts is left as it was.
    Transition.objects.filter(pk=guide.pk).update(summary="Edited on the other server")
    cache.set(versioning.KEY, "a-version-from-the-other-server", timeout=None)
    assert "Edited on the other server" in client.get(guide.get_absolute_url()).text


def test_a_change_during_a_request_is_seen_by_the_rest_of_it(make_transition, request_lifetime):
    with request_lifetime():
        before = versioning.current()
        make_transition()  # a save bumps the version
        assert versioning.current() != before


def test_a_signed_in_page_reads_its_session_and_the_content_version_in_one_round_trip(
    client, learner, make_transition, settings, version_reads
):
    settings.SESSION_ENGINE = "accounts.sessions.cached_db"
    client.force_login(learner)
    guide = make_transition(steps=2)
    client.get(guide.get_absolute_url())
    version_reads.clear()
    response = client.get(guide.get_absolute_url())
    assert response.status_code == 200
    assert response.context["journey"] is None  # signed in, nothing ticked yet
    [keys] = version_reads
    assert len(keys) == 2  # the session's key and the version's
