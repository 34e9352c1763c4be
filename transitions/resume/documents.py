"""The text of an uploaded resume (.pdf, .docx, .txt), read from bytes in memory. Plain Python, no Django.

Every refusal is a `DocumentError` whose message can be shown to the person as it is. The readers are
bounded: a file's size, a .docx's uncompressed size and number of parts, a PDF's pages and decoded
streams, the characters of text and the time spent (a deadline from `time.monotonic()`).
"""

import io
import logging
import re
import time
import unicodedata
import zipfile

import pypdf
from docx.oxml.parser import parse_xml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_CHARACTERS = 50_000
MAX_DOCX_UNCOMPRESSED = 20 * 1024 * 1024  # text, styles and a photo or two; a zip bomb is far beyond it
MAX_DOCX_PARTS = 500
MAX_PDF_PAGES = 20
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXTENSIONS = (".pdf", ".docx", ".txt")
# Control characters other than tab and newlines say "binary", not "text".
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BULLET_START = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25aa\u2023\u25e6\u2013\u2014]|\d{1,2}[.)])\s+")
WRAPPED_LINE = 40  # characters: shorter lines are never taken for wrapped ones


# pypdf warns about every flaw it repairs; a visitor's file is nobody's business, not even the log's.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class DocumentError(ValueError):
    """A file we cannot read, with a message for the person who sent it."""


class TooLong(DocumentError):
    pass


TOO_LONG = f"The resume is longer than {MAX_CHARACTERS:,} characters. Paste or upload only the resume itself."
TOO_SLOW = "This file took too long to read. Save it again as a plain PDF or .docx, or paste the text instead."


def extract_text(filename, data, *, deadline=None):
    """The text of the file, tidied: NFC, no control characters, at most MAX_CHARACTERS characters."""
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if not data:
        raise DocumentError("The file is empty.")
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == ".txt":
        text = _text_from_txt(data)
    elif extension == ".docx":
        text = _text_from_docx(data, deadline)
    elif extension == ".pdf":
        text = _text_from_pdf(data, deadline)
    else:
        raise DocumentError("Upload a .pdf, .docx or .txt file.")
    text = tidy(text)
    if len(text) > MAX_CHARACTERS:
        raise TooLong(TOO_LONG)
    if not text.strip():
        if extension == ".pdf":
            raise DocumentError(
                "This PDF has no text we can read: it looks scanned or made of images. "
                "Export it again from your word processor, or paste the text."
            )
        raise DocumentError("The file has no text in it.")
    return text


def tidy(text):
    """NFC, unix newlines, no control characters (NUL included), no trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = CONTROL.sub("", text)
    # Lone surrogates (from broken encodings) cannot be rendered or stored.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _in_time(deadline):
    if deadline is not None and time.monotonic() > deadline:
        raise DocumentError(TOO_SLOW)


def _text_from_txt(data):
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(CONTROL.findall(text[:5000])) > 10:
            break
        return text
    raise DocumentError("This .txt file is not plain text. Save it as UTF-8 text, or paste the text.")


def _text_from_docx(data, deadline):
    unreadable = DocumentError("This .docx file could not be read. Save it again from Word, or paste the text.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE file: an old .doc renamed, or a .docx that Word encrypted with a password.
        raise DocumentError(
            "This file is password-protected or an old .doc. Save it as .docx without a password, or paste the text."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise unreadable from None
    # zipfile never inflates a part beyond the size its header declares, so capping the declared sizes
    # caps the memory and time a zip bomb can take.
    if len(parts) > MAX_DOCX_PARTS or sum(part.file_size for part in parts) > MAX_DOCX_UNCOMPRESSED:
        raise DocumentError("This .docx file unpacks to far more than a resume. Save it again, or paste the text.")
    if any(part.flag_bits & 0x1 for part in parts):
        raise DocumentError("This .docx file is password-protected. Remove the password, or paste the text.")
    _in_time(deadline)
    try:
        # Only the document part is read, with python-docx's hardened parser (no entities, no network):
        # loading the whole package (styles, theme, thumbnails) would take ten times longer for no text.
        body = parse_xml(archive.read(_main_part(archive))).find(f"{W}body")
        blocks = []
        for child in body if body is not None else []:
            if child.tag == f"{W}p":
                blocks.append(_docx_paragraph(child))
            elif child.tag == f"{W}tbl":
                for row in child.iter(f"{W}tr"):
                    blocks.append("  ".join(_docx_text(cell) for cell in row.iter(f"{W}tc")))
            _in_time(deadline)
    except DocumentError:
        raise
    except Exception:
        # zipfile and lxml raise many kinds of error on damaged files; each one means "unreadable".
        raise unreadable from None
    return "\n".join(blocks)


def _main_part(archive):
    """The name of the main document part, as the package's relationships give it (usually word/document.xml)."""
    try:
        relationships = parse_xml(archive.read("_rels/.rels"))
    except KeyError:
        return "word/document.xml"
    for relationship in relationships:
        if relationship.get("Type", "").endswith("/officeDocument"):
            return relationship.get("Target", "").lstrip("/")
    return "word/document.xml"


