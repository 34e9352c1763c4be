"""Structured data and sharing: canonical links, titles, descriptions, Open Graph, JSON-LD, sitemap dates."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from transitions.models import Role, Step

CONTENT = Path(__file__).resolve().parents[1] / "content"
LD_BLOCK = re.compile(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', re.S)


def json_ld(response):
    """Every JSON-LD item of a page, by @type."""
    html = response.content.decode()
    return {item["@type"]: item for _, text in LD_BLOCK.findall(html) for item in [json.loads(text)]}


def meta(response, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', response.content.decode())
    return unescape(match.group(1)) if match else None


def canonical(response):
    match = re.search(r'<link rel="canonical" href="([^"]+)">', response.content.decode())
    return unescape(match.group(1)) if match else None


def title(response):
    return " ".join(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).split())


@pytest.fixture
def seed(make_role, make_transition):
    guide = make_transition(
        from_role=make_role(name="Bank Analyst", slug="bank-analyst", salary=65_000),
        to_role=make_role(name="ML Engineer", slug="ml-engineer", salary=120_000),
        slug="bank-analyst-to-ml-engineer",
        summary="Turn financial analysis into machine learning engineering.",
        timeline_min_months=9,
        timeline_max_months=15,
        steps=3,
    )
    Step.objects.filter(transition=guide, position=1).update(detail="Learn **Python** first.")
    return guide


def test_a_guide_describes_its_first_steps_as_a_howto(client, seed):
    response = client.get(seed.get_absolute_url())

    howto = json_ld(response)["HowTo"]
    assert howto["@context"] == "https://schema.org"
    assert howto["name"] == "Career Change: Bank Analyst to ML Engineer: first steps"
    assert howto["url"] == f"http://testserver{seed.get_absolute_url()}"
    assert howto["totalTime"] == "P15M"
    steps = list(seed.steps.all())
    assert [(s["@type"], s["position"], s["name"]) for s in howto["step"]] == [
        ("HowToStep", n, step.title) for n, step in enumerate(steps, start=1)
    ]
    assert howto["step"][0]["text"] == "Learn **Python** first."
    assert howto["step"][1]["url"].endswith(f"#step-{steps[1].pk}")


def test_a_guide_has_breadcrumbs(client, seed):
    crumbs = json_ld(client.get(seed.get_absolute_url()))["BreadcrumbList"]["itemListElement"]

    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "Home", "http://testserver/"),
        (2, "Transitions", f"http://testserver{reverse('transitions:index')}"),
        (3, seed.title, f"http://testserver{seed.get_absolute_url()}"),
    ]


def test_a_role_is_an_occupation_with_its_salary(client, seed):
    role = seed.from_role

    data = json_ld(client.get(role.get_absolute_url()))

    occupation = data["Occupation"]
    assert occupation["name"] == "Bank Analyst"
    assert occupation["description"] == role.summary
    assert occupation["estimatedSalary"] == [
        {"@type": "MonetaryAmountDistribution", "name": "base", "currency": "USD", "duration": "P1Y", "median": 65_000}
    ]
    assert occupation["occupationLocation"] == [{"@type": "Country", "name": "United States"}]
    assert "occupationalCategory" not in occupation  # this role names no official occupation
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == ["Home", role.industry.name, role.name]


def test_the_home_page_describes_the_site_search(client, seed):
    website = json_ld(client.get(reverse("transitions:home")))["WebSite"]

    assert website["potentialAction"]["target"] == f"http://testserver{reverse('transitions:search')}?q={{query}}"


def test_json_ld_cannot_break_out_of_its_element(client, seed):
    hostile = '</script><script>alert("x")</script> & <!-- <b>'
    Step.objects.filter(transition=seed, position=2).update(title=hostile)

    response = client.get(seed.get_absolute_url())

    (nonce, text), *_ = [b for b in LD_BLOCK.findall(response.content.decode()) if "HowTo" in b[1]]
    assert not set("<>&") & set(text)
    assert json.loads(text)["step"][1]["name"] == hostile
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_pages_have_an_absolute_canonical_link_without_view_parameters(client, seed):
    index = reverse("transitions:index")
    assert (
        canonical(client.get(seed.get_absolute_url(), {"utm_source": "x"}))
        == f"http://testserver{seed.get_absolute_url()}"
    )
    assert canonical(client.get(index, {"sort": "salary", "q": "bank", "page": "1"})) == f"http://testserver{index}"
    assert (
        canonical(client.get(index, {"from": "bank-analyst", "sort": "newest"}))
        == f"http://testserver{index}?from=bank-analyst"
    )


def test_a_learners_own_pages_are_not_indexed_and_have_no_canonical_link(client, learner):
    client.force_login(learner)
    for name in ("accounts:dashboard", "accounts:profile"):
        response = client.get(reverse(name))
        assert meta(response, "name", "robots") == "noindex"
        assert canonical(response) is None


def test_a_guide_has_open_graph_tags(client, seed):
    response = client.get(seed.get_absolute_url())

    assert meta(response, "property", "og:title") == seed.title
    assert meta(response, "property", "og:description") == seed.summary
    assert meta(response, "property", "og:type") == "article"
    assert meta(response, "property", "og:url") == f"http://testserver{seed.get_absolute_url()}"
    assert meta(response, "name", "description") == seed.summary


def test_every_public_page_has_a_unique_title_and_description(client, labour_data):
    call_command("load_content", str(CONTENT))
    sitemap = client.get(reverse("sitemap")).content.decode()
    urls = [loc.text for loc in ET.fromstring(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(urls) > 100

    titles, descriptions = {}, {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        titles.setdefault(title(response), []).append(url)
        descriptions.setdefault(meta(response, "name", "description"), []).append(url)
        if "/occupations/" not in url and "/about/" not in url:  # those pages set their own meta block
            assert meta(response, "property", "og:title"), url

    assert {t: u for t, u in titles.items() if len(u) > 1} == {}
    assert {d: u for d, u in descriptions.items() if len(u) > 1} == {}


def test_the_sitemap_dates_come_from_the_content(client, seed):
    long_ago = timezone.now() - timedelta(days=400)
    Role.objects.filter(pk=seed.from_role.pk).update(updated_at=long_ago)
    type(seed).objects.filter(pk=seed.pk).update(updated_at=long_ago + timedelta(days=1))

    sitemap = client.get(reverse("sitemap")).content.decode()

    dates = dict(re.findall(r"<loc>http://testserver([^<]+)</loc><lastmod>([^<]+)</lastmod>", sitemap))
    assert dates[seed.from_role.get_absolute_url()] == long_ago.date().isoformat()
    assert dates[seed.get_absolute_url()] == (long_ago + timedelta(days=1)).date().isoformat()
    assert dates[reverse("transitions:index")] == (long_ago + timedelta(days=1)).date().isoformat()


def test_saving_a_role_moves_its_sitemap_date(seed):
    role = seed.from_role
    Role.objects.filter(pk=role.pk).update(updated_at=timezone.now() - timedelta(days=9))
    role.refresh_from_db()
    before = role.updated_at

    role.summary = "A new summary."
    role.save()

    assert role.updated_at > before


def test_explore_for_a_role_is_its_own_page(client, seed):
    response = client.get(reverse("transitions:explore"), {"role": "bank-analyst", "skill": "x"})

    assert canonical(response) == f"http://testserver{reverse('transitions:explore')}?role=bank-analyst"
    assert title(response) == "Where can a Bank Analyst go? Careers your skills carry over to — CareerHub"


def test_a_role_with_an_official_occupation_gives_its_soc_code(client, labour_data):
    call_command("load_content", str(CONTENT))
    role = Role.objects.select_related("occupation").get(slug="bank-analyst")

    data = json_ld(client.get(role.get_absolute_url()))

    assert data["Occupation"]["occupationalCategory"] == role.occupation.soc
