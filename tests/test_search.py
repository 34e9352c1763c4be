"""Search that forgives: the same table of queries must pass on SQLite and on PostgreSQL."""

import pytest
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from transitions import spelling

# The vocabulary, then guides, roles, occupations, skills and certifications.
SEARCH_QUERIES = 6
# ... and the popular guides when nothing matched.
EMPTY_SEARCH_QUERIES = 7


@pytest.fixture
def library(make_role, make_transition, make_skill, make_certification, make_industry, make_occupation):
    """A small catalogue in which every query of the table has one right answer."""
    finance = make_industry(name="Finance", slug="finance")
    health = make_industry(name="Healthcare", slug="healthcare")
    tech = make_industry(name="Technology", slug="technology")
    roles = {
        "bank-analyst": make_role(name="Bank Analyst", slug="bank-analyst", industry=finance),
        "ml-engineer": make_role(
            name="ML Engineer", slug="ml-engineer", industry=tech, summary="Builds machine learning systems."
        ),
        "data-analyst": make_role(name="Data Analyst", slug="data-analyst", industry=tech),
        "software-engineer": make_role(name="Software Engineer", slug="software-engineer", industry=tech),
        "registered-nurse": make_role(name="Registered Nurse", slug="registered-nurse", industry=health),
        "health-informatics-specialist": make_role(
            name="Health Informatics Specialist", slug="health-informatics-specialist", industry=health
        ),
    }
    for from_slug, to_slug, summary in [
        ("bank-analyst", "ml-engineer", "Turn financial analysis into machine learning engineering."),
        ("registered-nurse", "health-informatics-specialist", "Bring clinical knowledge to health records."),
        ("data-analyst", "software-engineer", "From dashboards to production code."),
    ]:
        make_transition(from_role=roles[from_slug], to_role=roles[to_slug], summary=summary, transferable=0, to_build=0)
    make_skill(name="Machine learning", slug="machine-learning", keywords="ML, scikit-learn")
    make_skill(name="Python", slug="python")
    make_certification(name="AWS Certified Machine Learning Engineer", slug="aws-ml", provider="Amazon")
    for soc, title, group in [
        ("29-1141", "Registered Nurses", "Healthcare Practitioners and Technical Occupations"),
        ("29-1171", "Nurse Practitioners", "Healthcare Practitioners and Technical Occupations"),
        ("13-2051", "Financial and Investment Analysts", "Business and Financial Operations Occupations"),
        ("15-1252", "Software Developers", "Computer and Mathematical Occupations"),
        ("43-4141", "New Accounts Clerks", "Office and Administrative Support Occupations"),
    ]:
        make_occupation(soc=soc, title=title, major_group_title=group, median_wage=90_000)
    return roles


def search(client, query):
    response = client.get(reverse("transitions:search"), {"q": query})
    assert response.status_code == 200
    return response


def slugs(response, group):
    return [row.slug for row in response.context["results"][group]]


# query, group, what must come first in that group (or None), what must be in the group
QUERIES = [
    ("bank analyst", "guides", "bank-analyst-to-ml-engineer", []),
    ("bank analyst", "roles", "bank-analyst", []),
    ("machine learning", "guides", "bank-analyst-to-ml-engineer", []),
    ("machine learning", "skills", "machine-learning", []),
    ("machine learning", "certifications", "aws-ml", []),
    ("ML engineer", "guides", "bank-analyst-to-ml-engineer", []),
    ("ML engineer", "roles", "ml-engineer", ["software-engineer"]),
    ("analist", "roles", None, ["bank-analyst", "data-analyst"]),
    ("analist", "guides", None, ["bank-analyst-to-ml-engineer", "data-analyst-to-software-engineer"]),
    ("enginer", "roles", None, ["ml-engineer", "software-engineer"]),
    ("machin learning", "guides", "bank-analyst-to-ml-engineer", []),
    ("machin learning", "skills", "machine-learning", []),
    ("nurse informatics", "guides", "registered-nurse-to-health-informatics-specialist", []),
    ("nurse informatics", "roles", None, ["registered-nurse", "health-informatics-specialist"]),
    ("Registered nurse", "roles", "registered-nurse", []),
    ("pyton", "skills", "python", []),
    ("Registered nurse", "occupations", "registered-nurses", []),
    ("nurse", "occupations", None, ["registered-nurses", "nurse-practitioners"]),
    ("nurse practitioner", "occupations", "nurse-practitioners", []),
    ("analist", "occupations", None, ["financial-and-investment-analysts"]),
    ("software developer", "occupations", "software-developers", []),
    ("investment", "occupations", "financial-and-investment-analysts", []),
]


