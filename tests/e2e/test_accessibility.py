"""axe-core finds nothing serious on any page type, and a transition page works from the keyboard."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import SEED_SLUG, assert_accessible
from transitions.models import Transition

pytestmark = pytest.mark.django_db(transaction=True)


def public_pages():
    seed = Transition.objects.select_related("from_role", "to_role__occupation").get(slug=SEED_SLUG)
    skill = seed.skill_links.select_related("skill").first().skill
    certification = seed.certification_links.select_related("certification").first().certification
    return {
        "home": reverse("transitions:home"),
        "index": reverse("transitions:index"),
        "transition": seed.get_absolute_url(),
        "role": seed.from_role.get_absolute_url(),
        "skill": skill.get_absolute_url(),
        "certification": certification.get_absolute_url(),
        "search": reverse("transitions:search") + "?q=analyst",
        "occupation": seed.to_role.occupation.get_absolute_url() + "?state=CA",
        "occupations": reverse("transitions:occupation_index"),
        "occupation group": reverse("transitions:occupation_index") + "?group=15-0000",
        "about the data": reverse("transitions:about_data"),
        "not found": "/this-page-does-not-exist/",
        "login": reverse("login"),
        "admin login": reverse("admin:login"),
    }


def test_no_serious_accessibility_violations(page, url, demo_content):
    for name, path in public_pages().items():
        page.goto(url(path))
        assert page.locator("html").get_attribute("lang"), f"{name} sets the page language"
        assert_accessible(page)


def test_every_public_page_has_one_h1(page, url, demo_content):
    for name, path in public_pages().items():
        if name == "admin login":
            continue
        page.goto(url(path))
        assert page.locator("h1").count() == 1, name


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e ? (e.getAttribute('aria-label') || e.innerText || e.value || e.name || '').trim() : ''; }"
    )


def test_keyboard_reaches_navigation_and_every_control_on_a_transition_page(page, url, demo_content):
    page.goto(url(reverse("transitions:detail", args=[SEED_SLUG])))
    controls = page.locator("main a[href], main button, main input, main select, main textarea")
    expected = {
        (c.get_attribute("aria-label") or c.inner_text() or c.get_attribute("value") or "").strip()
        for c in controls.all()
        if c.is_visible()
    }
    reached = set()
    for _ in range(250):
        page.keyboard.press("Tab")
        reached.add(focused(page))
        if expected <= reached:
            break
    assert expected <= reached, f"never reached by Tab: {sorted(expected - reached)}"

    # The skip link comes first and moves focus to the content.
    page.goto(url(reverse("transitions:detail", args=[SEED_SLUG])))
    page.keyboard.press("Tab")
    assert re.search("skip", focused(page), re.I)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))

    # Shift+Tab walks back, and Enter follows a link: the main navigation works without a mouse.
    navigation_link = (
        page.get_by_role("navigation", name=re.compile("main", re.I))
        .get_by_role("link", name=re.compile("transitions", re.I))
        .first
    )
    navigation_link.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert re.search("transitions", focused(page), re.I)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("transitions:index"))))
