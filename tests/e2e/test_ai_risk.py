"""The AI-risk check in a real browser: from the seed guide to "Check AI Risk for ML Engineer" and back."""

import re

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, MOBILE, SEED_SLUG, assert_accessible, assert_no_horizontal_scroll
from transitions.models import Role

pytestmark = pytest.mark.django_db(transaction=True)


def test_visitor_checks_the_ai_risk_of_the_target_role_and_compares(page, url, demo_content, shoot):
    page.goto(url(reverse("transitions:detail", args=[SEED_SLUG])))
    # Both roles have official figures, so the guide's line compares their percentiles among US occupations.
    analyst, engineer = (Role.objects.select_related("occupation").get(slug=s) for s in ["bank-analyst", "ml-engineer"])
    percentiles = [floatformat(role.occupation.ai_percentile, 0) for role in (analyst, engineer)]
    expect(page.locator(".guide-ai-risk")).to_contain_text("AI applicability, percentile of US jobs")
    expect(page.locator(".guide-ai-risk")).to_contain_text(
        f"Bank Analyst {percentiles[0]} vs ML Engineer {percentiles[1]}"
    )
    page.get_by_role("link", name="Check AI Risk for ML Engineer").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("transitions:ai_risk", args=["ml-engineer"]))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check AI Risk for ML Engineer")
    expect(page.get_by_role("img", name=re.compile("25 out of 100"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Compare with another role").select_option(label="Bank Analyst")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("img", name=re.compile("Bank Analyst: 60 out of 100"))).to_be_visible()
    assert_accessible(page)
    shoot(page, "ai-risk-compared")

    page.get_by_role("link", name="From Bank Analyst to ML Engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career Change: Bank Analyst to ML Engineer")


def test_the_ai_risk_check_compares_without_javascript_and_fits_a_phone(browser, url, demo_content):
    for viewport in [DESKTOP, MOBILE]:
        context = browser.new_context(java_script_enabled=False, viewport=viewport)
        page = context.new_page()
        page.goto(url(reverse("transitions:ai_risk", args=["ml-engineer"])))
        page.get_by_label("Compare with another role").select_option(label="Bank Analyst")
        page.get_by_role("button", name="Compare").click()
        expect(page).to_have_url(re.compile(r"compare=bank-analyst"))
        expect(page.locator(".ai-risk-card")).to_have_count(2)
        assert_no_horizontal_scroll(page)
        context.close()
