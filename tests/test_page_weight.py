"""What a first visit downloads: no script a page does not use, nothing that blocks rendering."""

import gzip
import posixpath
import re
from pathlib import Path

import pytest
from django.core.management import call_command
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


# What a browser with an empty cache fetches for a page: the page, its stylesheets, scripts and preloads,
# and the fonts its stylesheets point to, each gzipped as nginx sends them (level 5).
ASSET = re.compile(r'<(?:link|script)\b[^>]*(?:href|src)="([^"]+\.(?:css|js|woff2|svg))"')
FONT = re.compile(r'url\(["\']?([^)"\']+\.woff2)')
BUDGET = 100_000  # bytes sent for a first visit to a guide, compressed


def first_visit_bytes(response):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    prefix = static("")
    html = response.content.decode()
    sizes = {"page": len(gzip.compress(response.content, 5))}
    queue = ASSET.findall(html)
    while queue:
        url = queue.pop(0)
        name = url.removeprefix(prefix)
        if name in sizes:
            continue
        path = finders.find(name)
        assert path, url
        data = Path(path).read_bytes()
        sizes[name] = len(data) if name.endswith(".woff2") else len(gzip.compress(data, 5))
        if name.endswith(".css"):
            queue += [
                posixpath.normpath(posixpath.join(posixpath.dirname(name), font))
                for font in FONT.findall(data.decode())
            ]
    return sizes


def test_pages_use_the_trimmed_bootstrap_and_it_is_up_to_date(client, transition):
    head = client.get(transition.get_absolute_url()).content.decode().split("</head>", 1)[0]
    assert "bootstrap.used.css" in head
    assert "bootstrap.min.css" not in head
    call_command("trim_bootstrap", "--check")


def test_a_first_visit_to_a_guide_is_under_100_kb_compressed(client, learner, make_transition):
    guide = make_transition(steps=12, transferable=6, to_build=6, certifications=4, related=4)
    visitor = first_visit_bytes(client.get(guide.get_absolute_url()))
    client.force_login(learner)
    client.post(reverse("accounts:mark_step", args=[guide.slug, guide.steps.first().pk]), {"status": "done"})
    signed_in = first_visit_bytes(client.get(guide.get_absolute_url()))
    assert any(name.endswith(".woff2") for name in visitor)
    assert sum(visitor.values()) < BUDGET, visitor
    assert sum(signed_in.values()) < BUDGET, signed_in
