"""The AI-risk check of a role: the editors' reading as a gauge, compared with another role, what to build."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.conftest import CONTENT
from transitions.models import Role, Transition
from transitions.models.occupations import Occupation, OccupationActivity, WorkActivity

# All roles (the page's role, the compared one and the select), the guides into it, their skills, their skills'
# work activities, their steps, their steps' work activities.
AI_RISK_QUERIES = 6
# With official data: the role's most and least AI-applicable activities, and all its weighted activities.
OFFICIAL_QUERIES = 3


def url(role, **params):
    path = reverse("transitions:ai_risk", args=[role.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


@pytest.fixture
def scored(make_transition, make_role):
    analyst = make_role(
        name="Bank Analyst",
        ai_risk_score=60,
        ai_risk_level="medium",
        ai_risk_rationale="Routine **spreading** is automated.",
        ai_risk_sources="World Economic Forum, The Future of Jobs Report 2025\nhttps://www.bls.gov/ooh/",
    )
    engineer = make_role(name="ML Engineer", ai_risk_score=25, ai_risk_level="low")
    return make_transition(from_role=analyst, to_role=engineer)


def test_the_guide_links_the_ai_risk_check_in_the_seeds_words_and_in_one_line(client, scored):
    response = client.get(scored.get_absolute_url())

    ai_risk = reverse("transitions:ai_risk", args=[scored.to_role.slug])
    assertContains(
        response, f'<a class="btn btn-outline-primary" href="{ai_risk}">Check AI Risk for ML Engineer</a>', html=True
    )
    assertContains(
        response,
        f'<a href="{ai_risk}?compare={scored.from_role.slug}">Bank Analyst 60/100 vs ML Engineer 25/100</a>',
        html=True,
    )


def test_the_page_shows_the_editors_reading_as_a_gauge_with_sources_as_links(client, scored):
    response = client.get(url(scored.from_role))

    assertContains(response, "<h1>Check AI Risk for Bank Analyst</h1>", html=True)
    assertContains(response, "Editors\u2019 AI-risk score for Bank Analyst: 60 out of 100")
    assertContains(response, '<path class="ai-risk-gauge-value risk-stroke-medium"')
    assertContains(response, "<strong>spreading</strong>")
    assertContains(
        response, '<a href="https://www.bls.gov/ooh/" rel="noopener">https://www.bls.gov/ooh/</a>', html=True
    )
    assertContains(response, "<li>World Economic Forum, The Future of Jobs Report 2025</li>", html=True)
    assertContains(response, "What the score is, and is not")


def test_the_page_shows_the_guides_skills_to_build_and_first_steps(client, scored):
    response = client.get(url(scored.to_role))

    skill = scored.skill_links.filter(kind="to_build").first().skill
    assertContains(response, f'<a href="{skill.get_absolute_url()}">{skill.name}</a>', html=True)
    assertContains(response, f"<li>{scored.steps.first().title}</li>", html=True)


def test_a_select_compares_two_roles_side_by_side_without_javascript(client, scored):
    response = client.get(url(scored.to_role, compare=scored.from_role.slug))

    assertContains(response, f'<option value="{scored.from_role.slug}" selected>Bank Analyst</option>', html=True)
    assertContains(response, "ML Engineer: 25 out of 100")
    assertContains(response, "Bank Analyst: 60 out of 100")
    assertContains(response, 'class="ai-risk-cards is-compared"')


@pytest.mark.parametrize("compare", ["", "no-such-role", "\x00", "x" * 5000])
def test_an_unknown_role_to_compare_is_ignored(client, scored, compare):
    response = client.get(reverse("transitions:ai_risk", args=[scored.to_role.slug]), {"compare": compare})

    assert response.status_code == 200
    assertNotContains(response, "is-compared")


def test_comparing_a_role_with_itself_shows_it_once(client, scored):
    response = client.get(url(scored.to_role, compare=scored.to_role.slug))

    assertNotContains(response, "is-compared")


def test_a_role_without_a_score_says_so(client, make_role):
    role = make_role()

    response = client.get(url(role))

    assertContains(response, "have not assessed this role yet")
    assertContains(response, "Not assessed yet")
    assertNotContains(response, "ai-risk-gauge-value")


def test_an_unknown_role_is_not_found(client, db):
    for slug in ["no-such-role", "x" * 5000]:
        assert client.get(reverse("transitions:ai_risk", args=[slug])).status_code == 404


def test_the_page_takes_a_fixed_number_of_queries(client, make_transition, make_role, django_assert_num_queries):
    small = make_transition(steps=1, to_build=1)
    big_role = make_role(ai_risk_score=10)
    for _ in range(3):
        make_transition(to_role=big_role, steps=10, to_build=6)

    for role in [small.to_role, big_role]:
        with django_assert_num_queries(AI_RISK_QUERIES):
            assert client.get(url(role, compare=small.from_role.slug)).status_code == 200


def test_the_role_page_links_its_ai_risk_check(client, scored):
    role = scored.to_role

    response = client.get(role.get_absolute_url())

    assertContains(response, f'<a href="{url(role)}">Check AI Risk for ML Engineer</a>', html=True)


@pytest.fixture
def occupation(db):
    occupation = Occupation.objects.create(
        soc="15-2051", title="Data Scientists", major_group="15-0000", major_group_title="Computer and Mathematical",
        ai_score=0.31, ai_percentile=82.0,
    )  # fmt: skip
    for n, (title, applicability, weight) in enumerate(
        [("Writing code", 0.6, 4.0), ("Explaining results to managers", 0.2, 3.5), ("Collecting data", 0.4, 1.0)]
    ):
        activity = WorkActivity.objects.create(code=f"4.A.{n}", title=title, applicability=applicability)
        OccupationActivity.objects.create(occupation=occupation, activity=activity, weight=weight)
    return occupation


def test_the_guides_one_line_uses_the_official_percentiles_when_both_roles_have_them(client, scored, occupation):
    # Without official figures for both roles, the line is the editors' reading and says so.
    scored.from_role.occupation = occupation
    scored.from_role.save()
    response = client.get(scored.get_absolute_url())
    assertContains(response, "AI risk, editors' reading")

    engineer = Occupation.objects.create(
        soc="15-1252", title="Software Developers", major_group="15-0000", major_group_title="Computer",
        ai_score=0.35, ai_percentile=91.4,
    )  # fmt: skip
    scored.to_role.occupation = engineer
    scored.to_role.save()
    response = client.get(scored.get_absolute_url())

    ai_risk = reverse("transitions:ai_risk", args=[scored.to_role.slug])
    assertContains(response, "AI applicability, percentile of US jobs")
    assertContains(
        response,
        f'<a href="{ai_risk}?compare={scored.from_role.slug}">Bank Analyst 82 vs ML Engineer 91</a>',
        html=True,
    )
    assertNotContains(response, "60/100 vs")


def test_the_official_applicability_shows_as_a_gauge_with_a_reading_activities_and_its_source(
    client, scored, occupation, django_assert_num_queries
):
    role = scored.to_role
    role.occupation = occupation
    role.save()

    with django_assert_num_queries(AI_RISK_QUERIES + OFFICIAL_QUERIES):
        response = client.get(url(role))

    assertContains(response, "AI is more applicable to this job\u2019s work than to 82% of US occupations")
    assertContains(response, "ML Engineer: AI applicability higher than 82% of US occupations")
    html = response.content.decode()
    changes, stays = html.index("What part of the job changes"), html.index("What stays human")
    assert changes < html.index("Writing code") < stays < html.rindex("Explaining results to managers")
    assertContains(response, "CC BY 4.0")
    assertContains(response, "The editors\u2019 reading")


def test_a_role_without_official_data_says_so(client, scored):
    response = client.get(url(scored.to_role))

    assertContains(response, "No official AI applicability score for this role")


# --- What this means for you: the editors' tags toward the less AI-applicable work -------------------------


def activity(occupation, title):
    return occupation.activity_links.get(activity__title=title).activity


def test_the_less_exposed_activities_are_those_below_the_jobs_weighted_median(occupation):
    # Applicability 0.2 (weight 3.5), 0.4 (1.0), 0.6 (4.0): half the weight, 4.25, is reached at 0.4.
    less = occupation.less_exposed_activities()

    assert [a.title for a in less.values()] == ["Explaining results to managers"]


def test_a_job_without_weighted_activities_has_none_less_exposed(db):
    job = Occupation.objects.create(
        soc="11-1011", title="Chief Executives", major_group="11-0000", major_group_title="Management"
    )
    assert job.less_exposed_activities() == {}


@pytest.fixture
def tagged(scored, occupation, make_transition, make_role):
    """Two guides into the ML Engineer, whose official occupation is `occupation`: one tagged, one not."""
    role = scored.to_role
    role.occupation = occupation
    role.save()
    explaining, writing = activity(occupation, "Explaining results to managers"), activity(occupation, "Writing code")
    first, second = [link.skill for link in scored.skill_links.filter(kind="to_build")]
    first.work_activities.add(explaining)
    second.work_activities.add(writing)  # the part AI applies to more: not listed
    step = scored.steps.get(position=2)
    step.work_activities.add(explaining, writing)
    untagged = make_transition(from_role=make_role(name="Actuary"), to_role=role)
    return {"skill": first, "other_skill": second, "step": step, "untagged": untagged}


def test_the_page_lists_the_skills_and_steps_editors_tagged_with_the_less_exposed_work(client, scored, tagged):
    response = client.get(url(scored.to_role))

    skill, step = tagged["skill"], tagged["step"]
    assertContains(response, "is our editors\u2019 tagging, their judgement rather than official data.")
    assertContains(
        response,
        f'<li><a href="{skill.get_absolute_url()}">{skill.name}</a> <span class="toward">Moves you toward: '
        'Explaining results to managers <span class="activity-meta">(AI applicability 0.20)</span></span></li>',
        html=True,
    )
    assertContains(
        response,
        f'<li><a href="{scored.get_absolute_url()}#step-{step.pk}">{step.title}</a> <span class="toward">'
        'Moves you toward: Explaining results to managers <span class="activity-meta">(AI applicability 0.20)'
        "</span></span></li>",
        html=True,
    )
    # Untagged, or tagged only with work AI applies to more: not in the tagged guide's list.
    assertNotContains(response, tagged["other_skill"].name)
    assertNotContains(response, scored.steps.get(position=1).title)
    assertNotContains(response, "Moves you toward: Writing code")


def test_an_untagged_guide_keeps_its_skills_to_build_and_first_steps(client, scored, tagged):
    response = client.get(url(scored.to_role))

    untagged = tagged["untagged"]
    skill = untagged.skill_links.filter(kind="to_build").first().skill
    assertContains(response, f'<a href="{skill.get_absolute_url()}">{skill.name}</a>', html=True)
    assertContains(response, f"<li>{untagged.steps.first().title}</li>", html=True)
    assertContains(response, "our editors\u2019 tagging", count=1)


def test_the_guide_from_the_compared_role_comes_first(client, scored, tagged):
    from_actuary = f"From Actuary to {scored.to_role}"
    from_analyst = f"From Bank Analyst to {scored.to_role}"

    plain = client.get(url(scored.to_role)).content.decode()
    compared = client.get(url(scored.to_role, compare=tagged["untagged"].from_role.slug)).content.decode()

    assert plain.index(from_actuary) < plain.index(from_analyst)  # by name without a comparison
    assert compared.index(from_actuary) < compared.index(from_analyst)
    compared = client.get(url(scored.to_role, compare=scored.from_role.slug)).content.decode()
    assert compared.index(from_analyst) < compared.index(from_actuary)


def test_tags_do_not_show_for_a_role_without_official_data(client, scored, occupation):
    skill = scored.skill_links.filter(kind="to_build").first().skill
    skill.work_activities.add(activity(occupation, "Explaining results to managers"))

    response = client.get(url(scored.to_role))

    assertNotContains(response, "Moves you toward")
    assertContains(response, f"<li>{scored.steps.first().title}</li>", html=True)


def test_the_page_with_tags_takes_a_fixed_number_of_queries(
    client, tagged, scored, occupation, make_transition, django_assert_num_queries
):
    with django_assert_num_queries(AI_RISK_QUERIES + OFFICIAL_QUERIES):
        client.get(url(scored.to_role, compare=scored.from_role.slug))
    explaining = activity(occupation, "Explaining results to managers")
    for _ in range(3):
        guide = make_transition(to_role=scored.to_role, steps=8, to_build=5)
        for step in guide.steps.all():
            step.work_activities.add(*WorkActivity.objects.all())
        for link in guide.skill_links.all():
            link.skill.work_activities.add(explaining)

    with django_assert_num_queries(AI_RISK_QUERIES + OFFICIAL_QUERIES):
        response = client.get(url(scored.to_role, compare=scored.from_role.slug))

    assert response.content.decode().count("Moves you toward") == 2 + 3 * (8 + 5)


def test_the_seed_guides_tagged_skills_and_steps_show_on_the_ml_engineer_check(client, labour_data):
    call_command("load_content", str(CONTENT))
    engineer = Role.objects.get(slug="ml-engineer")
    seed = Transition.objects.get(slug="bank-analyst-to-ml-engineer")
    build_projects = seed.steps.get(title__startswith="Build ML projects")

    response = client.get(url(engineer, compare="bank-analyst"))

    html = response.content.decode()
    assert html.index("From Bank Analyst to ML Engineer") < html.index("From Data Analyst to ML Engineer")
    assertContains(response, f'<a href="{build_projects.get_absolute_url()}">{build_projects.title}</a>', html=True)
    assertContains(response, "Analyze business or financial data")
