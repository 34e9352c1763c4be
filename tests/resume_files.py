"""Hostile and ordinary resume files for the resume-check tests: built in memory, nothing written to disk."""

import io
import zipfile
from pathlib import Path

import docx
import pypdf
import yaml

from transitions.models import Certification, Skill, Step, TransitionCertification, TransitionSkill

DATA = Path(__file__).resolve().parent / "data"
RESUME_TXT = DATA / "bank-analyst-resume.txt"
CONTENT = DATA.parents[1] / "content"


def resume_file(extension):
    return (DATA / f"bank-analyst-resume.{extension}").read_bytes()


def docx_bytes(*paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb():
    """A .docx-named zip whose one part inflates to 200 MB from a few hundred kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(200):
                part.write(block)
    return out.getvalue()


def entity_bomb():
    """A .docx whose document part declares nested XML entities ("billion laughs")."""
    laughs = '<!DOCTYPE w [<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    original = zipfile.ZipFile(io.BytesIO(docx_bytes("Hello")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, rest = data.decode().partition("?>")
                data = (head + "?>" + laughs + "]>" + rest.replace("Hello", "&j;")).encode()
            archive.writestr(item, data)
    return out.getvalue()


def pdf_bytes(*, encrypt=None):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(612, 792)
    if encrypt:
        writer.encrypt(encrypt, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_seed_guide(make_role, make_transition, make_industry):
    """The reference transition with the content file's own skills, keywords, certifications and steps."""
    content = yaml.safe_load((CONTENT / "10-finance-tech-data-health.yaml").read_text(encoding="utf-8"))
    seed = next(t for t in content["transitions"] if t["slug"] == "bank-analyst-to-ml-engineer")
    skills = {skill["slug"]: skill for skill in content["skills"]}
    certifications = {c["slug"]: c for c in content["certifications"]}
    industry = make_industry()
    transition = make_transition(
        from_role=make_role(name="Bank Analyst", slug="bank-analyst", industry=industry, salary=65_000),
        to_role=make_role(name="ML Engineer", slug="ml-engineer", industry=industry, salary=120_000),
        slug=seed["slug"],
        steps=0,
        transferable=0,
        to_build=0,
        certifications=0,
    )
    for kind, key in [(TransitionSkill.Kind.TRANSFERABLE, "transferable"), (TransitionSkill.Kind.TO_BUILD, "to_build")]:
        for order, slug in enumerate(seed[key]):
            data = skills[slug]
            skill = Skill.objects.create(slug=slug, name=data["name"], keywords=", ".join(data.get("keywords", [])))
            TransitionSkill.objects.create(transition=transition, skill=skill, kind=kind, order=order)
    for order, item in enumerate(seed["certifications"]):
        data = certifications[item["slug"] if isinstance(item, dict) else item]
        certification = Certification.objects.create(
            slug=data["slug"], name=data["name"], provider=data["provider"], url=data["url"]
        )
        TransitionCertification.objects.create(transition=transition, certification=certification, order=order)
    for position, step in enumerate(seed["steps"], start=1):
        title = step if isinstance(step, str) else step["title"]
        Step.objects.create(transition=transition, position=position, title=title)
    return transition
