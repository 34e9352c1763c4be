"""The learner's dashboard at /me/: every started transition, what is next, and stopping one."""

import re
from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import Journey, Resume, SavedResumeCheck, StepProgress, User
from accounts.pace import add_months, months_between
from transitions.models import Step, Transition


def start(user, transition, *, done=0, days_ago=0):
    journey = Journey.objects.start(user, transition)
    for step in list(transition.steps.all())[:done]:
        journey.mark_step(step, status="done")
    Journey.objects.filter(pk=journey.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return Journey.objects.get(pk=journey.pk)


SUGGESTIONS = re.compile(r'<section class="side-card" aria-labelledby="suggestions-heading">.*?</section>', re.S)


def suggested(response):
    """The addresses the dashboard's card of suggested guides links to, in order."""
    card = SUGGESTIONS.search(response.text)
    return re.findall(r'<a href="([^"]+)"', card.group(0)) if card else []


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


def follow(learner, make_transition, count):
    """`count` guides followed, each with a step done, a target date and a note on every step."""
    journeys = []
    for _ in range(count):
        transition = make_transition(steps=3, transferable=0, to_build=0, certifications=0, related=1)
        journey = start(learner, transition, done=1)
        journey.set_target_date(timezone.localdate() + timedelta(days=5))
        for step in transition.steps.all():
            journey.save_note(step, "A note")
        journeys.append(journey)
    return journeys


@pytest.mark.parametrize("count", [1, 15])
def test_the_dashboard_costs_a_fixed_number_of_queries(
    client, learner, make_transition, django_assert_num_queries, settings, count
):
    # Sessions in the database, so the count is the same with and without the Redis session cache.
    settings.SESSION_ENGINE = "accounts.sessions.db"
    follow(learner, make_transition, count)
    client.force_login(learner)
    # The session with its user, every journey and the learner's progress (which the counts, the notes and the recent
    # activity come from); and the first time, what is the same for all who follow the same guides: those guides
    # with their steps, the suggested guides, and when the next scheduled guide goes live (how long the
    # suggestions may be kept). A learner who never made a resume or kept a resume check is not asked for any.
    with django_assert_num_queries(7):
        client.get(reverse("accounts:dashboard"))
    # Then the guides and suggestions come from the content cache.
    with django_assert_num_queries(3):
        response = client.get(reverse("accounts:dashboard"))
    assert len(response.context["journeys"]) == count
    assert len(response.context["notes"]) == min(3 * count, 8)
    assert len(suggested(response)) == min(count, 3)


@pytest.mark.parametrize("count", [1, 15])
def test_resumes_and_resume_checks_cost_a_query_each_however_many(
    client, learner, make_transition, django_assert_num_queries, settings, count
):
    settings.SESSION_ENGINE = "accounts.sessions.db"
    journeys = follow(learner, make_transition, count)
    for journey in journeys:
        Resume.objects.create(user=learner, title=f"For {journey.transition}", transition=journey.transition)
        SavedResumeCheck.objects.create(journey=journey, score=50)
    client.force_login(learner)
    client.get(reverse("accounts:dashboard"))

    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:dashboard"))

    assert len(response.context["resumes"]) == count
    assert len(response.context["resume_checks"]) == count
    assertContains(response, f"For {journeys[0].transition}")
    assertContains(response, "50/100", count=count)


def test_a_learner_is_marked_as_having_resumes_and_checks_with_the_first_one_only(learner, make_transition):
    journey = start(learner, make_transition())
    assert not learner.made_resumes
    assert not learner.kept_resume_checks

    resume = Resume.objects.create(user=learner, title="Mine")
    SavedResumeCheck.objects.create(journey=journey, score=70)
    learner.refresh_from_db()
    assert learner.made_resumes
    assert learner.kept_resume_checks

    # Deleting them does not unmark the learner: the dashboard then asks, and finds none.
    resume.delete()
    journey.resume_checks.all().delete()
    learner.refresh_from_db()
    assert learner.made_resumes
    assert learner.kept_resume_checks


def test_saving_a_learner_read_earlier_keeps_the_marks_set_meanwhile(learner, make_transition):
    journey = start(learner, make_transition())
    stale = User.objects.get(pk=learner.pk)  # as the profile form holds the learner it read
    Resume.objects.create(user=learner, title="Made in another tab")
    SavedResumeCheck.objects.create(journey=journey, score=70)

    stale.display_name = "A new name"
    stale.save()

    stale.refresh_from_db()
    assert stale.display_name == "A new name"
    assert stale.made_resumes
    assert stale.kept_resume_checks


def test_saving_a_learner_deleted_meanwhile_brings_nothing_back(learner):
    stale = User.objects.get(pk=learner.pk)
    User.objects.filter(pk=learner.pk).delete()
    stale.display_name = "Too late"

    with pytest.raises(User.DoesNotExist, match="deleted meanwhile"), transaction.atomic():
        stale.save()

    assert not User.objects.filter(pk=learner.pk).exists()


def test_the_migration_marks_learners_who_already_had_resumes_or_checks(learner, make_user, make_transition):
    mark_learners = import_module("accounts.migrations.0009_learner_made_resumes_and_kept_checks").mark_learners
    journey = start(learner, make_transition())
    Resume.objects.create(user=learner, title="Mine")
    SavedResumeCheck.objects.create(journey=journey, score=70)
    other = make_user(email="other@example.com")
    start(other, make_transition())
    User.objects.update(made_resumes=False, kept_resume_checks=False)  # as before the migration

    mark_learners(apps, schema_editor=None)

    assert User.objects.filter(made_resumes=True).get() == learner
    assert User.objects.filter(kept_resume_checks=True).get() == learner


def test_resumes_and_checks_made_through_the_site_show_on_the_dashboard(client, learner, make_transition):
    transition = make_transition(steps=3)
    client.force_login(learner)
    assertContains(client.get(reverse("accounts:dashboard")), "Build a career change resume from any guide")

    client.post(reverse("accounts:resume_new"))
    resume_text = "Bank analyst. Skills: Excel, SQL, financial modelling, stakeholder reporting."
    client.post(reverse("accounts:save_resume_check", args=[transition.slug]), {"resume_text": resume_text})
    response = client.get(reverse("accounts:dashboard"))

    assertContains(response, Resume.objects.get(user=learner).get_absolute_url())
    [saved] = SavedResumeCheck.objects.filter(journey__user=learner)
    assertContains(response, f"{saved.score}/100")


def test_an_editors_change_to_a_followed_guide_shows_on_the_next_dashboard(client, learner, make_transition):
    transition = make_transition(steps=3)
    start(learner, transition, done=1)
    client.force_login(learner)
    assertContains(client.get(reverse("accounts:dashboard")), "1 of 3 steps")  # the guide is now cached
    second, third = list(transition.steps.all())[1:]
    second.title = "Renamed by an editor"
    second.save()
    assertContains(client.get(reverse("accounts:dashboard")), "Renamed by an editor")
    Step.objects.filter(pk=third.pk).update(archived_at=timezone.now())
    response = client.get(reverse("accounts:dashboard"))
    assertContains(response, "1 of 2 steps")
    Transition.objects.filter(pk=transition.pk).update(published_at=None)
    assertContains(client.get(reverse("accounts:dashboard")), "No longer published")


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


# --- Pace, projection and the guide's timeline ------------------------------------------------------------


def started_weeks_ago(journey, weeks):
    Journey.objects.filter(pk=journey.pk).update(started_at=timezone.now() - timedelta(weeks=weeks))


def test_the_dashboard_projects_the_finish_from_the_learners_pace(client, learner, make_transition):
    transition = make_transition(steps=6, timeline_min_months=1, timeline_max_months=2)
    journey = start(learner, transition, done=2)
    started_weeks_ago(journey, 2)
    journey.set_target_date(timezone.localdate() + timedelta(days=90))
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    # 2 steps in 2 weeks: 1 a week, so the 4 left take 4 weeks.
    finish = timezone.localdate() + timedelta(weeks=4)
    assertContains(response, f"1.0 steps a week: all steps done around <strong>{finish:%-d %b %Y}</strong>", html=True)
    assertContains(response, '<span class="pace-verdict pace-on-track">On track</span>', html=True)
    assertContains(response, '<span class="pace-verdict pace-on-track">Your steps: within it</span>', html=True)
    assertContains(response, "1-2 months from your start")


def test_a_learner_behind_their_target_and_the_guides_timeline_is_told_by_how_much(client, learner, make_transition):
    transition = make_transition(steps=12, timeline_min_months=1, timeline_max_months=1)
    journey = start(learner, transition, done=2)
    started_weeks_ago(journey, 4)
    journey.set_target_date(timezone.localdate() + timedelta(days=30))
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    # 2 steps in 4 weeks; the 10 left take 20 weeks (140 days): 110 days after the target, 4 months.
    assertContains(response, "Behind by about 4 months")
    finish = timezone.localdate() + timedelta(weeks=20)
    timeline_end = add_months(timezone.localdate() - timedelta(weeks=4), 1)
    assertContains(response, f"Your steps: about {months_between(timeline_end, finish)} months past its longest")


@pytest.mark.parametrize(
    ("done", "weeks", "message"),
    [
        (1, 3, "Finish 2 steps and we project your finish date from your pace."),
        (3, 0, "After your first week we project your finish date from your pace."),
        (4, 1, "Every step finished"),
    ],
)
def test_without_enough_to_go_on_there_is_no_projected_date(client, learner, make_transition, done, weeks, message):
    journey = start(learner, make_transition(steps=4), done=done)
    started_weeks_ago(journey, weeks)
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assertContains(response, message)
    assertNotContains(response, "all steps done around")
    assertNotContains(response, "pace-verdict")


# --- Notes, recent activity and suggested guides --------------------------------------------------------------


def test_the_notes_overview_lists_my_notes_across_journeys_newest_first(client, learner, make_user, make_transition):
    first, second = make_transition(steps=2), make_transition(steps=2)
    older = start(learner, first).save_note(first.steps.first(), "Call the bootcamp about fees")
    newer = start(learner, second).save_note(second.steps.last(), "Ask Sam for a referral")
    StepProgress.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=3))
    start(make_user(), first).save_note(first.steps.last(), "Someone else's plan")
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assert [progress.note for progress in response.context["notes"]] == [
        "Ask Sam for a referral",
        "Call the bootcamp about fees",
    ]
    step = newer.step
    assertContains(response, f'<a href="{second.get_absolute_url()}#step-{step.pk}">{step.title}</a>', html=True)
    assertNotContains(response, "Someone else")


