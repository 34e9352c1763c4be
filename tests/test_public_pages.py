"""The public pages: home, transition index and page, role, skill, certification, search and errors."""

import re
from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import include, path, reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.data import SEED_HEADINGS
from transitions import urls as transitions_urls
from transitions.models import RelatedTransition, Step, Transition, TransitionSkill

# The first visitor after content changed. Each page cached for visitors (not the role page: its form carries a
# CSRF token) also asks, once per content version, when the next scheduled guide goes live (how long the page
# may be cached); later visitors get it from the cache with no query (tests/test_content_cache.py). Pages also
# keep the areas and official wages under the version. So each size is measured right after its own content
# is written.
# Anonymous visitors: one query for the transition, one per prefetched relation (steps and their links), the
# suggested guides; the next scheduled guide.
DETAIL_QUERIES = 9
# Roles and industries that have guides, a count per facet (from, to, industry, timeline, salary),
# the page count, the page itself.
INDEX_QUERIES = 10
# Featured, industries with counts, recent.
HOME_QUERIES = 4
# The role, transitions out of it, transitions into it; when the next scheduled guide goes live.
ROLE_QUERIES = 5
# The skill or certification, then the transitions that use it.
SKILL_QUERIES = 3
CERTIFICATION_QUERIES = 3


def h2_texts(response):
    html = response.content.decode()
    return [re.sub(r"<[^>]+>|\s+", " ", text).strip() for text in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


@pytest.fixture
def seed(make_role, make_transition, make_industry):
    """The reference page: Bank Analyst ($65,000) to ML Engineer ($120,000), 9-15 months."""
    finance = make_industry(name="Finance and banking", slug="finance")
    data = make_industry(name="Data and AI", slug="data-ai")
    analyst = make_role(name="Bank Analyst", slug="bank-analyst", salary=65_000, industry=finance)
    engineer = make_role(name="ML Engineer", slug="ml-engineer", salary=120_000, industry=data)
    return make_transition(
        from_role=analyst,
        to_role=engineer,
        slug="bank-analyst-to-ml-engineer",
        summary="Turn financial analysis into machine learning engineering.",
        intro="Bank analysts who pivot to **machine learning** engineering.",
        timeline_min_months=9,
        timeline_max_months=15,
        related=1,
        is_featured=True,
    )


# --- Base layout -----------------------------------------------------------------------------------


def test_layout_has_landmarks_skip_link_and_anonymous_links(client, seed):
    response = client.get(reverse("transitions:home"))

    assertContains(response, '<html lang="en">')
    assertContains(
        response, '<a class="skip-link visually-hidden-focusable" href="#main">Skip to main content</a>', html=True
    )
    assertContains(response, '<main id="main"')
    assertContains(response, '<nav class="site-nav" aria-label="Main">')
    assertContains(response, f'<a href="{reverse("login")}?next=/">Log in</a>', html=True)
    assertContains(response, reverse("accounts:signup"))
    assertNotContains(response, reverse("accounts:dashboard"))
    assertContains(response, "vendor/bootstrap/bootstrap.used.css")
    # Nothing on the home page needs a script (tests/test_page_weight.py says which pages load one);
    # its JSON-LD block is data, not code.
    assert not re.search(r"<script\b(?![^>]*application/ld\+json)", response.content.decode())


def test_layout_shows_dashboard_and_logout_form_to_a_signed_in_learner(client, learner, seed):
    client.force_login(learner)

    response = client.get(reverse("transitions:home"))

    assertContains(response, f'<a href="{reverse("accounts:dashboard")}">My dashboard</a>', html=True)
    assertContains(response, f'<form method="post" action="{reverse("logout")}">')
    assertContains(response, 'name="csrfmiddlewaretoken"')
    assertNotContains(response, f'href="{reverse("login")}"')


def test_pages_have_no_inline_styles_or_scripts(client, seed):
    for url in [reverse("transitions:home"), reverse("transitions:index"), seed.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert " style=" not in html
        assert "<style" not in html
        # JSON-LD is data, not code; it still carries the nonce for checkers that treat it as script.
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", html), (
            f"inline script: {url}"
        )
        assert not re.search(r'<script type="application/ld\+json"(?! nonce="[^"]+")', html), f"no nonce on {url}"


def test_every_page_has_one_h1(client, seed):
    urls = [
        reverse("transitions:home"),
        reverse("transitions:index"),
        seed.get_absolute_url(),
        seed.from_role.get_absolute_url(),
        seed.skill_links.first().skill.get_absolute_url(),
        seed.certification_links.first().certification.get_absolute_url(),
        reverse("transitions:search"),
        reverse("transitions:search") + "?q=analyst",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


# --- Home ------------------------------------------------------------------------------------------


def test_home_shows_featured_industries_and_recent(client, seed, make_transition):
    draft = make_transition(published=False, is_featured=True)

    response = client.get(reverse("transitions:home"))

    assertContains(response, "Featured transitions")
    assertContains(response, seed.get_absolute_url())
    assertNotContains(response, draft.get_absolute_url())
    industry = seed.from_role.industry
    assertContains(response, f'href="{industry.get_absolute_url()}"')
    assertContains(response, "Finance and banking")
    assertContains(response, "Recently published")
    assertContains(response, f'action="{reverse("transitions:search")}"')


def test_home_counts_published_transitions_per_industry_once(client, make_industry, make_role, make_transition):
    tech = make_industry(name="Technology", slug="technology")
    make_transition(from_role=make_role(industry=tech), to_role=make_role(industry=tech))
    make_transition(from_role=make_role(industry=tech), to_role=make_role())
    make_transition(from_role=make_role(industry=tech), to_role=make_role(), published=False)

    response = client.get(reverse("transitions:home"))

    counts = {industry.slug: industry.transition_count for industry in response.context["industries"]}
    assert counts["technology"] == 2


def test_home_query_count_is_fixed(client, make_transition, django_assert_num_queries):
    for _ in range(3):
        make_transition(is_featured=True)
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("transitions:home"))
    for _ in range(10):
        make_transition(is_featured=True)
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("transitions:home"))


