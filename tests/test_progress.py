"""Progress on a transition: the model rules, and the checklist on the transition page (with and without htmx)."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts import checklist
from accounts.mail import wait_for_mail
from accounts.models import Journey, StepProgress
from transitions.models import Step, Transition

HTMX = {"headers": {"HX-Request": "true"}}
PASSWORD = "correct-horse-battery-staple"  # make_user's


@pytest.fixture
def guide(make_transition):
    return make_transition(steps=4)


@pytest.fixture
def journey(learner, guide):
    return Journey.objects.start(learner, guide)


def steps_of(transition):
    return list(transition.steps.all())


def status_url(step):
    return reverse("accounts:mark_step", args=[step.transition.slug, step.pk])


def note_url(step):
    return reverse("accounts:save_note", args=[step.transition.slug, step.pk])


def archive(step, when=None):
    step.archived_at = when or timezone.now()
    step.save()


# --- The rules, on the models ------------------------------------------------------------------------


def test_mark_step_sets_the_status_and_is_idempotent(journey, guide):
    step = steps_of(guide)[0]
    journey.mark_step(step, status="done")
    journey.mark_step(step, status="done")
    assert list(journey.step_progress.values_list("step", "status")) == [(step.pk, "done")]

    journey.mark_step(step, status="in_progress")
    assert journey.step_progress.get().status == "in_progress"


def test_progress_counts_done_and_skipped_over_current_steps(journey, guide):
    first, second, third, _ = steps_of(guide)
    journey.mark_step(first, status="done")
    journey.mark_step(second, status="skipped")
    journey.mark_step(third, status="in_progress")

    annotated = Journey.objects.with_progress().get(pk=journey.pk)
    assert (annotated.finished_count, annotated.step_count, annotated.percent) == (2, 4, 50)
    assert annotated.next_step_id == steps_of(guide)[2].pk
    assert annotated.next_step_url() == steps_of(guide)[2].get_absolute_url()


def test_archived_steps_leave_the_count_but_keep_the_progress(journey, guide):
    first, second, *_ = steps_of(guide)
    journey.mark_step(first, status="done")
    journey.mark_step(second, status="done")
    archive(second)

    fresh = Journey.objects.with_progress().get(pk=journey.pk)
    assert (fresh.finished_count, fresh.step_count) == (1, 3)
    assert journey.step_progress.filter(step=second, status="done").exists()


def test_progress_is_complete_when_every_current_step_is_finished(journey, guide):
    *rest, last = steps_of(guide)
    for step in rest:
        journey.mark_step(step, status="skipped")
    assert not Journey.objects.with_progress().get(pk=journey.pk).is_complete
    journey.mark_step(last, status="done")
    assert Journey.objects.with_progress().get(pk=journey.pk).is_complete


def test_the_guide_page_the_dashboard_and_the_sql_count_progress_the_same_way(client, learner, journey, guide):
    first, second, third, _ = steps_of(guide)
    journey.mark_step(first, status="done")
    journey.mark_step(second, status="in_progress")
    journey.mark_step(third, status="skipped")
    archive(first)

    client.force_login(learner)
    on_page = client.get(guide.get_absolute_url()).context["journey"]
    [on_dashboard] = client.get(reverse("accounts:dashboard")).context["journeys"]

    counted = [
        "step_count",
        "finished_count",
        "percent",
        "added_count",
        "retired_count",
        "next_step_id",
        "next_step_title",
    ]
    # with_progress() counts in SQL for the home page's "continue", the calendar and the target date.
    in_sql = Journey.objects.with_progress().get(pk=journey.pk)
    for other in (on_dashboard, in_sql):
        assert [getattr(on_page, name) for name in counted] == [getattr(other, name) for name in counted]
    assert (on_page.finished_count, on_page.step_count, on_page.next_step) == (1, 3, second)
    assert on_page.retired_count == 1

    # A step added after the start, then every current step finished: still the same answers.
    added = Step.objects.create(transition=guide, position=9, title="Added since the start")
    for step in (second, steps_of(guide)[3], added):
        journey.mark_step(step, status="done")
    on_page = client.get(guide.get_absolute_url()).context["journey"]
    [on_dashboard] = client.get(reverse("accounts:dashboard")).context["journeys"]
    in_sql = Journey.objects.with_progress().get(pk=journey.pk)
    for other in (on_dashboard, in_sql):
        assert [getattr(on_page, name) for name in counted] == [getattr(other, name) for name in counted]
    assert (on_page.added_count, on_page.next_step_id, on_page.is_complete) == (1, None, True)


def test_a_transition_without_steps_has_zero_percent(learner, make_transition):
    journey = Journey.objects.with_progress().get(pk=Journey.objects.start(learner, make_transition(steps=0)).pk)
    assert (journey.step_count, journey.percent, journey.is_complete) == (0, 0, False)
    assert journey.next_step_url() is None


def test_mark_step_refuses_another_transitions_step_and_archived_steps(journey, make_transition, guide):
    other_step = steps_of(make_transition(steps=1))[0]
    with pytest.raises(ValidationError, match="another transition"):
        journey.mark_step(other_step, status="done")
    archived = steps_of(guide)[0]
    archive(archived)
    with pytest.raises(ValidationError, match="retired"):
        journey.mark_step(archived, status="done")
    assert not StepProgress.objects.exists()


def test_notes_are_kept_and_limited_to_5000_characters(journey, guide):
    step = steps_of(guide)[0]
    journey.save_note(step, "x" * 5000)
    with pytest.raises(IntegrityError), transaction.atomic():
        journey.save_note(step, "x" * 5001)
    progress = journey.step_progress.get()
    assert (len(progress.note), progress.status) == (5000, "todo")


def test_only_the_known_statuses_can_be_stored(journey, guide):
    with pytest.raises(IntegrityError), transaction.atomic():
        journey.mark_step(steps_of(guide)[0], status="finished")
    assert not journey.step_progress.exists()


def test_any_change_is_the_journeys_last_activity(journey, guide):
    Journey.objects.filter(pk=journey.pk).update(updated_at=timezone.now() - timedelta(days=3))
    journey.mark_step(steps_of(guide)[0], status="done")
    assert Journey.objects.get(pk=journey.pk).updated_at > timezone.now() - timedelta(minutes=1)


def test_changes_since_the_start_count_added_steps_and_retired_steps_the_learner_touched(journey, guide):
    first, _, third, _ = steps_of(guide)
    journey.mark_step(first, status="done")
    archive(first)  # touched, retired after the start: counted
    archive(third)  # never touched: not the learner's concern
    Step.objects.create(transition=guide, position=10, title="Added later")
    Step.objects.create(transition=guide, position=11, title="Added later too")

    fresh = Journey.objects.with_progress().get(pk=journey.pk)
    assert (fresh.added_count, fresh.retired_count) == (2, 1)
    assert Journey.objects.get(pk=journey.pk).retired_steps == [first]


def test_days_left_and_overdue(journey):
    today = timezone.localdate()
    journey.target_date = today + timedelta(days=10)
    assert (journey.days_left, journey.days_overdue) == (10, 0)
    journey.target_date = today - timedelta(days=3)
    assert (journey.days_left, journey.days_overdue) == (-3, 3)
    journey.target_date = None
    assert journey.days_left is None


def test_starting_twice_keeps_one_journey(learner, guide):
    assert Journey.objects.start(learner, guide) == Journey.objects.start(learner, guide)
    assert Journey.objects.count() == 1


def test_a_transition_with_learners_cannot_be_deleted_only_unpublished(journey, guide):
    journey.mark_step(steps_of(guide)[0], status="done")
    with pytest.raises(ProtectedError):
        guide.delete()
    guide.published_at = None
    guide.save()
    assert Journey.objects.with_progress().get(pk=journey.pk).finished_count == 1


def test_a_step_with_progress_cannot_be_deleted(journey, guide):
    step = steps_of(guide)[0]
    journey.mark_step(step, status="done")
    with pytest.raises(ProtectedError):
        step.delete()


# --- The checklist on the transition page -------------------------------------------------------------


def test_a_visitor_is_asked_to_act_at_the_top_and_can_tick_every_step(client, guide):
    response = client.get(guide.get_absolute_url())
    summary = response.content.decode().split('id="journey-summary"')[1].split("</div>")[0]
    assert "Start tracking this guide — free" in summary
    assert "Tick off steps now, save them later." in summary
    for step in steps_of(guide):
        assertContains(response, step.title)
        assertContains(response, f'<form class="step-done" method="post" action="{status_url(step)}"')
    assertNotContains(response, "Start this transition")
    assertNotContains(response, "Add a note")  # notes need an account
    back = f"{reverse('accounts:signup')}?next={guide.get_absolute_url()}%23first-steps"
    assertContains(response, f'href="{back}"')


def test_a_visitors_ticks_are_kept_in_their_session_and_shown_with_the_note_saved_on_this_device(client, guide):
    first, second = steps_of(guide)[:2]

    response = client.post(status_url(first), {"status": "done"})
    client.post(status_url(second), {"status": "skipped"})
    client.post(status_url(second), {"status": "skipped"})

    assert response["Location"] == first.get_absolute_url()
    assert not Journey.objects.exists()
    assert client.session["visitor_ticks"] == {str(first.pk): "done", str(second.pk): "skipped"}
    page = client.get(guide.get_absolute_url())
    assertContains(page, "<strong>2 of 4</strong> steps done · <strong>50%</strong>", html=True)
    assertContains(page, "Saved on this device until you sign up.")
    assertContains(page, f'id="step-{first.pk}-done" class="tick-box" aria-pressed="true"')
    assertContains(page, f'Next</span> <a href="{steps_of(guide)[2].get_absolute_url()}"')

    client.post(status_url(first), {"status": "todo"})
    assert client.session["visitor_ticks"] == {str(second.pk): "skipped"}


def test_a_visitors_tick_with_htmx_returns_the_step_and_the_summary(client, guide):
    step = steps_of(guide)[0]
    response = client.post(status_url(step), {"status": "in_progress"}, **HTMX)
    html = response.content.decode()
    start = f'<li class="step checklist-step status-in_progress is-trackable" id="step-{step.pk}"'
    assert html.lstrip().startswith(start)
    assert 'id="journey-summary" hx-swap-oob="true"' in html
    assert "<html" not in html


def test_a_visitor_can_tick_only_so_many_steps_before_signing_up(client, make_transition, monkeypatch):
    monkeypatch.setattr(checklist, "MAX_TICKS", 2)
    guide = make_transition(steps=3)
    first, second, third = steps_of(guide)
    client.post(status_url(first), {"status": "done"})
    client.post(status_url(second), {"status": "done"})

    response = client.post(status_url(third), {"status": "done"})

    assertContains(response, "You can tick up to 2 steps before signing up", status_code=400)
    assert client.session["visitor_ticks"] == {str(first.pk): "done", str(second.pk): "done"}
    assert client.post(status_url(second), {"status": "in_progress"}).status_code == 302  # changing one still works


def test_a_visitors_retired_or_draft_step_is_refused(client, guide, make_transition):
    step = steps_of(guide)[0]
    Step.objects.filter(pk=step.pk).update(archived_at=timezone.now())
    assertContains(client.post(status_url(step), {"status": "done"}), "retired from the guide", status_code=409)
    draft = make_transition(published=False)
    assert client.post(status_url(draft.steps.first()), {"status": "done"}).status_code == 404
    assert "visitor_ticks" not in client.session


def test_logging_in_keeps_a_visitors_ticks_in_their_new_journey(client, guide, make_user):
    user = make_user(email="ticks@example.com")
    first, second = steps_of(guide)[:2]
    client.post(status_url(first), {"status": "done"})
    client.post(status_url(second), {"status": "in_progress"})

    response = client.post(
        f"{reverse('login')}?next={guide.get_absolute_url()}", {"username": user.email, "password": PASSWORD}
    )

    assert response["Location"] == guide.get_absolute_url()
    journey = Journey.objects.get(user=user, transition=guide)
    assert dict(journey.step_progress.values_list("step", "status")) == {first.pk: "done", second.pk: "in_progress"}
    assert "visitor_ticks" not in client.session
    assertContains(client.get(guide.get_absolute_url()), "The 2 steps you ticked before signing in are saved")


def test_confirming_a_new_account_in_the_same_browser_keeps_the_ticks(client, guide):
    step = steps_of(guide)[0]
    client.post(status_url(step), {"status": "done"})
    signup = f"{reverse('accounts:signup')}?next={guide.get_absolute_url()}"
    mail.outbox.clear()
    client.post(signup, {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD})
    wait_for_mail()
    link = re.search(r"https?://testserver(/accounts/signup/\S+)", mail.outbox[-1].body).group(1)

    response = client.post(link)

    assert response["Location"] == guide.get_absolute_url()
    journey = Journey.objects.get(user__email="new@example.com")
    assert list(journey.step_progress.values_list("step", "status")) == [(step.pk, "done")]


def test_ticks_of_a_guide_unpublished_meanwhile_are_not_carried(client, guide, make_user):
    user = make_user(email="late@example.com")
    client.post(status_url(steps_of(guide)[0]), {"status": "done"})
    Transition.objects.filter(pk=guide.pk).update(published_at=None)
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert not Journey.objects.exists()


def test_a_learner_without_a_journey_is_asked_to_tick_a_first_step(client, learner, guide):
    client.force_login(learner)
    page = client.get(guide.get_absolute_url())
    assertContains(page, "Start tracking this guide — free")
    assertContains(page, "Tick your first step to start")
    assertNotContains(page, "Start this transition")


def test_a_learners_summary_shows_progress_the_next_step_and_the_target_date(client, learner, guide, journey):
    first, second = steps_of(guide)[:2]
    journey.mark_step(first, status="done")
    journey.set_target_date(date(2030, 6, 30))
    client.force_login(learner)
    html = client.get(guide.get_absolute_url()).content.decode()
    summary = html.split('id="journey-summary"')[1].split('<nav class="guide-contents"')[0]
    assert "<strong>1 of 4</strong> steps done · <strong>25%</strong>" in summary
    assert f'<a href="{second.get_absolute_url()}">{second.title}</a>' in summary
    assert "30 Jun 2030" in summary or "June 30, 2030" in summary


def test_setting_a_status_without_javascript_starts_the_journey_and_returns_to_the_step(client, learner, guide):
    client.force_login(learner)
    step = steps_of(guide)[1]

    response = client.post(status_url(step), {"status": "done"})

    assert response.status_code == 302
    assert response["Location"] == f"{guide.get_absolute_url()}#step-{step.pk}"
    journey = Journey.objects.get(user=learner, transition=guide)
    assert journey.step_progress.get(step=step).status == "done"
    page = client.get(guide.get_absolute_url())
    assertContains(page, "1 of 4 steps")
    assertContains(page, f'id="step-{step.pk}-done" class="tick-box" aria-pressed="true"')
    # The confirmation shows next to the control, once.
    assertContains(page, "Saved: Done.")
    assertNotContains(client.get(guide.get_absolute_url()), "Saved: Done.")


def test_setting_a_status_with_htmx_returns_the_step_and_the_progress_bar_out_of_band(client, learner, guide):
    client.force_login(learner)
    step = steps_of(guide)[0]

    response = client.post(status_url(step), {"status": "skipped"}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li class="step checklist-step status-skipped is-trackable" id="step-{step.pk}"')
    assert f'id="step-{step.pk}-skipped" class="status-option" aria-pressed="true"' in html
    assert 'id="journey-progress" hx-swap-oob="true"' in html
    assert 'id="journey-summary" hx-swap-oob="true"' in html
    assert "1 of 4 steps" in html
    assert "<html" not in html


def forms_of(html, step):
    """The addresses one step's forms post to (action, then hx-post when there is one), in order."""
    item = re.split(r'<li class="step checklist-step|<div class="journey-', html.split(f'id="step-{step.pk}"', 1)[1])[0]
    return re.findall(r'(?:action|hx-post)="([^"]+)"', item)


