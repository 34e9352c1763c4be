"""The guide page is built around its action: the call to action in the first screen, steps short enough to
see several at once, and a tick without JavaScript that lands on its step."""

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from accounts.models import Journey, User
from tests.e2e.conftest import MOBILE, SEED_SLUG
from transitions.models import Step, Transition

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-learner-passphrase-7"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": MOBILE}


@pytest.fixture
def seed(demo_content):
    transition = Transition.objects.get(slug=SEED_SLUG)
    return transition, list(transition.steps.active())


def box(page, selector):
    return page.locator(selector).bounding_box()


def assert_in_first_screen(page, selector, size):
    found = box(page, selector)
    assert found is not None, selector
    assert found["y"] >= 0, (selector, found)
    assert found["y"] + found["height"] <= size["height"], (selector, found, size)


IN_VIEW = """([selector, bottom]) => {
    const title = document.querySelector(selector + " .step-title").getBoundingClientRect();
    const saved = document.querySelector(selector + " .step-saved").getBoundingClientRect();
    return title.top >= 0 && title.bottom <= bottom && saved.bottom <= bottom;
}"""


def lands_in_view(page, step, size):
    """Once the page has loaded and scrolled to the anchor: the step's title and its confirmation are in view,
    above the phone's bottom bar, and still there a moment later (nothing reflows them away)."""
    bottom = size["height"] - (box(page, ".guide-rail")["height"] if size["width"] < 992 else 0)
    selector = f"#step-{step.pk}"
    try:
        page.wait_for_function(IN_VIEW, arg=[selector, bottom], timeout=3000)
    except PlaywrightTimeoutError:
        return False
    page.wait_for_timeout(250)
    return page.evaluate(IN_VIEW, [selector, bottom])


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_call_to_action_is_in_the_first_screen_for_a_visitor_and_a_learner(browser, url, seed, size):
    transition, steps = seed
    context = browser.new_context(viewport=size)
    page = context.new_page()
    try:
        page.goto(url(transition.get_absolute_url()))
        assert_in_first_screen(page, "#journey-summary .journey-summary-action", size)
        expect(page.locator("#journey-summary")).to_contain_text("Start tracking this guide — free")

        learner = User.objects.create_user(email="cta@example.com", password=PASSWORD)
        journey = Journey.objects.start(learner, transition)
        for step in steps[:4]:
            journey.mark_step(step, status="done")
        log_in(page, url, learner.email, transition.get_absolute_url())
        summary = page.locator("#journey-summary")
        expect(summary).to_contain_text(f"4 of {len(steps)} steps done · 57%")
        assert_in_first_screen(page, "#journey-summary .journey-summary-count", size)
        assert_in_first_screen(page, "#journey-summary .journey-summary-action", size)
        # Still in view far down the page, beside (or below) the long sections.
        page.locator("#certifications").scroll_into_view_if_needed()
        assert_in_first_screen(page, "#journey-summary .journey-summary-action", size)
        if size["width"] >= 992:
            expect(summary.get_by_role("link", name=steps[4].title)).to_be_visible()
    finally:
        context.close()


def test_a_step_with_a_one_line_title_is_short_on_a_phone(browser, url, seed):
    transition, steps = seed
    Step.objects.filter(pk=steps[0].pk).update(title="Learn SQL")
    User.objects.create_user(email="short@example.com", password=PASSWORD)
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    try:
        for who in ["visitor", "learner"]:
            if who == "learner":
                log_in(page, url, "short@example.com", transition.get_absolute_url())
            else:
                page.goto(url(transition.get_absolute_url()))
            step = page.locator(f"#step-{steps[0].pk}")
            assert step.locator(".step-title").bounding_box()["height"] < 40  # one line
            assert step.bounding_box()["height"] <= 120, who
        # The other statuses are one click away, in the status tag's menu.
        step.locator("summary.status-tag").click()
        expect(step.get_by_role("button", name="In progress")).to_be_visible()
        expect(step.get_by_role("button", name="I already have this")).to_be_visible()
    finally:
        context.close()


def log_in(page, url, email, next_path):
    page.goto(url(f"{reverse('login')}?next={next_path}"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(url(next_path))


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_without_javascript_every_tick_lands_on_its_step(browser, url, seed, size):
    transition, steps = seed
    context = browser.new_context(viewport=size, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(url(transition.get_absolute_url()))
        ticks = [(step, "done") for step in steps] + [(step, "todo") for step in steps[:3]]
        landed = []
        for step, status in ticks:
            page.locator(f"#step-{step.pk}-done").click()
            page.wait_for_url(f"**#step-{step.pk}")
            landed.append(lands_in_view(page, step, size))
            expected = "true" if status == "done" else "false"
            expect(page.locator(f"#step-{step.pk}-done")).to_have_attribute("aria-pressed", expected)
        assert len(landed) == 10
        assert all(landed), landed
    finally:
        context.close()
