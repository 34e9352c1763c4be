"""Forms of the public tools: the resume check."""

from django import forms

from transitions.resume.documents import EXTENSIONS, MAX_CHARACTERS, MAX_FILE_BYTES, DocumentError, extract_text

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