def test_recent_activity_shows_my_last_status_changes(client, learner, make_transition):
    transition = make_transition(steps=3)
    journey = start(learner, transition)
    first, second = transition.steps.all()[:2]
    journey.mark_step(first, status="done")
    StepProgress.objects.filter(step=first).update(updated_at=timezone.now() - timedelta(days=2))
    journey.mark_step(second, status="in_progress")
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assert [(p.step, p.status) for p in response.context["activity"]] == [(second, "in_progress"), (first, "done")]
    assertContains(response, '<span class="activity-status activity-in_progress">In progress</span>', html=True)
    assertContains(response, "2\xa0days ago")


def test_suggested_guides_are_related_to_the_ones_i_follow(client, learner, make_transition, make_role):
    followed = make_transition(related=1)
    pick = followed.related_links.get().to_transition
    same_start = make_transition(from_role=followed.from_role)
    also_followed = make_transition(from_role=followed.from_role)
    draft = make_transition(from_role=followed.from_role, published=False)
    unrelated = make_transition()
    start(learner, followed)
    start(learner, also_followed)
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assert suggested(response) == [pick.get_absolute_url(), same_start.get_absolute_url()]
    assertContains(response, f'<a href="{pick.get_absolute_url()}">{pick.from_role} to {pick.to_role}</a>', html=True)
    for hidden in [draft, unrelated]:
        assertNotContains(response, hidden.get_absolute_url())


