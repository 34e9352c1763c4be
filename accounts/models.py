"""Learners: the account, and their journeys through transitions step by step."""

import unicodedata
from collections import defaultdict
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property

from accounts import pace
from transitions import versioning
from transitions.models import Step, Transition, count_of

FINISHED = ["done", "skipped"]


def canonical_email(value):
    """An address as the database compares logins (email__iexact): NFKC, trimmed, and case folded through upper
    case, as PostgreSQL's UPPER() folds the dotless i (U+0131) and "i" both to "I".

    Lockout counters and rate limits key on it.
    """
    return unicodedata.normalize("NFKC", str(value)).strip().upper().lower()


def validate_one_line(value):
    """Names appear in page headings and emails: no line breaks, tabs or other control and format characters."""
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in value):
        raise ValidationError("Use one line of plain text: no line breaks, tabs or control characters.")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractUser):
    """A person with an account; the email address is the login."""

    username = None
    first_name = None
    last_name = None
    # "email", not "email address": Django's login form takes its label ("Email") from this name.
    email = models.EmailField("email", unique=True)
    display_name = models.CharField(
        max_length=80, blank=True, validators=[validate_one_line], help_text="How we greet you on the site."
    )
    skills = models.ManyToManyField(
        "transitions.Skill", blank=True, related_name="+", help_text="Skills they have: explore ranks careers by them."
    )
    wage_area = models.CharField(
        max_length=2,
        blank=True,
        help_text="Postal code of the state whose official wages pages show first; empty = US.",
    )
    # Set with their first resume or kept resume check and never unset, so that the dashboard asks for those only
    # for learners who may have some (deleting is rare; the dashboard then asks and finds none). Only an UPDATE of
    # their own writes them (Resume.save, SavedResumeCheck.save): see save().
    made_resumes = models.BooleanField(default=False, db_default=False, editable=False)
    kept_resume_checks = models.BooleanField(default=False, db_default=False, editable=False)
    MARKS = {"made_resumes", "kept_resume_checks"}

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        """Django's, but saving a person read earlier (a profile form, the admin) never writes back the marks it read:
        another tab may have set them since. Nor does it bring back an account deleted meanwhile."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            loaded = [field for field in self._meta.concrete_fields if field.attname not in self.get_deferred_fields()]
            kwargs["update_fields"] = [f.name for f in loaded if not f.primary_key and f.name not in self.MARKS]
        try:
            super().save(*args, **kwargs)
        except self.NotUpdated as error:
            raise User.DoesNotExist(ACCOUNT_GONE) from error

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]

    def get_session_auth_hash(self):
        """Sessions are bound to the password and the email: changing either signs out every other session."""
        return self.session_auth_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self.session_auth_hash(secret)

    def session_auth_hash(self, secret):
        salt = "accounts.User.get_session_auth_hash"
        return salted_hmac(salt, f"{self.password}\x00{self.email}", secret=secret, algorithm="sha256").hexdigest()

    def login_records(self):
        """django-axes' records about this person's logins: kept under their address, as typed at login or canonical."""
        names = {self.email, canonical_email(self.email)[: AccessAttempt._meta.get_field("username").max_length]}
        return {
            "logins": AccessLog.objects.filter(username__in=names).order_by("-attempt_time"),
            "failed_logins": AccessFailureLog.objects.filter(username__in=names).order_by("-attempt_time"),
            "lockout_counters": AccessAttempt.objects.filter(username__in=names).order_by("-attempt_time"),
        }

    def _export_login_history(self):
        records = self.login_records()
        where = ["ip_address", "user_agent", "path_info"]
        return {
            "logins": [
                {"at": log.attempt_time.isoformat(), "logged_out_at": _iso(log.logout_time), **_fields(log, where)}
                for log in records["logins"]
            ],
            "failed_logins": [
                {"at": log.attempt_time.isoformat(), "locked_out": log.locked_out, **_fields(log, where)}
                for log in records["failed_logins"]
            ],
            "lockout_counters": [
                {"last_at": a.attempt_time.isoformat(), "failures": a.failures_since_start, **_fields(a, where)}
                for a in records["lockout_counters"]
            ],
        }

    def delete_account(self):
        """Delete the person, everything of theirs, their login records and every session they are signed in to."""
        with transaction.atomic():
            lock_learner(self.pk)  # writes in flight in other tabs finish first, later ones find no account
            for records in self.login_records().values():
                records.delete()
            store = Session.get_session_store_class()
            for key in Session.objects.filter(user_id=self.pk).values_list("session_key", flat=True):
                store(session_key=key).delete()  # the cached_db store also forgets its cached copy
            self.delete()

    def export_data(self):
        """Everything we keep about this person, as JSON-ready data (a fixed number of queries)."""
        journeys = self.journeys.select_related("transition__from_role", "transition__to_role").prefetch_related(
            Prefetch("step_progress", queryset=StepProgress.objects.select_related("step"))
        )
        return {
            "account": {
                "email": self.email,
                "display_name": self.display_name,
                "date_joined": self.date_joined.isoformat(),
                "last_login": self.last_login.isoformat() if self.last_login else None,
            },
            "login_history": self._export_login_history(),
            "skills": list(self.skills.order_by("name").values_list("name", flat=True)),
            "journeys": [
                {
                    "transition": journey.transition.title,
                    "transition_slug": journey.transition.slug,
                    "started_at": journey.started_at.isoformat(),
                    "target_date": journey.target_date.isoformat() if journey.target_date else None,
                    "last_activity": journey.updated_at.isoformat(),
                    "steps": [
                        {
                            "position": progress.step.position,
                            "title": progress.step.title,
                            "status": progress.status,
                            "status_label": progress.get_status_display(),
                            "note": progress.note,
                            "updated_at": progress.updated_at.isoformat(),
                            "retired_from_guide": progress.step.is_archived,
                        }
                        for progress in journey.step_progress.all()
                    ],
                }
                for journey in journeys
            ],
            "resume_checks": [
                check.export()
                for check in SavedResumeCheck.objects.filter(journey__user=self).select_related("journey__transition")
            ],
        }


def _iso(moment):
    return moment.isoformat() if moment else None


def _fields(record, names):
    return {name: getattr(record, name) for name in names}


class SessionManager(BaseSessionManager):
    def get_queryset(self):
        # A session is read with its user's row: accounts.sessions.SessionUserBackend then does not read it again.
        return super().get_queryset().select_related("user")


class Session(AbstractBaseSession):
    """A session with the user signed in to it, so all of a person's sessions can be found and ended."""

    # No constraint in the database: a session outlives nothing, and writing one must never wait on the user's row.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    objects = SessionManager()

    @classmethod
    def get_session_store_class(cls):
        return import_module(settings.SESSION_ENGINE).SessionStore


