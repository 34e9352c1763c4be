"""Accounts and learner progress: sign-up, profile, own data, the checklist's actions and the dashboard.

The checklist's actions answer a plain form post with a redirect back to the step's anchor, and an
htmx request with the changed step (and the progress bar out of band): one view serves both.
"""

import contextlib
import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode, urlsafe_base64_encode
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts import checklist, ics
from accounts.forms import (
    DeleteAccountForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
    SignupForm,
    StepNoteForm,
    StepStatusForm,
    TargetDateForm,
)
from accounts.mail import send_later
from accounts.models import (
    JOURNEY_GONE,
    Journey,
    SavedResumeCheck,
    StepProgress,
    User,
    canonical_email,
    newest_progress,
)
from careerhub.clients import client_address, rate_limited
from transitions import versioning
from transitions.models import Step, Transition

GONE = (Journey.DoesNotExist, User.DoesNotExist)


# --- Helpers ---------------------------------------------------------------------------------------


def safe_url(request, url):
    """The URL if it stays on this site, else None: `next` and Referer never redirect elsewhere.

    Only a path or a full URL: redirect() would take other text ("me") for a view name and fail with a 500.
    """
    if not url or not url.startswith(("/", "http://", "https://")):
        return None
    hosts = {request.get_host()}
    return url if url_has_allowed_host_and_scheme(url, hosts, require_https=request.is_secure()) else None


def next_url(request):
    return safe_url(request, request.POST.get("next") or request.GET.get("next"))


def learner_required(view):
    """login_required for learner pages and actions, with two differences.

    A refused form post sends the visitor to log in and then back to the page the form was on (not to
    the POST-only address), and an htmx request gets a whole-page redirect instead of a login form
    swapped into the checklist.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "GET":
            back = request.get_full_path()
        else:
            came_from = request.htmx.current_url if request.htmx else request.headers.get("Referer")
            back = safe_url(request, came_from)
            back = urlsplit(back)._replace(scheme="", netloc="").geturl() if back else reverse("accounts:dashboard")
        login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back})}"
        if request.htmx:
            return HttpResponseClientRedirect(login_url)
        return redirect(login_url)

    return wrapper


def step_for_change(slug, pk):
    """A step of the published transition named in the URL, or 404 (drafts, unknown ids, another guide's step)."""
    step = get_object_or_404(Step.objects.select_related("transition"), pk=pk, transition__slug=slug)
    if not step.transition.is_published:
        raise Http404("No published transition has this step.")
    return step


def step_saved(request, step, progress, *, saved):
    """A change made: back to the step's anchor (its confirmation next to it), or with htmx the step, the
    checklist's progress panel and the page's summary."""
    if not request.htmx:
        if saved == "status":
            request.session[checklist.SAVED_KEY] = step.pk
        return redirect(step)
    transition = Transition.objects.prefetch_related(Prefetch("steps", queryset=Step.objects.active())).get(
        pk=step.transition_id
    )
    step.transition = transition
    checklist.prepare_steps(transition, [step])
    context = {**checklist.page_context(request, transition), "transition": transition, "step": step}
    return render(request, "accounts/checklist.html#step_saved", {**context, "progress": progress, "saved": saved})


def step_problem(request, step, message, *, status, note_form=None):
    """A refused change: say why with a 4xx, keep what the learner typed, change nothing."""
    if request.user.is_authenticated:
        progress = StepProgress.objects.filter(journey__user=request.user, step=step).first()
    else:
        progress = checklist.VisitorProgress(checklist.read(request.session).get(step.pk))
    context = {
        **checklist.CHOICES,
        "transition": step.transition,
        "step": step,
        "progress": progress,
        "error": message,
        "note_form": note_form,
        "saved_step": None,
        "back_url": step.get_absolute_url(),
    }
    if request.htmx:
        checklist.prepare_steps(step.transition, [step])
        response = render(request, "accounts/checklist.html#step", context, status=status)
        # static/js/learner.js swaps refused changes that carry this header in place, next to the control.
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "accounts/problem.html", context, status=status)