# --- Index -----------------------------------------------------------------------------------------


def test_index_lists_published_transitions_as_cards(client, seed, make_transition):
    draft = make_transition(published=False)
    scheduled = make_transition(published_at=timezone.now() + timedelta(days=3))

    response = client.get(reverse("transitions:index"))

    assertContains(response, seed.summary)
    assertContains(response, seed.get_absolute_url())
    assertContains(response, '<span class="salary-change is-gain">+$55,000 (+85%)</span>', html=True)
    assertContains(response, "9-15 months")
    assertNotContains(response, draft.get_absolute_url())
    assertNotContains(response, scheduled.get_absolute_url())


def test_index_paginates_twenty_a_page(client, make_transition):
    for _ in range(25):
        make_transition(steps=0, transferable=0, to_build=0, certifications=0)
    url = reverse("transitions:index")

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 5
    assertContains(first, 'rel="next"')
    assertContains(second, 'rel="prev"')


def test_index_pagination_links_keep_the_filters(client, make_industry, make_role, make_transition):
    tech = make_industry(slug="tech")
    for _ in range(21):
        make_transition(from_role=make_role(industry=tech), steps=0, transferable=0, to_build=0, certifications=0)

    response = client.get(reverse("transitions:index"), {"industry": "tech", "sort": "timeline"})

    assertContains(response, "?industry=tech&amp;sort=timeline&amp;page=2")


def test_index_filters_by_industry_of_either_role(client, make_industry, make_role, make_transition):
    health = make_industry(slug="healthcare")
    out_of_health = make_transition(from_role=make_role(industry=health))
    into_health = make_transition(to_role=make_role(industry=health))
    elsewhere = make_transition()

    response = client.get(reverse("transitions:index"), {"industry": "healthcare"})

    assert set(response.context["page"].object_list) == {out_of_health, into_health}
    assertNotContains(response, elsewhere.get_absolute_url())