def check_step_is_current(step):
    """Progress on a step retired from its guide no longer changes, a learner's or a visitor's."""
    if step.is_archived:
        raise ValidationError(
            "This step was retired from the guide, so its progress can no longer change.", code="archived"
        )


JOURNEY_GONE = "You stopped this transition meanwhile (in another tab?), so there is nothing to change."
ACCOUNT_GONE = "This account was deleted meanwhile, so nothing was saved."


def lock_learner(user_id):
    """Lock the learner's account row until the transaction ends, so one learner's writes happen one at a time.

    Every change to journeys and progress, stopping a journey and deleting the account take this lock first
    (always this one, first: no deadlocks). Raises User.DoesNotExist once the account is deleted.
    """
    if not list(User.objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True)):
        raise User.DoesNotExist(ACCOUNT_GONE)


class JourneyQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate progress, changes since the start and the next step: a list of journeys in one query."""
        steps = Step.objects.active().filter(transition=OuterRef("transition"))
        finished_by_learner = StepProgress.objects.filter(
            step=OuterRef("pk"), journey=OuterRef(OuterRef("pk")), status__in=FINISHED
        )
        next_steps = steps.exclude(Exists(finished_by_learner)).order_by("position", "pk")
        return self.annotate(
            step_count=count_of(steps),
            finished_count=count_of(
                StepProgress.objects.filter(journey=OuterRef("pk"), status__in=FINISHED, step__archived_at__isnull=True)
            ),
            added_count=count_of(steps.filter(created_at__gt=OuterRef("started_at"))),
            retired_count=count_of(
                StepProgress.objects.filter(journey=OuterRef("pk"), step__archived_at__gt=OuterRef("started_at"))
            ),
            next_step_id=Subquery(next_steps.values("pk")[:1]),
            next_step_title=Subquery(next_steps.values("title")[:1]),
        )

    def for_dashboard(self):
        return (
            self.with_progress()
            .select_related("transition__from_role", "transition__to_role")
            .order_by("-updated_at", "-pk")
        )

    def with_checklists(self):
        """Newest first, each journey with its guide (see `guide_outlines`) and the learner's progress (each with its
        step), counted (Journey.count_progress): two plain queries for any number, the guides from the content cache.
        """
        # Grouped and sorted here, not by prefetch_related() and ORDER BY: a learner has a handful of each, and Django
        # spends more on that machinery than on the queries themselves.
        journeys = sorted(self.order_by(), key=lambda journey: (journey.updated_at, journey.pk), reverse=True)
        progress = defaultdict(list)
        for item in StepProgress.objects.filter(journey__in=[journey.pk for journey in journeys]).order_by():
            progress[item.journey_id].append(item)
        guides = guide_outlines({journey.transition_id for journey in journeys})
        for journey in journeys:
            journey.transition = guides[journey.transition_id]
            journey.progress = sorted(progress[journey.pk], key=lambda item: item.pk)
            steps = {step.pk: step for step in journey.transition.steps.all()}
            for item in journey.progress:
                item.step = steps[item.step_id]
                item.journey = journey
            journey.count_progress()
        return journeys

    def for_page(self, user, transition):
        """The user's journey on this transition with each step's progress for the checklist, counted like
        with_progress() counts the dashboard's (see Journey.count_progress); or None. At most 2 queries.

        `transition` must come with its active steps prefetched (the transition page does that): the counts,
        the checklist and the next step are taken from them without another query.
        """
        if not user.is_authenticated:
            return None
        journey = (
            self.filter(user=user, transition=transition)
            .prefetch_related(Prefetch("step_progress", queryset=StepProgress.objects.select_related("step")))
            .first()
        )
        if journey is not None:
            journey.transition = transition
            journey.count_progress()
        return journey

    def start(self, user, transition):
        """The user's journey on this transition, started now if they had none. Safe against double posts."""
        with transaction.atomic():
            lock_learner(user.pk)
            journey, _ = self.get_or_create(user=user, transition=transition)
        return journey

    def to_continue(self):
        """The most recently active journey on a published guide that still has a step to do, or None: one query."""
        return (
            self.for_dashboard()
            .filter(transition__published_at__lte=timezone.now(), next_step_id__isnull=False)
            .first()
        )


