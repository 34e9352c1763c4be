"""Career-change content that editors curate: roles, skills, certifications and transitions."""

from functools import cached_property
from urllib.parse import urlsplit

from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, Exists, F, Func, IntegerField, Min, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from transitions import estimates
from transitions.versioning import ContentQuerySet, VersionedContent


def count_of(queryset):
    """A correlated COUNT(*) subquery: one number per outer row, 0 when nothing matches, no GROUP BY."""
    counted = queryset.order_by().annotate(n=Func("pk", function="COUNT", output_field=IntegerField()))
    return Subquery(counted.values("n"), output_field=IntegerField())


class IndustryQuerySet(ContentQuerySet):
    def with_published_transitions(self):
        """Industries with published transitions into or out of them, annotated with how many."""
        transitions = Transition.objects.published().filter(
            Q(from_role__industry=OuterRef("pk")) | Q(to_role__industry=OuterRef("pk"))
        )
        return self.annotate(transition_count=count_of(transitions)).filter(transition_count__gt=0)


class Industry(VersionedContent, models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="One or two sentences shown when browsing by industry.")

    objects = IndustryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('transitions:index')}?industry={self.slug}"


class Role(VersionedContent, models.Model):
    class RiskLevel(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="roles")
    summary = models.CharField(max_length=300, help_text="One sentence shown in lists and search results.")
    other_titles = models.TextField(
        blank=True,
        help_text="Comma-separated other names people give this job (e.g. RN, Staff Nurse): "
        "the job picker on Explore and search find the role by them.",
    )
    description = models.TextField(blank=True, help_text="Markdown. What the job is like day to day.")
    description_html = models.TextField(blank=True, editable=False, help_text="The description rendered on save.")
    salary = models.PositiveIntegerField(help_text="Typical yearly base salary, in whole units of the currency.")
    salary_currency = models.CharField(max_length=3, default="USD", help_text="ISO 4217 code, e.g. USD.")
    ai_risk_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0 (safe) to 100 (most of the work can be automated)."
    )
    ai_risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    ai_risk_rationale = models.TextField(blank=True, help_text="Markdown. Why the score is what it is.")
    ai_risk_rationale_html = models.TextField(blank=True, editable=False, help_text="The rationale rendered on save.")
    ai_risk_sources = models.TextField(blank=True, help_text="One source per line: a title or a URL.")
    updated_at = models.DateTimeField(auto_now=True)
    occupation = models.ForeignKey(
        "transitions.Occupation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
        help_text="The official SOC occupation whose wages and AI data this role shows.",
    )
    occupation_note = models.CharField(
        max_length=300,
        blank=True,
        help_text='When the match is not clean, say so and why, e.g. "Closest official occupation: …".',
    )
    salary_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why the typical salary above differs on purpose from the official median (e.g. entry-level pay).",
    )

    objects = ContentQuerySet.as_manager()

    MARKDOWN_FIELDS = ("description", "ai_risk_rationale")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary__gt=0),
                name="role_salary_positive",
                violation_error_message="A salary must be more than zero.",
            ),
            models.CheckConstraint(
                condition=Q(ai_risk_score__isnull=True) | Q(ai_risk_score__lte=100), name="role_ai_risk_score_0_100"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("transitions:role", args=[self.slug])

    @property
    def other_title_list(self):
        return [title.strip() for title in self.other_titles.split(",") if title.strip()]


class Skill(VersionedContent, models.Model):
    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True, help_text="Markdown. What the skill covers and why it matters.")
    description_html = models.TextField(blank=True, editable=False, help_text="The description rendered on save.")
    keywords = models.TextField(
        blank=True, help_text="Comma-separated synonyms and tools that show this skill on a resume."
    )
    work_activities = models.ManyToManyField(
        "transitions.WorkActivity",
        blank=True,
        related_name="skills",
        help_text="The official work activities this skill prepares someone to do, in every guide that lists it. "
        "Tag only what the skill clearly leads to: the AI-risk check names these as the work it moves people toward.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContentQuerySet.as_manager()

    MARKDOWN_FIELDS = ("description",)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("transitions:skill", args=[self.slug])

    @property
    def keyword_list(self):
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class Certification(VersionedContent, models.Model):
    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(max_length=160, unique=True)
    provider = models.CharField(max_length=120)
    url = models.URLField(blank=True, help_text="The provider's official page for this certification.")
    description = models.TextField(blank=True, help_text="Markdown. Who it is for, cost and effort.")
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the provider stopped (or will stop) offering the exam. Guides that recommend it "
        "are flagged in the admin: point learners to its successor in the guide's note.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    description_html = models.TextField(blank=True, editable=False, help_text="The description rendered on save.")

    objects = ContentQuerySet.as_manager()

    MARKDOWN_FIELDS = ("description",)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("transitions:certification", args=[self.slug])

    @property
    def is_retired(self):
        return self.retired_on is not None and self.retired_on <= timezone.localdate()


class TransitionQuerySet(ContentQuerySet):
    def published(self):
        return self.filter(published_at__lte=timezone.now())

    def with_gaps(self):
        """Annotate what an editor should fix: current steps without detail or estimate (thin_steps), and
        recommended certifications with a retirement date (retiring_certifications)."""
        thin = Step.objects.active().filter(Q(detail="") | Q(estimate=""), transition=OuterRef("pk"))
        retiring = TransitionCertification.objects.filter(
            transition=OuterRef("pk"), certification__retired_on__isnull=False
        )
        return self.annotate(thin_steps=count_of(thin), retiring_certifications=count_of(retiring))

    def next_publication(self):
        """When the next scheduled guide goes live, or None when none is scheduled."""
        return self.filter(published_at__gt=timezone.now()).aggregate(at=Min("published_at"))["at"]

    def with_roles(self):
        return self.select_related(
            "from_role__industry", "to_role__industry", "from_role__occupation", "to_role__occupation"
        )

    def suggested_for(self, transition):
        """Guides like this one, best first: the reverse move, the same start, the same destination, then
        the most skills in common. Guides with none of these in common are left out."""
        skills = TransitionSkill.objects.filter(transition=transition).values("skill")
        closeness = Case(
            When(from_role=transition.to_role_id, to_role=transition.from_role_id, then=Value(3)),
            When(from_role=transition.from_role_id, then=Value(2)),
            When(to_role=transition.to_role_id, then=Value(1)),
            default=Value(0),
        )
        return (
            self.exclude(pk=transition.pk)
            .annotate(
                closeness=closeness,
                shared_skills=count_of(TransitionSkill.objects.filter(transition=OuterRef("pk"), skill__in=skills)),
            )
            .filter(Q(closeness__gt=0) | Q(shared_skills__gt=0))
            .order_by("-closeness", "-shared_skills", "from_role__name", "to_role__name")
        )

    def related_to_any(self, transitions):
        """Guides related to any of these (the ones a learner follows), best first: the editors' picks, then guides
        from the same start, then to the same destination. Never one of these."""
        if not transitions:
            return self.none()
        picked = RelatedTransition.objects.filter(from_transition__in=transitions, to_transition=OuterRef("pk"))
        closeness = Case(
            When(Exists(picked), then=Value(3)),
            When(from_role__in=[transition.from_role_id for transition in transitions], then=Value(2)),
            When(to_role__in=[transition.to_role_id for transition in transitions], then=Value(1)),
            default=Value(0),
        )
        return (
            self.exclude(pk__in=[transition.pk for transition in transitions])
            .annotate(closeness=closeness)
            .filter(closeness__gt=0)
            .order_by("-closeness", "from_role__name", "to_role__name")
        )


class Transition(VersionedContent, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    from_role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="transitions_out")
    to_role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="transitions_in")
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Part of the address, e.g. bank-analyst-to-ml-engineer."
    )
    summary = models.CharField(max_length=300, help_text="One sentence shown in lists and search results.")
    intro = models.TextField(help_text="Markdown. The introduction at the top of the page.")
    intro_html = models.TextField(blank=True, editable=False, help_text="The introduction rendered on save.")
    timeline_min_months = models.PositiveSmallIntegerField(help_text="Shortest realistic time, in months.")
    timeline_max_months = models.PositiveSmallIntegerField(help_text="Longest realistic time, in months.")
    timeline_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Shown under the timeline when the steps' estimates, added up, differ from it: say why, e.g. "
        '"The rest is the job search and the first year of experience employers ask for." The page shows '
        "the sum; the admin warns when the two disagree and this is empty.",
    )
    is_featured = models.BooleanField("featured", default=False, help_text="Show on the home page.")
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Empty means draft. A future date schedules it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    related = models.ManyToManyField(
        "self", through="RelatedTransition", symmetrical=False, related_name="+", blank=True
    )

    objects = TransitionQuerySet.as_manager()

    MARKDOWN_FIELDS = ("intro",)

    class Meta:
        ordering = ["from_role__name", "to_role__name"]
        constraints = [
            models.UniqueConstraint(fields=["from_role", "to_role"], name="unique_transition_path"),
            models.CheckConstraint(
                condition=~Q(from_role=F("to_role")),
                name="transition_changes_role",
                violation_error_message="A transition must lead to a different role.",
            ),
            models.CheckConstraint(
                condition=Q(timeline_min_months__gte=1) & Q(timeline_min_months__lte=F("timeline_max_months")),
                name="transition_timeline_in_order",
                violation_error_message="A timeline starts at 1 month or more; its minimum cannot exceed its maximum.",
            ),
        ]

    def __str__(self):
        return f"{self.from_role} → {self.to_role}"

    def get_absolute_url(self):
        return reverse("transitions:detail", args=[self.slug])

    @property
    def title(self):
        return f"Career Change: {self.from_role} to {self.to_role}"

    @property
    def short_title(self):
        return f"{self.from_role} to {self.to_role}"

    @property
    def status(self):
        if self.published_at is None:
            return self.Status.DRAFT
        if self.published_at > timezone.now():
            return self.Status.SCHEDULED
        return self.Status.PUBLISHED

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def timeline(self):
        if self.timeline_min_months == self.timeline_max_months:
            return f"{self.timeline_min_months} months"
        return f"{self.timeline_min_months}-{self.timeline_max_months} months"

    @cached_property
    def step_time(self):
        """What the current steps' estimates add up to, beside the timeline (transitions.estimates).

        From the prefetched steps when there are, so the guide page caches it with the guide.
        """
        steps = [(step.position, step.estimate) for step in self.steps.all() if not step.is_archived]
        return estimates.add_up(steps, (self.timeline_min_months, self.timeline_max_months))

    def related_guides(self, *, count=3):
        """Editors' picks first, in their order, then suggestions up to `count`; never a draft, never itself.

        Always two queries (the picks, then the suggestions), or one when the picks are prefetched.
        """
        picks = [link.to_transition for link in self.related_links.all() if link.to_transition.is_published]
        suggestions = (
            Transition.objects.published().with_roles().exclude(pk__in=[pick.pk for pick in picks]).suggested_for(self)
        )
        return picks + list(suggestions[:count])[: max(count - len(picks), 0)]

    def editorial_warnings(self):
        """What an editor should fix before learners rely on this guide, one sentence each (2 queries)."""
        steps = list(self.steps.active())
        warnings = []
        for field, advice in [("detail", "say what to do, with a concrete resource"), ("estimate", "add a rough time")]:
            missing = [str(step.position) for step in steps if not getattr(step, field).strip()]
            if len(missing) == 1:
                warnings.append(f"Step {missing[0]} has no {field}: {advice}.")
            elif missing:
                warnings.append(f"Steps {', '.join(missing)} have no {field}: {advice}.")
        step_time = estimates.add_up(
            [(step.position, step.estimate) for step in steps], (self.timeline_min_months, self.timeline_max_months)
        )
        if step_time.is_known and not step_time.agrees and not self.timeline_note.strip():
            low, high = step_time.months
            warnings.append(
                f"The steps' estimates add up to about {low}-{high} months, the timeline says {self.timeline}: "
                "fix one, or say why in the timeline note."
            )
        for link in self.certification_links.filter(certification__retired_on__isnull=False).select_related(
            "certification"
        ):
            certification = link.certification
            when = "retired" if certification.is_retired else "retires"
            warnings.append(
                f"{certification} {when} on {certification.retired_on:%Y-%m-%d}: recommend its successor, "
                "or say so in the certification's note on this guide."
            )
        return warnings

    @property
    def salary_difference(self):
        return self.to_role.salary - self.from_role.salary

    @property
    def salary_difference_percent(self):
        return round(self.salary_difference * 100 / self.from_role.salary)


