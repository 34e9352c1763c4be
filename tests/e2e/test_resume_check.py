"""The resume check in a real browser: from the seed guide, paste or upload the sample resume, read the result."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import SavedResumeCheck, User
from tests.e2e.conftest import DESKTOP, SEED_SLUG, assert_accessible, assert_no_horizontal_scroll
from tests.resume_files import DATA, RESUME_TXT

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "correct-horse-battery-staple"
SHOWN = [
    "Financial data analysis",
    "Statistical modeling",
    "Risk assessment frameworks",
    "Excel and SQL proficiency",
    "Regulatory compliance understanding",
    "Python and machine learning libraries (scikit-learn, TensorFlow)",
]


def open_from_the_guide(page, url):
    page.goto(url(reverse("transitions:detail", args=[SEED_SLUG])))
    page.get_by_role("link", name="Optimize Your Resume for This Transition").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("transitions:resume_check", args=[SEED_SLUG]))))
    expect(page.get_by_role("heading", level=1)).to_have_text("Optimize Your Resume for This Transition")
    expect(page.get_by_role("button", name="Check my resume")).to_be_in_viewport()


def shown_skills(page):
    return page.locator(".resume-result.is-found > a").all_inner_texts()


def assert_result(page):
    expect(page.get_by_role("heading", name="Match score")).to_be_visible()
    expect(page.locator(".resume-evidence mark").first).to_be_visible()
    assert [skill for skill in shown_skills(page) if skill in SHOWN] == SHOWN


def test_visitor_pastes_the_sample_resume_and_reads_the_result(page, url, demo_content, shoot):
    open_from_the_guide(page, url)
    assert_accessible(page)

    page.get_by_label("Paste your resume").fill(RESUME_TXT.read_text(encoding="utf-8"))
    page.get_by_text("Compare with a job advert").click()
    page.get_by_label("Job advert (optional)").fill("We want Python, PyTorch, Docker and SQL.")
    page.get_by_role("button", name="Check my resume").click()

    assert_result(page)
    expect(page.get_by_role("heading", name="The job advert")).to_be_visible()
    expect(page.locator("main")).to_contain_text("First step 3")
    page.mouse.move(0, 0)
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_horizontal_scroll(page)
    shoot(page, "resume-check-pasted")
    page.get_by_role("link", name=re.compile("Back to")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career Change: Bank Analyst to ML Engineer")


def test_uploading_the_docx_and_the_pdf_finds_the_same_skills_as_pasting(page, url, demo_content):
    open_from_the_guide(page, url)
    page.get_by_label("Paste your resume").fill(RESUME_TXT.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Check my resume").click()
    pasted = shown_skills(page)
    score = page.locator(".stat-value").inner_text()

    for extension in ["docx", "pdf"]:
        page.get_by_label("Paste your resume").fill("")
        page.get_by_label("Or upload it").set_input_files(DATA / f"bank-analyst-resume.{extension}")
        page.get_by_role("button", name="Check my resume").click()
        assert_result(page)
        assert shown_skills(page) == pasted, extension
        assert page.locator(".stat-value").inner_text() == score, extension


def test_the_resume_check_works_without_javascript(browser, url, demo_content, shoot):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    open_from_the_guide(page, url)

    page.get_by_label("Or upload it").set_input_files(DATA / "bank-analyst-resume.pdf")
    page.get_by_role("button", name="Check my resume").click()
    assert_result(page)

    page.get_by_label("Paste your resume").fill("Not a resume at all")
    page.get_by_label("Or upload it").set_input_files(DATA / "bank-analyst-to-ml-engineer.txt")
    page.get_by_role("button", name="Check my resume").click()
    expect(page.get_by_role("heading", name="Match score")).to_be_visible()
    shoot(page, "resume-check-no-javascript")
    context.close()


def test_a_refused_file_says_why(page, url, demo_content, tmp_path):
    scanned = tmp_path / "scanned.pdf"
    scanned.write_bytes(b"%PDF-1.4\n% no pages at all\n")
    open_from_the_guide(page, url)

    page.get_by_label("Or upload it").set_input_files(scanned)
    page.get_by_role("button", name="Check my resume").click()

    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("PDF")
    assert_accessible(page)


def test_learner_saves_a_result_and_finds_it_on_the_dashboard(page, url, demo_content, shoot):
    User.objects.create_user(email="maria@example.com", password=PASSWORD)
    check_url = reverse("transitions:resume_check", args=[SEED_SLUG])
    page.goto(url(f"{reverse('login')}?next={check_url}"))
    page.get_by_label("Email").fill("maria@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(check_url)))

    page.get_by_label("Paste your resume").fill(RESUME_TXT.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Check my resume").click()
    score = page.locator(".stat-value").inner_text().replace("/100", "").strip()
    page.get_by_role("button", name="Save to my journey").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:dashboard"))))
    expect(page.get_by_role("heading", name="Saved resume checks")).to_be_visible()
    expect(page.locator(".resume-check-item")).to_contain_text(f"{score}/100")
    assert SavedResumeCheck.objects.get().resume_text == ""
    assert_accessible(page)
    shoot(page, "resume-check-saved")
