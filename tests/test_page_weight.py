"""What a first visit downloads: no script a page does not use, nothing that blocks rendering."""

import re

import pytest
from django.urls import reverse

# Code the browser runs; JSON-LD blocks (type="application/ld+json") are data for search engines.
SCRIPT = re.compile(r"<script\b(?![^>]*application/ld\+json)[^>]*>")


def scripts(response):
    return SCRIPT.findall(response.content.decode())


@pytest.mark.parametrize("name", ["transitions:home", "transitions:index", "transitions:search"])
def test_pages_without_interactive_parts_load_no_script(client, transition, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert scripts(response) == []


def test_a_visitor_reads_a_guide_without_any_script(client, transition):
    response = client.get(transition.get_absolute_url())
    assert scripts(response) == []
    assert b"hx-post" not in response.content


def test_a_learners_guide_loads_htmx_and_the_checklist_script_deferred(client, learner, transition):
    client.force_login(learner)
    response = client.get(transition.get_absolute_url())
    found = scripts(response)
    assert [re.search(r'src="([^"]+)"', tag)[1].rsplit("/", 1)[-1] for tag in found] == [
        "htmx-2.min.js",
        "learner.js",
    ]
    assert all(" defer" in tag for tag in found)
    head = response.content.decode().split("</head>", 1)[0]
    assert 'name="htmx-config"' in head


def test_the_dashboard_loads_no_script(client, learner):
    client.force_login(learner)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert scripts(response) == []


def test_the_font_is_preloaded_in_cors_mode(client, transition):
    head = client.get(transition.get_absolute_url()).content.decode().split("</head>", 1)[0]
    preload = re.search(r'<link rel="preload"[^>]*>', head)[0]
    assert "inter-latin-wght-normal" in preload
    assert 'as="font"' in preload
    assert "crossorigin" in preload