class TransitionSkill(VersionedContent, models.Model):
    class Kind(models.TextChoices):
        TRANSFERABLE = "transferable", "Transferable"
        TO_BUILD = "to_build", "To build"

    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="transition_links")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transition", "skill"], name="unique_skill_per_transition"),
        ]

    def __str__(self):
        return f"{self.skill} ({self.get_kind_display()})"


class TransitionCertification(VersionedContent, models.Model):
    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="certification_links")
    certification = models.ForeignKey(Certification, on_delete=models.PROTECT, related_name="transition_links")
    order = models.PositiveSmallIntegerField(default=0)
    note = models.CharField(max_length=300, blank=True, help_text="Why this certification helps on this path.")

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transition", "certification"], name="unique_certification_per_transition"),
        ]

    def __str__(self):
        return str(self.certification)


class RelatedTransition(VersionedContent, models.Model):
    from_transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="related_links")
    to_transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["from_transition", "to_transition"], name="unique_related_transition"),
            models.CheckConstraint(
                condition=~Q(from_transition=F("to_transition")), name="related_transition_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.from_transition} ↔ {self.to_transition}"


class StepQuerySet(ContentQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def park(self, transition, pks, *, in_play=()):
        """Move these steps of `transition` above every position in play, before they are saved at new ones.

        Positions are unique per transition and rows are saved one at a time, so a new order (a swap, a
        rotation) would collide halfway. This is the one way steps are reordered: the content loader and the
        admin park the steps that move, then save each at its new position. Run it inside a transaction.
        """
        if not pks:
            return
        top = transition.steps.aggregate(top=models.Max("position"))["top"] or 0
        ceiling = max([top, *in_play])
        for offset, pk in enumerate(pks, start=1):
            self.filter(pk=pk).update(position=ceiling + offset)


class Step(VersionedContent, models.Model):
    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(help_text="Steps are shown in this order, lowest first.")
    title = models.CharField(max_length=300)
    key = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Optional and stable, e.g. learn-python: content files match steps by it, so a step "
        "can be renamed and keep its learners' progress.",
    )
    detail = models.TextField(blank=True, help_text="Markdown. What to do, with a concrete resource.")
    detail_html = models.TextField(blank=True, editable=False, help_text="The detail rendered on save.")
    estimate = models.CharField(
        max_length=40, blank=True, help_text='A rough time a learner should plan for, e.g. "4-6 weeks".'
    )
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Retires a step learners have worked on: it leaves the page, their progress stays.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    work_activities = models.ManyToManyField(
        "transitions.WorkActivity",
        blank=True,
        related_name="steps",
        help_text="The official work activities this step gives practice in. Tag only what the step clearly "
        "involves: the AI-risk check names these as the work it moves people toward.",
    )

    objects = StepQuerySet.as_manager()

    MARKDOWN_FIELDS = ("detail",)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transition", "position"], name="unique_step_position"),
            models.UniqueConstraint(
                fields=["transition", "key"],
                condition=~Q(key="") & Q(archived_at__isnull=True),
                name="unique_current_step_key",
                violation_error_message="Another current step of this transition has this key.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The step on its guide's page: the checklist's forms come back here."""
        return f"{self.transition.get_absolute_url()}#step-{self.pk}"

    @property
    def is_archived(self):
        return self.archived_at is not None


class StepLink(VersionedContent, models.Model):
    """A resource a step points learners to: an official page, a course, a book's free edition."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(max_length=120, help_text='What the learner will find, e.g. "Python tutorial".')
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The full address, starting with https://. The page shows its site next to the title.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="https://") | Q(url__startswith="http://"),
                name="step_link_is_web_address",
                violation_error_message="A link must be a web address starting with https:// or http://.",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.host}"

    @property
    def host(self):
        """The site, as learners know it: "coursera.org" for https://www.coursera.org/…"""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")
