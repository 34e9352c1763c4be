"""A visitor follows the seed guide's "Build a Career Change Resume", signs up, builds a resume from the guide,
adds a job and reorders its achievements, prints it at A4, downloads the PDF, exports JSON Resume and imports
it again as a new resume with the same content; and the same editing with JavaScript off.
"""

import io
import json
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.mail import wait_for_mail
from accounts.models import Resume, User
from accounts.resume_json import VALIDATOR
from tests.e2e.conftest import DESKTOP, SCREENSHOTS, SEED_SLUG, assert_accessible, assert_no_horizontal_scroll
from transitions.models import Transition

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-learner-passphrase-7"


@pytest.fixture
def seed(demo_content):
    return Transition.objects.get(slug=SEED_SLUG)


def check_accessible(page):
    page.mouse.move(0, 0)
    page.emulate_media(reduced_motion="reduce")
    assert_accessible(page)


def settled(page):
    """Wait until htmx has no request, swap or settle under way: typing into a section being replaced is lost."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def add_job_with_two_points(page):
    """On the Experience section: a second job with two achievements, then the two swapped."""
    page.get_by_role("button", name="Add a job").click()
    settled(page)
    page.locator("#id_work-1-position").fill("Data analyst (secondment)")
    page.locator("#id_work-1-name").fill("First Bank Innovation Lab")
    page.locator("#id_work-1-startDate").fill("2024-02")
    page.get_by_role("button", name="Add a point to job 2").click()
    settled(page)
    page.locator("#work-1-highlights-0").fill("Built a churn model in scikit-learn")
    page.get_by_role("button", name="Add a point to job 2").click()
    settled(page)
    page.locator("#work-1-highlights-1").fill("Cut month-end reporting from 3 days to 4 hours")
    page.get_by_role("button", name="Down: job 2, point 1").click()
    settled(page)
    expect(page.locator("#work-1-highlights-0")).to_have_value("Cut month-end reporting from 3 days to 4 hours")
    expect(page.locator("#work-1-highlights-1")).to_have_value("Built a churn model in scikit-learn")


def assert_job_saved(resume):
    resume.refresh_from_db()
    assert resume.work[1] == {
        "name": "First Bank Innovation Lab",
        "position": "Data analyst (secondment)",
        "startDate": "2024-02",
        "highlights": ["Cut month-end reporting from 3 days to 4 hours", "Built a churn model in scikit-learn"],
    }


def test_learner_builds_prints_downloads_exports_and_imports_a_resume(page, url, seed, tmp_path, shoot):
    page.goto(url(seed.get_absolute_url()))
    page.get_by_role("link", name="Build a Career Change Resume").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Build a career change resume for ML Engineer")
    check_accessible(page)

    page.get_by_role("link", name="Create a free account").click()
    page.get_by_label("Email").fill("omar@example.com")
    page.get_by_label("Your name").fill("Omar Haddad")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # The address is confirmed by the emailed link, which opens a page with one button.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    wait_for_mail()
    link = re.search(r"https?://\S+/accounts/signup/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Create my account").click()

    # Back on the builder, signed in.
    expect(page).to_have_url(url(reverse("transitions:resume_builder", args=[SEED_SLUG])))
    page.get_by_role("button", name="Start a resume for ML Engineer").click()
    expect(page.get_by_label("Headline")).to_have_value("ML Engineer, bringing Bank Analyst experience")
    expect(page.get_by_label("Your name")).to_have_value("Omar Haddad")
    check_accessible(page)
    resume = Resume.objects.get(user__email="omar@example.com")

    page.get_by_role("navigation", name="Resume sections").get_by_role("link", name="Skills").click()
    expect(page.locator("#id_skills-0-name")).to_have_value("Financial data analysis")
    expect(page.locator("#id_skills-5-level")).to_have_value("Learning")

    page.get_by_role("navigation", name="Resume sections").get_by_role("link", name="Experience").click()
    expect(page.locator("#id_work-0-position")).to_have_value("Bank Analyst")
    # From here on nothing reloads the page: htmx swaps the section in place.
    page.evaluate("window.stillTheSamePage = true")
    add_job_with_two_points(page)
    assert page.evaluate("window.stillTheSamePage") is True
    assert_job_saved(resume)
    check_accessible(page)
    shoot(page, "resume-editor-experience")
    for size in [DESKTOP, {"width": 375, "height": 812}]:
        page.set_viewport_size(size)
        assert_no_horizontal_scroll(page)
    page.set_viewport_size(DESKTOP)

    # The print preview at A4: what the printer gets, as a screenshot and as Chromium's own PDF.
    page.get_by_role("link", name="Print preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Omar Haddad")
    check_accessible(page)
    shoot(page, "resume-print-preview")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Resume")).to_be_hidden()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=SCREENSHOTS / "resume-print-a4.png", full_page=True)
    printed = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    assert "Cut month-end reporting" in printed.pages[0].extract_text()
    page.emulate_media(media="screen")
    page.set_viewport_size(DESKTOP)

    # The server's PDF.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = PdfReader(download.value.path())
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Omar Haddad" in text
    assert text.index("Cut month-end reporting") < text.index("Built a churn model")
    assert pdf.metadata.author == "Omar Haddad"

    # Export JSON Resume, then import it as a new resume.
    page.get_by_role("link", name="Back to the editor").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export JSON Resume").click()
    exported = tmp_path / "resume.json"
    download.value.save_as(exported)
    document = json.loads(exported.read_text())
    assert not list(VALIDATOR.iter_errors(document))
    assert document["work"][1]["highlights"][0] == "Cut month-end reporting from 3 days to 4 hours"

    page.goto(url(reverse("accounts:dashboard")))
    page.get_by_role("link", name="Import a JSON Resume").click()
    check_accessible(page)
    page.get_by_label("JSON Resume file").set_input_files(exported)
    page.get_by_label("Name of the new resume").fill("Imported copy")
    page.get_by_role("button", name="Import as a new resume").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imported copy")
    imported = Resume.objects.get(title="Imported copy")
    resume.refresh_from_db()
    assert imported.content == resume.content

    # The two print the same.
    page.goto(url(reverse("accounts:resume_print", args=[resume.pk])))
    original_text = page.locator(".resume-sheet").inner_text()
    page.goto(url(reverse("accounts:resume_print", args=[imported.pk])))
    assert page.locator(".resume-sheet").inner_text() == original_text

    page.goto(url(reverse("accounts:dashboard")))
    expect(page.get_by_role("link", name="Imported copy")).to_be_visible()
    expect(page.get_by_text("For ML Engineer (from Bank Analyst)")).to_be_visible()


def test_the_same_editing_works_with_javascript_off(browser, live_server, seed):
    User.objects.create_user(email="rosa@example.com", password=PASSWORD, display_name="Rosa")
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    builder = reverse("transitions:resume_builder", args=[SEED_SLUG])
    page.goto(f"{live_server.url}{builder}")
    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Email").fill("rosa@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(builder) + "$"))
    page.get_by_role("button", name="Start a resume for ML Engineer").click()
    resume = Resume.objects.get(user__email="rosa@example.com")

    page.get_by_role("navigation", name="Resume sections").get_by_role("link", name="Experience").click()
    add_job_with_two_points(page)
    assert_job_saved(resume)

    # A mistake keeps what was typed and saves nothing.
    page.locator("#id_work-1-endDate").fill("last spring")
    page.locator("#work-1-highlights-0").fill("Changed but not saved")
    page.get_by_role("button", name="Save experience").first.click()
    expect(page.get_by_text("2019, 2019-03 or 2019-03-31")).to_be_visible()
    expect(page.locator("#work-1-highlights-0")).to_have_value("Changed but not saved")
    assert_job_saved(resume)

    # Fixed, it saves and comes back to the same section.
    page.locator("#id_work-1-endDate").fill("")
    page.locator("#work-1-highlights-0").fill("Cut month-end reporting from 3 days to 4 hours")
    page.get_by_role("button", name="Save experience").first.click()
    expect(page.get_by_text("Experience saved.")).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:resume_edit", args=[resume.pk, "work"])) + "$"))
    assert_job_saved(resume)
    context.close()
