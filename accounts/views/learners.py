"""Accounts and learner progress: sign-up, profile, own data, the checklist's actions and the dashboard.

The checklist's actions answer a plain form post with a redirect back to the step's anchor, and an
htmx request with the changed step (and the progress bar out of band): one view serves both.
"""

from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.forms import DeleteAccountForm, ProfileForm, SignupForm, StepNoteForm, StepStatusForm, TargetDateForm
from accounts.models import Journey, SavedResumeCheck, StepProgress
from transitions.models import Step, Transition

RETIRED = "This step was retired from the guide, so its progress can no longer change."
CLASHED = "Your progress changed somewhere else at the same moment. Reload the page and try again."


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


def step_saved(request, journey, step, progress, *, saved=None):
    if request.htmx:
        journey.transition = step.transition
        context = {"transition": step.transition, "journey": journey, "step": step, "progress": progress}
        return render(request, "transitions/steps.html#step_saved", {**context, "saved": saved})
    return redirect(f"{step.transition.get_absolute_url()}#step-{step.pk}")


def step_problem(request, step, message, *, status, note_form=None):
    """A refused change: say why with a 4xx, keep what the learner typed, change nothing."""
    context = {
        "transition": step.transition,
        "step": step,
        "progress": StepProgress.objects.filter(journey__user=request.user, step=step).first(),
        "error": message,
        "note_form": note_form,
        "back_url": f"{step.transition.get_absolute_url()}#step-{step.pk}",
    }
    if request.htmx:
        response = render(request, "transitions/steps.html#step", context, status=status)
        # static/js/learner.js swaps refused changes that carry this header in place, next to the control.
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "accounts/problem.html", context, status=status)


# --- Accounts ----------------------------------------------------------------------------------------


def signup(request):
    if request.user.is_authenticated:
        return redirect(next_url(request) or "accounts:dashboard")
    form = SignupForm(request.POST or None)
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to CareerHub, {user.get_short_name()}! Your account is ready.")
        return redirect(next_url(request) or "accounts:dashboard")
    return render(request, "registration/signup.html", {"form": form, "next": next_url(request) or ""})


@learner_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
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
    response["Cache-Control"] = "no-store"
    return response


@learner_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if form.is_valid():
        user = request.user
        logout(request)
        user.delete()
        messages.success(request, "Your account and all your progress are deleted. Thank you for using CareerHub.")
        return redirect("transitions:home")
    return render(request, "accounts/delete_account.html", {"form": form})


# --- The dashboard -------------------------------------------------------------------------------------


@learner_required
def dashboard(request):
    context = {
        "journeys": list(request.user.journeys.for_dashboard()),
        "resumes": list(request.user.resumes.for_dashboard()),
        "resume_checks": SavedResumeCheck.objects.for_dashboard(request.user),
    }
    return render(request, "accounts/dashboard.html", context)


@require_http_methods(["GET", "POST"])
@learner_required
def stop_journey(request, pk):
    journey = get_object_or_404(
        request.user.journeys.with_progress().select_related("transition__from_role", "transition__to_role"), pk=pk
    )
    if request.method == "POST":
        journey.delete()
        messages.success(request, f"You stopped “{journey.transition}”. Your progress and notes on it are deleted.")
        return redirect("accounts:dashboard")
    return render(request, "accounts/stop_journey.html", {"journey": journey})


# --- The checklist on a transition page ----------------------------------------------------------------


@require_POST
@learner_required
def start_journey(request, slug):
    transition = get_object_or_404(Transition.objects.published(), slug=slug)
    journey = Journey.objects.start(request.user, transition)
    if request.htmx:
        return render(request, "transitions/steps.html#progress", {"transition": transition, "journey": journey})
    return redirect(f"{transition.get_absolute_url()}#journey-progress")


@require_POST
@learner_required
def mark_step(request, slug, pk):
    step = step_for_change(slug, pk)
    form = StepStatusForm(request.POST)
    if not form.is_valid():
        return step_problem(request, step, form.errors["status"][0], status=400)
    if step.is_archived:
        return step_problem(request, step, RETIRED, status=409)
    journey = Journey.objects.start(request.user, step.transition)
    try:
        progress = journey.mark_step(step, status=form.cleaned_data["status"])
    except IntegrityError:
        return step_problem(request, step, CLASHED, status=409)
    return step_saved(request, journey, step, progress)


@require_POST
@learner_required
def save_note(request, slug, pk):
    step = step_for_change(slug, pk)
    form = StepNoteForm(request.POST)
    if not form.is_valid():
        return step_problem(request, step, form.errors["note"][0], status=400, note_form=form)
    if step.is_archived:
        return step_problem(request, step, RETIRED, status=409, note_form=form)
    journey = Journey.objects.start(request.user, step.transition)
    try:
        progress = journey.save_note(step, form.cleaned_data["note"])
    except IntegrityError:
        return step_problem(request, step, CLASHED, status=409, note_form=form)
    if not request.htmx:
        messages.success(request, "Your note is saved." if progress.note else "Your note is cleared.")
    return step_saved(request, journey, step, progress, saved="note")


@require_POST
@learner_required
def set_target_date(request, pk):
    journey = get_object_or_404(request.user.journeys.select_related("transition"), pk=pk)
    transition = journey.transition
    form = TargetDateForm(request.POST)
    if form.is_valid():
        journey.set_target_date(form.cleaned_data["target_date"])
    elif not request.htmx:
        context = {"transition": transition, "error": form.errors["target_date"][0]}
        context["back_url"] = f"{transition.get_absolute_url()}#journey-progress"
        return render(request, "accounts/problem.html", context, status=400)
    if request.htmx:
        context = {"transition": transition, "journey": journey, "date_form": form, "saved": form.is_valid() and "date"}
        response = render(request, "transitions/steps.html#progress", context, status=200 if form.is_valid() else 400)
        response["HX-Reswap"] = "outerHTML"
        return response
    return redirect(f"{transition.get_absolute_url()}#journey-progress")