def guide_outlines(pks):
    """{pk: guide} for these transitions, each with its roles and every step (retired ones too, without their
    detail), each step linked back to its guide: what a learner's dashboard shows of the guides they follow.

    The same for every learner who follows the same guides, so kept under the content version (read-only).
    """
    if not pks:
        return {}

    def build():
        steps = Step.objects.defer("detail", "detail_html")
        guides = Transition.objects.with_roles().filter(pk__in=pks).prefetch_related(Prefetch("steps", queryset=steps))
        for guide in guides:
            for step in guide.steps.all():
                step.transition = guide
        return {guide.pk: guide for guide in guides}

    return versioning.cached("guide-outlines:" + ",".join(map(str, sorted(pks))), build)


def newest_progress(journeys):
    """The learner's progress on these journeys (from JourneyQuerySet.with_checklists), newest change first, each
    step with its guide: what the dashboard's notes and recent activity list, with no query."""
    progress = [item for journey in journeys for item in journey.progress]
    return sorted(progress, key=lambda item: (item.updated_at, item.pk), reverse=True)


class ProgressShare:
    """The share of a checklist done, from its step_count and finished_count: a journey's and a visitor's alike."""

    @property
    def percent(self):
        return round(self.finished_count * 100 / self.step_count) if self.step_count else 0

    @property
    def is_complete(self):
        return self.step_count > 0 and self.finished_count >= self.step_count


