"""Finding a path: a typo search that recovers, facets and pages on a phone, comparing two guides.
Each journey runs with JavaScript on and off; with it on, axe-core checks every page it reaches
(axe runs in the page, so it needs JavaScript; the HTML is the same either way)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, MOBILE, SEED_SLUG, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def visit(request, browser, url, demo_content):
    """A new page in a fresh context, with JavaScript on or off, at a given viewport."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(java_script_enabled=request.param, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.javascript = request.param
        return page

    yield open_page
    for context in contexts:
        context.close()


def accessible(page):
    if page.javascript:
        assert_accessible(page)


def fits_the_width(page):
    if page.javascript:  # measured by a script in the page; the layout is the same without one
        assert_no_horizontal_scroll(page)


def test_a_typo_search_recovers(visit, url):
    page = visit()
    page.goto(url(reverse("transitions:home")))
    search = page.get_by_role("banner").get_by_role("search")
    search.get_by_role("searchbox").fill("bank analist")
    search.get_by_role("button", name="Search").click()

    main = page.locator("main")
    expect(main.get_by_text("Did you mean")).to_be_visible()
    expect(main.get_by_role("link", name="bank analyst", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name=re.compile(r"^Guides"))).to_be_visible()
    accessible(page)

    main.get_by_role("link", name="bank analyst", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “bank analyst”")
    page.locator("main").get_by_role("link", name=re.compile("^Bank Analyst to ML Engineer$")).first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("transitions:detail", args=[SEED_SLUG]))))


def test_a_job_we_have_no_role_for_is_found_among_occupations(visit, url):
    page = visit()
    page.goto(url(reverse("transitions:search") + "?q=budget analyst"))

    occupations = page.get_by_role("region", name=re.compile("^Occupations"))
    expect(occupations.get_by_role("link", name="Budget Analysts")).to_be_visible()
    accessible(page)
    occupations.get_by_role("link", name="Where can I go from here?").first.click()
    expect(page.get_by_role("heading", name="Where your work and skills carry over")).to_be_visible()


def test_nothing_found_still_leads_somewhere(visit, url):
    page = visit()
    page.goto(url(reverse("transitions:search") + "?q=zxqv"))

    expect(page.get_by_text("Nothing matches “zxqv”.")).to_be_visible()
    expect(page.get_by_role("heading", name="Popular guides")).to_be_visible()
    accessible(page)


def test_filters_and_pages_on_a_phone(visit, url):
    page = visit(MOBILE)
    page.goto(url(reverse("transitions:index")))
    # Results come first: a guide is on screen while the filters stay folded.
    expect(page.locator(".transition-card").first).to_be_in_viewport()
    expect(page.get_by_label("From role")).to_be_hidden()
    fits_the_width(page)
    accessible(page)

    page.get_by_text("Filters and sorting").click()
    page.get_by_label("From role").select_option("bank-analyst")
    page.get_by_label("Sort by").select_option("salary")
    page.get_by_role("button", name="Show guides").click()

    expect(page).to_have_url(re.compile(r"from=bank-analyst"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Career changes from Bank Analyst")
    cards = page.locator(".transition-card-title")
    expect(cards.first).to_contain_text("Bank Analyst")
    assert all(title.startswith("Bank Analyst") for title in cards.all_inner_texts())
    accessible(page)

    page.goto(url(reverse("transitions:index")))
    pages = page.get_by_role("navigation", name="Pages")
    pages.get_by_role("link", name="Next page").click()
    expect(page.get_by_text(re.compile(r"^Page 2 of \d+$"))).to_be_visible()
    fits_the_width(page)
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="First page").click()
    expect(page.get_by_text(re.compile(r"^Page 1 of \d+$"))).to_be_visible()
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Last page").click()
    expect(page).to_have_url(re.compile(r"page=\d+"))


def test_an_ignored_filter_is_explained(visit, url):
    page = visit()
    page.goto(url(reverse("transitions:index") + "?from=astronaut&max_months=12"))

    expect(page.get_by_text("There is no published guide from that role.")).to_be_visible()
    expect(page.get_by_label("Longest timeline")).to_have_value("12")
    accessible(page)


def test_compare_two_guides(visit, url):
    page = visit()
    page.goto(url(reverse("transitions:index")))
    page.get_by_role("link", name="Compare Bank Analyst to ML Engineer with another guide").click()

    expect(page.get_by_text("choose a second guide")).to_be_visible()
    page.get_by_label("Add a guide to the comparison").select_option("bank-analyst-to-product-manager")
    page.get_by_role("button", name="Compare", exact=True).click()

    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader", name=re.compile("Bank Analyst to ML Engineer"))).to_be_visible()
    expect(table.get_by_role("columnheader", name=re.compile("Bank Analyst to Product Manager"))).to_be_visible()
    expect(table.get_by_role("rowheader", name="Skills to build")).to_be_visible()
    expect(table).to_contain_text("$120,000")
    expect(table.get_by_role("rowheader", name="Official median after")).to_be_visible()
    expect(table.get_by_role("rowheader", name="AI applicability of the destination")).to_be_visible()
    expect(table).to_contain_text(re.compile(r"Percentile \d+"))
    accessible(page)

    page.set_viewport_size(MOBILE)
    fits_the_width(page)
    page.get_by_role("link", name=re.compile("Remove Bank Analyst to ML Engineer")).click()
    expect(page.get_by_text("choose a second guide")).to_be_visible()


def test_compare_from_a_guide_page(visit, url):
    page = visit()
    page.goto(url(reverse("transitions:detail", args=[SEED_SLUG])))
    page.get_by_role("link", name="Compare with another guide").click()

    expect(page).to_have_url(re.compile(re.escape(f"?t={SEED_SLUG}")))
    expect(page.get_by_label("Add a guide to the comparison")).to_be_visible()