def test_index_filters_by_text(client, seed, make_transition):
    other = make_transition()

    response = client.get(reverse("transitions:index"), {"q": "bank ml"})

    assert list(response.context["page"].object_list) == [seed]
    assertNotContains(response, other.get_absolute_url())


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("name", ["a", "b", "c"]), ("salary", ["c", "a", "b"]), ("timeline", ["b", "c", "a"])],
)
def test_index_sorts(client, make_role, make_transition, sort, expected):
    base = {"salary": 50_000}
    make_transition(
        slug="a",
        from_role=make_role(name="A start", **base),
        to_role=make_role(salary=70_000),
        timeline_min_months=12,
        timeline_max_months=18,
    )
    make_transition(
        slug="b",
        from_role=make_role(name="B start", **base),
        to_role=make_role(salary=55_000),
        timeline_min_months=3,
        timeline_max_months=6,
    )
    make_transition(
        slug="c",
        from_role=make_role(name="C start", **base),
        to_role=make_role(salary=150_000),
        timeline_min_months=6,
        timeline_max_months=9,
    )

    response = client.get(reverse("transitions:index"), {"sort": sort})

    assert [transition.slug for transition in response.context["page"].object_list] == expected


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"sort": "DROP TABLE"},
        {"industry": "no-such-industry"},
        {"industry": "x" * 5000},
        {"q": "x" * 5000},
        {"q": "%_\\'\""},
        {"q": "nul\x00byte"},
        {"industry": "nul\x00byte"},
    ],
)
def test_index_ignores_bad_get_values(client, seed, params):
    response = client.get(reverse("transitions:index"), params)

    assert response.status_code == 200


def test_index_ignores_an_unknown_industry(client, seed):
    response = client.get(reverse("transitions:index"), {"industry": "no-such-industry"})

    assert set(response.context["page"].object_list) == set(Transition.objects.published())


@pytest.mark.parametrize("count", [3, 25])
def test_index_query_count_is_fixed(client, make_transition, django_assert_num_queries, count):
    for _ in range(count):
        make_transition(steps=1, transferable=1, to_build=1, certifications=1)
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get(reverse("transitions:index"), {"sort": "salary"})
    assert response.status_code == 200


# --- Detail ----------------------------------------------------------------------------------------


def test_detail_shows_the_seed_sections_in_order(client, seed):
    response = client.get(seed.get_absolute_url())

    assertContains(response, "<h1>Career Change: Bank Analyst to ML Engineer</h1>", html=True)
    headings = h2_texts(response)
    assert headings == SEED_HEADINGS
    html = response.content.decode()
    assert html.index("<h1>") < html.index("<strong>machine learning</strong>") < html.index("Transferable Skills")


def test_detail_sets_title_and_meta_description(client, seed):
    response = client.get(seed.get_absolute_url())

    assertContains(response, "<title>Career Change: Bank Analyst to ML Engineer — CareerHub</title>", html=True)
    assertContains(response, f'<meta name="description" content="{seed.summary}">', html=True)
    assertContains(response, '<nav aria-label="Breadcrumb">')


def test_detail_shows_salaries_difference_and_chart(client, seed):
    response = client.get(seed.get_absolute_url())

    assertContains(response, "Bank Analyst</a>: $65,000")
    assertContains(response, "ML Engineer</a>: $120,000")
    assertContains(response, "+$55,000 (+85%)")
    assertContains(response, "ML Engineer pays $55,000 (85%) more than Bank Analyst.")
    # Bars sized by attribute in the server's SVG, relative to the larger salary.
    assertContains(response, 'width="54.2"')
    assertContains(response, 'width="100.0"')


def test_detail_shows_a_salary_drop(client, make_role, make_transition):
    transition = make_transition(from_role=make_role(salary=80_000), to_role=make_role(salary=60_000))

    response = client.get(transition.get_absolute_url())

    assertContains(response, "\N{MINUS SIGN}$20,000 (\N{MINUS SIGN}25%)")
    assertContains(response, "pays $20,000 (25%) less than")


def test_detail_formats_other_currencies(client, make_role, make_transition):
    transition = make_transition(
        from_role=make_role(salary=40_000, salary_currency="EUR"),
        to_role=make_role(salary=52_000, salary_currency="EUR"),
    )

    response = client.get(transition.get_absolute_url())

    assertContains(response, "€40,000")
    assertContains(response, "+€12,000 (+30%)")


def test_detail_lists_skills_certifications_and_timeline(client, seed):
    response = client.get(seed.get_absolute_url())

    for link in seed.skill_links.all():
        assertContains(response, f'<a href="{link.skill.get_absolute_url()}">{link.skill}</a>', html=True)
    for link in seed.certification_links.all():
        certification = link.certification
        assertContains(response, f'href="{certification.get_absolute_url()}"')
        assertContains(response, certification.provider)
        assertContains(response, f'href="{certification.url}" rel="noopener"')
    assertContains(response, '<p class="timeline-value">9-15 months</p>', html=True)