def refusal_status(error):
    """A rule of the model or session refused the change: 409 when the guide changed under it, else 400."""
    return 409 if getattr(error, "code", None) == "archived" else 400


def gone(request, error, *, status=409):
    """A change that found its journey stopped or its account deleted meanwhile: say so, change nothing."""
    context = {"error": str(error.args[0]) if error.args else JOURNEY_GONE, "back_url": reverse("accounts:dashboard")}
    return render(request, "accounts/problem.html", context, status=status)


def too_many(request, what):
    """429 with a clear message: this client address (or target address) asked too often."""
    return render(request, "registration/too_many.html", {"what": what}, status=429)


# --- Accounts ----------------------------------------------------------------------------------------


def refused_after_many_failures_from_one_address(view):
    """A login view, refused for a while (429) to a client address with many recent failures across accounts.

    django-axes locks one account from one address; this stops one address trying many accounts. It counts the
    failures axes keeps, so a successful login (which clears that account's counter) is not held against anyone.
    Wraps our login page and the admin's.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            since = timezone.now() - get_cool_off(request)
            failures = AccessAttempt.objects.filter(ip_address=client_address(request), attempt_time__gte=since)
            if (failures.aggregate(n=Sum("failures_since_start"))["n"] or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
                return too_many(request, "failed logins from your network")
        return view(request, *args, **kwargs)

    return wrapper


def carry_visitor_ticks(request):
    """After a login: the steps ticked before it, in this browser, go into the person's own journeys."""
    carried = checklist.carry_to_journeys(request.session, request.user)
    if carried == 1:
        messages.success(request, "The step you ticked before signing in is saved to your progress.")
    elif carried:
        messages.success(request, f"The {carried} steps you ticked before signing in are saved to your progress.")


class LoginView(auth_views.LoginView):
    def form_valid(self, form):
        response = super().form_valid(form)
        carry_visitor_ticks(self.request)
        return response


login_view = refused_after_many_failures_from_one_address(LoginView.as_view())
django_password_reset = auth_views.PasswordResetView.as_view(form_class=PasswordResetForm)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm)


def not_sooner_than(started, seconds):
    """Pad an answer to a fixed duration, hiding the little work that differs when an address has an account
    (a token, starting the thread that sends the mail). The mail server's time is outside it (accounts.mail)."""
    remaining = started + seconds - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


def password_reset(request):
    """Django's reset request, limited per client address and per address asked for; the mail goes out later."""
    started = time.monotonic()
    if request.method == "POST":
        form = PasswordResetForm(request.POST)
        if form.is_valid():
            if rate_limited("reset-client", client_address(request), settings.PASSWORD_RESET_RATE):
                return too_many(request, "password-reset requests from your network")
            email = canonical_email(form.cleaned_data["email"])
            if rate_limited("reset-email", email, settings.PASSWORD_RESET_EMAIL_RATE):
                return too_many(request, "password-reset requests for this address")
            response = django_password_reset(request)
            not_sooner_than(started, settings.ACCOUNT_EMAIL_ANSWER_SECONDS)
            return response
    return django_password_reset(request)


def signup(request):
    """Sign-up answers the same whether or not the address has an account: "check your email".

    A new address gets an inactive account and a link that activates it; the owner of an existing account gets
    a note saying someone tried, with a link to log in or reset. Nobody learns from the page which it was.
    """
    started = time.monotonic()
    if request.user.is_authenticated:
        return redirect(next_url(request) or "accounts:dashboard")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        if rate_limited("signup", client_address(request), settings.SIGNUP_RATE):
            return too_many(request, "sign-ups from your network")
        email = form.cleaned_data["email"]
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None and (existing.is_active or existing.last_login):
            make_password(form.cleaned_data["password1"])  # the same work as a new account: no timing difference
            send_account_exists(request, existing)
        else:
            # The same address signing up at the same moment: the first one stands.
            with contextlib.suppress(IntegrityError):
                send_confirmation(request, pending_account(form, existing))
        not_sooner_than(started, settings.ACCOUNT_EMAIL_ANSWER_SECONDS)
        return render(request, "registration/signup_sent.html", {"email": email})
    return render(request, "registration/signup.html", {"form": form, "next": next_url(request) or ""})


