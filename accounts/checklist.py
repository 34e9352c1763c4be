"""The checklist of a guide page: what its templates need, and a visitor's ticks.

A visitor's ticks are kept in their session (no database rows) until they sign up or log in.
The session holds {step id: status} for steps of published guides only, at most MAX_TICKS of them; a step
set back to "to do" is forgotten. Logging in, or confirming a new account in the same browser, moves the ticks
into the person's own journeys (carry_to_journeys) and empties the session's copy.
"""

from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import FINISHED, Journey, ProgressShare, StepProgress, check_step_is_current
from transitions import versioning
from transitions.models import Step, Transition

SESSION_KEY = "visitor_ticks"
SAVED_KEY = "checklist_saved"
MAX_TICKS = 60

# The step partial's buttons and limits, from the model.
CHOICES = {
    "status_choices": StepProgress.Status.choices,
    "note_max_length": StepProgress._meta.get_field("note").max_length,
}


def prepare_steps(transition, steps):
    """Do once what the step partial would otherwise redo for every step on every page: give each step its form
    addresses (status_url, note_url: one reversal each for all the steps) and its "How to do it" HTML (how_html,
    the same for everyone). The guide page does it as it loads the guide, which is cached with the result.
    """
    status = reverse("accounts:mark_step", args=[transition.slug, 0]).removesuffix("0/status/")
    note = reverse("accounts:save_note", args=[transition.slug, 0]).removesuffix("0/note/")
    for step in steps:
        step.status_url = f"{status}{step.pk}/status/"
        step.note_url = f"{note}{step.pk}/note/"
        step.how_html = render_to_string("accounts/checklist.html#how", {"step": step})
    return steps


def page_context(request, transition):
    """The checklist's part of a guide page: the learner's journey or the visitor's ticks, and the choices.

    A learner costs at most 2 queries (their journey and its progress); a visitor none beyond their session,
    which is not even read unless they have one.
    """
    journey = visitor = None
    if request.user.is_authenticated:
        journey = Journey.objects.for_page(request.user, transition)
    elif request.session.session_key:
        visitor = VisitorChecklist(transition, read(request.session))
    return {
        "journey": journey,
        "visitor": visitor,
        # The step just changed without JavaScript: its confirmation shows next to its control.
        "saved_step": request.session.pop(SAVED_KEY, None) if request.session.session_key else None,
        **CHOICES,
    }


def read(session):
    """The session's ticks as {step id: status}, ignoring anything malformed."""
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    return {
        int(pk): status
        for pk, status in stored.items()
        if str(pk).isdigit()
        and int(pk) < 2**63  # a key fit for the database, whatever the session holds
        and status in StepProgress.Status.values
        and status != StepProgress.Status.TODO
    }


def tick(session, step, status):
    """Set (never toggle) a visitor's status (validated by StepStatusForm) on a current step of a published guide."""
    check_step_is_current(step)
    ticks = read(session)
    if status == StepProgress.Status.TODO:
        ticks.pop(step.pk, None)
    else:
        if step.pk not in ticks and len(ticks) >= MAX_TICKS:
            raise ValidationError(
                f"You can tick up to {MAX_TICKS} steps before signing up. Create a free account to keep going.",
                code="too_many",
            )
        ticks[step.pk] = status
    session[SESSION_KEY] = {str(pk): value for pk, value in ticks.items()}


def carry_to_journeys(session, user):
    """Move the session's ticks into the user's own journeys, started where needed; how many steps were kept.

    Only current steps of guides published now count; the rest are dropped. All or nothing, in one transaction.
    """
    ticks = read(session)
    session.pop(SESSION_KEY, None)
    if not ticks:
        return 0
    steps = (
        Step.objects.active()
        .filter(pk__in=list(ticks)[:MAX_TICKS], transition__in=Transition.objects.published())
        .select_related("transition")
        .order_by("transition", "position")
    )
    carried = 0
    with transaction.atomic():
        for _, its_steps in groupby(steps, key=lambda step: step.transition_id):
            its_steps = list(its_steps)
            journey = Journey.objects.start(user, its_steps[0].transition)
            for step in its_steps:
                journey.mark_step(step, status=ticks[step.pk])
                carried += 1
    return carried


class VisitorChecklist(ProgressShare):
    """A visitor's progress on one guide, shaped like a Journey for the checklist's templates."""

    is_visitor = True
    has_changes = False

    def __init__(self, transition, ticks):
        self.transition = transition
        self.steps = list(transition.steps.all())  # the page's prefetched current steps
        self.statuses = {step.pk: ticks[step.pk] for step in self.steps if step.pk in ticks}

    def __bool__(self):
        return bool(self.statuses)

    @property
    def checklist(self):
        return [(step, VisitorProgress(self.statuses.get(step.pk))) for step in self.steps]

    @property
    def step_count(self):
        return len(self.steps)

    @property
    def finished_count(self):
        return sum(1 for status in self.statuses.values() if status in FINISHED)

    @property
    def next_step(self):
        return next((step for step, progress in self.checklist if not progress.is_finished), None)


class VisitorProgress:
    """One step's status for a visitor: what the step partial reads from a StepProgress."""

    note = ""

    def __init__(self, status):
        self.status = status or StepProgress.Status.TODO

    def __bool__(self):
        return self.status != StepProgress.Status.TODO

    @property
    def is_finished(self):
        return self.status in FINISHED

    def get_status_display(self):
        return StepProgress.Status(self.status).label


# --- The steps as HTML ------------------------------------------------------------------------------------
# A step's <li> (the step partial) is the same for everyone who has the same status on it, is signed in or not,
# has a note or not, sees it as new since they started or not, and has just saved it or not. Each such variant
# is rendered once per content version and kept in the process (transitions.versioning.fragment); only the CSRF
# token and the note are filled in for each person. tests/test_checklist_html.py holds every variant to the
# partial rendered live.
NOTE_SLOT = "\x00note\x00"  # like versioning.CSRF_SLOT: no form lets a NUL character through


class ProgressVariant(VisitorProgress):
    """What the step partial reads of a step's progress, the note left as a slot."""

    def __init__(self, status, *, exists, has_note):
        super().__init__(status)
        self.exists = exists
        self.note = NOTE_SLOT if has_note else ""

    def __bool__(self):
        return self.exists


def steps_html(request, transition, rows, *, journey, saved_step):
    """Each (step, progress or None) of the checklist as its <li>: one HTML string per step, ready for the page."""
    token = get_token(request)
    signed_in = request.user.is_authenticated
    items = []
    for step, progress in rows:
        status = progress.status if progress else StepProgress.Status.TODO
        note = progress.note if progress else ""
        variant = ProgressVariant(status, exists=bool(progress), has_note=bool(note))
        is_new = bool(journey) and step.created_at > journey.started_at
        saved = saved_step == step.pk
        flags = (transition.is_published, variant.exists, bool(note), is_new, signed_in, saved)
        key = f"step:{step.pk}:{status}:" + ":".join("1" if flag else "0" for flag in flags)

        def render(step=step, variant=variant, saved=saved):
            context = {
                **CHOICES,
                "transition": transition,
                "step": step,
                "progress": variant,
                "journey": journey,  # read only for "new since you started", which the key holds
                "user": request.user,  # read only for is_authenticated, which the key holds
                "saved_step": step.pk if saved else None,
                "csrf_token": versioning.CSRF_SLOT,
            }
            return render_to_string("accounts/checklist.html#step", context)

        html = versioning.fragment(key, render).replace(versioning.CSRF_SLOT, token)
        items.append(mark_safe(html.replace(NOTE_SLOT, escape(note)) if note else html))
    return items
