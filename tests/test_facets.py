"""Facets on the transition index: every value with its count, plain GET, combined with pagination."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from transitions.views.guides import INDEX_PER_PAGE


@pytest.fixture
def catalogue(make_industry, make_role, make_transition):
    """Three starting roles and destinations across two industries, with known salaries and timelines."""
    finance = make_industry(name="Finance", slug="finance")
    tech = make_industry(name="Technology", slug="technology")
    analyst = make_role(name="Bank Analyst", slug="bank-analyst", industry=finance, salary=60_000)
    teller = make_role(name="Bank Teller", slug="bank-teller", industry=finance, salary=40_000)
    engineer = make_role(name="ML Engineer", slug="ml-engineer", industry=tech, salary=120_000)
    auditor = make_role(name="Auditor", slug="auditor", industry=finance, salary=63_000)
    guides = {
        # +100%, 9-15 months
        "analyst-engineer": make_transition(
            from_role=analyst, to_role=engineer, slug="analyst-engineer", timeline_min_months=9, timeline_max_months=15
        ),
        # +5%, 3-6 months
        "analyst-auditor": make_transition(
            from_role=analyst, to_role=auditor, slug="analyst-auditor", timeline_min_months=3, timeline_max_months=6
        ),
        # +57.5%, 6-12 months
        "teller-auditor": make_transition(
            from_role=teller, to_role=auditor, slug="teller-auditor", timeline_min_months=6, timeline_max_months=12
        ),
        # -50%, 1-2 months
        "engineer-analyst": make_transition(
            from_role=engineer, to_role=analyst, slug="engineer-analyst", timeline_min_months=1, timeline_max_months=2
        ),
    }
    make_transition(from_role=teller, to_role=engineer, slug="draft", published=False)
    return guides


def listed(client, **params):
    response = client.get(reverse("transitions:index"), params)
    assert response.status_code == 200
    return response, [t.slug for t in response.context["page"].object_list]


def page_title(response):
    return " ".join(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).split())


def counts(response, facet):
    return {option["value"]: option["count"] for option in response.context["facets"][facet]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"from": "bank-analyst"}, {"analyst-engineer", "analyst-auditor"}),
        ({"to": "auditor"}, {"analyst-auditor", "teller-auditor"}),
        ({"from": "bank-analyst", "to": "auditor"}, {"analyst-auditor"}),
        ({"industry": "technology"}, {"analyst-engineer", "engineer-analyst"}),
        ({"max_months": "6"}, {"analyst-auditor", "engineer-analyst"}),
        ({"max_months": "12"}, {"analyst-auditor", "engineer-analyst", "teller-auditor"}),
        ({"min_gain": "0"}, {"analyst-engineer", "analyst-auditor", "teller-auditor"}),
        ({"min_gain": "10"}, {"analyst-engineer", "teller-auditor"}),
        ({"min_gain": "50"}, {"analyst-engineer", "teller-auditor"}),
        ({"min_gain": "10", "max_months": "12"}, {"teller-auditor"}),
        ({"industry": "finance", "from": "ml-engineer"}, {"engineer-analyst"}),
    ],
)
def test_facets_narrow_the_list(client, catalogue, params, expected):
    _, slugs = listed(client, **params)

    assert set(slugs) == expected


def test_a_gain_of_exactly_the_threshold_counts(client, make_role, make_transition):
    make_transition(from_role=make_role(salary=65_000), to_role=make_role(salary=71_500), slug="exactly-ten-percent")

    assert listed(client, min_gain="10")[1] == ["exactly-ten-percent"]


def test_each_facet_value_counts_what_choosing_it_would_show(client, catalogue):
    response, _ = listed(client, min_gain="10")

    # Counted under the other facets (here the salary change), never under its own choice.
    assert counts(response, "from") == {"bank-analyst": 1, "bank-teller": 1, "ml-engineer": 0, "auditor": 0}
    assert counts(response, "to")["auditor"] == 1
    assert counts(response, "industry") == {"finance": 2, "technology": 1}
    assert counts(response, "max_months") == {6: 0, 12: 1, 18: 2, 24: 2, 36: 2}
    assert counts(response, "min_gain") == {0: 3, 10: 2, 25: 2, 50: 2}
    assertContains(response, '<option value="bank-analyst">Bank Analyst (1)</option>', html=True)
    assertContains(response, '<option value="10" selected>+10% or more (2)</option>', html=True)


def test_a_draft_neither_shows_nor_counts(client, catalogue):
    response, slugs = listed(client, to="ml-engineer")

    assert slugs == ["analyst-engineer"]
    assert counts(response, "from")["bank-teller"] == 0


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["analyst-auditor", "analyst-engineer", "teller-auditor", "engineer-analyst"]),
        ("salary", ["analyst-engineer", "teller-auditor", "analyst-auditor", "engineer-analyst"]),
        ("timeline", ["engineer-analyst", "analyst-auditor", "teller-auditor", "analyst-engineer"]),
    ],
)
def test_sorts(client, catalogue, sort, expected):
    assert listed(client, sort=sort)[1] == expected


def test_newest_first(client, catalogue):
    catalogue["teller-auditor"].published_at = timezone.now() - timedelta(hours=1)
    catalogue["teller-auditor"].save()

    assert listed(client, sort="newest")[1][0] == "teller-auditor"


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"from": "no-such-role"}, "There is no published guide from that role."),
        ({"to": "x" * 5000}, "There is no published guide to that role."),
        ({"industry": "atlantis"}, "There is no industry by that name."),
        ({"max_months": "7"}, "The longest timeline must be one of the listed choices."),
        ({"max_months": "abc"}, "The longest timeline must be one of the listed choices."),
        ({"min_gain": "-999999999999999999999"}, "The salary change must be one of the listed choices."),
        ({"sort": "DROP TABLE"}, "That is not a way we can sort."),
        ({"from": "nul\x00byte"}, "There is no published guide from that role."),
    ],
)
def test_an_invalid_value_is_ignored_with_a_note(client, catalogue, params, note):
    response, slugs = listed(client, **params)

    assert len(slugs) == 4
    assertContains(response, note)


def test_a_draft_only_role_is_not_a_choice(client, catalogue, make_role, make_transition):
    lonely = make_role(slug="lonely")
    make_transition(from_role=lonely, published=False)

    response, slugs = listed(client, **{"from": "lonely"})

    assert len(slugs) == 4
    assertContains(response, "There is no published guide from that role.")


def test_valid_values_stay_when_another_is_ignored(client, catalogue):
    response, slugs = listed(client, **{"from": "bank-analyst", "max_months": "nope"})

    assert set(slugs) == {"analyst-engineer", "analyst-auditor"}
    assertContains(response, "The longest timeline must be one of the listed choices.")


def test_the_heading_and_title_say_what_is_shown(client, catalogue):
    response, _ = listed(client, **{"from": "bank-analyst", "to": "ml-engineer"})

    assertContains(response, "<h1>Career changes from Bank Analyst to ML Engineer</h1>", html=True)
    assert page_title(response) == "Career changes from Bank Analyst to ML Engineer — CareerHub"


@pytest.fixture
def many(make_role, make_transition, make_industry):
    tech = make_industry(slug="tech")
    start = make_role(slug="start", industry=tech)
    for _ in range(INDEX_PER_PAGE * 6 + 3):
        make_transition(from_role=start, to_role=make_role(industry=tech), steps=0, transferable=0, to_build=0,
                        certifications=0)  # fmt: skip


def test_pagination_offers_first_previous_numbers_next_and_last(client, many):
    response, _ = listed(client, **{"from": "start", "page": "4"})

    base = "?from=start&amp;page="
    assertContains(
        response, f'<a class="page-link" href="{base}1">First<span class="visually-hidden"> page</span></a>', html=True
    )
    assertContains(response, f'href="{base}3" rel="prev"')
    assertContains(response, f'href="{base}5" rel="next"')
    assertContains(
        response, f'<a class="page-link" href="{base}7">Last<span class="visually-hidden"> page</span></a>', html=True
    )
    for number in [2, 3, 5, 6]:
        assertContains(response, f'href="{base}{number}"')
    assertContains(
        response,
        '<span class="page-link" aria-current="page"><span class="visually-hidden">Page </span>4</span>',
        html=True,
    )


def test_the_first_page_has_no_first_or_previous_link(client, many):
    response, _ = listed(client, **{"from": "start"})

    assertNotContains(response, 'rel="prev"')
    assertNotContains(response, ">First<")
    assertContains(response, "Page 1 of 7")


def test_filters_fold_behind_one_button_and_come_after_the_heading(client, catalogue):
    html = listed(client)[0].content.decode()

    assert html.count("<details") == 1
    assert "<summary" in html
    assert html.index("<h1") < html.index("<details") < html.index('class="card-grid"')


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_is_fixed_with_every_facet_chosen(
    client, make_role, make_transition, django_assert_num_queries, count
):
    start, end = make_role(slug="start"), make_role(slug="end")
    make_transition(from_role=start, to_role=end)
    for _ in range(count):
        make_transition(from_role=start)
        make_transition(to_role=end)
    params = {"from": "start", "to": "end", "industry": start.industry.slug, "max_months": "12", "min_gain": "0",
              "sort": "salary", "q": "role", "page": "1"}  # fmt: skip
    with django_assert_num_queries(10):  # tests/test_public_pages.py INDEX_QUERIES
        listed(client, **params)