class Journey(ProgressShare, models.Model):
    """One learner's run at one transition."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journeys")
    transition = models.ForeignKey(Transition, on_delete=models.PROTECT, related_name="journeys")
    started_at = models.DateTimeField(default=timezone.now)
    target_date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JourneyQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "transition"], name="one_journey_per_transition"),
        ]

    def __str__(self):
        return f"{self.user} on {self.transition}"

    # --- Changing progress ------------------------------------------------------------------------

    def mark_step(self, step, *, status):
        """Set (never toggle) the learner's status on one of this transition's current steps.

        The status and the note come validated by their forms (accounts.forms); the database refuses others.
        """
        return self._save_progress(step, status=status)

    def save_note(self, step, note):
        """Keep the learner's private note on a step (an empty note clears it)."""
        return self._save_progress(step, note=note)

    def set_target_date(self, target_date):
        with transaction.atomic():
            lock_learner(self.user_id)
            self.target_date, self.updated_at = target_date, timezone.now()
            if not Journey.objects.filter(pk=self.pk).update(target_date=target_date, updated_at=self.updated_at):
                raise Journey.DoesNotExist(JOURNEY_GONE)

    def stop(self):
        """Delete the journey with all its progress and notes, completely or (if it is already gone) not at all."""
        with transaction.atomic():
            lock_learner(self.user_id)
            if not Journey.objects.filter(pk=self.pk).exists():
                raise Journey.DoesNotExist(JOURNEY_GONE)
            self.delete()

    def _save_progress(self, step, **values):
        self.check_step(step)
        with transaction.atomic():
            # The learner's lock orders this write after a stop or account deletion in another tab, and two
            # first changes to one step one after the other: no duplicate, no change to a deleted journey.
            lock_learner(self.user_id)
            self.updated_at = timezone.now()
            if not Journey.objects.filter(pk=self.pk).update(updated_at=self.updated_at):
                raise Journey.DoesNotExist(JOURNEY_GONE)
            progress, _ = self.step_progress.update_or_create(step=step, defaults=values)
        self._forget_progress()
        return progress

    def check_step(self, step):
        """Refuse changes to a step of another transition or one retired from the guide."""
        if step.transition_id != self.transition_id:
            raise ValidationError("This step belongs to another transition.", code="other_transition")
        check_step_is_current(step)

    def _forget_progress(self):
        # The counts annotated by with_progress() are now out of date: read the journey again to show them.
        for name in ["progress", "active_steps", "retired_steps", "next_step"]:
            self.__dict__.pop(name, None)
        getattr(self, "_prefetched_objects_cache", {}).pop("step_progress", None)

    # --- Reading progress -------------------------------------------------------------------------
    # step_count, finished_count, added_count, retired_count, next_step_id and next_step_title are counted either
    # by JourneyQuerySet.with_progress() in SQL (where a query filters on them, or for one journey) or by
    # count_progress() from steps and progress already in memory (the guide page and the dashboard);
    # tests/test_progress.py holds the two to the same answers. What follows derives from those, or lists
    # objects from the prefetched steps and progress (the guide page's checklist).

    @cached_property
    def progress(self):
        """The learner's progress on this guide, each with its step when loaded with the journey (with_checklists()
        sets it; for_page() prefetches it)."""
        return list(self.step_progress.all())

    def count_progress(self):
        """What with_progress() annotates, from the transition's prefetched current steps and this journey's
        progress (with its steps): no query."""
        progress = self.progress
        finished = {p.step_id for p in progress if p.status in FINISHED and p.step.archived_at is None}
        self.step_count = len(self.active_steps)
        self.finished_count = len(finished)
        self.added_count = sum(1 for step in self.active_steps if step.created_at > self.started_at)
        self.retired_count = len(self.retired_steps)
        next_step = next((step for step in self.active_steps if step.pk not in finished), None)
        self.next_step_id = next_step.pk if next_step else None
        self.next_step_title = next_step.title if next_step else None

    @cached_property
    def active_steps(self):
        return [step for step in self.transition.steps.all() if step.archived_at is None]

    @property
    def checklist(self):
        """Each current step, in order, with the learner's progress on it (or None)."""
        progress = {progress.step_id: progress for progress in self.progress}
        return [(step, progress.get(step.pk)) for step in self.active_steps]

    @cached_property
    def next_step(self):
        """The next step (with_progress() picks it) from the prefetched steps, or None."""
        return next((step for step in self.active_steps if step.pk == self.next_step_id), None)

    def next_step_url(self):
        """The next step's anchor on the guide page, without loading the step (the dashboard's lists)."""
        if self.next_step_id is None:
            return None
        return Step(pk=self.next_step_id, transition=self.transition).get_absolute_url()

    @cached_property
    def retired_steps(self):
        """Steps the learner had worked on that editors retired after the learner started."""
        return [
            progress.step
            for progress in self.progress
            if progress.step.archived_at is not None and progress.step.archived_at > self.started_at
        ]

    @property
    def has_changes(self):
        return bool(self.added_count or self.retired_count)

    @property
    def days_left(self):
        """Days until the target date (negative once it has passed), or None without one."""
        if self.target_date is None:
            return None
        return (self.target_date - timezone.localdate()).days

    @property
    def days_overdue(self):
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    # --- Pace, projection and calendar -----------------------------------------------------------

    @property
    def projection(self):
        """The learner's pace and projected finish (accounts.pace), beside the target date and the guide's timeline."""
        transition = self.transition
        return pace.project(
            started=timezone.localdate(self.started_at),
            today=timezone.localdate(),
            finished=self.finished_count,
            total=self.step_count,
            target_date=self.target_date,
            timeline_months=(transition.timeline_min_months, transition.timeline_max_months),
        )


class StepStatus(models.TextChoices):
    TODO = "todo", "To do"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    SKIPPED = "skipped", "I already have this"


NOTE_MAX_LENGTH = 5000