def test_suggested_guides_follow_publishing_and_edits_on_the_next_request(client, learner, make_user, make_transition):
    followed = make_transition()
    guide = make_transition(from_role=followed.from_role)
    start(learner, followed)
    client.force_login(learner)
    assert suggested(client.get(reverse("accounts:dashboard"))) == [guide.get_absolute_url()]

    # Another learner following the same guide gets the same suggestions, none of the first learner's own data.
    other = make_user()
    start(other, followed, done=1)
    other_client = client.__class__()
    other_client.force_login(other)
    theirs = other_client.get(reverse("accounts:dashboard"))
    assert suggested(theirs) == [guide.get_absolute_url()]
    assert [journey.user for journey in theirs.context["journeys"]] == [other]

    guide.to_role.name = "Renamed destination"
    guide.to_role.save()
    assertContains(client.get(reverse("accounts:dashboard")), "to Renamed destination</a>")

    Transition.objects.filter(pk=guide.pk).update(published_at=None)
    unpublished = client.get(reverse("accounts:dashboard"))
    assert suggested(unpublished) == []
    newly = make_transition(from_role=followed.from_role, published=False)
    newly.published_at = timezone.now() - timedelta(minutes=1)
    newly.save()
    published = client.get(reverse("accounts:dashboard"))
    assert suggested(published) == [newly.get_absolute_url()]
    assertContains(
        published, f'<a href="{newly.get_absolute_url()}">{newly.from_role} to {newly.to_role}</a>', html=True
    )
    assertNotContains(published, guide.get_absolute_url())
