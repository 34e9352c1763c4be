"""Forms for editing a resume, one section at a time, in the keys of the JSON Resume standard.

Each list section (experience, projects, ...) is edited as one HTML form holding all its entries, with
named submit buttons for adding, removing and moving entries and bullets. The whole section is posted
with every button, so what the learner typed is never lost: the action is applied to the posted entries,
which are then validated and saved together (or shown again with the errors, nothing saved). The same
forms validate imported JSON Resume files.
"""

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.datastructures import MultiValueDict

from accounts.models import Resume
from transitions.models import Transition

MAX_ENTRIES = 30
MAX_BULLETS = 12
BULLET_MAX_LENGTH = 300
SHORT = 120
LONG = 2000
SUMMARY_MAX_LENGTH = 3000

iso_date = RegexValidator(
    r"^([1-2][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])|[1-2][0-9]{3}-(0[1-9]|1[0-2])|[1-2][0-9]{3})$",
    "Write a date as a year, a year and month or a full date: 2019, 2019-03 or 2019-03-31.",
)


def text(label, max_length=SHORT, *, required=False, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={"max_length": f"Keep this to at most {max_length:,} characters (it has %(show_value)d)."},
        **kwargs,
    )


def long_text(label, max_length=LONG, **kwargs):
    return text(label, max_length, widget=forms.Textarea(attrs={"rows": 4}), **kwargs)


def date(label):
    return text(label, 10, validators=[iso_date], help_text="e.g. 2019-03 or 2019", widget=forms.TextInput())


def link(label="Web address"):
    return forms.URLField(
        label=label,
        max_length=300,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a full web address, like https://example.com/me.",
            "max_length": "Keep a web address to at most 300 characters (it has %(show_value)d).",
        },
    )


class BulletsWidget(forms.Widget):
    """Several inputs with the same name, in order: the template draws them, with their buttons."""

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])


class BulletsField(forms.Field):
    """A list of short lines (a job's achievements): blank lines dropped, each one and their number limited."""

    widget = BulletsWidget

    def to_python(self, value):
        return [line.replace("\r\n", "\n").strip() for line in (value or []) if isinstance(line, str)]

    def validate(self, value):
        lines = [line for line in value if line]
        if len(lines) > MAX_BULLETS:
            raise forms.ValidationError(
                f"An entry can have at most {MAX_BULLETS} bullet points; this one has {len(lines)}."
            )
        for number, line in enumerate(lines, 1):
            if len(line) > BULLET_MAX_LENGTH:
                raise forms.ValidationError(
                    f"Bullet {number} is {len(line):,} characters long; keep each to at most {BULLET_MAX_LENGTH}."
                )
            if "\x00" in line:
                raise forms.ValidationError(f"Bullet {number} contains a null character.")

    def clean(self, value):
        value = super().clean(value)
        return [line for line in value if line]


class KeywordsField(forms.CharField):
    """Comma-separated words, stored as a list."""

    def clean(self, value):
        value = super().clean(value)
        return [word.strip() for word in value.split(",") if word.strip()]


# --- One form per kind of entry ---------------------------------------------------------------------------


class EntryForm(forms.Form):
    """One entry of a list section. `key` names the field that must be filled; the rest are optional."""

    key = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.key:
            self.fields[self.key].required = True

    def is_blank(self):
        """True when the learner left every field of this entry empty: such an entry is dropped, not refused."""
        values = [self.data.getlist(self.add_prefix(name)) for name in self.fields]
        return not any(value.strip() for group in values for value in group)

    def bullets(self):
        """The bullet lines to draw: as posted, or as stored."""
        if self.is_bound:
            return self.data.getlist(self.add_prefix("highlights"))
        return list(self.initial.get("highlights", []))

    def cleaned_entry(self):
        """The entry in JSON Resume keys, without empty values (which other tools would show as blanks)."""
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", [], None)}