def test_every_steps_forms_post_to_that_steps_own_addresses_on_the_page_and_alone(
    client, learner, make_transition, settings
):
    guide = make_transition(steps=12)
    steps = steps_of(guide)
    client.force_login(learner)
    page = client.get(guide.get_absolute_url()).text
    for step in steps:
        assert forms_of(page, step) == [status_url(step)] * 4 + [note_url(step)] * 2

    saved = client.post(status_url(steps[10]), {"status": "done"}, **HTMX).text
    assert forms_of(saved, steps[10]) == [status_url(steps[10])] * 4 + [note_url(steps[10])] * 2
    refused = client.post(note_url(steps[11]), {"note": "x" * 5001}, **HTMX)
    assert refused.status_code == 400
    assert forms_of(refused.text, steps[11]) == [status_url(steps[11])] * 4 + [note_url(steps[11])] * 2


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_setting_the_same_status_twice_changes_nothing_more(client, learner, guide, headers):
    client.force_login(learner)
    step = steps_of(guide)[0]
    client.post(status_url(step), {"status": "done"}, **headers)
    client.post(status_url(step), {"status": "done"}, **headers)
    assert list(StepProgress.objects.values_list("status", flat=True)) == ["done"]


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_unknown_status_is_refused_with_a_message_and_changes_nothing(client, learner, guide, headers):
    client.force_login(learner)
    response = client.post(status_url(steps_of(guide)[0]), {"status": "finished"}, **headers)
    assertContains(response, "Unknown status", status_code=400)
    assert not Journey.objects.exists()


