"""Compare two or three guides side by side at a shareable address."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from transitions.models import TransitionSkill

# The guides with their roles and step counts, their skills to build, their certifications, the choices.
COMPARE_QUERIES = 4


def compare_url(*slugs):
    return f"{reverse('transitions:compare')}?{urlencode([('t', slug) for slug in slugs])}"


@pytest.fixture
def pair(make_role, make_transition, make_skill):
    """Two guides out of Bank Analyst that both ask for Python."""
    analyst = make_role(name="Bank Analyst", salary=65_000)
    python = make_skill(name="Python")
    ml = make_transition(
        from_role=analyst, to_role=make_role(name="ML Engineer", salary=120_000, ai_risk_score=20, ai_risk_level="low"),
        timeline_min_months=9, timeline_max_months=15, steps=7,
    )  # fmt: skip
    data = make_transition(
        from_role=analyst, to_role=make_role(name="Data Analyst", salary=78_000),
        timeline_min_months=3, timeline_max_months=6, steps=4,
    )  # fmt: skip
    for guide in (ml, data):
        TransitionSkill.objects.create(transition=guide, skill=python, kind=TransitionSkill.Kind.TO_BUILD, order=9)
    return ml, data


def test_two_guides_side_by_side(client, pair):
    ml, data = pair

    response = client.get(compare_url(ml.slug, data.slug))

    assert response.status_code == 200
    assert [column["guide"] for column in response.context["columns"]] == [ml, data]
    for text in ["$65,000", "$120,000", "$78,000", "9-15 months", "3-6 months", "20/100"]:
        assertContains(response, text)
    assertContains(response, '<span class="salary-change is-gain">+$55,000 (+85%)</span>', html=True)
    assertContains(response, "<td>7</td>", html=True)
    assertContains(response, "<td>4</td>", html=True)
    for link in ml.certification_links.all():
        assertContains(response, link.certification.get_absolute_url())


def test_skills_both_guides_ask_for_are_marked_shared(client, pair):
    ml, data = pair

    response = client.get(compare_url(ml.slug, data.slug))

    skills = {item["skill"].name: item["shared"] for item in response.context["columns"][0]["skills"]}
    assert skills.pop("Python") is True
    assert not any(skills.values())
    assert response.content.decode().count('<span class="shared-badge">shared</span>') == 2 + 1  # + the legend


def test_three_guides_and_no_picker(client, pair, make_transition):
    third = make_transition()

    response = client.get(compare_url(*[g.slug for g in pair], third.slug))

    assert len(response.context["columns"]) == 3
    assertNotContains(response, 'id="compare-add"')


def test_more_than_three_is_refused_with_a_message_and_the_first_three(client, make_transition):
    guides = [make_transition(steps=0) for _ in range(4)]

    response = client.get(compare_url(*[g.slug for g in guides]))

    assert response.status_code == 400
    assert [c["guide"] for c in response.context["columns"]] == guides[:3]
    assertContains(response, "We compare up to 3 guides at a time", status_code=400)


def test_drafts_and_unknown_guides_are_left_out_with_a_message(client, pair, make_transition):
    draft = make_transition(published=False)

    response = client.get(compare_url(pair[0].slug, draft.slug, "no-such-guide"))

    assert response.status_code == 404
    assert [c["guide"] for c in response.context["columns"]] == [pair[0]]
    assertContains(response, "not published", status_code=404)
    assertNotContains(response, draft.get_absolute_url(), status_code=404)


def test_one_guide_asks_for_a_second(client, pair):
    ml, data = pair

    response = client.get(compare_url(ml.slug))

    assert response.status_code == 200
    assertContains(response, "choose a second guide")
    assertContains(response, f'<input type="hidden" name="t" value="{ml.slug}">', html=True)
    assertContains(response, f'<option value="{data.slug}">', count=1)
    assertNotContains(response, f'<option value="{ml.slug}">')


def test_no_guide_offers_a_picker(client, pair):
    response = client.get(reverse("transitions:compare"))

    assert response.status_code == 200
    assertContains(response, "Choose a guide to compare")


def test_a_repeated_guide_is_compared_once(client, pair):
    response = client.get(compare_url(pair[0].slug, pair[0].slug, pair[1].slug))

    assert [c["guide"] for c in response.context["columns"]] == list(pair)


def test_remove_links_keep_the_others(client, pair, make_transition):
    third = make_transition()

    response = client.get(compare_url(pair[0].slug, pair[1].slug, third.slug))

    assertContains(response, f'href="{compare_url(pair[1].slug, third.slug)}"'.replace("&", "&amp;"))


@pytest.mark.parametrize(
    "params", [{"t": "x" * 5000}, {"t": "nul\x00"}, {"t": ["", ""]}, {"t": [str(n) for n in range(50)]}]
)
def test_hostile_parameters_are_never_an_error(client, pair, params):
    assert client.get(reverse("transitions:compare"), params).status_code in {200, 400, 404}


def test_every_card_and_the_guide_page_link_to_compare(client, pair):
    ml, _ = pair
    for url in [reverse("transitions:index"), reverse("transitions:home"), ml.get_absolute_url()]:
        assertContains(client.get(url), compare_url(ml.slug))


@pytest.mark.parametrize("skills", [1, 15])
def test_query_count_is_fixed(client, make_transition, django_assert_num_queries, skills):
    guides = [make_transition(to_build=skills, certifications=skills, steps=skills) for _ in range(3)]
    make_transition()
    with django_assert_num_queries(COMPARE_QUERIES):
        client.get(compare_url(guides[0].slug, guides[1].slug))


def test_official_medians_and_ai_applicability_side_by_side(client, pair, make_occupation, django_assert_num_queries):
    ml, data = pair
    analysts = make_occupation(title="Financial and Investment Analysts", median_wage=100_000, ai_percentile=80.0)
    ml.from_role.occupation = analysts
    ml.from_role.save()
    ml.to_role.occupation = make_occupation(title="Software Developers", median_wage=130_000, ai_percentile=54.4)
    ml.to_role.save()
    data.to_role.occupation = make_occupation(
        title="Chief Executives", median_wage=239_200, median_wage_top_coded=True, ai_percentile=None
    )
    data.to_role.save()

    with django_assert_num_queries(COMPARE_QUERIES):
        response = client.get(compare_url(ml.slug, data.slug))

    (ml_official, data_official) = (column["official"] for column in response.context["columns"])
    assert ml_official["median_change"] == {"amount": 30_000, "percent": 30}
    # A top-coded median is a floor: no difference is worked out from it.
    assert data_official["median_change"] is None
    assertContains(response, "$100,000", count=2)
    assertContains(response, "$239,200 or more")
    assertContains(response, '<span class="salary-change is-gain">+$30,000 (+30%)</span>', html=True)
    assertContains(response, "Percentile 54")
    assertContains(response, "Not scored")
    assertContains(response, "Editors' risk reading: 20/100")
    assertContains(response, "BLS Occupational Employment and Wage Statistics, May 2025")


def test_a_role_without_an_official_occupation_says_so(client, pair):
    ml, data = pair

    response = client.get(compare_url(ml.slug, data.slug))

    assertContains(response, "No official occupation linked", count=4)
    assertContains(response, "Not published", count=2)