class WorkForm(EntryForm):
    key = "position"
    name = text("Employer")
    position = text("Job title")
    location = text("Location")
    url = link("Employer's website")
    startDate = date("Started")
    endDate = date("Ended")
    summary = long_text("What the job was")
    highlights = BulletsField(label="Achievements", required=False)

    field_order = ["position", "name", "location", "startDate", "endDate", "url", "summary", "highlights"]


class ProjectForm(EntryForm):
    key = "name"
    name = text("Project", 160)
    description = long_text("What it is and what you did")
    url = link("Where to see it")
    startDate = date("Started")
    endDate = date("Finished")
    highlights = BulletsField(label="Highlights", required=False)


class EducationForm(EntryForm):
    key = "institution"
    institution = text("School or institution")
    studyType = text("Degree or course type", help_text="e.g. Bachelor, Bootcamp, Diploma")
    area = text("Subject")
    startDate = date("Started")
    endDate = date("Finished")
    score = text("Grade", 40)


class CertificateForm(EntryForm):
    STATUSES = [("earned", "Earned"), ("in_progress", "In progress"), ("planned", "Planned")]

    key = "name"
    name = text("Certification", 160)
    issuer = text("Issued by")
    status = forms.ChoiceField(
        label="Status",
        choices=STATUSES,
        initial="earned",
        error_messages={"invalid_choice": "Choose earned, in progress or planned."},
    )
    date = date("Date earned or expected")
    url = link()

    def is_blank(self):
        # The status always has a value; the entry is blank when everything the learner types is empty.
        return not any(
            value.strip()
            for name in self.fields
            if name != "status"
            for value in self.data.getlist(self.add_prefix(name))
        )

    def cleaned_entry(self):
        entry = super().cleaned_entry()
        # JSON Resume has no status for certificates; "earned" is what other tools assume, so it is left out.
        if entry.get("status") == "earned":
            del entry["status"]
        return entry


class SkillForm(EntryForm):
    key = "name"
    name = text("Skill", 160)
    level = text("Level", 40, help_text="e.g. Advanced, or Learning for a skill you are building")
    keywords = KeywordsField(
        label="Tools and keywords",
        max_length=400,
        required=False,
        help_text="Separated by commas",
        error_messages={"max_length": "Keep the keywords to at most 400 characters (they have %(show_value)d)."},
    )


class LanguageForm(EntryForm):
    key = "language"
    language = text("Language")
    fluency = text("Fluency", 60, help_text="e.g. Native speaker, Fluent, Working knowledge")


class ProfileForm(EntryForm):
    # Other tools write profiles with a user name and no address, or the other way round: neither is required.
    network = text("Site", 60, help_text="e.g. LinkedIn, GitHub, Portfolio")
    username = text("User name", 80)
    url = link()


class ListSection:
    """A list section of the resume: where it is stored and how one entry is edited."""

    is_list = True

    def __init__(self, slug, label, form_class, *, noun, help_text=""):
        self.slug, self.label, self.form_class, self.noun, self.help_text = slug, label, form_class, noun, help_text

    def stored(self, resume):
        if self.slug == "profiles":
            return list(resume.basics.get("profiles", []))
        return list(getattr(resume, self.slug))

    def store(self, resume, entries):
        if self.slug == "profiles":
            resume.basics = {**resume.basics, "profiles": entries}
            return ["basics"]
        setattr(resume, self.slug, entries)
        return [self.slug]


