"""From the home page: "Where can I go from my job?", type it, choose it, tick two skills, open the top
guide. With JavaScript on (and axe-core checks each page) and off."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import MOBILE, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_where_can_i_go_from_my_job(browser, url, demo_content, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url(reverse("transitions:home")))

    page.get_by_label("Your job now").fill("bank analist")
    page.get_by_role("button", name="Where can I go from my job?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where can I go from my job?")
    expect(page.get_by_role("heading", name="Which of these is your job?")).to_be_visible()
    if javascript:
        assert_accessible(page)
    page.get_by_role("link", name="Bank Analyst", exact=True).click()

    expect(page.get_by_role("heading", name="Guides from Bank Analyst")).to_be_visible()
    page.get_by_label("SQL", exact=True).check()
    page.get_by_label("Financial data analysis").check()
    page.get_by_role("button", name="Update my results").click()

    expect(page).to_have_url(re.compile(r"skill=.*skill="))
    expect(page.get_by_label("SQL", exact=True)).to_be_checked()
    destinations = page.locator(".destination")
    expect(destinations.first).to_contain_text("of your 2 skills")
    expect(destinations.first).to_contain_text(re.compile(r"Work \d+% alike"))
    expect(page.get_by_role("heading", name="How we rank")).to_be_attached()
    if javascript:
        assert_accessible(page)
    top = destinations.filter(has=page.get_by_role("link", name=re.compile("^Open the guide"))).first
    top.get_by_role("link", name=re.compile("^Open the guide")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Career Change: Bank Analyst to")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_from_an_occupation_we_have_no_role_for(browser, url, demo_content, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url(reverse("transitions:explore")))

    page.get_by_label("Your job now").fill("budget")
    page.get_by_role("button", name="Find where I can go").click()
    page.get_by_role("link", name="Budget Analysts", exact=True).click()

    expect(page.get_by_label("Your job now")).to_have_value("Budget Analysts")
    expect(page.get_by_text("We have no guide from Budget Analysts yet")).to_be_visible()
    first = page.locator(".destination").first
    expect(first).to_contain_text(re.compile(r"Work \d+% alike"))
    expect(first).to_contain_text("Median wage change")
    if javascript:
        assert_accessible(page)
    name = first.locator(".destination-title").inner_text()
    first.get_by_role("button", name=re.compile("^Ask for a guide")).click()

    expect(page.get_by_role("status").filter(has_text=f"counted your request for a guide to {name}")).to_be_visible()
    expect(page).to_have_url(re.compile(r"occupation=13-2031"))
    context.close()


def test_explore_on_a_phone_shows_results_first(browser, url, demo_content):
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.goto(url(reverse("transitions:explore") + "?role=bank-analyst"))

    expect(page.get_by_role("heading", name="Guides from Bank Analyst")).to_be_in_viewport()
    expect(page.get_by_label("SQL", exact=True)).to_be_hidden()
    page.get_by_text("Tick the skills you have").click()
    expect(page.get_by_label("SQL", exact=True)).to_be_visible()
    assert_no_horizontal_scroll(page)
    # The button under the pointer fades to its hover colours: measure contrast once it has.
    page.wait_for_function("() => document.getAnimations().length === 0")
    assert_accessible(page)
    context.close()


def test_ask_for_a_guide_from_explore(browser, url, demo_content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url(reverse("transitions:explore") + "?role=bank-analyst"))

    asking = page.locator(".destination").filter(has=page.get_by_role("button", name=re.compile("^Ask for a guide")))
    name = asking.first.locator(".destination-title").inner_text()
    asking.first.get_by_role("button", name=re.compile("^Ask for a guide")).click()

    expect(page.get_by_role("status").filter(has_text=f"counted your request for a guide to {name}")).to_be_visible()
    expect(page).to_have_url(re.compile(r"role=bank-analyst"))
    context.close()
