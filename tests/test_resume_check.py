"""The resume check page: paste or upload, read the result, save it to a journey (learners only)."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import Journey, SavedResumeCheck
from tests.resume_files import RESUME_TXT, make_seed_guide, resume_file, zip_bomb
from transitions.resume.documents import MAX_CHARACTERS, MAX_FILE_BYTES

# The transition, then its skills, certifications and steps.
CHECK_QUERIES = 4
# And every skill's name and keywords, for the job advert.
ADVERT_QUERIES = 5
RESUME = RESUME_TXT.read_text(encoding="utf-8")


@pytest.fixture
def seed(make_role, make_transition, make_industry, settings):
    # A loaded test machine must not turn a result into "took too long"; the limit has its own test.
    settings.RESUME_CHECK_TIME_LIMIT = 30
    return make_seed_guide(make_role, make_transition, make_industry)


def url(transition):
    return reverse("transitions:resume_check", args=[transition.slug])


def upload(extension, data=None, name=None):
    return SimpleUploadedFile(name or f"resume.{extension}", resume_file(extension) if data is None else data)


def found_skills(response):
    report = response.context["report"]
    return {r.skill.name for r in report.transferable + report.to_build if r.evidence}


def test_the_guide_links_the_resume_check_in_the_seeds_words(client, seed):
    response = client.get(seed.get_absolute_url())

    assertContains(
        response,
        f'<a class="btn btn-outline-primary" href="{url(seed)}">Optimize Your Resume for This Transition</a>',
        html=True,
    )


def test_the_form_comes_first_for_a_visitor(client, seed):
    response = client.get(url(seed))

    assertContains(response, "<h1>Optimize Your Resume for This Transition</h1>", html=True)
    assertContains(response, 'name="resume_text"')
    assertContains(response, 'type="file"')
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_pasted_resume_gets_a_score_evidence_gaps_and_suggestions(client, seed):
    response = client.post(url(seed), {"resume_text": RESUME})

    assert response.status_code == 200
    report = response.context["report"]
    assert found_skills(response) == {
        "Financial data analysis",
        "Statistical modeling",
        "Risk assessment frameworks",
        "Excel and SQL proficiency",
        "Regulatory compliance understanding",
        "Python and machine learning libraries (scikit-learn, TensorFlow)",
    }
    assertContains(response, f'{report.score}<span class="stat-unit">/100</span>')
    assertContains(response, "<mark>regression</mark>")
    assertContains(response, "How the score is made up")
    assertContains(response, "Listed, in progress")  # the DeepLearning.AI specialization
    assertContains(response, "First step 3 (“Study deep learning fundamentals")
    assertContains(response, "Name “Statistical modeling” in your summary")
    assertContains(response, "List the certification you are taking as “AWS Machine Learning Specialty (in progress)”")
    assertContains(response, "Found “machine learning engineering”")
    assertContains(response, "We look for: “ML Engineer”, “Machine Learning Engineer”.")
    assertContains(response, "“helped” (2 times)")


def test_the_score_adds_up_from_its_parts(client, seed):
    report = client.post(url(seed), {"resume_text": RESUME}).context["report"]

    assert [part["out_of"] for part in report.parts] == [40, 30, 10, 10, 10]
    assert report.score == round(sum(part["points"] for part in report.parts))
    assert 0 < report.score < 100


@pytest.mark.parametrize("extension", ["txt", "docx", "pdf"])
def test_an_uploaded_resume_finds_what_the_pasted_one_does(client, seed, extension):
    pasted = client.post(url(seed), {"resume_text": RESUME})

    uploaded = client.post(url(seed), {"resume_file": upload(extension)})

    assert uploaded.status_code == 200
    assert found_skills(uploaded) == found_skills(pasted)
    assert uploaded.context["report"].score == pasted.context["report"].score


def test_a_job_advert_shows_the_skills_the_resume_lacks_next_to_the_guides_view(client, seed, make_skill):
    make_skill(name="Containers and Kubernetes", keywords="Kubernetes, Docker, Helm")
    advert = "We want Python, PyTorch, Docker and Kubernetes experience. SQL is a plus."

    response = client.post(url(seed), {"resume_text": RESUME, "job_advert": advert})

    advert_report = response.context["report"].advert
    missing = {row["term"]: row["guide"] for row in advert_report["missing"]}
    assert missing == {"PyTorch": "to build", "Docker": "to build", "Kubernetes": ""}
    assert {row["term"] for row in advert_report["present"]} >= {"SQL"}
    assertContains(response, "the guide lists it as to build")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Paste your resume or upload it"),
        ({"resume_text": "   "}, "Paste your resume or upload it"),
        ({"resume_text": "x" * (MAX_CHARACTERS + 1)}, "longer than 50,000 characters"),
        ({"resume_text": "SQL\x00"}, "Null characters are not allowed."),
        ({"resume_text": RESUME, "job_advert": "x" * 20_001}, "The job advert is longer than 20,000 characters."),
    ],
)
def test_bad_text_is_refused_with_a_message(client, seed, data, message):
    response = client.post(url(seed), data)

    assertContains(response, message, status_code=400)
    assert response.context["report"] is None


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (lambda: upload("txt", b"x" * (MAX_FILE_BYTES + 1)), "The file is larger than 2 MB."),
        (lambda: upload("exe", b"MZ"), "Upload a .pdf, .docx or .txt file."),
        (lambda: upload("docx", zip_bomb()), "unpacks to far more than a resume"),
        (lambda: upload("pdf", b"%PDF-1.7 garbage"), "This PDF could not be read."),
        (lambda: upload("txt", b""), "The submitted file is empty."),
    ],
)
def test_bad_files_are_refused_with_a_message(client, seed, file, message):
    response = client.post(url(seed), {"resume_file": file()})

    assertContains(response, message, status_code=400)


@pytest.mark.parametrize("data", [{"resume_text": RESUME}, {"resume_file": "pdf"}])
def test_work_past_the_time_limit_is_refused_with_a_message(client, seed, settings, data):
    settings.RESUME_CHECK_TIME_LIMIT = 0
    if "resume_file" in data:
        data = {"resume_file": upload("pdf")}

    response = client.post(url(seed), data)

    assertContains(response, "took too long", status_code=400)


def test_an_oversized_upload_is_never_written_to_disk(client, seed, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # Django would spill anything bigger to disk

    response = client.post(url(seed), {"resume_file": upload("txt", b"SQL " * (MAX_FILE_BYTES // 4 + 1000))})

    assertContains(response, "The file is larger than 2 MB.", status_code=400)
    assert client.post(url(seed), {"resume_file": upload("pdf")}).status_code == 200
    assert list(tmp_path.iterdir()) == []


def test_nothing_a_visitor_sends_is_stored_or_logged(client, seed, caplog, django_assert_num_queries):
    with caplog.at_level("DEBUG"), django_assert_num_queries(CHECK_QUERIES) as queries:
        client.post(url(seed), {"resume_text": RESUME, "job_advert": ""})

    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries.captured_queries)
    assert "Okafor" not in caplog.text
    assert not client.session.keys()


def test_unknown_and_draft_guides_are_not_found(client, make_transition):
    draft = make_transition(published=False)

    assert client.get(url(draft)).status_code == 404
    assert client.get(reverse("transitions:resume_check", args=["no-such-guide"])).status_code == 404


def test_the_check_takes_a_fixed_number_of_queries(client, make_transition, django_assert_num_queries):
    small = make_transition(steps=1, transferable=1, to_build=1, certifications=1)
    big = make_transition(steps=30, transferable=15, to_build=15, certifications=10)

    for transition in [small, big]:
        with django_assert_num_queries(CHECK_QUERIES):
            assert client.get(url(transition)).status_code == 200
        with django_assert_num_queries(CHECK_QUERIES):
            assert client.post(url(transition), {"resume_text": RESUME}).status_code == 200
        with django_assert_num_queries(ADVERT_QUERIES):
            client.post(url(transition), {"resume_text": RESUME, "job_advert": "Python and SQL"})


# --- Saving a result to a journey -------------------------------------------------------------------------


def save_url(transition):
    return reverse("accounts:save_resume_check", args=[transition.slug])


def test_a_visitor_is_offered_to_log_in_and_cannot_save(client, seed):
    response = client.post(url(seed), {"resume_text": RESUME})
    assertContains(response, "to save results to your journey")
    assertNotContains(response, save_url(seed))

    response = client.post(save_url(seed), {"resume_text": RESUME})

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not SavedResumeCheck.objects.exists()


def test_a_learner_saves_the_score_and_gaps_without_the_text(client, learner, seed):
    client.force_login(learner)
    response = client.post(url(seed), {"resume_text": RESUME})
    assertContains(response, save_url(seed))
    score = response.context["report"].score

    response = client.post(save_url(seed), {"resume_text": RESUME})

    assertRedirects(response, reverse("accounts:dashboard"))
    saved = SavedResumeCheck.objects.get()
    assert saved.journey == Journey.objects.get(user=learner, transition=seed)
    assert saved.score == score
    assert "Deep learning architectures" in saved.missing_skills
    assert "Financial data analysis" not in saved.missing_skills
    assert saved.missing_certifications == [
        "AWS Machine Learning Specialty",
        "Google Professional Machine Learning Engineer",
    ]
    assert saved.resume_text == ""


def test_a_learner_may_keep_the_resume_text(client, learner, seed):
    client.force_login(learner)

    client.post(save_url(seed), {"resume_text": RESUME, "keep_text": "on"})

    assert SavedResumeCheck.objects.get().resume_text == RESUME.strip()


def test_the_score_is_computed_again_never_taken_from_the_form(client, learner, seed):
    client.force_login(learner)

    client.post(save_url(seed), {"resume_text": "Nothing relevant here.", "score": "100"})

    assert SavedResumeCheck.objects.get().score < 20


@pytest.mark.parametrize("text", ["", "\x00", "x" * (MAX_CHARACTERS + 1)])
def test_saving_bad_text_is_a_400_and_saves_nothing(client, learner, seed, text):
    client.force_login(learner)

    assert client.post(save_url(seed), {"resume_text": text}).status_code == 400
    assert not SavedResumeCheck.objects.exists()


def saved_check(journey, **fields):
    return SavedResumeCheck.objects.create(journey=journey, score=fields.pop("score", 61), **fields)


def test_saved_checks_show_on_the_dashboard_with_their_date(client, learner, seed):
    journey = Journey.objects.start(learner, seed)
    saved_check(journey, score=57, missing_skills=["Deep learning architectures"])
    client.force_login(learner)

    response = client.get(reverse("accounts:dashboard"))

    assertContains(response, "Saved resume checks")
    assertContains(response, "57/100")
    assertContains(response, "Deep learning architectures")
    assertContains(response, f'datetime="{SavedResumeCheck.objects.get().created_at.date().isoformat()}')


def test_the_dashboard_query_count_does_not_grow_with_saved_checks(
    client, learner, make_transition, django_assert_max_num_queries
):
    client.force_login(learner)
    journey = Journey.objects.start(learner, make_transition())
    saved_check(journey)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("accounts:dashboard"))
    for _ in range(10):
        saved_check(Journey.objects.start(learner, make_transition()))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("accounts:dashboard"))


def test_saved_checks_are_in_the_data_download(client, learner, seed):
    saved_check(Journey.objects.start(learner, seed), score=42, resume_text="My resume", missing_skills=["X"])
    client.force_login(learner)

    data = json.loads(client.get(reverse("accounts:export_data")).content)

    assert data["resume_checks"] == [
        {
            "transition_slug": seed.slug,
            "score": 42,
            "missing_skills": ["X"],
            "missing_certifications": [],
            "resume_text": "My resume",
            "created_at": SavedResumeCheck.objects.get().created_at.isoformat(),
        }
    ]


def test_saved_checks_go_with_the_account(client, learner, seed):
    saved_check(Journey.objects.start(learner, seed))
    client.force_login(learner)

    client.post(reverse("accounts:delete_account"), {"password": "correct-horse-battery-staple"})

    assert not SavedResumeCheck.objects.exists()


def test_a_learner_deletes_their_saved_check_but_never_another_learners(client, learner, make_user, seed):
    other = make_user()
    theirs = saved_check(Journey.objects.start(other, seed), resume_text="Their resume")
    mine = saved_check(Journey.objects.start(learner, seed))
    client.force_login(learner)

    assert client.post(reverse("accounts:delete_resume_check", args=[theirs.pk])).status_code == 404
    response = client.get(reverse("accounts:dashboard"))
    assertNotContains(response, "Their resume")
    assert len(re.findall(r'class="resume-check-item"', response.content.decode())) == 1
    assert client.get(reverse("accounts:delete_resume_check", args=[mine.pk])).status_code == 405

    assertRedirects(client.post(reverse("accounts:delete_resume_check", args=[mine.pk])), reverse("accounts:dashboard"))
    assert list(SavedResumeCheck.objects.all()) == [theirs]
    data = json.loads(client.get(reverse("accounts:export_data")).content)
    assert data["resume_checks"] == []


def test_keywords_an_editor_adds_in_the_admin_count_at_once(client, editor, seed):
    skill = seed.skill_links.get(skill__slug="deep-learning-architectures").skill
    resume = "SUMMARY\nBuilt a gradient boosting model.\n"
    assert "Deep learning architectures" not in found_skills(client.post(url(seed), {"resume_text": resume}))
    client.force_login(editor)

    response = client.post(
        reverse("admin:transitions_skill_change", args=[skill.pk]),
        {"name": skill.name, "slug": skill.slug, "description": "", "keywords": f"{skill.keywords}, gradient boosting"},
    )

    assert response.status_code == 302
    assert "Deep learning architectures" in found_skills(client.post(url(seed), {"resume_text": resume}))