class BasicsForm(forms.Form):
    """The top of the resume. `title` is the resume's own name in CareerHub and is not printed."""

    title = text("Name of this resume", Resume.TITLE_MAX_LENGTH, required=True, help_text="Only you see it.")
    name = text("Your name")
    label = text("Headline", 160, help_text="The role you are aiming at, in its own words.")
    email = forms.EmailField(
        label="Email",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like you@example.com."},
    )
    phone = text("Phone", 40)
    url = link("Your website")
    city = text("City", 80)
    region = text("Region or state", 80)
    countryCode = text("Country code", 2, help_text="Two letters, e.g. GB or US")

    LOCATION = ["city", "region", "countryCode"]

    @classmethod
    def initial_for(cls, resume):
        basics = resume.basics
        location = basics.get("location") or {}
        initial = {name: basics.get(name, "") for name in ["name", "label", "email", "phone", "url"]}
        return {"title": resume.title, **initial, **{name: location.get(name, "") for name in cls.LOCATION}}

    def save(self, resume):
        data = dict(self.cleaned_data)
        resume.title = data.pop("title")
        location = {name: data.pop(name) for name in self.LOCATION}
        basics = {key: value for key, value in resume.basics.items() if key not in {*data, "location"}}
        basics.update({key: value for key, value in data.items() if value})
        location = {**(resume.basics.get("location") or {}), **location}
        location = {key: value for key, value in location.items() if value}
        if location:
            basics["location"] = location
        resume.basics = basics
        return ["title", "basics"]


class SummaryForm(forms.Form):
    summary = long_text(
        "Summary", SUMMARY_MAX_LENGTH, help_text="Three or four sentences: who you are and where you are going."
    )

    @classmethod
    def initial_for(cls, resume):
        return {"summary": resume.basics.get("summary", "")}

    def save(self, resume):
        basics = {key: value for key, value in resume.basics.items() if key != "summary"}
        if self.cleaned_data["summary"]:
            basics["summary"] = self.cleaned_data["summary"]
        resume.basics = basics
        return ["basics"]


class SingleSection:
    """A section edited with one form (basics, summary), stored in the resume's basics."""

    is_list = False

    def __init__(self, slug, label, form_class, help_text=""):
        self.slug, self.label, self.form_class, self.help_text = slug, label, form_class, help_text


SECTIONS = {
    section.slug: section
    for section in [
        SingleSection("basics", "Basics", BasicsForm),
        ListSection("profiles", "Links", ProfileForm, noun="link", help_text="LinkedIn, GitHub, a portfolio."),
        SingleSection("summary", "Summary", SummaryForm),
        ListSection("work", "Experience", WorkForm, noun="job", help_text="Your jobs, most recent first."),
        ListSection("projects", "Projects", ProjectForm, noun="project", help_text="What you built while learning."),
        ListSection("education", "Education", EducationForm, noun="course or degree"),
        ListSection("certificates", "Certifications", CertificateForm, noun="certification"),
        ListSection("skills", "Skills", SkillForm, noun="skill"),
        ListSection("languages", "Languages", LanguageForm, noun="language"),
    ]
}


class ResumeTargetForm(forms.Form):
    transition = forms.ModelChoiceField(
        label="Aimed at",
        queryset=Transition.objects.published().with_roles().order_by("to_role__name", "from_role__name"),
        required=False,
        empty_label="No particular transition",
        error_messages={"invalid_choice": "Choose one of the published transitions, or none."},
    )


