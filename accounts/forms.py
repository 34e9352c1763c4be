from axes.models import AccessAttempt
from axes.utils import reset as reset_lockouts
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import BaseUserCreationForm

from accounts.mail import send_later
from accounts.models import StepProgress, User, canonical_email

LOCKOUT_USERNAME_LENGTH = AccessAttempt._meta.get_field("username").max_length


def lockout_username(request, credentials=None):
    """The login name django-axes counts failures against: the email as the database compares it.

    Logins match email__iexact, so on PostgreSQL "Lee@…", " lee@… ", full-width letters, and the dotless i
    (U+0131) in place of "i" reach one account: they must share one failure counter, or varying the address
    gets round the limit.
    Settings name it as AXES_USERNAME_CALLABLE.

    Cut to the length of axes' column: Django's login form does not enforce its username max_length, so a longer
    name reaches here and PostgreSQL would refuse to store it (a 500). Emails are at most 254 characters, so a cut
    name never shares a real account's counter.
    """
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return canonical_email(username)[:LOCKOUT_USERNAME_LENGTH]


def clean_new_email(email, *, instance=None):
    """Addresses are stored lower case and unique whatever their case."""
    email = User.objects.normalize_email(email).lower()
    taken = User.objects.filter(email__iexact=email)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        raise forms.ValidationError("An account with this email already exists. Log in, or reset your password.")
    return email


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "display_name"]
        labels = {"display_name": "Your name"}
        help_texts = {"display_name": "Optional. How we greet you on the site."}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"

    def clean_email(self):
        # Whether the address is taken is never said here: the view emails its owner instead.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def validate_unique(self):
        pass  # the email's uniqueness is the view's business (see clean_email); the database still enforces it


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, which looks the address up in one indexed query, then sends in the background."""

    def send_mail(self, *args, **kwargs):
        send_later(super().send_mail, *args, **kwargs)


class SetPasswordForm(auth_forms.SetPasswordForm):
    """A new password chosen through the emailed link also lifts the account's login lockouts."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        reset_lockouts(username=lockout_username(None, {"username": user.email}))
        return user


class ProfileForm(forms.ModelForm):
    current_password = forms.CharField(
        label="Current password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Needed only when you change your email.",
    )

    class Meta:
        model = User
        fields = ["display_name", "email"]
        labels = {"display_name": "Your name"}
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_email = self.instance.email
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"

    def clean_email(self):
        return clean_new_email(self.cleaned_data["email"], instance=self.instance)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        # A borrowed session must not be enough to take the account over through a password reset.
        if email and email != self.original_email:
            password = cleaned.get("current_password")
            if not password or not self.instance.check_password(password):
                self.add_error("current_password", "Enter your current password to change your email.")
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=StepProgress.Status.choices,
        error_messages={
            "required": "Choose a status for this step.",
            "invalid_choice": "Unknown status: choose to do, in progress, done or “I already have this”.",
        },
    )


class StepNoteForm(forms.Form):
    note = forms.CharField(required=False, strip=False, widget=forms.Textarea)

    def clean_note(self):
        # Browsers send line breaks as CRLF but count them as one character against maxlength.
        note = self.cleaned_data["note"].replace("\r\n", "\n").strip()
        if len(note) > StepProgress.NOTE_MAX_LENGTH:
            raise forms.ValidationError(
                f"A note can be at most {StepProgress.NOTE_MAX_LENGTH:,} characters; this one has {len(note):,}."
            )
        return note


class TargetDateForm(forms.Form):
    target_date = forms.DateField(
        required=False,
        # The picker sends ISO dates; typed by hand, a date may also read as the site writes it: "30 Jun 2027".
        input_formats=["%Y-%m-%d", "%d %b %Y", "%d %B %Y"],
        error_messages={"invalid": "Enter a real date, like 30 Jun 2027 or 2027-06-30."},
    )

    def clean_target_date(self):
        target_date = self.cleaned_data["target_date"]
        if target_date is not None and not (2000 <= target_date.year <= 2099):
            raise forms.ValidationError("Choose a target date between the years 2000 and 2099.")
        return target_date
