"""Write bank-analyst-resume.docx and .pdf from bank-analyst-resume.txt, the same resume in the three formats.

Run it after changing the text: `.venv/bin/python -m tests.data.make_resume_files`. The PDF is written by
hand (Helvetica, two pages, lines wrapped as a word processor would) so no PDF writer is needed.
"""

import textwrap
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "bank-analyst-resume.txt"
LINES_PER_PAGE = 48
FONT_SIZE = 9.5
WRAP = 92


def write_docx(lines, path):
    document = docx.Document()
    for line in lines:
        if line.isupper() and line.strip():
            document.add_heading(line.title(), level=2)
        elif line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    document.core_properties.author = "Maria Okafor"
    document.save(path)


def pdf_string(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def write_pdf(lines, path):
    wrapped = []
    for line in lines:
        # Bullets keep their marker on the first line only, as a word processor lays them out.
        wrapped.extend(textwrap.wrap(line, WRAP, subsequent_indent="  ") or [""])
    pages = [wrapped[i : i + LINES_PER_PAGE] for i in range(0, len(wrapped), LINES_PER_PAGE)]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"]  # fmt: skip
    page_ids = []
    for page_lines in pages:
        stream = [b"BT", f"/F1 {FONT_SIZE} Tf 14 TL 56 750 Td".encode()]
        for line in page_lines:
            stream.append(pdf_string(line) + b" Tj T*")
        stream.append(b"ET")
        content = b"\n".join(stream)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % content_id
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % n for n in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids)

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))


if __name__ == "__main__":
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    write_docx(lines, SOURCE.with_suffix(".docx"))
    write_pdf(lines, SOURCE.with_suffix(".pdf"))
    print(f"Wrote {SOURCE.with_suffix('.docx').name} and {SOURCE.with_suffix('.pdf').name}")
