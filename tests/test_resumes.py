"""The career change resume builder: starting from a guide, editing by section, print, PDF and JSON Resume."""

import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import Journey, Resume, StepProgress
from accounts.resume_draft import summary_draft
from accounts.resume_json import VALIDATOR, export_document
from tests.test_bad_input import fuzz, text, values
from transitions.models import Skill, TransitionSkill

HTMX = {"HX-Request": "true"}


@pytest.fixture
def resume(learner):
    return Resume.objects.create(
        user=learner,
        title="ML resume",
        basics={"name": "Lee Learner", "label": "ML Engineer", "email": "lee@example.com"},
        work=[
            {
                "position": "Bank analyst",
                "name": "First Bank",
                "highlights": ["Built risk models", "Cut reporting time"],
            }
        ],
        skills=[{"name": "SQL", "keywords": ["PostgreSQL"]}],
    )


def edit_url(resume, section):
    return reverse("accounts:resume_edit", args=[resume.pk, section])


def work_post(entries, action="save"):
    """The experience section's form as a browser posts it."""
    data = {"work-total": str(len(entries)), "action": action}
    for index, entry in enumerate(entries):
        for key, value in entry.items():
            data[f"work-{index}-{key}"] = value
    return data


# --- The guide's link and starting a resume ------------------------------------------------------------


def test_guide_links_to_the_builder(client, transition):
    response = client.get(transition.get_absolute_url())
    assertContains(response, reverse("transitions:resume_builder", args=[transition.slug]))
    assertContains(response, "Build a Career Change Resume")


def test_visitor_sees_what_the_builder_does_and_signs_up_coming_back(client, transition):
    url = reverse("transitions:resume_builder", args=[transition.slug])
    response = client.get(url)
    assertContains(response, f"Build a career change resume for {transition.to_role}")
    assertContains(response, f"{reverse('accounts:signup')}?next={url.replace('/', '%2F')}")
    assertContains(response, f"{reverse('login')}?next={url.replace('/', '%2F')}")
    assertNotContains(response, reverse("accounts:resume_new"))


def test_builder_of_a_draft_guide_is_404(client, make_transition):
    draft = make_transition(published=False)
    assert client.get(reverse("transitions:resume_builder", args=[draft.slug])).status_code == 404


def test_new_resume_is_prefilled_from_the_guide_and_progress(client, learner, make_transition, make_skill):
    transition = make_transition(steps=0, to_build=0)
    python = make_skill(name="Python programming", keywords="Python, pandas")
    cloud = make_skill(name="Cloud computing", keywords="AWS")
    TransitionSkill.objects.create(transition=transition, skill=python, kind="to_build", order=0)
    TransitionSkill.objects.create(transition=transition, skill=cloud, kind="to_build", order=1)
    learn = transition.steps.create(position=1, title="Learn Python and pandas basics")
    build = transition.steps.create(position=2, title="Build a credit-risk model on open data")
    transition.steps.create(position=3, title="Build a deployed service")
    journey = Journey.objects.start(learner, transition)
    journey.mark_step(learn, status=StepProgress.Status.SKIPPED)
    journey.mark_step(build, status=StepProgress.Status.DONE)
    journey.save_note(build, "Logistic regression on 30k loans, published on GitHub.")

    client.force_login(learner)
    response = client.post(reverse("accounts:resume_new"), {"transition": transition.slug})
    resume = learner.resumes.get()
    assertRedirects(response, resume.get_absolute_url())

    assert resume.transition == transition
    assert resume.basics["name"] == "Lee Learner"
    assert resume.basics["email"] == learner.email
    assert str(transition.to_role) in resume.basics["label"]
    transferable = [link.skill.name for link in transition.skill_links.filter(kind="transferable")]
    for name in transferable:
        assert name.lower() in resume.basics["summary"]
    skills = {skill["name"]: skill for skill in resume.skills}
    assert set(skills) == {*transferable, "Python programming", "Cloud computing"}
    assert "level" not in skills["Python programming"]  # a finished step mentions it
    assert skills["Cloud computing"]["level"] == "Learning"
    assert not any("keywords" in skill for skill in resume.skills)  # the check's vocabulary is no claim
    assert [c["name"] for c in resume.certificates] == [
        link.certification.name for link in transition.certification_links.all()
    ]
    assert {c["status"] for c in resume.certificates} == {"planned"}
    # Only steps done that made something, with the learner's own note.
    assert resume.projects == [
        {"name": build.title, "description": "Logistic regression on 30k loans, published on GitHub."}
    ]
    assert resume.work == [{"position": str(transition.from_role)}]
    # Everything pre-filled is shown for editing.
    response = client.get(edit_url(resume, "skills"))
    assertContains(response, 'value="Learning"')
    response = client.get(edit_url(resume, "projects"))
    assertContains(response, "Logistic regression on 30k loans")