def test_a_missing_status_is_refused(client, learner, guide):
    client.force_login(learner)
    assertContains(client.post(status_url(steps_of(guide)[0])), "Choose a status", status_code=400)


def test_a_note_is_saved_without_javascript(client, learner, guide):
    client.force_login(learner)
    step = steps_of(guide)[2]
    response = client.post(note_url(step), {"note": "Ask Sam about the\r\nbank's ML team."})
    assert response["Location"] == f"{guide.get_absolute_url()}#step-{step.pk}"
    assert StepProgress.objects.get(step=step).note == "Ask Sam about the\nbank's ML team."
    assertContains(client.get(guide.get_absolute_url()), "Ask Sam about the\nbank&#x27;s ML team.")


def test_a_note_is_saved_with_htmx(client, learner, guide):
    client.force_login(learner)
    step = steps_of(guide)[2]
    response = client.post(note_url(step), {"note": "Private thoughts"}, **HTMX)
    assertContains(response, "Note saved.")
    assertContains(response, "Private thoughts</textarea>")


def test_an_empty_note_clears_it(client, learner, guide):
    client.force_login(learner)
    step = steps_of(guide)[0]
    client.post(note_url(step), {"note": "Something"})
    client.post(note_url(step), {"note": "  "})
    assert StepProgress.objects.get(step=step).note == ""