def pending_account(form, existing):
    """A new inactive account, or the unconfirmed one for this address with the newest details (its link lapses)."""
    with transaction.atomic():
        user = form.save(commit=False)
        if existing is not None:
            user.pk, user.date_joined = existing.pk, existing.date_joined
        user.is_active = False
        user.save()
    return user


def email_context(request, user):
    return {
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "next": next_url(request) or "",
    }


def send_confirmation(request, user):
    context = email_context(request, user)
    body = render_to_string("registration/signup_email.txt", context)
    send_later(send_mail, "Finish creating your CareerHub account", body, None, [user.email])


def send_account_exists(request, user):
    body = render_to_string("registration/signup_exists_email.txt", email_context(request, user))
    send_later(send_mail, "Someone tried to sign up with your address", body, None, [user.email])


@require_http_methods(["GET", "POST"])
def signup_confirm(request, uidb64, token):
    """The emailed link: a page with one button (mail scanners follow links; they do not press buttons)."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64)), is_active=False, last_login=None)
    except (ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "registration/signup_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend="accounts.sessions.SessionUserBackend")
        messages.success(request, f"Welcome to CareerHub, {user.get_short_name()}! Your account is ready.")
        carry_visitor_ticks(request)
        return redirect(next_url(request) or "accounts:dashboard")
    return render(request, "registration/signup_confirm.html", {"valid": True, "next": next_url(request) or ""})


@learner_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        try:
            user = form.save()
        except GONE as error:
            return gone(request, error)
        # A new email changes the session hash (User.get_session_auth_hash): other sessions end, this one stays.
        update_session_auth_hash(request, user)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_http_methods(["GET", "POST"])
@learner_required
def export_data(request):
    data = request.user.export_data()
    data["resumes"] = request.user.resumes.export_data()
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    filename = f"careerhub-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@learner_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if form.is_valid():
        user = request.user
        logout(request)
        user.delete_account()
        messages.success(request, "Your account and all your progress are deleted. Thank you for using CareerHub.")
        return redirect("transitions:home")
    return render(request, "accounts/delete_account.html", {"form": form})


# --- The dashboard -------------------------------------------------------------------------------------

NOTES_SHOWN = 8  # the newest notes, across every journey
CHANGES_SHOWN = 6  # the last changes of status or note


@learner_required
def dashboard(request):
    journeys = request.user.journeys.with_checklists()
    newest = newest_progress(journeys)
    context = {
        "journeys": journeys,
        "notes": [progress for progress in newest if progress.note][:NOTES_SHOWN],
        "activity": newest[:CHANGES_SHOWN],
        "suggestions_card": suggestions_card([journey.transition for journey in journeys]),
        "resumes": request.user.resumes.for_dashboard() if request.user.made_resumes else [],
        "resume_checks": SavedResumeCheck.objects.for_dashboard(journeys) if request.user.kept_resume_checks else [],
    }
    return render(request, "accounts/dashboard.html", context)


def suggestions_card(followed):
    """The side card of up to three published guides related to those followed, as HTML ("" when there are none):
    the same for everyone who follows the same ones, so kept in the cache until content changes or the next
    scheduled guide goes live."""
    if not followed:
        return ""

    def build():
        suggestions = list(Transition.objects.published().with_roles().related_to_any(followed)[:3])
        return (
            render_to_string("accounts/dashboard_suggestions.html", {"suggestions": suggestions}) if suggestions else ""
        )

    key = "suggestions-card:" + ",".join(str(pk) for pk in sorted(transition.pk for transition in followed))
    return versioning.cached_while_published(key, build)


@learner_required
def journey_calendar(request, pk):
    """The journey's target date (or projected finish) and next step as an .ics file, for this learner only."""
    journey = get_object_or_404(
        request.user.journeys.with_progress().select_related("transition__from_role", "transition__to_role"), pk=pk
    )
    guide_url = request.build_absolute_uri(journey.transition.get_absolute_url())
    calendar = ics.journey_calendar(
        journey,
        host=request.get_host().split(":")[0],
        guide_url=guide_url,
        next_step_url=request.build_absolute_uri(journey.next_step_url() or journey.transition.get_absolute_url()),
    )
    if calendar is None:
        messages.info(request, "Nothing to add to a calendar yet: set a target date on the guide or finish a step.")
        return redirect(f"{reverse('accounts:dashboard')}#journey-{journey.pk}")
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="careerhub-{journey.transition.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@learner_required
def stop_journey(request, pk):
    journey = get_object_or_404(
        request.user.journeys.with_progress().select_related("transition__from_role", "transition__to_role"), pk=pk
    )
    if request.method == "POST":
        try:
            journey.stop()
        except GONE as error:
            return gone(request, error, status=404)
        messages.success(request, f"You stopped “{journey.transition}”. Your progress and notes on it are deleted.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/stop_journey.html", {"journey": journey})