@pytest.mark.parametrize(("query", "group", "first", "also"), QUERIES)
def test_search_finds_what_was_meant(client, library, query, group, first, also):
    found = slugs(search(client, query), group)

    assert found, f"{query!r} found no {group} on {connection.vendor}"
    if first:
        assert found[0] == first, f"{query!r} on {connection.vendor}: {found}"
    for slug in also:
        assert slug in found, f"{query!r} on {connection.vendor}: {found}"


@pytest.mark.parametrize("query", ["bank analyst", "machine learning"])
def test_search_ranks_title_matches_above_body_matches(client, library, make_role, query):
    make_role(name="Teller", slug="teller", summary="Mentions bank analyst work and machine learning in passing.")

    found = slugs(search(client, query), "roles")

    assert "teller" in found
    assert found.index("teller") > 0


def test_search_groups_results_with_counts(client, library):
    response = search(client, "machine learning")

    counts = {group["key"]: group["count"] for group in response.context["groups"]}
    assert counts["skills"] == 1
    assert counts["certifications"] == 1
    assertContains(response, '<a href="#skills-heading">Skills <span class="count">1</span></a>', html=True)


def test_search_counts_every_match_but_shows_twenty(client, make_role):
    for n in range(25):
        make_role(name=f"Claims Analyst {n}", slug=f"claims-analyst-{n}")

    response = search(client, "claims")

    roles = next(group for group in response.context["groups"] if group["key"] == "roles")
    assert roles["count"] == 25
    assert len(roles["results"]) == 20
    assertContains(response, 'Roles <span class="count">25</span>', html=True)


def test_occupations_are_a_group_that_leads_to_their_page_and_to_explore(client, library):
    response = search(client, "nurse")

    counts = {group["key"]: group["count"] for group in response.context["groups"]}
    assert counts["occupations"] == 2
    assertContains(response, '<a href="#occupations-heading">Occupations <span class="count">2</span></a>', html=True)
    nurses = reverse("transitions:occupation", kwargs={"soc": "29-1141", "slug": "registered-nurses"})
    assertContains(response, f'href="{nurses}"')
    assertContains(response, f'href="{reverse("transitions:explore")}?occupation=29-1141"')
    assertContains(response, "SOC 29-1141 · Healthcare Practitioners and Technical Occupations")
    html = response.content.decode()
    assert html.index('id="roles-heading"') < html.index('id="occupations-heading"')


def test_a_role_is_found_by_the_other_titles_editors_add(client, library):
    library["registered-nurse"].other_titles = "RN, Staff Nurse"
    library["registered-nurse"].save()

    response = search(client, "staff nurse")

    assert slugs(response, "roles")[0] == "registered-nurse"
    assertContains(response, "Also called RN, Staff Nurse")


def test_search_never_shows_a_draft_guide(client, library, make_transition, make_role):
    draft = make_transition(
        from_role=make_role(name="Bank Teller"), to_role=library["ml-engineer"], published=False, summary="bank"
    )

    response = search(client, "bank")

    assert draft.slug not in slugs(response, "guides")
    assertNotContains(response, draft.get_absolute_url())