def test_a_note_of_5000_characters_counts_line_breaks_once(client, learner, guide):
    client.force_login(learner)
    note = ("x" * 99 + "\r\n") * 50  # what a browser sends for 5,000 characters typed with line breaks
    response = client.post(note_url(steps_of(guide)[0]), {"note": note})
    assert response.status_code == 302


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_note_over_5000_characters_is_refused_and_what_was_typed_is_kept(client, learner, guide, headers):
    client.force_login(learner)
    step = steps_of(guide)[0]
    client.post(note_url(step), {"note": "The saved note"})
    too_long = "y" * 5001

    response = client.post(note_url(step), {"note": too_long}, **headers)

    assertContains(response, "A note can be at most 5,000 characters; this one has 5,001.", status_code=400)
    assertContains(response, too_long, status_code=400)
    assert StepProgress.objects.get(step=step).note == "The saved note"
    if headers:
        assert response["HX-Reswap"] == "outerHTML"


def test_the_target_date_is_set_and_cleared(client, learner, guide, journey):
    client.force_login(learner)
    url = reverse("accounts:set_target_date", args=[journey.pk])
    response = client.post(url, {"target_date": "2031-06-30"})
    assert response["Location"] == f"{guide.get_absolute_url()}#journey-progress"
    journey.refresh_from_db()
    assert journey.target_date == date(2031, 6, 30)
    assertContains(client.get(guide.get_absolute_url()), 'value="2031-06-30"')

    client.post(url, {"target_date": ""})
    journey.refresh_from_db()
    assert journey.target_date is None