# --- The checklist on a transition page ----------------------------------------------------------------


@require_POST
def mark_step(request, slug, pk):
    """Set a step's status: in the learner's journey (their first change starts it) or in a visitor's session."""
    step = step_for_change(slug, pk)
    form = StepStatusForm(request.POST)
    if not form.is_valid():
        return step_problem(request, step, form.errors["status"][0], status=400)
    status = form.cleaned_data["status"]
    try:
        if request.user.is_authenticated:
            with transaction.atomic():
                journey = Journey.objects.start(request.user, step.transition)
                progress = journey.mark_step(step, status=status)
        else:
            checklist.tick(request.session, step, status)
            progress = checklist.VisitorProgress(status)
    except ValidationError as error:
        return step_problem(request, step, error.messages[0], status=refusal_status(error))
    except GONE as error:
        return step_problem(request, step, error.args[0], status=409)
    return step_saved(request, step, progress, saved="status")


@require_POST
@learner_required
def save_note(request, slug, pk):
    step = step_for_change(slug, pk)
    form = StepNoteForm(request.POST)
    if not form.is_valid():
        return step_problem(request, step, form.errors["note"][0], status=400, note_form=form)
    try:
        with transaction.atomic():
            journey = Journey.objects.start(request.user, step.transition)
            progress = journey.save_note(step, form.cleaned_data["note"])
    except ValidationError as error:
        return step_problem(request, step, error.messages[0], status=refusal_status(error), note_form=form)
    except GONE as error:
        return step_problem(request, step, error.args[0], status=409, note_form=form)
    if not request.htmx:
        messages.success(request, "Your note is saved." if progress.note else "Your note is cleared.")
    return step_saved(request, step, progress, saved="note")


@require_POST
@learner_required
def set_target_date(request, pk):
    journey = get_object_or_404(request.user.journeys.with_progress().select_related("transition"), pk=pk)
    transition = journey.transition
    form = TargetDateForm(request.POST)
    if form.is_valid():
        try:
            journey.set_target_date(form.cleaned_data["target_date"])
        except GONE as error:
            return gone(request, error)
    elif not request.htmx:
        context = {"transition": transition, "error": form.errors["target_date"][0]}
        context["back_url"] = f"{transition.get_absolute_url()}#journey-progress"  # the panel's own anchor
        return render(request, "accounts/problem.html", context, status=400)
    if request.htmx:
        context = {
            "transition": transition,
            "journey": journey,
            "visitor": None,
            "date_form": form,
            "saved": form.is_valid() and "date",
        }
        template = "accounts/checklist.html#progress_saved"
        response = render(request, template, context, status=200 if form.is_valid() else 400)
        response["HX-Reswap"] = "outerHTML"
        return response
    return redirect(f"{transition.get_absolute_url()}#journey-progress")
