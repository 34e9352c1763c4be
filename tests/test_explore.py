"""Where can I go from my job: choosing a job, ticking skills, ranked destinations, asking for a guide."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from transitions import ranking
from transitions.models import (
    GuideRequest,
    Role,
    Similarity,
    TransitionSkill,
)

# Roles, occupation titles, the skill links of published guides, the skills shown, the guides out of the role.
EXPLORE_QUERIES = 5
# From a role with an official occupation: ... and its similar occupations and the work-activity weights.
EXPLORE_OFFICIAL_QUERIES = 7
# From an occupation without a role: roles, titles, the occupation, skill links, skills, similar, weights.
EXPLORE_OCCUPATION_QUERIES = 7


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
    assert html.index("Guides from Bank Analyst") < html.index("Where your work and skills carry over")


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
    # No official occupation links these roles: the editors' figures, labelled as theirs.
    assert (ml["salary_change"], ml["ai_risk_change"], ml["median_change"]) == (
        {"amount": 60_000, "percent": 100},
        -40,
        None,
    )
    assertContains(response, "<dt>Typical salary change, editors</dt>", html=True)
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
        # Without your skills, work similarity counts alone.
        ([D("a", "A", frozenset({1}), similarity=0.3), D("b", "B", similarity=0.6)], set(), ["B", "A"]),
        # No skill of yours shown to transfer counts as none: the same work with a shared skill comes first.
        ([D("a", "A", similarity=0.8), D("b", "B", frozenset({1}), similarity=0.8)], {1}, ["B", "A"]),
        # Without an official occupation, the skill share counts alone.
        ([D("a", "A", frozenset({1})), D("b", "B", similarity=0.5)], {1}, ["A", "B"]),
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


@pytest.mark.parametrize(
    ("destination", "mine", "expected"),
    [
        (D("a", "A", frozenset({1}), similarity=0.8), {1, 2}, 0.65),
        (D("a", "A", similarity=0.8), {1, 2}, 0.4),
        (D("a", "A", similarity=0.8), set(), 0.8),
        (D("a", "A", frozenset({1, 2})), {1, 2, 3, 4}, 0.5),
    ],
)
def test_the_documented_scores(destination, mine, expected):
    (top,) = ranking.rank([destination], mine)

    assert top.score == expected


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


# --- Official occupations: picking any of them, work similarity, official pay and AI figures --------


@pytest.fixture
def official(world, make_occupation):
    """Official occupations for four of the roles and two that no role names, with fixed work activities.

    Work alike (cosine of the activity weights): analysts' and data scientists' work 1.0, analysts' and
    developers' 0.71, analysts' and nurses' 0. The stored similarities of the analysts' occupation list
    the data scientists (named by a role) and two occupations no role names.
    """

    def occupation(soc, title, median, percentile, activities):
        return make_occupation(
            soc=soc,
            title=title,
            median_wage=median,
            ai_score=percentile / 100,
            ai_percentile=percentile,
            activities=activities,
        )

    jobs = {
        "analysts": occupation("13-2051", "Financial and Investment Analysts", 100_000, 80.0, {"a": 1, "b": 1}),
        "scientists": occupation("15-2051", "Data Scientists", 110_000, 60.0, {"a": 1, "b": 1}),
        "developers": occupation("15-1252", "Software Developers", 130_000, 50.0, {"a": 1}),
        "nurses": occupation("29-1141", "Registered Nurses", 90_000, 10.0, {"c": 1}),
        "budget": occupation("13-2031", "Budget Analysts", 90_000, 20.5, {"a": 1, "c": 1}),
        "clerks": occupation("43-3031", "Bookkeeping Clerks", 50_000, 95.0, {"b": 1}),
    }
    for slug, job in [
        ("bank-analyst", "analysts"),
        ("data-analyst", "scientists"),
        ("ml-engineer", "developers"),
        ("nurse", "nurses"),
    ]:
        Role.objects.filter(slug=slug).update(occupation=jobs[job])
    for rank, (other, score) in enumerate([("scientists", 1.0), ("budget", 0.9), ("clerks", 0.3)], start=1):
        Similarity.objects.create(occupation=jobs["analysts"], other=jobs[other], rank=rank, score=score)
    Similarity.objects.create(occupation=jobs["budget"], other=jobs["analysts"], rank=1, score=0.5)
    Similarity.objects.create(occupation=jobs["budget"], other=jobs["clerks"], rank=2, score=0.4)
    return jobs


def test_the_ranking_combines_work_similarity_and_skills(client, official):
    response = explore(client, role="bank-analyst")

    # Data Analyst: work 1.0 and 3 of 3 skills → 1.0. ML Engineer: work 0.71, 2 of 3 → 0.69. Budget
    # Analysts: stored work similarity 0.9, no skills listed (none shown to transfer) → 0.45. Auditor and
    # Teacher: no occupation, 1 of 3 skills → 0.33 (a guide leads to the auditor). Clerks: 0.15.
    # Nurse: nothing alike, no skill in common → left out.
    assert [item["name"] for item in response.context["destinations"]] == [
        "Data Analyst",
        "ML Engineer",
        "Budget Analysts",
        "Auditor",
        "Teacher",
        "Bookkeeping Clerks",
    ]
    ml = response.context["destinations"][1]
    assert (ml["similarity_percent"], ml["transferring"], ml["of"]) == (71, 2, 3)
    assertContains(response, "How we rank")
    assertContains(response, "Each career scores 50% for how alike its work is to yours and 50% for the share")


def test_destinations_show_official_median_and_ai_changes(client, official):
    response = explore(client, role="bank-analyst")

    by_name = {item["name"]: item for item in response.context["destinations"]}
    assert by_name["Data Analyst"]["median_change"] == {"amount": 10_000, "percent": 10}
    assert by_name["Data Analyst"]["ai_change"] == {"from": 80.0, "to": 60.0, "change": -20.0}
    assert "salary_change" not in by_name["Data Analyst"]
    budget = by_name["Budget Analysts"]
    assert budget["median_change"] == {"amount": -10_000, "percent": -10}
    assertContains(response, "<dt>Median wage change</dt>", html=True)
    assertContains(response, "80 → 60")
    assertContains(response, "BLS Occupational Employment and Wage Statistics, May 2025")
    assertContains(response, f'<a href="{official["budget"].get_absolute_url()}">Budget Analysts</a>', html=True)
    assertContains(response, '<input type="hidden" name="destination" value="occupation:13-2031">', html=True)


def test_an_occupation_a_role_names_maps_to_that_role(client, official):
    response = explore(client, occupation="13-2051")

    assert response.context["role"] == Role.objects.get(slug="bank-analyst")
    assertContains(response, "Guides from Bank Analyst")


def test_typing_an_official_title_chooses_it(client, official):
    response = explore(client, job="budget analysts")

    assert response.context["occupation"] == official["budget"]
    assert response.context["role"] is None


@pytest.mark.parametrize("typed", ["bookkeeping", "bokkeeping clerk"])
def test_typing_part_of_an_official_title_offers_it(client, official, typed):
    response = explore(client, job=typed)

    assert [o["soc"] for o in response.context["occupation_candidates"]] == ["43-3031"]
    assertContains(response, f'href="{reverse("transitions:explore")}?occupation=43-3031"')


def test_the_autocomplete_lists_roles_and_every_occupation(client, official):
    response = explore(client)

    assertContains(response, '<option value="Bank Analyst"></option>', html=True)
    assertContains(response, '<option value="Bookkeeping Clerks"></option>', html=True)


def test_an_occupation_without_a_role_gets_destinations_from_the_official_data(client, official):
    response = explore(client, occupation="13-2031")

    assert response.context["role"] is None
    assert response.context["guides"] == []
    assertContains(response, "We have no guide from Budget Analysts yet: here is where its work carries over.")
    # Work alike: developers 0.71 and nurses 0.71 (ties: the bigger pay rise first), analysts and data
    # scientists 0.5, clerks 0.4 as stored. Roles without an occupation have nothing to rank by.
    assert [item["name"] for item in response.context["destinations"]] == [
        "ML Engineer",
        "Registered Nurse",
        "Data Analyst",
        "Bank Analyst",
        "Bookkeeping Clerks",
    ]
    clerks = response.context["destinations"][-1]
    assert clerks["median_change"] == {"amount": -40_000, "percent": -44}
    assert clerks["ai_change"]["to"] == 95.0
    assertContains(response, "Official occupation 43-3031, no skills listed yet")
    assertContains(response, '<input type="hidden" name="starting_point" value="Budget Analysts">', html=True)
    # The skills of the careers its work leads to are offered to tick.
    assert {s.slug for s in response.context["more_skills"]} >= {"python", "sql"}


def test_ticked_skills_rank_careers_from_an_occupation(client, official):
    response = explore(client, occupation="13-2031", skill=["care"])

    first = response.context["destinations"][0]
    assert first["name"] == "Registered Nurse"
    assert (first["transferring"], first["of"]) == (1, 1)
    assertContains(response, '<input type="hidden" name="occupation" value="13-2031">', html=True)


def test_asking_for_a_guide_to_an_occupation(client, official):
    back = f"{reverse('transitions:explore')}?occupation=13-2031"

    response = client.post(
        reverse("transitions:ask_for_guide"),
        {"destination": "occupation:43-3031", "starting_point": "Budget Analysts", "next": back},
    )

    assert response["Location"] == back
    asked = GuideRequest.objects.get()
    assert (asked.destination, asked.title) == ("occupation:43-3031", "Bookkeeping Clerks")
    assert client.post(reverse("transitions:ask_for_guide"), {"destination": "occupation:99-9999"}).status_code == 400


def test_a_learner_saves_skills_from_an_occupation(client, official, learner):
    client.force_login(learner)

    response = client.post(reverse("transitions:save_skills"), {"occupation": "13-2031", "skill": ["care"]})

    assert response["Location"] == f"{reverse('transitions:explore')}?occupation=13-2031"
    assert explore(client, occupation="13-2031").context["destinations"][0]["name"] == "Registered Nurse"


@pytest.mark.parametrize("params", [{"occupation": "x" * 5000}, {"occupation": "99-9999"}, {"occupation": "\x00"}])
def test_an_unknown_occupation_is_never_an_error(client, official, params):
    assert explore(client, **params).context["occupation"] is None


@pytest.mark.parametrize("extra", [0, 30])
def test_query_count_is_fixed_whatever_the_number_of_occupations(
    client, official, make_occupation, django_assert_num_queries, extra
):
    for n in range(extra):
        job = make_occupation(median_wage=60_000 + n, ai_percentile=30.0, activities={"a": 1, f"d{n}": 1})
        Similarity.objects.create(occupation=official["budget"], other=job, rank=3 + n, score=0.2)
        Similarity.objects.create(occupation=official["analysts"], other=job, rank=4 + n, score=0.2)
    with django_assert_num_queries(EXPLORE_OFFICIAL_QUERIES):
        explore(client, role="bank-analyst", skill=["sql"])
    with django_assert_num_queries(EXPLORE_OCCUPATION_QUERIES):
        explore(client, occupation="13-2031", skill=["sql"])


def test_an_occupation_several_roles_name_asks_which_of_them(client, official):
    Role.objects.filter(slug="auditor").update(occupation=official["scientists"])

    for response in [explore(client, occupation="15-2051"), explore(client, job="Data Scientists")]:
        assert response.context["role"] is None
        assert [r.slug for r in response.context["candidates"]] == ["auditor", "data-analyst"]
        assertContains(response, "Which of these is your job?")
        assertContains(response, f'href="{reverse("transitions:explore")}?role=data-analyst"')


def test_other_titles_editors_add_find_the_role(client, world):
    Role.objects.filter(slug="nurse").update(other_titles="RN, Staff Nurse")

    assertContains(explore(client), '<option value="Staff Nurse"></option>', html=True)
    assert explore(client, job="staff nurse").context["role"].slug == "nurse"
    assert explore(client, job="rn").context["role"].slug == "nurse"
    assert "nurse" in [role.slug for role in explore(client, job="staff").context["candidates"]]