def test_the_target_date_with_htmx_updates_the_progress_panel(client, learner, journey):
    client.force_login(learner)
    in_ten_days = timezone.localdate() + timedelta(days=10)
    response = client.post(
        reverse("accounts:set_target_date", args=[journey.pk]), {"target_date": in_ten_days.isoformat()}, **HTMX
    )
    assertContains(response, "Target date saved.")
    assertContains(response, "10 days left")


@pytest.mark.parametrize("bad", ["2031-02-30", "next tuesday", "30/06/2031", "1999-12-31"])
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_a_bad_target_date_is_refused_with_a_message(client, learner, journey, bad, headers):
    journey.set_target_date(date(2030, 1, 1))
    client.force_login(learner)
    response = client.post(reverse("accounts:set_target_date", args=[journey.pk]), {"target_date": bad}, **headers)
    assert response.status_code == 400
    assert b"Enter a real date" in response.content or b"between the years 2000 and 2099" in response.content
    journey.refresh_from_db()
    assert journey.target_date == date(2030, 1, 1)


@pytest.mark.parametrize("headers", [{}, HTMX])
def test_an_archived_step_is_refused_with_a_message(client, learner, guide, headers):
    client.force_login(learner)
    step = steps_of(guide)[0]
    archive(step)
    for url, data in [(status_url(step), {"status": "done"}), (note_url(step), {"note": "Hi"})]:
        assertContains(client.post(url, data, **headers), "retired from the guide", status_code=409)
    assert not Journey.objects.exists()


