"""A visitor follows the seed guide's official figures to the ML engineer's occupation and changes state."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import SEED_SLUG, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def band_geometry(page, nth=0):
    band = page.locator(".wage-band").nth(nth)
    return [band.locator(f".wage-band-{part}").get_attribute("x") for part in ("outer", "inner", "median")]


def test_from_the_seed_guide_to_the_occupation_and_a_states_band(page, url, demo_content, shoot):
    page.goto(url(reverse("transitions:detail", args=[SEED_SLUG])))
    official = page.locator("#official-wages")
    expect(official).to_contain_text("Official wages: United States")
    expect(page.locator(".salary-line")).to_have_text(
        re.compile(r"Bank Analyst: \$65,000\s*\|\s*ML Engineer: \$120,000")
    )
    expect(official.locator(".source-line a")).to_have_attribute("href", "https://www.bls.gov/oes/current/oes_nat.htm")

    # The state picker is a plain form: it works the same with or without JavaScript.
    official.get_by_label("Wages in").select_option("WA")
    official.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"\?state=WA#official-wages$"))
    expect(page.locator("#official-wages")).to_contain_text("Official wages: Washington")

    page.locator("#official-wages").get_by_role("link", name="Data Scientists (15-2051)").click()
    expect(page.locator("h1")).to_have_text("Data Scientists")
    expect(page.locator("#wages-heading")).to_have_text("Wages: United States")
    national = band_geometry(page)
    assert_accessible(page)

    page.get_by_label("Wages in").select_option("NY")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#wages-heading")).to_have_text("Wages: New York")
    expect(page.locator(".wage-band")).to_have_count(2)
    expect(page.locator(".wage-band").nth(1)).to_contain_text("Median $130,460")
    assert band_geometry(page, 1) != national  # New York's band sits elsewhere on the scale
    expect(page.locator(".wage-table thead")).to_contain_text("New York, yearly")
    expect(page.get_by_role("heading", name="Occupations with the most similar work")).to_be_visible()
    expect(page.get_by_text("not a forecast of job loss").first).to_be_visible()
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    shoot(page, "occupation-new-york")

    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_horizontal_scroll(page)