class StepProgress(models.Model):
    Status = StepStatus
    NOTE_MAX_LENGTH = NOTE_MAX_LENGTH

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="step_progress")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    note = models.TextField(blank=True, max_length=NOTE_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "step progress"
        ordering = ["step__position"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "step"], name="one_progress_per_step"),
            models.CheckConstraint(condition=models.Q(status__in=StepStatus.values), name="step_progress_status_known"),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), NOTE_MAX_LENGTH), name="step_progress_note_length"
            ),
        ]

    def __str__(self):
        return f"{self.step}: {self.get_status_display()}"

    @property
    def is_finished(self):
        return self.status in FINISHED


# --- Resumes ------------------------------------------------------------------------------------------
# A learner's resumes, stored in the shape of the JSON Resume standard (https://jsonresume.org): the
# basics as one object, each list section as a list of entries in the standard's own keys. Editing forms
# (accounts/resume_forms.py) validate every entry; export and import (accounts/resume_json.py) check the
# whole document against the published schema, so a round trip changes nothing.


class ResumeQuerySet(models.QuerySet):
    def for_dashboard(self):
        """Newest first, only what the dashboard lists, each with its target guide (from `guide_outlines`)."""
        resumes = list(self.only("title", "transition", "updated_at").order_by("-updated_at", "-pk"))
        guides = guide_outlines({resume.transition_id for resume in resumes if resume.transition_id})
        for resume in resumes:
            if resume.transition_id:
                resume.transition = guides[resume.transition_id]
        return resumes

    def export_data(self):
        """The resumes for "download my data": name, target, dates and every section (one query)."""
        return [
            {
                "title": resume.title,
                "transition": resume.transition.title if resume.transition else None,
                "created_at": resume.created_at.isoformat(),
                "updated_at": resume.updated_at.isoformat(),
                **resume.content,
            }
            for resume in self.select_related("transition__from_role", "transition__to_role").order_by(
                "-updated_at", "-pk"
            )
        ]


class Resume(models.Model):
    TITLE_MAX_LENGTH = 120
    LIST_SECTIONS = ["work", "projects", "education", "certificates", "skills", "languages"]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes")
    transition = models.ForeignKey(
        Transition, on_delete=models.SET_NULL, null=True, blank=True, related_name="resumes", help_text="The target."
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    basics = models.JSONField(default=dict, blank=True)
    work = models.JSONField(default=list, blank=True)
    projects = models.JSONField(default=list, blank=True)
    education = models.JSONField(default=list, blank=True)
    certificates = models.JSONField(default=list, blank=True)
    skills = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResumeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._state.adding:  # marked first: a learner marked without a resume only costs their dashboard a query
            User.objects.filter(pk=self.user_id, made_resumes=False).update(made_resumes=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:resume_edit", args=[self.pk, "basics"])

    @property
    def content(self):
        """Everything written on the resume (not its title or target), as the JSON Resume sections."""
        return {"basics": self.basics, **{name: getattr(self, name) for name in self.LIST_SECTIONS}}

    def duplicate(self):
        return Resume.objects.create(
            user=self.user,
            transition=self.transition,
            title=f"Copy of {self.title}"[: self.TITLE_MAX_LENGTH],
            **self.content,
        )


class SavedResumeCheckQuerySet(models.QuerySet):
    def for_dashboard(self, journeys, limit=20):
        """The newest checks kept on these journeys (one learner's, with their guides), each linked to its journey."""
        journeys = {journey.pk: journey for journey in journeys}
        checks = list(self.filter(journey_id__in=list(journeys))[:limit]) if journeys else []
        for check in checks:
            check.journey = journeys[check.journey_id]
        return checks


class SavedResumeCheck(models.Model):
    """A resume check a learner kept on their journey: the score and what was missing, the text only if asked."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="resume_checks")
    score = models.PositiveSmallIntegerField()
    missing_skills = models.JSONField(default=list, blank=True)
    missing_certifications = models.JSONField(default=list, blank=True)
    resume_text = models.TextField(blank=True, help_text="Kept only when the learner ticks “keep my resume text”.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = SavedResumeCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__lte=100), name="saved_resume_check_score_0_100"),
        ]

    def __str__(self):
        return f"Resume check {self.score}/100 on {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self._state.adding:  # as Resume.save
            User.objects.filter(journeys=self.journey_id, kept_resume_checks=False).update(kept_resume_checks=True)
        super().save(*args, **kwargs)

    def export(self):
        return {
            "transition_slug": self.journey.transition.slug,
            "score": self.score,
            "missing_skills": self.missing_skills,
            "missing_certifications": self.missing_certifications,
            "resume_text": self.resume_text,
            "created_at": self.created_at.isoformat(),
        }
