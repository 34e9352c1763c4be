"""A visitor ticks a step of the seed transition, signs up from there (confirming the address by the emailed link)
and finds the tick kept; a learner ticks its first steps, writes a note, sets a target date and finds it all again
on reload and on the dashboard; with JavaScript, without it, and from the keyboard.
"""

import re
from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.mail import wait_for_mail
from accounts.models import Journey, User
from tests.e2e.conftest import DESKTOP, MOBILE, SEED_SLUG, assert_accessible, assert_no_horizontal_scroll
from transitions.models import Step, Transition

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-learner-passphrase-7"


@pytest.fixture
def seed(demo_content):
    transition = Transition.objects.get(slug=SEED_SLUG)
    return {"transition": transition, "steps": list(transition.steps.active())}


@pytest.fixture
def account(transactional_db):
    return User.objects.create_user(email="rosa@example.com", password=PASSWORD, display_name="Rosa")


def progress_label(page):
    return page.locator("#journey-progress-label")


def status_button(page, step, status):
    return page.locator(f"#step-{step.pk}-{status}")


def choose_status(page, step, status):
    """Tick "Done", or pick another status from the step's menu (its status tag)."""
    if status != "done":
        page.locator(f"#step-{step.pk} summary.status-tag").click()
    status_button(page, step, status).click()


def check_accessible(page):
    """axe-core on the page at rest: no hovered control, no colour half-way through a transition."""
    page.mouse.move(0, 0)
    page.emulate_media(reduced_motion="reduce")
    assert_accessible(page)


def log_in(page, url, email, next_path, *, check=False):
    page.goto(url(f"{reverse('login')}?next={next_path}"))
    if check:
        check_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_learner_signs_up_from_a_transition_and_tracks_progress_in_place(page, url, seed, shoot):
    transition, steps = seed["transition"], seed["steps"]
    total = len(steps)
    page.goto(url(transition.get_absolute_url()))
    # A visitor ticks a step before having an account: kept on this device (a plain form post, no script).
    status_button(page, steps[0], "done").click()
    expect(page).to_have_url(re.compile(f"#step-{steps[0].pk}$"))
    expect(status_button(page, steps[0], "done")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#journey-summary")).to_contain_text(f"1 of {total} steps done")
    expect(page.locator("#journey-summary")).to_contain_text("Saved on this device until you sign up.")
    page.get_by_role("link", name="Create a free account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Create your free account")
    check_accessible(page)
    page.get_by_label("Email").fill("Nia.Learner@example.com")
    page.get_by_label("Your name").fill("Nia")
    page.locator("#id_password1").fill(PASSWORD)  # its label, "Password", is also part of the next one's
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # The address is confirmed by the emailed link, which opens a page with one button.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    wait_for_mail()
    link = re.search(r"https?://\S+/accounts/signup/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Create my account").click()

    # Back on the page they came from, at the checklist, with the tick made before signing up kept.
    expect(page).to_have_url(re.compile(re.escape(transition.get_absolute_url()) + "#first-steps$"))
    expect(progress_label(page)).to_have_text(f"1 of {total} steps done or already had")
    expect(status_button(page, steps[0], "done")).to_have_attribute("aria-pressed", "true")

    # From here on nothing reloads the page: a marker set now survives every change.
    page.evaluate("window.stillTheSamePage = true")
    choose_status(page, steps[1], "skipped")
    expect(progress_label(page)).to_contain_text(f"2 of {total} steps")
    expect(page.locator("#journey-progress progress.journey-progress-bar")).to_have_attribute("value", "2")
    expect(page.locator("#journey-summary")).to_contain_text(f"2 of {total} steps done")
    expect(page.locator("#journey-summary").get_by_role("link", name=steps[2].title)).to_be_attached()
    choose_status(page, steps[2], "in_progress")
    expect(page.locator(f"#step-{steps[2].pk} .status-tag")).to_contain_text("In progress")
    expect(progress_label(page)).to_contain_text(f"2 of {total} steps")

    step_three = page.locator(f"#step-{steps[2].pk}")
    step_three.get_by_text("Add note").click()
    step_three.get_by_label("Only you can see this note.").fill("Andrew Ng's course starts on the 3rd.")
    step_three.get_by_role("button", name="Save note").click()
    expect(step_three.get_by_role("status")).to_have_text("Note saved.")

    target = timezone.localdate() + timedelta(days=60)
    page.get_by_label("Target date").fill(target.isoformat())
    page.get_by_role("button", name="Save date").click()
    expect(page.locator("#journey-progress")).to_contain_text("60 days left")
    assert page.evaluate("window.stillTheSamePage") is True

    check_accessible(page)
    page.set_viewport_size(MOBILE)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)

    # A reload shows everything kept.
    page.reload()
    expect(progress_label(page)).to_contain_text(f"2 of {total} steps")
    expect(status_button(page, steps[0], "done")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#step-{steps[1].pk} .status-tag")).to_contain_text("I already have this")
    expect(page.locator(f"#step-{steps[2].pk}-note")).to_have_value("Andrew Ng's course starts on the 3rd.")
    expect(page.get_by_label("Target date")).to_have_value(target.isoformat())
    shoot(page, "learner-transition-signed-in")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My dashboard").click()
    card = page.locator(".journey-card").first
    expect(card).to_contain_text("Bank Analyst to ML Engineer")
    expect(card).to_contain_text(f"2 of {total} steps")
    expect(card.get_by_role("link", name=steps[2].title)).to_be_visible()
    expect(card).to_contain_text("60 days left")
    check_accessible(page)
    page.set_viewport_size(MOBILE)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)
    shoot(page, "learner-dashboard")