def test_detail_transferable_and_to_build_skills_are_in_their_sections(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()
    to_build_at = html.index("Skills You'll Need to Build")

    for link in seed.skill_links.all():
        position = html.index(link.skill.get_absolute_url())
        if link.kind == TransitionSkill.Kind.TRANSFERABLE:
            assert position < to_build_at
        else:
            assert position > to_build_at


def test_detail_lists_active_steps_in_order(client, transition):
    archived = transition.steps.get(position=2)
    archived.archived_at = timezone.now()
    archived.save()
    Step.objects.create(transition=transition, position=10, title="A step", detail="Read *this* first.")

    response = client.get(transition.get_absolute_url())

    html = response.content.decode()
    steps = list(transition.steps.active())
    positions = [html.index(f'id="step-{step.pk}"') for step in steps]
    assert positions == sorted(positions)
    assertNotContains(response, f'id="step-{archived.pk}"')
    assertContains(response, "<em>this</em>")
    assertContains(response, 'class="steps')


def test_detail_links_only_published_related_transitions(client, transition, make_transition):
    published = make_transition()
    draft = make_transition(published=False)
    RelatedTransition.objects.create(from_transition=transition, to_transition=published, order=1)
    RelatedTransition.objects.create(from_transition=transition, to_transition=draft, order=2)

    response = client.get(transition.get_absolute_url())

    assertContains(response, published.get_absolute_url())
    assertNotContains(response, draft.get_absolute_url())


def test_detail_has_no_dead_tool_links(client, transition):
    response = client.get(transition.get_absolute_url())

    for label in ["Optimize Your Resume for This Transition", "Build a Career Change Resume", "Check AI Risk for"]:
        for match in re.finditer(rf'href="([^"]+)">{label}', response.content.decode()):
            assert client.get(match.group(1)).status_code == 200


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_unpublished_transitions_are_hidden_from_the_public(client, learner, make_transition, status):
    published_at = None if status == "draft" else timezone.now() + timedelta(days=7)
    transition = make_transition(published=False, published_at=published_at)

    assert client.get(transition.get_absolute_url()).status_code == 404
    client.force_login(learner)
    assert client.get(transition.get_absolute_url()).status_code == 404


def test_editors_preview_a_draft_with_a_banner(client, editor, make_transition):
    transition = make_transition(published=False)
    client.force_login(editor)

    response = client.get(transition.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Draft — not visible to the public.")


def test_editors_preview_a_scheduled_transition_with_a_banner(client, editor, make_transition):
    transition = make_transition(published_at=timezone.now() + timedelta(days=7))
    client.force_login(editor)

    response = client.get(transition.get_absolute_url())

    assert response.status_code == 200
    assertContains(response, "Scheduled for")
    assertNotContains(response, "Draft — not visible")


def test_published_transition_has_no_preview_banner_for_editors(client, editor, seed):
    client.force_login(editor)

    response = client.get(seed.get_absolute_url())

    assertNotContains(response, "preview-banner")


def test_unknown_transition_is_a_404_in_the_site_layout(client, db):
    response = client.get(reverse("transitions:detail", args=["no-such-guide"]))

    assert response.status_code == 404
    assertContains(response, "We can\N{RIGHT SINGLE QUOTATION MARK}t find that page", status_code=404)
    assertContains(response, '<nav class="site-nav" aria-label="Main">', status_code=404)


def test_detail_query_count_is_fixed(client, make_transition, django_assert_num_queries):
    small = make_transition(steps=2, transferable=1, to_build=1, certifications=1, related=1)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(small.get_absolute_url())
    big = make_transition(steps=30, transferable=10, to_build=10, certifications=8, related=6)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(big.get_absolute_url())


# --- Markdown --------------------------------------------------------------------------------------


def test_editor_markdown_is_rendered_and_sanitised(client, make_transition):
    transition = make_transition(
        intro=(
            "Some **bold** and a [good link](https://example.com/).\n\n"
            "<script>alert('intro')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n'
            "[bad link](javascript:alert(2)) and <a href='JaVaScRiPt:alert(3)' onclick='alert(4)'>raw</a>"
        )
    )

    response = client.get(transition.get_absolute_url())

    assertContains(response, "<strong>bold</strong>", html=True)
    assertContains(response, 'href="https://example.com/"')
    html = response.content.decode().lower()
    assert "alert(" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "javascript:" not in html


# --- Role, skill, certification ---------------------------------------------------------------------


def test_role_page_shows_salary_ai_risk_and_transitions(client, make_role, make_transition):
    role = make_role(
        name="Bank Teller",
        salary=38_000,
        description="Counts **cash**.",
        ai_risk_score=72,
        ai_risk_level="high",
        ai_risk_rationale="Self-service *kiosks* do much of it.",
        ai_risk_sources="https://example.com/study\nA printed report",
    )
    out = make_transition(from_role=role)
    into = make_transition(to_role=role)
    draft = make_transition(from_role=role, published=False)

    response = client.get(role.get_absolute_url())

    assertContains(response, "<h1>Bank Teller</h1>", html=True)
    assertContains(response, role.industry.name)
    assertContains(response, "$38,000")
    assertContains(response, "72")
    assertContains(response, "High risk")
    assertContains(response, "<em>kiosks</em>", html=True)
    assertContains(response, "<strong>cash</strong>", html=True)
    assertContains(
        response, '<a href="https://example.com/study" rel="noopener">https://example.com/study</a>', html=True
    )
    assertContains(response, "A printed report")
    assertContains(response, out.get_absolute_url())
    assertContains(response, into.get_absolute_url())
    assertNotContains(response, draft.get_absolute_url())


def test_role_page_query_count_is_fixed(client, make_role, make_transition, django_assert_num_queries):
    small = make_role()
    make_transition(from_role=small)
    with django_assert_num_queries(ROLE_QUERIES):
        client.get(small.get_absolute_url())
    big = make_role()
    for _ in range(6):
        make_transition(from_role=big)
        make_transition(to_role=big)
    with django_assert_num_queries(ROLE_QUERIES):
        client.get(big.get_absolute_url())


def test_skill_page_splits_transitions_by_kind(client, make_skill, make_transition):
    skill = make_skill(name="SQL", description="Querying *databases*.", keywords="SQL, Postgres, queries")
    has_it = make_transition(transferable=0)
    builds_it = make_transition(to_build=0)
    draft = make_transition(published=False)
    TransitionSkill.objects.create(transition=has_it, skill=skill, kind=TransitionSkill.Kind.TRANSFERABLE)
    TransitionSkill.objects.create(transition=builds_it, skill=skill, kind=TransitionSkill.Kind.TO_BUILD)
    TransitionSkill.objects.create(transition=draft, skill=skill, kind=TransitionSkill.Kind.TO_BUILD)

    response = client.get(skill.get_absolute_url())

    assertContains(response, "<em>databases</em>", html=True)
    assertContains(response, '<li class="chip">Postgres</li>', html=True)
    assert response.context["transferable"] == [has_it]
    assert response.context["to_build"] == [builds_it]
    assertNotContains(response, draft.get_absolute_url())


def test_skill_page_query_count_is_fixed(client, make_skill, make_transition, django_assert_num_queries):
    small = make_skill()
    TransitionSkill.objects.create(transition=make_transition(), skill=small, kind=TransitionSkill.Kind.TRANSFERABLE)
    with django_assert_num_queries(SKILL_QUERIES):
        client.get(small.get_absolute_url())
    big = make_skill()
    for _ in range(8):
        TransitionSkill.objects.create(transition=make_transition(), skill=big, kind=TransitionSkill.Kind.TO_BUILD)
    with django_assert_num_queries(SKILL_QUERIES):
        client.get(big.get_absolute_url())


def test_certification_page_shows_provider_link_and_transitions(client, make_certification, make_transition):
    certification = make_certification(provider="Amazon Web Services", description="For **builders**.")
    recommending = make_transition(certifications=0)
    draft = make_transition(certifications=0, published=False)
    for transition in (recommending, draft):
        transition.certification_links.create(certification=certification)

    response = client.get(certification.get_absolute_url())

    assertContains(response, "Amazon Web Services")
    assertContains(response, f'href="{certification.url}" rel="noopener"')
    assertContains(response, "<strong>builders</strong>", html=True)
    assertContains(response, recommending.get_absolute_url())
    assertNotContains(response, draft.get_absolute_url())


def test_certification_page_query_count_is_fixed(
    client, make_certification, make_transition, django_assert_num_queries
):
    small = make_certification()
    make_transition(certifications=0).certification_links.create(certification=small)
    with django_assert_num_queries(CERTIFICATION_QUERIES):
        client.get(small.get_absolute_url())
    big = make_certification()
    for _ in range(8):
        make_transition(certifications=0).certification_links.create(certification=big)
    with django_assert_num_queries(CERTIFICATION_QUERIES):
        client.get(big.get_absolute_url())


@pytest.mark.parametrize("name", ["transitions:role", "transitions:skill", "transitions:certification"])
def test_unknown_slugs_are_404(client, db, name):
    assert client.get(reverse(name, args=["nothing-here"])).status_code == 404


# --- Search ----------------------------------------------------------------------------------------


def test_search_without_a_query_shows_a_prompt(client, db):
    response = client.get(reverse("transitions:search"))

    assert response.status_code == 200
    assertContains(response, "What would you like to find?")


def test_search_groups_results(client, seed, make_skill, make_certification):
    make_skill(name="Bank reconciliation")
    make_certification(name="Certified Bank Auditor")
    draft = Transition.objects.create(
        from_role=seed.to_role, to_role=seed.from_role, slug="draft-bank", summary="x", intro="x",
        timeline_min_months=1, timeline_max_months=2,
    )  # fmt: skip

    response = client.get(reverse("transitions:search"), {"q": "bank"})

    results = response.context["results"]
    assert results["guides"] == [seed]
    assert [role.name for role in results["roles"]] == ["Bank Analyst"]
    assert [skill.name for skill in results["skills"]] == ["Bank reconciliation"]
    assert [c.name for c in results["certifications"]] == ["Certified Bank Auditor"]
    assertContains(response, seed.get_absolute_url())
    assertNotContains(response, draft.get_absolute_url())


def test_search_with_no_match_says_so(client, seed):
    response = client.get(reverse("transitions:search"), {"q": "zebra keeper"})

    assertContains(response, "Nothing matches “zebra keeper”.")


def test_search_ignores_nul_characters(client, seed):
    # PostgreSQL refuses NUL in text: a pasted one must not turn the search into an error page.
    response = client.get(reverse("transitions:search"), {"q": "Bank\x00 Analyst"})

    assert response.context["query"] == "Bank Analyst"
    assert response.context["results"]["guides"] == [seed]


def test_search_trims_a_long_query(client, seed):
    response = client.get(reverse("transitions:search"), {"q": "bank " + "x" * 5000})

    assert response.status_code == 200
    assert len(response.context["query"]) == 200


# --- Errors ----------------------------------------------------------------------------------------


def test_500_page_renders_without_a_request_or_the_database():
    # No `db` fixture: any query would raise.
    html = get_template("500.html").render()

    assert "Something went wrong" in html
    assert '<html lang="en">' in html


# A URLconf where the three tools exist, to check the detail page links them once they do.
def _tool_page(request, slug):
    return HttpResponse("tool")


urlpatterns = [
    path(
        "",
        include(
            (
                [
                    *transitions_urls.urlpatterns,
                    path("transitions/<slug:slug>/resume-check/", _tool_page, name="resume_check"),
                    path("transitions/<slug:slug>/resume-builder/", _tool_page, name="resume_builder"),
                    path("roles/<slug:slug>/ai-risk/", _tool_page, name="ai_risk"),
                ],
                "transitions",
            )
        ),
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("accounts.urls")),
]


@pytest.mark.urls(__name__)
def test_detail_links_the_tools_once_their_pages_exist(client, seed):
    response = client.get(seed.get_absolute_url())

    resume_check = reverse("transitions:resume_check", args=[seed.slug])
    builder = reverse("transitions:resume_builder", args=[seed.slug])
    ai_risk = reverse("transitions:ai_risk", args=[seed.to_role.slug])
    assertContains(
        response,
        f"""<ul class="tool-links">
          <li><a class="btn btn-outline-primary" href="{resume_check}">Optimize Your Resume for This Transition</a></li>
          <li><a class="btn btn-outline-primary" href="{builder}">Build a Career Change Resume</a></li>
          <li><a class="btn btn-outline-primary" href="{ai_risk}">Check AI Risk for ML Engineer</a></li>
        </ul>""",
        html=True,
    )
