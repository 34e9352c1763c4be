"""Where can I go from my job: choosing a job, ticking skills, ranked destinations, asking for a guide."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from transitions import ranking
from transitions.models import TransitionSkill

# Roles, the skill links of published guides, the skills shown, the guides out of the role.
EXPLORE_QUERIES = 4


def explore(client, **params):
    response = client.get(reverse("transitions:explore"), params)
    assert response.status_code == 200
    return response


@pytest.fixture
def world(make_industry, make_role, make_skill, make_transition):
    """A Bank Analyst with SQL, Excel and Statistics; destinations that use some of them."""
    skills = {
        name: make_skill(name=name.title(), slug=name) for name in ["sql", "excel", "statistics", "python", "care"]
    }
    roles = {
        slug: make_role(name=name, slug=slug, salary=salary, ai_risk_score=risk)
        for slug, name, salary, risk in [
            ("bank-analyst", "Bank Analyst", 60_000, 60),
            ("data-analyst", "Data Analyst", 75_000, 40),
            ("ml-engineer", "ML Engineer", 120_000, 20),
            ("auditor", "Auditor", 65_000, 50),
            ("nurse", "Registered Nurse", 80_000, 10),
            ("teacher", "Teacher", 50_000, 15),
        ]
    }

    def guide(start, end, transferable, to_build, **fields):
        transition = make_transition(from_role=roles[start], to_role=roles[end], transferable=0, to_build=0, **fields)
        for kind, names in [
            (TransitionSkill.Kind.TRANSFERABLE, transferable),
            (TransitionSkill.Kind.TO_BUILD, to_build),
        ]:
            for name in names:
                TransitionSkill.objects.create(transition=transition, skill=skills[name], kind=kind)
        return transition

    guides = {
        "analyst-ml": guide("bank-analyst", "ml-engineer", ["sql", "statistics"], ["python"]),
        "analyst-auditor": guide("bank-analyst", "auditor", ["excel"], []),
        # The data analyst's skills come from a guide that starts elsewhere.
        "teacher-data": guide("teacher", "data-analyst", ["excel"], ["sql", "statistics"]),
        "teacher-nurse": guide("teacher", "nurse", [], ["care"]),
        "draft": guide("nurse", "data-analyst", ["care"], [], published=False),
    }
    return {"roles": roles, "skills": skills, "guides": guides}


def names(response):
    return [item["role"].name for item in response.context["destinations"]]


def test_the_page_starts_with_a_job_question_and_every_role_to_pick_from(client, world):
    response = explore(client)

    assertContains(response, '<label class="form-label" for="explore-job">Your job now</label>', html=True)
    for role in world["roles"].values():
        assertContains(response, f'<option value="{role.name}"></option>', html=True)


def test_typing_an_exact_title_chooses_it(client, world):
    response = explore(client, job="bank analyst")

    assert response.context["role"] == world["roles"]["bank-analyst"]


@pytest.mark.parametrize("typed", ["analyst", "analist", "bank anal"])
def test_typing_part_of_a_title_offers_choices(client, world, typed):
    response = explore(client, job=typed)

    assert response.context["role"] is None
    choices = [role.slug for role in response.context["candidates"]]
    assert "bank-analyst" in choices
    assertContains(response, "Which of these is your job?")
    assertContains(response, f'href="{reverse("transitions:explore")}?role=bank-analyst"')


def test_an_unknown_job_says_so(client, world):
    response = explore(client, job="zxqv")

    assertContains(response, "We do not know “zxqv” yet")


def test_guides_from_the_role_come_first(client, world):
    response = explore(client, role="bank-analyst")

    assert {g.slug for g in response.context["guides"]} == {
        world["guides"]["analyst-ml"].slug,
        world["guides"]["analyst-auditor"].slug,
    }
    html = response.content.decode()
    assert html.index("Guides from Bank Analyst") < html.index("Where your skills carry over")


def test_the_roles_transferable_skills_are_offered_first(client, world):
    response = explore(client, role="bank-analyst")

    assert [s.slug for s in response.context["offered_skills"]] == ["excel", "sql", "statistics"]
    assert "python" in [s.slug for s in response.context["more_skills"]]


def test_without_ticks_the_roles_skills_rank_destinations(client, world):
    response = explore(client, role="bank-analyst")

    # The data analyst uses all three of the analyst's skills; ML engineer two; the auditor and the
    # teacher (who has Excel) one each, the auditor first because a guide leads there.
    assert names(response) == ["Data Analyst", "ML Engineer", "Auditor", "Teacher"]
    first = response.context["destinations"][0]
    assert (first["transferring"], first["of"]) == (3, 3)
    assertContains(response, "<strong>3 of your 3 skills</strong> transfer", html=True)


def test_ticked_skills_rank_destinations(client, world):
    response = explore(client, role="bank-analyst", skill=["excel", "python", "care"])

    # Care is not offered to a Bank Analyst, so it is not counted. One of two each: guides first,
    # then the bigger pay rise.
    assert names(response) == ["ML Engineer", "Auditor", "Data Analyst", "Teacher"]
    assert {(d["transferring"], d["of"]) for d in response.context["destinations"]} == {(1, 2)}
    assertContains(response, 'value="excel" id="skill-excel" checked', count=1)


def test_a_destination_shows_pay_ai_risk_and_timeline_or_asks_for_a_guide(client, world):
    response = explore(client, role="bank-analyst")

    by_name = {item["role"].name: item for item in response.context["destinations"]}
    ml = by_name["ML Engineer"]
    assert (ml["salary_change"], ml["salary_percent"], ml["ai_risk_change"]) == (60_000, 100, -40)
    assert ml["guide"] == world["guides"]["analyst-ml"]
    assertContains(response, world["guides"]["analyst-ml"].get_absolute_url())
    data = by_name["Data Analyst"]
    assert data["guide"] is None
    assertContains(response, "We have no guide from Bank Analyst to Data Analyst yet.")
    assertContains(response, '<input type="hidden" name="destination" value="role:data-analyst">', html=True)
    assertContains(response, '<input type="hidden" name="starting_point" value="Bank Analyst">', html=True)


def test_asking_from_explore_comes_back_to_explore(client, world):
    back = f"{reverse('transitions:explore')}?role=bank-analyst"

    response = client.post(
        reverse("transitions:ask_for_guide"),
        {"destination": "role:data-analyst", "starting_point": "Bank Analyst", "next": back},
    )

    assert response["Location"] == back
    assertContains(client.get(back), "we have counted your request for a guide to Data Analyst")


def test_drafts_neither_count_as_guides_nor_lend_skills(client, world):
    response = explore(client, role="registered-nurse".replace("registered-", ""))

    assert response.context["guides"] == []
    assertNotContains(response, world["guides"]["draft"].get_absolute_url())


@pytest.mark.parametrize(
    "params",
    [
        {"role": "x" * 5000},
        {"job": "\x00"},
        {"job": "x" * 5000},
        {"role": "bank-analyst", "skill": ["\x00", "x" * 500]},
    ],
)
def test_hostile_parameters_are_never_an_error(client, world, params):
    explore(client, **params)


@pytest.mark.parametrize("extra", [0, 20])
def test_query_count_is_fixed(client, world, make_role, make_transition, django_assert_num_queries, extra):
    for _ in range(extra):
        make_transition(from_role=world["roles"]["bank-analyst"], to_role=make_role())
    with django_assert_num_queries(EXPLORE_QUERIES):
        explore(client, role="bank-analyst", skill=["sql"])


def test_home_and_header_lead_to_explore(client, world):
    response = client.get(reverse("transitions:home"))

    assertContains(
        response, f'<form class="hero-search" role="search" method="get" action="{reverse("transitions:explore")}">'
    )
    assertContains(response, f'<a href="{reverse("transitions:explore")}">Explore</a>', html=True)


# --- The ranking rule on its own ---------------------------------------------------------------------

D = ranking.Destination


@pytest.mark.parametrize(
    ("destinations", "mine", "expected"),
    [
        # More of your skills first.
        ([D("a", "A", frozenset({1})), D("b", "B", frozenset({1, 2}))], {1, 2}, ["B", "A"]),
        # Nothing in common and no similarity: left out.
        ([D("a", "A", frozenset({3})), D("b", "B", frozenset({1}))], {1}, ["B"]),
        # Similar work counts alongside skills.
        ([D("a", "A", frozenset({1}), similarity=0.1), D("b", "B", frozenset(), similarity=0.9)], {1, 2}, ["B", "A"]),
        # Ties: a guide first, then the bigger pay rise, then the name.
        (
            [D("c", "C", frozenset({1})), D("b", "B", frozenset({1}), salary_change=5),
             D("a", "A", frozenset({1}), has_guide=True), D("d", "D", frozenset({1}), salary_change=5)],
            {1},
            ["A", "B", "D", "C"],
        ),
    ],
)  # fmt: skip
def test_ranking_rule(destinations, mine, expected):
    assert [r.destination.name for r in ranking.rank(destinations, mine)] == expected


def test_ranking_counts_what_transfers():
    (top,) = ranking.rank([D("a", "A", frozenset({1, 2, 3, 9}))], {1, 2, 3, 4, 5, 6})

    assert (top.transferring, top.of, top.score) == (3, 6, 0.5)


def test_the_score_combines_similarity_and_skills_by_the_documented_weights():
    (top,) = ranking.rank([D("a", "A", frozenset({1}), similarity=0.8)], {1, 2})

    assert top.score == ranking.ACTIVITY_WEIGHT * 0.8 + ranking.SKILL_WEIGHT * 0.5


# --- A signed-in learner's saved skills ------------------------------------------------------------


def save(client, *slugs, role="bank-analyst"):
    return client.post(reverse("transitions:save_skills"), {"role": role, "skill": list(slugs)})


def test_a_learner_saves_ticked_skills_and_the_ranking_uses_them(client, world, learner):
    client.force_login(learner)
    response = explore(client, role="bank-analyst", skill=["python", "excel"])
    assertContains(response, "Save these 2 skills to my profile")

    response = save(client, "python", "excel")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('transitions:explore')}?role=bank-analyst"
    assert set(learner.skills.values_list("slug", flat=True)) == {"python", "excel"}
    again = explore(client, role="bank-analyst")
    assert again.context["from_profile"] is True
    assert names(again) == ["ML Engineer", "Auditor", "Data Analyst", "Teacher"]
    assertContains(again, "These are the skills saved in your profile.")


def test_saving_replaces_and_ignores_unknown_skills(client, world, learner):
    client.force_login(learner)
    save(client, "python")

    save(client, "sql", "no-such-skill", "x" * 5000)

    assert list(learner.skills.values_list("slug", flat=True)) == ["sql"]


def test_saving_needs_an_account_and_a_post(client, world):
    assert save(client, "sql")["Location"].startswith(reverse("login"))
    assert client.get(reverse("transitions:save_skills")).status_code in {302, 405}


def test_one_learners_skills_never_rank_another_learners_results(client, world, learner, make_user):
    client.force_login(learner)
    save(client, "python")
    other = make_user()
    client.force_login(other)

    response = explore(client, role="bank-analyst")

    assert response.context["from_profile"] is False
    assert other.skills.count() == 0
    assert names(response)[0] == "Data Analyst"


def test_saved_skills_are_in_the_data_download(client, world, learner):
    client.force_login(learner)
    save(client, "sql", "python")

    assert client.get(reverse("accounts:export_data")).json()["skills"] == ["Python", "Sql"]


def test_a_visitor_is_invited_to_log_in_to_keep_skills(client, world):
    response = explore(client, role="bank-analyst", skill=["sql"])

    assertContains(response, "to keep these skills for next time")