def test_learner_tracks_progress_without_javascript(browser, url, seed, account, shoot):
    transition, steps = seed["transition"], seed["steps"]
    total = len(steps)
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(url(transition.get_absolute_url()))
        page.locator("#journey-progress").get_by_role("link", name="sign in").click()
        # (axe-core needs JavaScript: the login page is checked in the keyboard journey.)
        expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
        page.get_by_label("Email").fill(account.email.upper())
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(re.escape(transition.get_absolute_url()) + "#first-steps$"))

        # The first status change starts the transition; each post comes back to its step, confirmed there.
        status_button(page, steps[0], "done").click()
        expect(page).to_have_url(re.compile(f"#step-{steps[0].pk}$"))
        expect(page.locator(f"#step-{steps[0].pk}").get_by_role("status")).to_have_text("Saved: Done.")
        expect(progress_label(page)).to_contain_text(f"1 of {total} steps")
        choose_status(page, steps[1], "skipped")
        expect(page).to_have_url(re.compile(f"#step-{steps[1].pk}$"))
        expect(progress_label(page)).to_contain_text(f"2 of {total} steps")
        expect(page.locator(f"#step-{steps[1].pk} .status-tag")).to_contain_text("I already have this")

        step_four = page.locator(f"#step-{steps[3].pk}")
        step_four.get_by_text("Add note").click()
        step_four.get_by_label("Only you can see this note.").fill("Use the loan-default dataset.")
        step_four.get_by_role("button", name="Save note").click()
        expect(page.locator(f"#step-{steps[3].pk}-note")).to_have_value("Use the loan-default dataset.")
        expect(page.get_by_role("status").filter(has_text="Your note is saved.")).to_be_visible()

        overdue = timezone.localdate() - timedelta(days=2)
        page.get_by_label("Target date").fill(overdue.isoformat())
        page.get_by_role("button", name="Save date").click()
        expect(page.locator("#journey-progress")).to_contain_text("Overdue by 2 days")

        page.reload()
        expect(progress_label(page)).to_contain_text(f"2 of {total} steps")
        page.get_by_role("link", name="My dashboard").click()
        expect(page.locator(".journey-card")).to_contain_text(f"2 of {total} steps")
        expect(page.locator(".journey-card")).to_contain_text("Overdue by 2 days")
        shoot(page, "learner-dashboard-no-javascript")
    finally:
        context.close()


def test_keyboard_only_ticking(page, url, seed, account, shoot):
    transition, steps = seed["transition"], seed["steps"]
    log_in(page, url, account.email, transition.get_absolute_url(), check=True)
    expect(page.get_by_role("link", name="Start tracking this guide — free")).to_be_visible()

    target_id = f"step-{steps[0].pk}-done"
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == target_id:
            break
    assert page.evaluate("document.activeElement.id") == target_id, "Tab never reached the first step's Done"

    page.keyboard.press("Space")
    expect(status_button(page, steps[0], "done")).to_have_attribute("aria-pressed", "true")
    expect(progress_label(page)).to_contain_text(f"1 of {len(steps)} steps")
    # The swap keeps focus on the same control, so the keyboard user carries on from there.
    assert page.evaluate("document.activeElement.id") == target_id

    # The status tag next to it opens the other statuses; the keyboard reaches each of them.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"step-{steps[0].pk}-skipped"
    page.keyboard.press("Enter")
    expect(page.locator(f"#step-{steps[0].pk} .status-tag")).to_contain_text("I already have this")
    expect(progress_label(page)).to_contain_text(f"1 of {len(steps)} steps")
    shoot(page, "learner-keyboard")