def _docx_text(element):
    pieces = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            pieces.append(node.text or "")
        else:
            pieces.append("\t" if node.tag == f"{W}tab" else "\n")
    return "".join(pieces)


def _docx_paragraph(paragraph):
    """A paragraph's text; list items (numbered, or in a "List ..." style) keep a bullet, as on the page."""
    text = _docx_text(paragraph)
    properties = paragraph.find(f"{W}pPr")
    is_list = False
    if properties is not None:
        style = properties.find(f"{W}pStyle")
        is_list = properties.find(f"{W}numPr") is not None or (
            style is not None and style.get(f"{W}val", "").startswith("List")
        )
    return f"- {text}" if is_list and text.strip() else text


def unwrap(text):
    """Join the lines a PDF broke to fit its page width back into the sentences they were.

    A line about as long as the longest (it reached the margin) that does not end a sentence continues
    on the next line, unless that one is a bullet or a heading in capitals.
    """
    lines = text.split("\n")
    margin = max(WRAPPED_LINE, int(max(map(len, lines), default=0) * 0.75))
    joined = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (
            len(previous) >= margin
            and not previous.rstrip().endswith((".", "!", "?", ":", ";"))
            and line.strip()
            and not line.isupper()
            and not BULLET_START.match(line)
        ):
            joined[-1] = previous.rstrip() + " " + line.strip()
        else:
            joined.append(line)
    return "\n".join(joined)


def _text_from_pdf(data, deadline):
    unreadable = DocumentError("This PDF could not be read. Save it again as PDF, or paste the text.")
    limits = {
        "zlib_maximum_output_length": 10_000_000,
        "stream_decoding_work_maximum_length": 30_000_000,
        "image_maximum_buffer_size": 10_000_000,
        "xform_maximum_invocations_per_extraction": 200,
    }
    pages_text, length = [], 0
    try:
        with pypdf.apply_configuration(**limits):
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                # Many PDFs are only locked against editing and open with an empty password.
                try:
                    opened = reader.decrypt("")
                except Exception:
                    opened = 0
                if not opened:
                    raise DocumentError("This PDF is password-protected. Remove the password, or paste the text.")
            pages = reader.pages
            if len(pages) > MAX_PDF_PAGES:
                raise DocumentError(f"This PDF has {len(pages)} pages; a resume has at most {MAX_PDF_PAGES}.")
            for page in pages:
                _in_time(deadline)
                text = page.extract_text() or ""
                pages_text.append(text)
                length += len(text)
                if length > MAX_CHARACTERS * 2:
                    raise TooLong(TOO_LONG)
    except DocumentError:
        raise
    except Exception:
        # pypdf raises many kinds of error on damaged files (and RecursionError on hostile ones).
        raise unreadable from None
    _in_time(deadline)
    return unwrap("\n".join(pages_text))