def test_a_step_of_another_transition_is_not_found(client, learner, guide, make_transition):
    client.force_login(learner)
    other_step = steps_of(make_transition(steps=1))[0]
    url = reverse("accounts:mark_step", args=[guide.slug, other_step.pk])
    assert client.post(url, {"status": "done"}).status_code == 404
    url = reverse("accounts:save_note", args=[guide.slug, other_step.pk])
    assert client.post(url, {"note": "x"}).status_code == 404
    assert not Journey.objects.exists()


@pytest.mark.parametrize("published", [False, "future"])
def test_drafts_and_scheduled_transitions_cannot_be_started_or_ticked(client, learner, make_transition, published):
    fields = {"published": False}
    if published == "future":
        fields["published_at"] = timezone.now() + timedelta(days=3)
    draft = make_transition(steps=1, **fields)
    client.force_login(learner)
    assert client.post(status_url(steps_of(draft)[0]), {"status": "done"}).status_code == 404
    assert client.post(note_url(steps_of(draft)[0]), {"note": "x"}).status_code == 404
    assert not Journey.objects.exists()


def test_the_page_tells_what_changed_since_the_learner_started(client, learner, guide, journey):
    first, second, *_ = steps_of(guide)
    journey.mark_step(first, status="done")
    archive(first)
    archive(second)
    Step.objects.create(transition=guide, position=20, title="Practise system design interviews")
    Step.objects.create(transition=guide, position=21, title="Write a model card")
    client.force_login(learner)

    page = client.get(guide.get_absolute_url())

    assertContains(page, "2 steps added since you started")
    assertContains(page, "1 step retired")
    assertContains(page, "New since you started", count=2)
    assertContains(page, f"<s>{first.title}</s>", html=False)
    # Retired steps leave the list and the count.
    assertNotContains(page, f'id="step-{second.pk}"')
    assertContains(page, "0 of 4 steps")


def test_a_learner_who_started_before_no_change_sees_no_change_notice(client, learner, guide, journey):
    client.force_login(learner)
    assertNotContains(client.get(guide.get_absolute_url()), "changed since you started")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_checklist_costs_a_fixed_number_of_queries(client, learner, make_transition):
    small, big = make_transition(steps=2), make_transition(steps=25)
    for transition in [small, big]:
        journey = Journey.objects.start(learner, transition)
        for step in steps_of(transition):
            journey.mark_step(step, status="done")
            journey.save_note(step, "A note")
        archive(steps_of(transition)[0])

    # Both guides are cached by a first visit, so the counts below compare like with like.
    queries_for(client, big.get_absolute_url())
    anonymous = queries_for(client, small.get_absolute_url())
    client.force_login(learner)
    with_journey = queries_for(client, small.get_absolute_url())
    assert queries_for(client, big.get_absolute_url()) == with_journey
    # Session and user, then the journey and its progress: nothing per step.
    assert with_journey - anonymous <= 4


def test_a_visitors_ticks_cost_no_query_per_step_and_no_ticks_cost_nothing(client, make_transition):
    small, big = make_transition(steps=2), make_transition(steps=25)
    queries_for(client, big.get_absolute_url())  # both guides cached by a first visit
    queries_for(client, small.get_absolute_url())
    without_session = queries_for(client, small.get_absolute_url())
    for transition in [small, big]:
        for step in steps_of(transition)[:2]:
            client.post(status_url(step), {"status": "done"})

    queries_for(client, small.get_absolute_url())  # shows (and forgets) the last tick's confirmation
    with_ticks = queries_for(client, small.get_absolute_url())

    assert queries_for(client, big.get_absolute_url()) == with_ticks
    assert with_ticks - without_session <= 1  # reading the session (none at all with a cache store)
    assertContains(client.get(big.get_absolute_url()), "<strong>2 of 25</strong>", html=True)