def test_learner_sees_what_changed_and_stops_a_transition(page, url, seed, account, make_transition, shoot):
    transition, steps = seed["transition"], seed["steps"]
    # The guide was written two months ago; the learner started a month ago; editors changed it today.
    Step.objects.filter(transition=transition).update(created_at=timezone.now() - timedelta(days=60))
    journey = Journey.objects.start(account, transition)
    Journey.objects.filter(pk=journey.pk).update(started_at=timezone.now() - timedelta(days=30))
    journey.refresh_from_db()
    journey.mark_step(steps[0], status="done")
    journey.mark_step(steps[-1], status="in_progress")
    Step.objects.filter(pk=steps[-1].pk).update(archived_at=timezone.now())
    Step.objects.create(transition=transition, position=50, title="Publish a model card for one of your projects")
    # Another guide they follow was taken offline by the editors.
    offline = make_transition(steps=2, transferable=0, to_build=0, certifications=0)
    Journey.objects.start(account, offline).mark_step(offline.steps.first(), status="done")
    Transition.objects.filter(pk=offline.pk).update(published_at=None)

    log_in(page, url, account.email, transition.get_absolute_url())
    changes = page.locator(".journey-changes")
    expect(changes).to_contain_text("1 step added since you started")
    expect(changes).to_contain_text("1 step retired")
    expect(page.locator(".checklist-new")).to_have_count(1)
    expect(progress_label(page)).to_contain_text(f"1 of {len(steps)} steps")

    # A step retired while the page was open: the refusal shows in place, next to the control.
    Step.objects.filter(pk=steps[1].pk).update(archived_at=timezone.now())
    choose_status(page, steps[1], "done")
    expect(page.locator(f"#step-{steps[1].pk}").get_by_role("alert")).to_contain_text("retired from the guide")
    expect(progress_label(page)).to_contain_text(f"1 of {len(steps)} steps")
    shoot(page, "learner-guide-changed")

    page.goto(url(reverse("accounts:dashboard")))
    offline_card = page.locator(".journey-card", has_text="No longer published")
    expect(offline_card).to_contain_text("1 of 2 steps")
    expect(offline_card.locator(f'a[href^="{offline.get_absolute_url()}"]')).to_have_count(0)  # no link to a 404
    check_accessible(page)
    shoot(page, "learner-dashboard-guide-offline")

    page.goto(url(transition.get_absolute_url()))
    page.get_by_role("link", name="Stop this transition").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stop")
    page.get_by_role("button", name="Stop and delete my progress").click()
    expect(page.get_by_role("status").filter(has_text="Your progress and notes on it are deleted.")).to_be_visible()
    expect(page.locator(".journey-card")).to_have_count(1)
    assert list(Journey.objects.filter(user=account).values_list("transition", flat=True)) == [offline.pk]


def test_learner_continues_from_the_home_page_and_plans_from_the_dashboard(page, url, seed, account, shoot):
    transition, steps = seed["transition"], seed["steps"]
    journey = Journey.objects.start(account, transition)
    Journey.objects.filter(pk=journey.pk).update(started_at=timezone.now() - timedelta(weeks=3))
    journey.refresh_from_db()
    for step in steps[:3]:
        journey.mark_step(step, status="done")
    journey.save_note(steps[0], "Ask Priya which evening SQL cohort she took.")
    journey.set_target_date(timezone.localdate() + timedelta(days=200))

    # Signed in, the home page puts the journey first, its action visible without scrolling, at either width.
    log_in(page, url, account.email, reverse("transitions:home"))
    panel = page.locator(".continue-panel")
    expect(panel).to_contain_text(f"{transition.from_role} to {transition.to_role}")
    expect(panel).to_contain_text(f"Next: {steps[3].title}")
    for size in [MOBILE, DESKTOP]:
        page.set_viewport_size(size)
        expect(panel.get_by_role("link", name=re.compile("^Continue"))).to_be_in_viewport()
        assert_no_horizontal_scroll(page)
    check_accessible(page)
    shoot(page, "learner-home-continue")
    panel.get_by_role("link", name=re.compile("^Continue")).click()
    expect(page).to_have_url(re.compile(f"#step-{steps[3].pk}$"))

    # The dashboard: the pace (3 steps in 3 weeks), the note linking to its step, and the calendar file.
    page.goto(url(reverse("accounts:dashboard")))
    card = page.locator(f"#journey-{journey.pk}")
    expect(card).to_contain_text("1.0 steps a week: all steps done around")
    expect(card.locator(".pace-verdict").first).to_have_text("On track")
    notes = page.locator(".dashboard-side")
    notes.get_by_role("link", name=steps[0].title).first.wait_for()
    check_accessible(page)
    page.set_viewport_size(MOBILE)
    assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)
    shoot(page, "learner-dashboard-pace")
    with page.expect_download() as download:
        card.get_by_role("link", name=re.compile("^Add to my calendar")).click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == [f"Next step: {steps[3].title}", f"Target: {transition.to_role} (CareerHub)"]


def test_a_learners_header_fits_a_phone_in_two_rows(page, url, seed, account):
    log_in(page, url, account.email, reverse("accounts:dashboard"))
    page.set_viewport_size(MOBILE)
    nav = page.get_by_role("navigation", name="Main")
    links = [nav.get_by_role("link", name=name) for name in ("Transitions", "Explore", "My dashboard", "Profile")]
    tops = {round(link.bounding_box()["y"]) for link in links}
    assert len(tops) == 1  # the four links on one row
    brand = page.locator(".brand").bounding_box()
    log_out = nav.get_by_role("button", name="Log out")
    expect(log_out).to_be_in_viewport()
    box = log_out.bounding_box()
    # "Log out" beside the brand, above the links, overlapping neither.
    assert box["x"] >= brand["x"] + brand["width"]
    assert box["y"] + box["height"] <= min(tops) + 1
    assert_no_horizontal_scroll(page)
    log_out.click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