class ResumeImportForm(forms.Form):
    MAX_SIZE = 200 * 1024

    file = forms.FileField(
        label="JSON Resume file",
        help_text="A .json file in the JSON Resume format, at most 200 KB, e.g. one you exported from CareerHub.",
        error_messages={"required": "Choose a file to import.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    title = text("Name of the new resume", Resume.TITLE_MAX_LENGTH, help_text="Optional. Only you see it.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(
                f"The file is {upload.size // 1024:,} KB; a resume file can be at most {self.MAX_SIZE // 1024} KB."
            )
        return upload


# --- Reading a posted list section and applying its buttons ---------------------------------------------------

ACTION = re.compile(r"^(add|remove|up|down|add-bullet|bullet-up|bullet-down|remove-bullet)(?::(\d+))?(?::(\d+))?$")


class SectionError(Exception):
    """A posted section that cannot be read (a forged count or button): a 400 with this message."""


def posted_entries(section, data):
    """The section's entries as posted, each a MultiValueDict of its own fields (without the prefix)."""
    try:
        total = int(data.get(f"{section.slug}-total", ""))
    except ValueError:
        raise SectionError("The form is incomplete. Reload the page and try again.") from None
    if not 0 <= total <= MAX_ENTRIES:
        raise SectionError(f"A section can have at most {MAX_ENTRIES} entries.")
    entries = []
    for index in range(total):
        prefix = f"{section.slug}-{index}-"
        entry = MultiValueDict()
        for name in section.form_class.base_fields:
            entry.setlist(name, data.getlist(prefix + name))
        entries.append(entry)
    return entries


def stored_entries(section, resume):
    """The stored entries in the same shape as posted ones."""
    entries = []
    for item in section.stored(resume):
        entry = MultiValueDict()
        for name, field in section.form_class.base_fields.items():
            value = item.get(name, "")
            if isinstance(field, BulletsField):
                entry.setlist(name, list(value))
            elif isinstance(field, KeywordsField):
                entry.setlist(name, [", ".join(value)])
            elif name == "status":
                entry.setlist(name, [value or "earned"])
            else:
                entry.setlist(name, [value])
        entries.append(entry)
    return entries


def apply_action(section, entries, action):
    """Apply one button to the entries in place. Returns the entry index to show (or None)."""
    match = ACTION.match(action or "")
    if not match:
        raise SectionError("Unknown button. Reload the page and try again.")
    verb, index, bullet = match[1], match[2], match[3]
    if verb == "add":
        if len(entries) >= MAX_ENTRIES:
            raise SectionError(f"A section can have at most {MAX_ENTRIES} entries.")
        entries.append(MultiValueDict())
        return len(entries) - 1
    if index is None or not int(index) < len(entries):
        raise SectionError("That entry is no longer there. Reload the page and try again.")
    index = int(index)
    if verb == "remove":
        del entries[index]
        return min(index, len(entries) - 1) if entries else None
    if verb in {"up", "down"}:
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(entries):
            entries[index], entries[other] = entries[other], entries[index]
            return other
        return index
    bullets = entries[index].getlist("highlights")
    if verb == "add-bullet":
        if len(bullets) >= MAX_BULLETS:
            raise SectionError(f"An entry can have at most {MAX_BULLETS} bullet points.")
        entries[index].setlist("highlights", [*bullets, ""])
        return index
    if bullet is None or not int(bullet) < len(bullets):
        raise SectionError("That bullet point is no longer there. Reload the page and try again.")
    bullet = int(bullet)
    if verb == "remove-bullet":
        del bullets[bullet]
    else:
        other = bullet - 1 if verb == "bullet-up" else bullet + 1
        if 0 <= other < len(bullets):
            bullets[bullet], bullets[other] = bullets[other], bullets[bullet]
    entries[index].setlist("highlights", bullets)
    return index


def bound_forms(section, entries):
    """One bound form per entry, with the prefixes the template gives its inputs."""
    forms_ = []
    for index, entry in enumerate(entries):
        prefix = f"{section.slug}-{index}"
        data = MultiValueDict({f"{prefix}-{name}": entry.getlist(name) for name in entry})
        forms_.append(section.form_class(data, prefix=prefix))
    return forms_


def display_forms(section, entries):
    """Forms to draw: bound (with their errors) for filled entries, unbound for blank ones just added."""
    shown = []
    for form in bound_forms(section, entries):
        if form.is_blank():
            entry = MultiValueDict({name[len(form.prefix) + 1 :]: values for name, values in form.data.lists()})
            initial = {name: entry.get(name, "") for name in section.form_class.base_fields}
            initial["highlights"] = entry.getlist("highlights")
            form = section.form_class(initial=initial, prefix=form.prefix)
        shown.append(form)
    return shown


def clean_entries(forms_):
    """The entries to store, or None when any non-blank entry has errors. Blank entries are dropped."""
    entries, valid = [], True
    for form in forms_:
        if form.is_blank():
            continue
        if form.is_valid():
            entries.append(form.cleaned_entry())
        else:
            valid = False
    return entries if valid else None
