"""An editor creates a draft through the admin inlines, previews it, publishes it; a visitor finds it."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-editor-password-42"


@pytest.fixture
def editor_account(transactional_db):
    # Transactional tests flush the database between tests, taking the group its data migration made.
    import_module("transitions.migrations.0002_editors_group").create_editors_group(apps, schema_editor=None)
    user = User.objects.create_user(email="editor@example.com", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def choose_autocomplete(page, field_container, text):
    """Pick `text` in a Django admin autocomplete (select2) widget."""
    field_container.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").last.fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_creates_previews_and_publishes_a_transition(page, url, demo_content, editor_account, shoot):
    page.goto(url(reverse("admin:login")))
    page.get_by_label("Email").fill(editor_account.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("log in", re.I)).click()
    expect(page.get_by_text("Curate career-change guides")).to_be_visible()

    page.goto(url(reverse("admin:transitions_transition_add")))
    choose_autocomplete(page, page.locator(".field-from_role"), "Teacher")
    choose_autocomplete(page, page.locator(".field-to_role"), "Cloud Engineer")
    page.locator("#id_slug").fill("teacher-to-cloud-engineer")
    page.locator("#id_summary").fill("From the classroom to running cloud infrastructure.")
    page.locator("#id_intro").fill("Teachers explain complex systems every day; cloud engineers do too.")
    page.locator("#id_timeline_min_months").fill("12")
    page.locator("#id_timeline_max_months").fill("18")

    page.locator("#id_steps-0-position").fill("1")
    page.locator("#id_steps-0-title").fill("Earn the AWS Cloud Practitioner certificate")
    page.locator("#id_steps-1-position").fill("2")
    page.locator("#id_steps-1-title").fill("Automate one school IT task with Python")
    choose_autocomplete(page, page.locator("#skill_links-0"), "Stakeholder")
    page.locator("#id_skill_links-0-kind").select_option("transferable")
    choose_autocomplete(page, page.locator("#skill_links-1"), "Cloud")
    page.locator("#id_skill_links-1-kind").select_option("to_build")
    choose_autocomplete(page, page.locator("#certification_links-0"), "AWS")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    # The steps have no detail or estimate yet: the page says so, and nothing spills sideways.
    expect(page.locator(".messagelist .warning").first).to_contain_text("Steps 1, 2 have no detail")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    page.get_by_role("link", name=re.compile("view on site", re.I)).click()
    expect(page.locator("main")).to_contain_text(re.compile("draft", re.I))
    expect(page.get_by_role("heading", level=1)).to_have_text("Career Change: Teacher to Cloud Engineer")
    shoot(page, "editor-draft-preview")

    page.goto(url(reverse("admin:transitions_transition_changelist")))
    page.locator("input[name=_selected_action]").first.wait_for()
    assert page.evaluate(
        "document.querySelector('.results').scrollWidth <= document.querySelector('.results').clientWidth"
    )
    page.get_by_role("row", name=re.compile(r"Teacher\s+Cloud Engineer")).locator(
        "input[name=_selected_action]"
    ).check()
    page.locator("select[name=action]").select_option(label="Publish now")
    page.get_by_role("button", name=re.compile("go|run", re.I)).click()
    expect(page.locator(".messagelist")).to_contain_text(re.compile("publish", re.I))

    visitor = page.context.browser.new_context()
    visitor_page = visitor.new_page()
    visitor_page.goto(url(reverse("transitions:search") + "?q=Cloud+Engineer"))
    visitor_page.get_by_role("link", name=re.compile("Teacher to Cloud Engineer")).first.click()
    expect(visitor_page.get_by_role("heading", level=1)).to_have_text("Career Change: Teacher to Cloud Engineer")
    expect(visitor_page.locator("main")).not_to_contain_text(re.compile("not visible to the public", re.I))
    expect(visitor_page.locator("main")).to_contain_text("Earn the AWS Cloud Practitioner certificate")
    shoot(visitor_page, "visitor-finds-published-transition")
    visitor.close()
