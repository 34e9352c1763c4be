"""Resource links on steps: web addresses only, shown in the step with their site, edited on the step's admin page,
read and written by the content files."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.test_content import SMALL_FILE
from tests.test_public_pages import DETAIL_QUERIES
from transitions.models import Step, StepLink

pytestmark = pytest.mark.django_db


def add_links(step, *links):
    for order, (title, url) in enumerate(links):
        StepLink.objects.create(step=step, title=title, url=url, order=order)


# --- The rule -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://files.example.com/a", "/relative/page", "https://", "not a url"]
)
def test_a_link_must_be_a_web_address(make_transition, url):
    link = StepLink(step=make_transition(steps=1).steps.get(), title="Somewhere", url=url)

    with pytest.raises(ValidationError) as error:
        link.full_clean()

    assert "url" in error.value.message_dict


def test_the_database_refuses_a_link_that_is_not_a_web_address(make_transition):
    step = make_transition(steps=1).steps.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        StepLink.objects.create(step=step, title="Script", url="javascript:alert(1)")


def test_a_link_names_its_site_without_www(make_transition):
    step = make_transition(steps=1).steps.get()

    assert StepLink(step=step, title="ML", url="https://www.coursera.org/specializations/x").host == "coursera.org"
    assert StepLink(step=step, title="Docs", url="https://docs.python.org/3/tutorial/").host == "docs.python.org"


# --- The guide page -------------------------------------------------------------------------------


def test_the_step_shows_its_links_with_their_site_in_the_same_tab(client, make_transition):
    guide = make_transition(steps=2)
    first, second = guide.steps.order_by("position")
    add_links(
        first,
        ("Machine Learning Specialization", "https://www.coursera.org/specializations/machine-learning-introduction"),
        ("The Python Tutorial", "https://docs.python.org/3/tutorial/"),
    )

    response = client.get(guide.get_absolute_url())

    assertContains(
        response,
        '<a href="https://www.coursera.org/specializations/machine-learning-introduction" rel="noopener">'
        'Machine Learning Specialization</a> <span class="step-link-host">— coursera.org</span>',
        html=True,
    )
    assertContains(response, '<a href="https://docs.python.org/3/tutorial/" rel="noopener">The Python Tutorial</a>')
    assertNotContains(response, 'target="_blank"')
    # A step with only links still gets its "How to do it" fold; one with nothing has none.
    assertContains(response, "How to do it", count=1)
    assert response.text.index("The Python Tutorial") < response.text.index(f'id="step-{second.pk}"')


def test_link_text_is_escaped(client, make_transition):
    guide = make_transition(steps=1)
    add_links(guide.steps.get(), ("<b>Bold</b> course", "https://example.com/?a=1&b=2"))

    response = client.get(guide.get_absolute_url())

    assertContains(response, "&lt;b&gt;Bold&lt;/b&gt; course")
    assertContains(response, 'href="https://example.com/?a=1&amp;b=2"')


def test_the_guide_page_queries_do_not_grow_with_links(client, make_transition, django_assert_num_queries):
    # Each size measured right after its own content is written (the first visitor after a change also asks
    # when the next scheduled guide goes live, see tests/test_public_pages.py).
    small = make_transition(steps=2)
    add_links(small.steps.first(), ("One", "https://example.com/1"))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(small.get_absolute_url())

    big = make_transition(steps=30)
    for step in big.steps.all():
        add_links(step, *[(f"Link {n}", f"https://example.com/{step.pk}/{n}") for n in range(3)])
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(big.get_absolute_url())


def test_a_new_link_shows_on_the_next_request(client, make_transition):
    guide = make_transition(steps=1)
    client.get(guide.get_absolute_url())

    add_links(guide.steps.get(), ("Fresh", "https://example.com/fresh"))

    assertContains(client.get(guide.get_absolute_url()), "Fresh</a>")


def test_a_ticked_step_keeps_its_links(client, learner, make_transition):
    guide = make_transition(steps=1)
    step = guide.steps.get()
    add_links(step, ("Course", "https://example.com/course"))
    client.force_login(learner)

    response = client.post(
        reverse("accounts:mark_step", args=[guide.slug, step.pk]), {"status": "done"}, headers={"HX-Request": "true"}
    )

    assertContains(response, '<a href="https://example.com/course" rel="noopener">Course</a>')


# --- The admin ------------------------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_each_step_on_the_transition_page_lists_its_links_and_links_to_its_own_page(editor_client, make_transition):
    guide = make_transition(steps=2)
    first = guide.steps.get(position=1)
    add_links(first, ("The Python Tutorial", "https://docs.python.org/3/tutorial/"))

    response = editor_client.get(reverse("admin:transitions_transition_change", args=[guide.pk]))

    step_page = reverse("admin:transitions_step_change", args=[first.pk])
    assertContains(
        response,
        f'The Python Tutorial — docs.python.org · <a href="{step_page}">Edit the links on the step\'s page</a>',
    )
    assertContains(response, "None yet · ")
    assertContains(response, "Save the step first, then add links on its own page.")


def test_editor_adds_links_on_the_step_page_and_a_bad_address_is_refused(editor_client, make_transition):
    step = make_transition(steps=1).steps.get()
    url = reverse("admin:transitions_step_change", args=[step.pk])
    form = {"links-TOTAL_FORMS": 2, "links-INITIAL_FORMS": 0, "links-MIN_NUM_FORMS": 0, "links-MAX_NUM_FORMS": 1000}
    assertContains(editor_client.get(url), step.title)

    refused = editor_client.post(
        url,
        form
        | {"links-0-title": "Course", "links-0-url": "https://example.com/c", "links-0-order": 0}
        | {"links-1-title": "Script", "links-1-url": "javascript:alert(1)", "links-1-order": 1},
    )
    assert refused.status_code == 200
    assertContains(refused, "Enter a valid URL.")
    assert not step.links.exists()

    saved = editor_client.post(
        url,
        form
        | {"links-0-title": "Course", "links-0-url": "https://example.com/c", "links-0-order": 0}
        | {"links-1-title": "", "links-1-url": "", "links-1-order": 0},  # the empty row, as a browser sends it
    )
    assert saved.status_code == 302, saved.context["errors"]
    assert [(link.title, link.url) for link in step.links.all()] == [("Course", "https://example.com/c")]


def test_steps_are_not_added_on_their_own_page(editor_client):
    assert editor_client.get(reverse("admin:transitions_step_add")).status_code == 403


# --- Content files --------------------------------------------------------------------------------

WITH_LINKS = SMALL_FILE.replace(
    "    steps: [Learn SQL, {title: Build a portfolio, detail: Three projects.}]\n",
    """    steps:
      - title: Learn SQL
        links:
          - {title: SQLBolt, url: "https://sqlbolt.com/"}
          - {title: PostgreSQL tutorial, url: "https://www.postgresql.org/docs/current/tutorial.html"}
      - {title: Build a portfolio, detail: Three projects.}
