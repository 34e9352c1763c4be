"""Reading a resume's text from .txt, .docx and .pdf bytes, and refusing what is not a resume."""

import io

import docx
import pypdf
import pytest

from tests.resume_files import (
    RESUME_TXT,
    docx_bytes,
    entity_bomb,
    pdf_bytes,
    resume_file,
    zip_bomb,
)
from transitions.resume.documents import MAX_CHARACTERS, MAX_FILE_BYTES, DocumentError, extract_text, unwrap
from transitions.resume.matching import split_sentences


def refusal(filename, data):
    with pytest.raises(DocumentError) as error:
        extract_text(filename, data)
    return str(error.value)


def test_the_sample_resume_reads_the_same_from_txt_docx_and_pdf():
    text = RESUME_TXT.read_text(encoding="utf-8")
    words = {token.folded for sentence in split_sentences(text) for token in sentence.tokens}

    for extension in ["docx", "pdf"]:
        extracted = extract_text(f"resume.{extension}", resume_file(extension))
        found = {token.folded for sentence in split_sentences(extracted) for token in sentence.tokens}
        assert found == words, extension
        assert "Built a logistic regression scorecard for small-business loans that cut manual reviews" in extracted


def test_docx_list_items_keep_their_bullets():
    bullets = RESUME_TXT.read_text(encoding="utf-8").count("\n- ")

    assert extract_text("r.docx", resume_file("docx")).count("\n- ") == bullets == 19


def test_txt_in_utf8_cp1252_and_utf16_is_read():
    assert extract_text("r.txt", "Modélisation".encode()) == "Modélisation"
    assert extract_text("r.txt", "Modélisation".encode("cp1252")) == "Modélisation"
    assert extract_text("r.txt", "Modélisation".encode("utf-16")) == "Modélisation"


def test_control_characters_and_nul_are_dropped():
    assert extract_text("r.txt", b"SQL\x00 and\x07 Excel\r\n") == "SQL and Excel"


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("resume.txt", b"", "The file is empty."),
        ("resume.exe", b"MZ...", "Upload a .pdf, .docx or .txt file."),
        ("resume", b"text", "Upload a .pdf, .docx or .txt file."),
        ("resume.txt", b"x" * (MAX_FILE_BYTES + 1), "larger than 2 MB"),
        ("resume.txt", b"word " * (MAX_CHARACTERS // 5 + 10), "longer than 50,000 characters"),
        ("resume.txt", bytes(range(256)) * 40, "not plain text"),
        ("resume.txt", b"   \n\t  ", "no text"),
        ("resume.docx", b"PK\x03\x04 not really a zip", "could not be read"),
        ("resume.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .doc", "password-protected or an old .doc"),
        ("resume.docx", resume_file("pdf"), "could not be read"),
        ("resume.docx", zip_bomb(), "unpacks to far more than a resume"),
        ("resume.pdf", b"%PDF-1.4 broken", "could not be read"),
        ("resume.pdf", resume_file("pdf")[:900], "could not be read"),
        ("resume.pdf", resume_file("docx"), "could not be read"),
        ("resume.pdf", pdf_bytes(), "looks scanned"),
        ("resume.pdf", pdf_bytes(encrypt="secret"), "password-protected"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(filename, data, message):
    assert message in refusal(filename, data)


def test_a_docx_with_an_entity_bomb_is_refused_without_expanding_it():
    assert "could not be read" in refusal("r.docx", entity_bomb())


def test_a_pdf_locked_only_against_editing_opens():
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(resume_file("pdf"))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)

    assert "Maria Okafor" in extract_text("r.pdf", out.getvalue())


def test_a_passed_deadline_stops_the_reading():
    with pytest.raises(DocumentError, match="took too long"):
        extract_text("r.docx", docx_bytes("Python"), deadline=0)


def test_wrapped_pdf_lines_are_joined_but_bullets_and_headings_are_not():
    long = "Built a logistic regression scorecard for small-business loans that cut"
    assert unwrap(f"{long}\nmanual reviews by 35%.\n- Next bullet\nSKILLS") == (
        f"{long} manual reviews by 35%.\n- Next bullet\nSKILLS"
    )


def test_docx_tables_and_numbered_lists_are_read_in_order():
    document = docx.Document()
    document.add_paragraph("SKILLS")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "SQL", "Python"
    document.add_paragraph("Built dashboards", style="List Number")
    out = io.BytesIO()
    document.save(out)

    assert extract_text("r.docx", out.getvalue()) == "SKILLS\nSQL  Python\n- Built dashboards"
