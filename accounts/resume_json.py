"""Resumes to and from JSON Resume files, checked against the standard's published schema (jsonresume/).

An import is read in three passes, and nothing is saved unless all pass: the file must be small UTF-8
JSON, it must match the schema, and every entry must pass the same forms as the editor (lengths, dates,
addresses). Sections CareerHub does not edit are named to the learner and left out.
"""

import json
from pathlib import Path

from django.utils.datastructures import MultiValueDict
from jsonschema import Draft4Validator

from accounts.resume_forms import (
    MAX_ENTRIES,
    SECTIONS,
    BasicsForm,
    BulletsField,
    KeywordsField,
    SummaryForm,
    clean_entries,
)

SCHEMA = json.loads((Path(__file__).resolve().parent / "jsonresume" / "schema.json").read_text())
VALIDATOR = Draft4Validator(SCHEMA)
SCHEMA_URL = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
MAX_FILE_SIZE = 200 * 1024
MAX_ERRORS_SHOWN = 5
LIST_SECTIONS = ["work", "projects", "education", "certificates", "skills", "languages"]
BASICS_KEYS = ["name", "label", "email", "phone", "url", "summary", "location", "profiles"]
LOCATION_KEYS = ["city", "region", "countryCode"]


class ResumeFileError(ValueError):
    """A file we cannot import; the message says what is wrong, for the learner."""


# --- Export ------------------------------------------------------------------------------------------


def export_document(resume):
    """The resume as a JSON Resume document (a dict in the standard's key order)."""
    document = {"$schema": SCHEMA_URL, "basics": ordered_basics(resume.basics)}
    for slug in LIST_SECTIONS:
        keys = list(SECTIONS[slug].form_class.base_fields)
        document[slug] = [ordered(entry, keys) for entry in getattr(resume, slug)]
    document["meta"] = {"version": "v1.0.0"}
    return document


def export_bytes(resume):
    return (json.dumps(export_document(resume), indent=2, ensure_ascii=False) + "\n").encode()


def ordered_basics(basics):
    result = ordered(basics, BASICS_KEYS)
    if "location" in result:
        result["location"] = ordered(result["location"], LOCATION_KEYS)
    if "profiles" in result:
        result["profiles"] = [
            ordered(entry, list(SECTIONS["profiles"].form_class.base_fields)) for entry in result["profiles"]
        ]
    return result


def ordered(item, keys):
    return {key: item[key] for key in [*keys, *sorted(set(item) - set(keys))] if key in item}


# --- Import ------------------------------------------------------------------------------------------


def read_document(data):
    """The model fields of a resume read from a JSON Resume file's bytes, and notes on what was left out.

    Raises ResumeFileError naming what is wrong; the caller saves nothing then.
    """
    document = parse(data)
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda error: list(error.absolute_path))
    if errors:
        lines = [f"{where(error.absolute_path)}: {error.message}" for error in errors[:MAX_ERRORS_SHOWN]]
        more = len(errors) - MAX_ERRORS_SHOWN
        raise ResumeFileError(
            "The file does not follow the JSON Resume schema: "
            + "; ".join(lines)
            + (f"; and {more} more." if more > 0 else ".")
        )

    left_out = sorted(key for key in document if key not in {"$schema", "basics", "meta", *LIST_SECTIONS})
    basics_in = document.get("basics", {})
    left_out += [f"basics.{key}" for key in sorted(basics_in) if key not in BASICS_KEYS]
    location_in = basics_in.get("location", {})
    left_out += [f"basics.location.{key}" for key in sorted(location_in) if key not in LOCATION_KEYS]

    fields = {"basics": read_basics(basics_in, left_out)}
    for slug in LIST_SECTIONS:
        fields[slug] = read_section(slug, document.get(slug, []), left_out)
    return fields, left_out


def parse(data):
    if len(data) > MAX_FILE_SIZE:
        raise ResumeFileError(
            f"The file is {len(data) // 1024:,} KB; a resume file can be at most {MAX_FILE_SIZE // 1024} KB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ResumeFileError("The file is not UTF-8 text, so it cannot be a JSON Resume file.") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ResumeFileError(
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except RecursionError:
        raise ResumeFileError("The file nests too deeply to be a resume.") from None
    if not isinstance(document, dict):
        raise ResumeFileError("The file holds JSON, but not a JSON Resume document (it should be one object {…}).")
    return document


def read_basics(basics, left_out):
    location = basics.get("location", {})
    values = {
        "title": "Imported resume",
        **{key: basics.get(key, "") for key in ["name", "label", "email", "phone", "url"]},
    }
    values.update({key: location.get(key, "") for key in LOCATION_KEYS})
    form = BasicsForm(MultiValueDict({key: [value] for key, value in values.items()}))
    summary = SummaryForm(MultiValueDict({"summary": [basics.get("summary", "")]}))
    if not form.is_valid():
        raise ResumeFileError(form_problem("basics", form))
    if not summary.is_valid():
        raise ResumeFileError(form_problem("basics", summary))
    result = {key: value for key, value in form.cleaned_data.items() if value and key not in {"title", *LOCATION_KEYS}}
    if summary.cleaned_data["summary"]:
        result["summary"] = summary.cleaned_data["summary"]
    location = {key: form.cleaned_data[key] for key in LOCATION_KEYS if form.cleaned_data[key]}
    if location:
        result["location"] = location
    profiles = read_section("profiles", basics.get("profiles", []), left_out, path="basics.profiles")
    if profiles:
        result["profiles"] = profiles
    return result


def read_section(slug, items, left_out, path=None):
    section = SECTIONS[slug]
    path = path or slug
    if len(items) > MAX_ENTRIES:
        raise ResumeFileError(f"{path} has {len(items)} entries; CareerHub keeps at most {MAX_ENTRIES} per section.")
    fields = section.form_class.base_fields
    forms_ = []
    for index, item in enumerate(items):
        extra = sorted(set(item) - set(fields))
        left_out.extend(f"{path}[{index}].{key}" for key in extra)
        prefix = f"{slug}-{index}"
        data = MultiValueDict()
        for name, field in fields.items():
            value = item.get(name, "")
            if isinstance(field, BulletsField):
                data.setlist(f"{prefix}-{name}", list(value))
            elif isinstance(field, KeywordsField):
                data.setlist(f"{prefix}-{name}", [", ".join(value)])
            elif name == "status":
                data.setlist(f"{prefix}-{name}", [value or "earned"])
            else:
                data.setlist(f"{prefix}-{name}", [value])
        forms_.append(section.form_class(data, prefix=prefix))
    entries = clean_entries(forms_)
    if entries is None:
        index, form = next((i, form) for i, form in enumerate(forms_) if not form.is_blank() and form.errors)
        raise ResumeFileError(form_problem(f"{path}[{index}]", form))
    return entries


def form_problem(path, form):
    name, errors = next(iter(form.errors.items()))
    label = form.fields[name].label if name in form.fields else name
    return f"{path}.{name} ({label}): {errors[0]}"


def where(path):
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return text.lstrip(".") or "the document"