def test_learner_on_the_builder_page_sees_their_resumes_for_it(client, learner, transition):
    client.force_login(learner)
    mine = Resume.objects.create(user=learner, transition=transition, title="For this guide")
    Resume.objects.create(user=learner, title="Another")
    response = client.get(reverse("transitions:resume_builder", args=[transition.slug]))
    assertContains(response, mine.get_absolute_url())
    assertNotContains(response, "Another")
    assertContains(response, reverse("accounts:resume_new"))


def test_blank_resume_without_a_transition(client, learner):
    client.force_login(learner)
    client.post(reverse("accounts:resume_new"))
    resume = learner.resumes.get()
    assert resume.transition is None
    assert resume.basics == {"name": "Lee Learner", "email": learner.email}


# --- Editing ---------------------------------------------------------------------------------------------


def test_basics_save_returns_to_the_section_and_renames(client, learner, resume):
    client.force_login(learner)
    data = {"title": "Renamed", "name": "Lee L.", "label": "ML Engineer", "email": "lee@example.com", "city": "Leeds"}
    response = client.post(edit_url(resume, "basics"), data)
    assertRedirects(response, edit_url(resume, "basics"))
    resume.refresh_from_db()
    assert resume.title == "Renamed"
    assert resume.basics["name"] == "Lee L."
    assert resume.basics["location"] == {"city": "Leeds"}
    assert resume.basics["email"] == "lee@example.com"


def test_too_long_field_keeps_typed_text_and_saves_nothing(client, learner, resume):
    client.force_login(learner)
    long_summary = "x" * 3001
    response = client.post(edit_url(resume, "summary"), {"summary": long_summary})
    assert response.status_code == 400
    assertContains(response, "at most 3,000 characters (it has 3001)", status_code=400)
    assertContains(response, long_summary, status_code=400)
    resume.refresh_from_db()
    assert "summary" not in resume.basics


def test_add_an_experience_entry_without_javascript(client, learner, resume):
    client.force_login(learner)
    current = {"position": "Bank analyst", "name": "First Bank", "highlights": ["Built risk models"]}
    response = client.post(edit_url(resume, "work"), work_post([current], action="add"))
    assert response.status_code == 200
    assertContains(response, 'name="work-total" value="2"')
    assertContains(response, "Job 2")
    new = {
        "position": "Data intern",
        "name": "Fintech Ltd",
        "startDate": "2025-01",
        "highlights": ["Shipped a model", ""],
    }
    response = client.post(edit_url(resume, "work"), work_post([current, new]))
    assertRedirects(response, edit_url(resume, "work"))
    resume.refresh_from_db()
    assert resume.work == [
        {"name": "First Bank", "position": "Bank analyst", "highlights": ["Built risk models"]},
        {"name": "Fintech Ltd", "position": "Data intern", "startDate": "2025-01", "highlights": ["Shipped a model"]},
    ]


def test_blank_added_entry_is_dropped_not_refused(client, learner, resume):
    client.force_login(learner)
    entries = [{"position": "Bank analyst"}, {"position": "", "name": "", "highlights": [""]}]
    assertRedirects(client.post(edit_url(resume, "work"), work_post(entries)), edit_url(resume, "work"))
    resume.refresh_from_db()
    assert resume.work == [{"position": "Bank analyst"}]


def test_reorder_bullets_and_entries(client, learner, resume):
    client.force_login(learner)
    entry = {
        "position": "Bank analyst",
        "name": "First Bank",
        "highlights": ["Built risk models", "Cut reporting time"],
    }
    other = {"position": "Teller"}
    response = client.post(edit_url(resume, "work"), work_post([entry, other], action="bullet-down:0:0"))
    assertRedirects(response, edit_url(resume, "work") + "#work-0", fetch_redirect_response=False)
    resume.refresh_from_db()
    assert resume.work[0]["highlights"] == ["Cut reporting time", "Built risk models"]
    client.post(edit_url(resume, "work"), work_post([entry, other], action="up:1"))
    resume.refresh_from_db()
    assert [job["position"] for job in resume.work] == ["Teller", "Bank analyst"]
    client.post(edit_url(resume, "work"), work_post([entry, other], action="remove:0"))
    resume.refresh_from_db()
    assert [job["position"] for job in resume.work] == ["Teller"]


