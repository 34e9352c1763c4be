"""Hostile input for the resume check: every Unicode category, binary junk, broken documents, huge texts.

The extractor only ever returns text or raises DocumentError (a message for the person); the matcher
always returns a report; the page always answers 200 with a result or 400 with a message, never a 500.
Derandomized, like tests/test_bad_input.py: every run tries the same examples.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.resume_files import entity_bomb, make_seed_guide, pdf_bytes, resume_file, zip_bomb
from transitions.resume.documents import MAX_CHARACTERS, DocumentError, extract_text
from transitions.resume.report import Guide, GuideCertification, GuideSkill, GuideStep, build_report

fuzz = settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

GUIDE = Guide(
    target_title="ML Engineer",
    transferable=(GuideSkill("Statistical modeling", ("regression", "R", "SAS")), GuideSkill("Excel", ("SQL",))),
    to_build=(GuideSkill("Python and machine learning libraries (scikit-learn, TensorFlow)", ("PyTorch", "C++")),),
    certifications=(GuideCertification("AWS Machine Learning Specialty"),),
    steps=(GuideStep(1, "Learn Python and scikit-learn"),),
)
VOCABULARY = [(skill.name, skill.keywords) for skill in GUIDE.transferable + GUIDE.to_build]

# Every category, lone surrogates included (the matcher may be handed any Python string).
any_text = st.text(st.characters(), max_size=400)
# What a browser can send: everything but lone surrogates.
form_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=400)
HUGE = [
    "a" * MAX_CHARACTERS,
    "1" * MAX_CHARACTERS,
    "@" * MAX_CHARACTERS,
    "x@" * (MAX_CHARACTERS // 2),
    "- " * (MAX_CHARACTERS // 2),
    "\n" * MAX_CHARACTERS,
    "R " * (MAX_CHARACTERS // 2),
    "2019 - " * (MAX_CHARACTERS // 7),
    "+1 " * (MAX_CHARACTERS // 3),
    ("Built SQL models. " * 3000)[:MAX_CHARACTERS],
    "é\u0301" * (MAX_CHARACTERS // 2),
    "\U0001f642" * MAX_CHARACTERS,
]


def mutations(data):
    """Damaged copies of a real document: truncated, bytes flipped, blocks dropped."""
    return st.one_of(
        st.integers(0, len(data)).map(lambda n: data[:n]),
        st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), min_size=1, max_size=20).map(
            lambda flips: bytes(_flip(data, flips))
        ),
        st.tuples(st.integers(0, len(data)), st.integers(1, 500)).map(
            lambda cut: data[: cut[0]] + data[cut[0] + cut[1] :]
        ),
    )


def _flip(data, flips):
    out = bytearray(data)
    for position, value in flips:
        out[position] = value
    return out


def assert_text_or_message(filename, data):
    try:
        text = extract_text(filename, data)
    except DocumentError as error:
        message = str(error)
        text = None
    if text is None:
        assert message.endswith(".")
    else:
        assert len(text) <= MAX_CHARACTERS
        assert "\x00" not in text


# --- The extractor --------------------------------------------------------------------------------------


@fuzz
@given(data=st.binary(max_size=4000), extension=st.sampled_from(["txt", "docx", "pdf", "doc", ""]))
def test_the_extractor_reads_or_refuses_binary_junk(data, extension):
    assert_text_or_message(f"resume.{extension}", data)


@fuzz
@given(data=mutations(resume_file("docx")))
def test_the_extractor_reads_or_refuses_a_damaged_docx(data):
    assert_text_or_message("resume.docx", data)


@fuzz
@given(data=mutations(resume_file("pdf")))
def test_the_extractor_reads_or_refuses_a_damaged_pdf(data):
    assert_text_or_message("resume.pdf", data)


@fuzz
@given(text=any_text)
def test_the_extractor_reads_text_in_any_unicode_category(text):
    assert_text_or_message("resume.txt", text.encode("utf-8", "surrogatepass"))


def nested_zip():
    inner = zip_bomb()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", inner)
    return out.getvalue()


def many_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(2000):
            archive.writestr(f"word/part{n}.xml", "")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("zip bomb", zip_bomb),
        ("zip in a zip", nested_zip),
        ("thousands of parts", many_parts),
        ("entity bomb", entity_bomb),
        ("encrypted pdf", lambda: pdf_bytes(encrypt="secret")),
        ("image-only pdf", pdf_bytes),
    ],
)
def test_the_extractor_refuses_hostile_documents(name, build):
    with pytest.raises(DocumentError):
        extract_text("resume.pdf" if "pdf" in name else "resume.docx", build())


# --- The matcher ----------------------------------------------------------------------------------------


@fuzz
@given(text=any_text, advert=any_text)
def test_the_matcher_reports_on_any_text(text, advert):
    report = build_report(text, GUIDE, advert=advert, vocabulary=VOCABULARY)

    assert 0 <= report.score <= 100
    for result in report.transferable + report.to_build:
        if result.evidence:
            assert result.evidence.found in result.evidence.sentence


@pytest.mark.parametrize("text", HUGE, ids=range(len(HUGE)))
def test_the_matcher_reports_on_huge_and_repetitive_texts(text):
    report = build_report(text, GUIDE, advert=text, vocabulary=VOCABULARY)

    assert 0 <= report.score <= 100


# --- The page -------------------------------------------------------------------------------------------


@pytest.fixture
def seed(make_role, make_transition, make_industry, settings):
    # A loaded test machine must not turn a result into "took too long"; the limit has its own test.
    settings.RESUME_CHECK_TIME_LIMIT = 30
    return make_seed_guide(make_role, make_transition, make_industry)


@fuzz
@given(
    data=st.dictionaries(st.sampled_from(["resume_text", "job_advert", "keep_text", "other"]), form_text, max_size=3)
)
def test_the_page_answers_any_form_with_a_result_or_a_message(client, seed, data):
    response = client.post(reverse("transitions:resume_check", args=[seed.slug]), data)

    assert response.status_code in {200, 400}
    if response.status_code == 200:
        assert response.context["report"] is not None
    else:
        assert response.context["form"].errors


@fuzz
@given(
    data=st.one_of(st.binary(max_size=3000), mutations(resume_file("docx")), mutations(resume_file("pdf"))),
    name=st.sampled_from(["resume.pdf", "resume.docx", "resume.txt", "resume", "résumé ✓.PDF", "a" * 300 + ".txt"]),
)
def test_the_page_answers_any_upload_with_a_result_or_a_message(client, seed, data, name):
    response = client.post(
        reverse("transitions:resume_check", args=[seed.slug]), {"resume_file": SimpleUploadedFile(name, data)}
    )

    assert response.status_code in {200, 400}


@pytest.mark.parametrize("text", HUGE, ids=range(len(HUGE)))
def test_the_page_answers_huge_pastes(client, seed, text):
    response = client.post(reverse("transitions:resume_check", args=[seed.slug]), {"resume_text": text})

    assert response.status_code in {200, 400}


@pytest.mark.parametrize(
    "build", [zip_bomb, nested_zip, entity_bomb, lambda: pdf_bytes(encrypt="x"), pdf_bytes], ids=range(5)
)
def test_the_page_refuses_hostile_documents_with_a_message(client, seed, build):
    data = build()
    name = "resume.pdf" if data.startswith(b"%PDF") else "resume.docx"

    response = client.post(
        reverse("transitions:resume_check", args=[seed.slug]), {"resume_file": SimpleUploadedFile(name, data)}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["resume_file"]
