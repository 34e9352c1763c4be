"""A visitor finds the seed transition and reads every section, with and without JavaScript."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.data import SEED_HEADINGS
from tests.e2e.conftest import MOBILE, SEED_SLUG, assert_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def browse_to_the_seed_transition(page, url):
    page.goto(url(reverse("transitions:home")))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("navigation", name=re.compile("main", re.I)).get_by_role(
        "link", name=re.compile("transitions", re.I)
    ).first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("transitions:index"))))
    page.get_by_role("link", name=re.compile("Bank Analyst to ML Engineer")).first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("transitions:detail", args=[SEED_SLUG]))))


def assert_seed_page(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Career Change: Bank Analyst to ML Engineer")
    headings = [h.strip() for h in page.locator("main h2").all_inner_texts()]
    assert [h for h in headings if h in SEED_HEADINGS] == SEED_HEADINGS
    main = page.locator("main")
    for text in [
        "Financial data analysis",
        "Python and machine learning libraries (scikit-learn, TensorFlow)",
        "$65,000",
        "$120,000",
        "9-15 months",
        "AWS Machine Learning Specialty",
        "Google Professional Machine Learning Engineer",
        "DeepLearning.AI Machine Learning Specialization",
        "Master Python programming and scientific computing libraries including NumPy, Pandas, and scikit-learn",
        "Apply for junior ML engineer or data scientist roles at fintech companies or bank innovation teams",
    ]:
        expect(main).to_contain_text(text)
    expect(main.locator("ol li[id^=step-]")).to_have_count(7)


def test_visitor_browses_from_home_to_the_seed_transition(page, url, demo_content, shoot):
    browse_to_the_seed_transition(page, url)
    assert_seed_page(page)
    shoot(page, "visitor-seed-transition")


def test_visitor_journey_works_without_javascript(browser, url, demo_content, shoot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    browse_to_the_seed_transition(page, url)
    assert_seed_page(page)
    page.get_by_role("search").first.get_by_role("searchbox").fill("nurse")
    page.get_by_role("search").first.get_by_role("searchbox").press("Enter")
    expect(page.locator("main")).to_contain_text("Registered Nurse")
    shoot(page, "visitor-no-javascript-search")
    context.close()


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", reverse("transitions:home")),
        ("index", reverse("transitions:index")),
        ("transition", reverse("transitions:detail", args=[SEED_SLUG])),
    ],
)
def test_pages_fit_a_phone_and_the_navigation_works(browser, url, demo_content, shoot, name, path):
    context = browser.new_context(viewport=MOBILE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(url(path))
    assert_no_horizontal_scroll(page)
    navigation = page.get_by_role("navigation", name=re.compile("main", re.I))
    toggle = page.get_by_role("button", name=re.compile("menu|navigation", re.I))
    if toggle.count() and toggle.first.is_visible():
        toggle.first.click()
    link = navigation.get_by_role("link", name=re.compile("transitions", re.I)).first
    expect(link).to_be_visible()
    shoot(page, f"mobile-{name}")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("transitions:index"))))
    assert_no_horizontal_scroll(page)
    context.close()


@pytest.mark.parametrize(("width", "shown"), [(1280, True), (992, True), (991, False), (MOBILE["width"], False)])
def test_home_page_hero_shows_the_featured_guide_on_wide_screens(page, url, demo_content, width, shown):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url(reverse("transitions:home")))
    spotlight = page.get_by_role("complementary", name="Featured guide")
    if shown:
        expect(spotlight).to_be_visible()
        assert spotlight.bounding_box()["width"] > 250
    else:
        expect(spotlight).to_be_hidden()