def test_htmx_reorder_answers_with_the_section_alone(client, learner, resume):
    client.force_login(learner)
    entry = {"position": "Bank analyst", "highlights": ["A", "B"]}
    response = client.post(edit_url(resume, "work"), work_post([entry], action="bullet-up:0:1"), headers=HTMX)
    assert response.status_code == 200
    assertNotContains(response, "<html")
    assertContains(response, 'id="resume-section"')
    assertContains(response, "Experience saved.")
    resume.refresh_from_db()
    assert resume.work[0]["highlights"] == ["B", "A"]


def test_bad_entry_keeps_typed_text_shows_errors_and_saves_nothing(client, learner, resume):
    client.force_login(learner)
    before = resume.work
    entries = [{"position": "Typed title", "startDate": "March 2019", "highlights": ["y" * 301]}]
    response = client.post(edit_url(resume, "work"), work_post(entries), headers=HTMX)
    assert response.status_code == 400
    assert response["HX-Reswap"] == "outerHTML"
    assertContains(response, "Typed title", status_code=400)
    assertContains(response, "2019, 2019-03 or 2019-03-31", status_code=400)
    assertContains(response, "keep each to at most 300", status_code=400)
    resume.refresh_from_db()
    assert resume.work == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"work-total": "abc"}, "The form is incomplete"),
        ({"work-total": "31"}, "at most 30 entries"),
        ({"work-total": "1", "work-0-position": "X", "action": "explode"}, "Unknown button"),
        ({"work-total": "1", "work-0-position": "X", "action": "remove:7"}, "no longer there"),
        ({"work-total": "1", "work-0-position": "X", "action": "bullet-up:0:9"}, "no longer there"),
    ],
)
def test_forged_section_posts_are_refused_clearly(client, learner, resume, data, message):
    client.force_login(learner)
    before = resume.work
    response = client.post(edit_url(resume, "work"), data)
    assertContains(response, message, status_code=400)
    resume.refresh_from_db()
    assert resume.work == before


def test_unknown_section_is_404(client, learner, resume):
    client.force_login(learner)
    assert client.get(edit_url(resume, "hobbies")).status_code == 404


def test_certificate_status_is_the_learners_choice(client, learner, resume):
    client.force_login(learner)
    data = {"certificates-total": "2", "action": "save"}
    data |= {"certificates-0-name": "AWS ML", "certificates-0-status": "in_progress", "certificates-0-date": "2027"}
    data |= {"certificates-1-name": "Old cert", "certificates-1-status": "earned"}
    client.post(edit_url(resume, "certificates"), data)
    resume.refresh_from_db()
    assert resume.certificates == [{"name": "AWS ML", "status": "in_progress", "date": "2027"}, {"name": "Old cert"}]
    response = client.get(reverse("accounts:resume_print", args=[resume.pk]))
    assertContains(response, "(in progress, expected 2027)")


def test_every_section_page_renders(client, learner, resume):
    client.force_login(learner)
    for section in [
        "basics",
        "profiles",
        "summary",
        "work",
        "projects",
        "education",
        "certificates",
        "skills",
        "languages",
    ]:
        response = client.get(edit_url(resume, section))
        assert response.status_code == 200, section


def test_edit_page_queries_do_not_grow_with_content(client, learner, django_assert_num_queries, settings):
    # Sessions in the database, so the count is the same with and without the Redis session cache.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client.force_login(learner)
    small = Resume.objects.create(user=learner, title="Small", work=[{"position": "A"}])
    big = Resume.objects.create(
        user=learner, title="Big", work=[{"position": f"Job {n}", "highlights": ["x"] * 5} for n in range(25)]
    )
    for name in ["resume_print", "resume_export"]:
        with django_assert_num_queries(3):
            client.get(reverse(f"accounts:{name}", args=[small.pk]))
        with django_assert_num_queries(3):
            client.get(reverse(f"accounts:{name}", args=[big.pk]))
    with django_assert_num_queries(3):
        client.get(edit_url(small, "work"))
    with django_assert_num_queries(3):
        client.get(edit_url(big, "work"))