""",
)


@pytest.fixture
def content_file(tmp_path):
    return tmp_path / "content.yaml"


def test_load_reads_links_in_order_and_export_writes_them_back(content_file, tmp_path):
    content_file.write_text(WITH_LINKS)
    call_command("load_content", str(content_file))
    step = Step.objects.get(title="Learn SQL")
    assert [(link.title, link.host) for link in step.links.all()] == [
        ("SQLBolt", "sqlbolt.com"),
        ("PostgreSQL tutorial", "postgresql.org"),
    ]

    exported = tmp_path / "out.yaml"
    call_command("export_content", str(exported))
    call_command("load_content", str(exported))
    again = tmp_path / "again.yaml"
    call_command("export_content", str(again))

    assert (
        "  - title: Learn SQL\n    links:\n    - title: SQLBolt\n      url: https://sqlbolt.com/\n"
        in exported.read_text()
    )
    assert again.read_text() == exported.read_text()
    assert step.links.count() == 2


def test_loading_again_keeps_unchanged_links_and_applies_edits(content_file):
    content_file.write_text(WITH_LINKS)
    call_command("load_content", str(content_file))
    before = list(StepLink.objects.values_list("pk", flat=True))
    call_command("load_content", str(content_file))
    assert list(StepLink.objects.values_list("pk", flat=True)) == before

    content_file.write_text(WITH_LINKS.replace('          - {title: SQLBolt, url: "https://sqlbolt.com/"}\n', ""))
    call_command("load_content", str(content_file))
    assert [link.title for link in Step.objects.get(title="Learn SQL").links.all()] == ["PostgreSQL tutorial"]


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ('{title: Bad, url: "javascript:alert(1)"}', "the link 'Bad' of 'Learn SQL' has 'javascript:alert(1)'"),
        ('{title: Files, url: "ftp://example.com/x"}', "the link 'Files' of 'Learn SQL' has 'ftp://example.com/x'"),
        ('{title: "", url: "https://example.com/"}', "a link of 'Learn SQL' needs a title"),
        ('{url: "https://example.com/"}', "each link of 'Learn SQL' needs exactly a title and a url"),
        (
            '{title: SQLBolt, url: "https://sqlbolt.com/"}',
            "the link 'https://sqlbolt.com/' of 'Learn SQL' appears twice",
        ),
    ],
)
def test_a_bad_link_is_refused_naming_the_file_record_and_field(content_file, link, message):
    content_file.write_text(
        WITH_LINKS.replace(
            "      - {title: Build a portfolio", f"          - {link}\n      - {{title: Build a portfolio"
        )
    )

    with pytest.raises(CommandError) as error:
        call_command("load_content", str(content_file))

    assert f"{content_file}: transitions[0] (slug 'clerk-to-analyst'), field 'steps': {message}" in str(error.value)
    assert not StepLink.objects.exists()
