"""Learners: the account, and their journeys through transitions step by step."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from transitions.models import Step, Transition


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
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=80, blank=True, help_text="How we greet you on the site.")

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]


class JourneyQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate active step counts so a list of journeys shows progress without a query each."""
        active = Q(transition__steps__archived_at__isnull=True)
        finished = Q(
            step_progress__status__in=[StepProgress.Status.DONE, StepProgress.Status.SKIPPED],
            step_progress__step__archived_at__isnull=True,
        )
        return self.annotate(
            step_count=Count("transition__steps", filter=active, distinct=True),
            finished_count=Count("step_progress", filter=finished, distinct=True),
        )


class Journey(models.Model):
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


class StepProgress(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", "To do"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        SKIPPED = "skipped", "I already have this"

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="step_progress")
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    note = models.TextField(blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "step progress"
        ordering = ["step__position"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "step"], name="one_progress_per_step"),
        ]

    def __str__(self):
        return f"{self.step}: {self.get_status_display()}"

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.SKIPPED}