# --- Duplicate, delete, dashboard, account data ------------------------------------------------------------


def test_duplicate_copies_everything(client, learner, resume):
    client.force_login(learner)
    response = client.post(reverse("accounts:resume_duplicate", args=[resume.pk]))
    copy = learner.resumes.exclude(pk=resume.pk).get()
    assertRedirects(response, copy.get_absolute_url())
    assert copy.title == "Copy of ML resume"
    assert copy.content == resume.content


def test_delete_asks_first_then_deletes(client, learner, resume):
    client.force_login(learner)
    response = client.get(reverse("accounts:resume_delete", args=[resume.pk]))
    assertContains(response, "Delete “ML resume”?")
    assert Resume.objects.filter(pk=resume.pk).exists()
    assertRedirects(client.post(reverse("accounts:resume_delete", args=[resume.pk])), reverse("accounts:dashboard"))
    assert not Resume.objects.filter(pk=resume.pk).exists()


def test_dashboard_lists_resumes_with_target_and_last_change(
    client, learner, transition, django_assert_num_queries, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client.force_login(learner)
    Resume.objects.create(user=learner, transition=transition, title="Targeted")
    Resume.objects.create(user=learner, title="Untargeted")
    response = client.get(reverse("accounts:dashboard"))
    assertContains(response, f"For {transition.to_role} (from {transition.from_role})")
    assertContains(response, "No target")
    assertContains(response, "Changed <time")
    for n in range(5):
        Resume.objects.create(user=learner, transition=transition, title=f"More {n}")
    # Session, user, journeys (none: so no progress and no resume checks to ask for), resumes.
    with django_assert_num_queries(4):
        client.get(reverse("accounts:dashboard"))


def test_resumes_are_in_download_my_data_and_deleted_with_the_account(client, learner, resume):
    client.force_login(learner)
    data = json.loads(client.get(reverse("accounts:export_data")).content)
    assert data["resumes"][0]["title"] == "ML resume"
    assert data["resumes"][0]["work"][0]["highlights"] == ["Built risk models", "Cut reporting time"]
    client.post(reverse("accounts:delete_account"), {"password": "correct-horse-battery-staple"})
    assert not Resume.objects.exists()


# --- Print, PDF and JSON Resume ----------------------------------------------------------------------------


def test_print_page_is_a_clean_single_column_with_paper_sizes(client, learner, resume):
    client.force_login(learner)
    response = client.get(reverse("accounts:resume_print", args=[resume.pk]))
    assertContains(response, "<h1>Lee Learner</h1>", html=True)
    assertContains(response, "resume-a4.css")
    assertNotContains(response, 'class="site-header')
    response = client.get(reverse("accounts:resume_print", args=[resume.pk]), {"paper": "letter"})
    assertContains(response, "resume-letter.css")


def sample_resume(user, jobs):
    return Resume.objects.create(
        user=user,
        title="Sample",
        basics={"name": "Sam Sample", "label": "ML Engineer", "email": "sam@example.com", "summary": "Analyst to ML."},
        work=[
            {
                "position": f"Analyst {n}",
                "name": f"Bank {n}",
                "startDate": "2015-01",
                "endDate": "2018-12",
                "summary": "Credit risk and reporting for the retail bank, working with underwriting.",
                "highlights": [f"Achievement {n}.{k} that took real effort and saved money" for k in range(4)],
            }
            for n in range(jobs)
        ],
        skills=[{"name": "SQL", "keywords": ["PostgreSQL", "BigQuery"]}],
    )


def test_pdf_has_the_text_title_author_fonts_and_pages(client, learner):
    client.force_login(learner)
    resume = sample_resume(learner, jobs=2)
    response = client.get(reverse("accounts:resume_pdf", args=[resume.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="sample-')
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Sam Sample" in text
    assert "Achievement 1.3" in text
    assert reader.metadata.title == "Sam Sample — ML Engineer"
    assert reader.metadata.author == "Sam Sample"
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert any("Inter" in font for font in fonts), fonts
    assert all(
        "/FontFile2" in font.get_object()["/DescendantFonts"][0]["/FontDescriptor"]
        for font in [f.get_object() for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    )


def test_a_longer_resume_makes_a_two_page_pdf_with_no_heading_left_at_a_page_foot(client, learner):
    client.force_login(learner)
    resume = sample_resume(learner, jobs=9)
    response = client.get(reverse("accounts:resume_pdf", args=[resume.pk]), {"paper": "letter"})
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    first_page = [line for line in reader.pages[0].extract_text().splitlines() if line.strip()]
    assert not first_page[-1].startswith("Analyst"), "an entry's heading was left alone at the foot of page 1"
    assert "SKILLS" in reader.pages[1].extract_text()


def test_json_export_follows_the_schema_and_round_trips(client, learner, resume):
    client.force_login(learner)
    response = client.get(reverse("accounts:resume_export", args=[resume.pk]))
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert not list(VALIDATOR.iter_errors(document))
    upload = io.BytesIO(response.content)
    upload.name = "resume.json"
    response = client.post(reverse("accounts:resume_import"), {"file": upload, "title": "Imported"})
    imported = learner.resumes.get(title="Imported")
    assertRedirects(response, imported.get_absolute_url())
    assert imported.content == resume.content
    assert (
        client.get(reverse("accounts:resume_export", args=[imported.pk])).content
        == client.get(reverse("accounts:resume_export", args=[resume.pk])).content
    )


def test_import_of_another_tools_file_names_what_it_left_out(client, learner):
    client.force_login(learner)
    document = {
        "basics": {
            "name": "Ada",
            "image": "https://example.com/me.png",
            "location": {"city": "Paris", "postalCode": "75001"},
        },
        "work": [{"name": "Acme", "position": "Analyst", "highlights": ["Did things"]}],
        "awards": [{"title": "Best analyst"}],
    }
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "other.json"
    response = client.post(reverse("accounts:resume_import"), {"file": upload}, follow=True)
    resume = learner.resumes.get()
    assert resume.title == "Ada"
    assert resume.basics == {"name": "Ada", "location": {"city": "Paris"}}
    assertContains(response, "left out: awards, basics.image, basics.location.postalCode")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8 text"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "not a JSON Resume document"),
        (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
        (json.dumps({"work": [{"startDate": "yesterday"}]}).encode(), "work[0].startDate"),
        (json.dumps({"hacked": True}).encode(), "Additional properties are not allowed"),
        (json.dumps({"basics": {"name": 5}}).encode(), "basics.name: 5 is not of type &#x27;string&#x27;"),
        (json.dumps({"work": [{"position": "x" * 500}]}).encode(), "work[0].position (Job title): Keep this"),
        (json.dumps({"work": [{"position": "Nul\u0000"}]}).encode(), "work[0].position"),
        (json.dumps({"basics": {"email": "not-an-email"}}).encode(), "basics.email"),
        (json.dumps({"skills": [{"name": "x"}] * 31}).encode(), "at most 30 per section"),
        (json.dumps({"basics": {"url": "javascript:alert(1)"}}).encode(), "basics.url"),
        (b"{" + b'"a": 1,' * 40_000 + b"}", "at most 200 KB"),
    ],
)
def test_hostile_or_bad_files_get_a_clear_message_and_nothing_saved(client, learner, content, message):
    client.force_login(learner)
    upload = io.BytesIO(content)
    upload.name = "bad.json"
    response = client.post(reverse("accounts:resume_import"), {"file": upload})
    assertContains(response, "Nothing was imported", status_code=400)
    assertContains(response, message, status_code=400)
    assert not Resume.objects.exists()


def test_import_without_a_file_says_so(client, learner):
    client.force_login(learner)
    assertContains(client.post(reverse("accounts:resume_import"), {}), "Choose a file to import.", status_code=400)


def test_export_document_is_valid_for_a_prefilled_resume(client, learner, transition):
    client.force_login(learner)
    client.post(reverse("accounts:resume_new"), {"transition": transition.slug})
    assert not list(VALIDATOR.iter_errors(export_document(learner.resumes.get())))


# --- Check this resume -------------------------------------------------------------------------------------


def test_check_button_posts_the_resume_to_its_targets_resume_check(client, learner, transition):
    client.force_login(learner)
    untargeted = Resume.objects.create(user=learner, title="No target", basics={"name": "Lee"})
    assertNotContains(client.get(edit_url(untargeted, "basics")), "Check this resume")
    resume = Resume.objects.create(user=learner, transition=transition, title="R", basics={"name": "Lee"})

    response = client.get(edit_url(resume, "basics"))

    check_url = reverse("transitions:resume_check", args=[transition.slug])
    assertContains(response, f'<form method="post" action="{check_url}">')
    assertContains(response, 'name="resume_text" value="Lee')
    assert client.post(check_url, {"resume_text": "Lee"}).status_code == 200


# --- Privacy: another learner's ids, visitors, CSRF ----------------------------------------------------------

PAGES = ["resume_print", "resume_pdf", "resume_export", "resume_delete"]
ACTIONS = ["resume_duplicate", "resume_delete", "resume_target"]


def all_resume_urls(resume):
    urls = [("get", reverse(f"accounts:{name}", args=[resume.pk])) for name in PAGES]
    urls += [("get", edit_url(resume, section)) for section in ["basics", "work"]]
    urls += [("post", reverse(f"accounts:{name}", args=[resume.pk])) for name in ACTIONS]
    urls += [("post", edit_url(resume, "basics")), ("post", edit_url(resume, "work"))]
    return urls


def test_another_learner_gets_404_and_changes_nothing(client, make_user, resume):
    client.force_login(make_user())
    before = resume.content, resume.title
    for method, url in all_resume_urls(resume):
        data = {"title": "Hacked", "name": "Hacked"} if "basics" in url else work_post([{"position": "Hacked"}])
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, url
    resume.refresh_from_db()
    assert (resume.content, resume.title) == before
    assert Resume.objects.count() == 1


def test_visitors_are_sent_to_log_in_and_change_nothing(client, resume):
    before = resume.content
    for method, url in [
        *all_resume_urls(resume),
        ("get", reverse("accounts:resume_import")),
        ("post", reverse("accounts:resume_new")),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    resume.refresh_from_db()
    assert resume.content == before
    assert Resume.objects.count() == 1


def test_csrf_is_enforced_on_every_change(learner, resume, transition):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    before = resume.content, resume.title
    posts = [url for method, url in all_resume_urls(resume) if method == "post"]
    posts += [reverse("accounts:resume_new"), reverse("accounts:resume_import")]
    for url in posts:
        assert client.post(url, {"transition": transition.slug, "title": "x"}).status_code == 403, url
    resume.refresh_from_db()
    assert (resume.content, resume.title) == before
    assert Resume.objects.count() == 1


@pytest.mark.parametrize(
    ("names", "keywords", "summary"),
    [
        ([], "", "Bank Analyst moving into ML Engineer work."),
        (
            ["Statistical modeling"],
            "",
            "Bank Analyst moving into ML Engineer work, bringing statistical modeling from my current role.",
        ),
        (
            ["Financial data analysis", "Excel and SQL proficiency"],
            "Excel, SQL",
            "Bank Analyst moving into ML Engineer work, bringing financial data analysis and Excel and SQL proficiency"
            " from my current role.",
        ),
        (
            ["SQL", "Python programming", "A/B testing"],
            "",
            "Bank Analyst moving into ML Engineer work, bringing SQL, python programming and A/B testing"
            " from my current role.",
        ),
    ],
)
def test_summary_draft_names_the_skills_as_the_guide_does(names, keywords, summary):
    skills = [Skill(name=name, keywords=keywords) for name in names]
    assert summary_draft("Bank Analyst", "ML Engineer", skills) == summary


# --- Hostile input in the editor: a message and a 4xx, never a 500, nothing lost -----------------------------

WORK_KEYS = [
    "work-total",
    "action",
    *(f"work-{i}-{name}" for i in range(3) for name in ["position", "startDate", "url", "highlights"]),
]


@settings(fuzz, max_examples=40)
@given(data=st.dictionaries(st.sampled_from(WORK_KEYS), values))
def test_a_hostile_experience_post_is_saved_or_refused_never_an_error(client, learner, data):
    resume, _ = Resume.objects.get_or_create(user=learner, title="Fuzzed", defaults={"work": [{"position": "Kept"}]})
    client.force_login(learner)
    before = resume.work
    response = client.post(edit_url(resume, "work"), data)
    assert response.status_code in {200, 302, 400}
    resume.refresh_from_db()
    if response.status_code == 400:
        assert resume.work == before
    for entry in resume.work:
        assert "\x00" not in json.dumps(entry)


@settings(fuzz, max_examples=25)
@given(data=st.dictionaries(st.sampled_from(["title", "name", "email", "url", "countryCode", "summary"]), values))
def test_hostile_basics_are_saved_or_refused_never_an_error(client, learner, data):
    resume, _ = Resume.objects.get_or_create(user=learner, title="Fuzzed")
    client.force_login(learner)
    assert client.post(edit_url(resume, "basics"), data).status_code in {302, 400}
    assert client.post(edit_url(resume, "summary"), data).status_code in {302, 400}


def test_htmx_add_answers_with_the_section_and_a_blank_entry_to_fill(client, learner, resume):
    client.force_login(learner)
    entries = [{"position": "Bank analyst", "name": "First Bank"}]
    response = client.post(edit_url(resume, "work"), work_post(entries, action="add"), headers=HTMX)
    assert response.status_code == 200
    assertNotContains(response, "<html")
    assertContains(response, 'name="work-total" value="2"')
    assert re.search(r'<input[^>]*name="work-1-position"[^>]*autofocus', response.content.decode())
    assertNotContains(response, "This field is required")
    resume.refresh_from_db()
    assert resume.work == [{"name": "First Bank", "position": "Bank analyst"}]


@pytest.mark.parametrize("slug", ["nul\x00byte", "x" * 5000, "../etc", "no-such-guide"])
def test_starting_a_resume_for_a_bad_transition_is_404(client, learner, slug):
    client.force_login(learner)
    assert client.post(reverse("accounts:resume_new"), {"transition": slug}).status_code == 404
    assert not Resume.objects.exists()


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(text, children, max_size=4)),
    max_leaves=12,
)
section_keys = st.sampled_from(["basics", "work", "skills", "certificates", "languages", "awards", "meta", "x"])
entry_keys = st.sampled_from(["name", "position", "highlights", "keywords", "status", "url", "startDate", "language"])
documents = st.dictionaries(
    section_keys,
    st.one_of(json_values, st.lists(st.dictionaries(entry_keys, json_values, max_size=4), max_size=3)),
    max_size=4,
)


@settings(fuzz, max_examples=40)
@given(document=documents)
def test_any_json_file_is_imported_or_refused_never_an_error(client, learner, document):
    client.force_login(learner)
    upload = io.BytesIO(json.dumps(document).encode())
    upload.name = "fuzz.json"
    before = Resume.objects.count()
    response = client.post(reverse("accounts:resume_import"), {"file": upload})
    assert response.status_code in {302, 400}
    assert Resume.objects.count() == before + (response.status_code == 302)


def test_adding_past_the_limit_says_so_and_keeps_what_was_typed(client, learner, resume):
    client.force_login(learner)
    entries = [{"position": f"Job {n}"} for n in range(29)] + [{"position": "Typed just now"}]
    response = client.post(edit_url(resume, "work"), work_post(entries, action="add"))
    assertContains(response, "at most 30 entries", status_code=400)
    assertContains(response, 'value="Typed just now"', status_code=400)
    resume.refresh_from_db()
    assert len(resume.work) == 1


def test_the_target_can_change_or_go(client, learner, resume, transition, make_transition):
    client.force_login(learner)
    draft = make_transition(published=False)
    assertContains(client.get(edit_url(resume, "basics")), "No particular transition")
    url = reverse("accounts:resume_target", args=[resume.pk])
    assertRedirects(client.post(url, {"transition": transition.pk}), resume.get_absolute_url())
    resume.refresh_from_db()
    assert resume.transition == transition
    response = client.post(url, {"transition": draft.pk}, follow=True)
    assertContains(response, "Choose one of the published transitions")
    resume.refresh_from_db()
    assert resume.transition == transition
    client.post(url, {"transition": ""})
    resume.refresh_from_db()
    assert resume.transition is None
    assert resume.work  # the content stays


def test_links_print_with_or_without_an_address(client, learner, resume):
    client.force_login(learner)
    data = {"profiles-total": "2", "profiles-0-network": "GitHub", "profiles-0-username": "lee"}
    data |= {"profiles-1-network": "Portfolio", "profiles-1-url": "https://lee.example.com/"}
    assertRedirects(client.post(edit_url(resume, "profiles"), data), edit_url(resume, "profiles"))
    resume.refresh_from_db()
    assert resume.basics["profiles"] == [
        {"network": "GitHub", "username": "lee"},
        {"network": "Portfolio", "url": "https://lee.example.com/"},
    ]
    response = client.get(reverse("accounts:resume_print", args=[resume.pk]))
    assertContains(response, "<span>GitHub: lee</span>", html=True)
    assertContains(response, '<a href="https://lee.example.com/">https://lee.example.com/</a>', html=True)