def test_a_typo_offers_did_you_mean(client, library):
    response = search(client, "bank analist")

    assert response.context["suggestion"] == "bank analyst"
    assertContains(response, f'<a href="{reverse("transitions:search")}?q=bank%20analyst">bank analyst</a>', html=True)


def test_a_correct_query_offers_no_suggestion(client, library):
    assert search(client, "bank analyst").context["suggestion"] is None


def test_zero_results_suggest_a_spelling_and_popular_guides(client, library, learner, make_transition):
    popular = make_transition(summary="Most started.")
    learner.journeys.create(transition=popular)

    response = search(client, "nrues")

    assert response.context["total"] == 0
    assert response.context["suggestion"] == "nurse"
    assertContains(response, "Did you mean")
    assertContains(response, "Popular guides")
    assert response.context["popular"][0] == popular


def test_gibberish_gives_popular_guides_not_a_dead_end(client, library):
    response = search(client, "zxqv wplk")

    assert response.context["total"] == 0
    assertContains(response, "Nothing matches “zxqv wplk”.")
    assertContains(response, "Popular guides")
    assert len(response.context["popular"]) == 3


def test_an_empty_query_gives_a_prompt_and_popular_guides(client, library):
    for query in ["", "   ", "to the"]:
        response = search(client, query)
        assertContains(response, "Popular guides")
    assertContains(search(client, ""), "What would you like to find?")


def test_a_thousand_character_query_is_shortened_with_a_note(client, library):
    response = search(client, "nurse " + "x" * 994)

    assert len(response.context["query"]) == 200
    assertContains(response, "we used its first 200 characters")
    assert "registered-nurse" in slugs(response, "roles")


def test_search_ignores_nul_characters_and_symbols(client, library):
    for query in ["Bank\x00 Analyst", "bank & analyst | !", "'; drop table", "%_%", "c++ c#"]:
        search(client, query)


def test_search_query_count_is_fixed(client, library, make_transition, django_assert_num_queries):
    # A visitor's first search of a content version also asks when the next scheduled guide goes live (how long
    # the page may be kept); the same search again comes whole from the cache.
    for _ in range(2):
        with django_assert_num_queries(SEARCH_QUERIES + 1):
            search(client, "analyst")
        with django_assert_num_queries(EMPTY_SEARCH_QUERIES):
            search(client, "zxqv")
        with django_assert_num_queries(0):
            search(client, "analyst")
        for _ in range(15):
            make_transition()


def test_a_search_shows_an_edit_on_the_next_request_and_is_live_when_signed_in(client, library, learner):
    role = library["data-analyst"]
    assert "Quantum Abacus" not in search(client, "abacus").text
    role.name = "Quantum Abacus Analyst"
    role.save()
    assert "Quantum Abacus Analyst" in search(client, "abacus").text

    client.force_login(learner)
    signed_in = search(client, "abacus")
    assert "Quantum Abacus Analyst" in signed_in.text
    assert "private" in signed_in["Cache-Control"]


# --- The spelling helper on its own -----------------------------------------------------------------

KNOWN = spelling.vocabulary(["Bank Analyst", "ML Engineer", "Machine learning", "Registered Nurse", "C++"])


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("analist", ["analyst"]),
        ("enginer", ["engineer"]),
        ("nurse", None),
        ("machin", None),  # the beginning of a known word
        ("ml", None),  # too short to be a typo
        ("zebra", None),
    ],
)
def test_alternatives(word, expected):
    assert spelling.alternatives([word], KNOWN).get(word) == expected


def test_vocabulary_keeps_programming_languages_and_drops_single_letters():
    assert spelling.vocabulary(["C++ and C# for a job", "R"]) == ["and", "c#", "c++", "for", "job"]


def test_suggestion_replaces_only_unknown_words():
    assert spelling.suggestion("bank analist", KNOWN) == "bank analyst"
    assert spelling.suggestion("bank analyst", KNOWN) is None
