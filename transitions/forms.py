"""Forms of the public pages: the index's filters, asking for a guide, and the resume check."""

from django import forms

from transitions.models import Occupation, Role
from transitions.resume.documents import EXTENSIONS, MAX_CHARACTERS, MAX_FILE_BYTES, DocumentError, extract_text

# "Within N months": guides whose longest realistic timeline fits.
TIMELINE_CHOICES = [6, 12, 18, 24, 36]
# "+N% or more": guides whose destination pays at least that much more.
SALARY_CHANGE_CHOICES = [0, 10, 25, 50]
SORT_LABELS = {
    "name": "Name",
    "salary": "Biggest salary gain",
    "timeline": "Shortest timeline",
    "newest": "Newest",
}


def with_blank(values):
    return [("", ""), *((value, value) for value in values)]


class TransitionFilterForm(forms.Form):
    """The index's facets and sort, from GET. A value that does not fit is dropped, and the page says so."""

    sort = forms.ChoiceField(required=False, choices=with_blank(SORT_LABELS))
    max_months = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=with_blank(TIMELINE_CHOICES)
    )
    min_gain = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=with_blank(SALARY_CHANGE_CHOICES)
    )

    # Shown for each dropped value, by parameter.
    IGNORED = {
        "from": "There is no published guide from that role.",
        "to": "There is no published guide to that role.",
        "industry": "There is no industry by that name.",
        "max_months": "The longest timeline must be one of the listed choices.",
        "min_gain": "The salary change must be one of the listed choices.",
        "sort": "That is not a way we can sort.",
    }

    def __init__(self, data, *, role_slugs, industry_slugs):
        super().__init__(data)
        # "from" and "to" read best in a shared URL but cannot be attribute names.
        self.fields["from"] = forms.ChoiceField(required=False, choices=with_blank(role_slugs))
        self.fields["to"] = forms.ChoiceField(required=False, choices=with_blank(role_slugs))
        self.fields["industry"] = forms.ChoiceField(required=False, choices=with_blank(industry_slugs))

    def filters(self):
        """The values that fit, and a note for each one that was dropped."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        notes = [self.IGNORED[name] for name in self.errors if name in self.IGNORED]
        return values, notes


class GuideRequestForm(forms.Form):
    """ "Ask for a guide": the destination as a key we can resolve, never a free-text title."""

    destination = forms.CharField(max_length=80)
    starting_point = forms.CharField(max_length=200, required=False)

    def clean_destination(self):
        kind, _, value = self.cleaned_data["destination"].partition(":")
        if kind == "role":
            role = Role.objects.filter(slug=value).first()
            if role:
                self.destination_title = role.name
                self.destination_url = role.get_absolute_url()
                return f"role:{role.slug}"
        if kind == "occupation":
            occupation = Occupation.objects.filter(soc=value).first()
            if occupation:
                self.destination_title = occupation.title
                self.destination_url = occupation.get_absolute_url()
                return f"occupation:{occupation.soc}"
        raise forms.ValidationError("We do not know that destination.")


MAX_ADVERT_CHARACTERS = 20_000
TOO_BIG = f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB. Upload a smaller file, or paste the text."


class ResumeCheckForm(forms.Form):
    resume_text = forms.CharField(
        label="Paste your resume",
        required=False,
        max_length=MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        error_messages={"max_length": f"The resume is longer than {MAX_CHARACTERS:,} characters."},
    )
    resume_file = forms.FileField(
        label="Or upload it",
        required=False,
        help_text=f".pdf, .docx or .txt, up to {MAX_FILE_BYTES // (1024 * 1024)} MB. Read in memory, never stored.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    job_advert = forms.CharField(
        label="Job advert (optional)",
        required=False,
        max_length=MAX_ADVERT_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Paste an advert to see which of its skills your resume does not name.",
        error_messages={"max_length": f"The job advert is longer than {MAX_ADVERT_CHARACTERS:,} characters."},
    )

    def __init__(self, *args, deadline=None, file_too_big=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self.file_too_big = file_too_big

    def clean_resume_file(self):
        if self.file_too_big:
            raise forms.ValidationError(TOO_BIG)
        upload = self.cleaned_data.get("resume_file")
        if not upload:
            return None
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(TOO_BIG)
        try:
            return extract_text(upload.name, upload.read(), deadline=self.deadline)
        except DocumentError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        text = cleaned.get("resume_file") or cleaned.get("resume_text", "")
        if not text.strip():
            raise forms.ValidationError("Paste your resume or upload it as a .pdf, .docx or .txt file.")
        cleaned["text"] = text
        return cleaned


class SaveResumeCheckForm(forms.Form):
    resume_text = forms.CharField(max_length=MAX_CHARACTERS, widget=forms.HiddenInput)
    keep_text = forms.BooleanField(
        label="Keep my resume text",
        required=False,
        help_text="Unticked, we keep only the score and what was missing.",
    )
