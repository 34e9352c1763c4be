"""Official reference data that roles point to: US occupations, their wages and their work activities.

Loaded from content/data/labour/ by `manage.py import_labour_data`; editors never edit these rows.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

from transitions.labour import NATIONAL, TOP_CODE_ANNUAL, TOP_CODE_HOURLY
from transitions.versioning import ContentQuerySet, VersionedContent

SOC_PATTERN = r"^\d{2}-\d{4}$"
TOP_ACTIVITIES = 5


class Area(models.Model):
    """The United States as a whole, or one state (or DC, Puerto Rico, Guam, the US Virgin Islands)."""

    code = models.CharField(max_length=2, unique=True, help_text='"US" for the nation, else a postal code.')
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_national(self):
        return self.code == NATIONAL


class OccupationQuerySet(ContentQuerySet):
    def scored(self):
        """Occupations the AI applicability data covers (785 of them)."""
        return self.filter(ai_score__isnull=False)

    def search(self, query):
        """Occupations whose title has every word of the query, or whose SOC code starts with it."""
        condition = Q()
        for word in query.split()[:10]:
            condition &= Q(title__icontains=word) | Q(soc__startswith=word)
        return self.filter(condition)


class Occupation(VersionedContent, models.Model):
    """One detailed occupation of the 2018 Standard Occupational Classification (SOC)."""

    soc = models.CharField("SOC code", max_length=7, unique=True, help_text="e.g. 13-2041")
    title = models.CharField(max_length=200, help_text="The official SOC title.")
    slug = models.SlugField(max_length=200)
    major_group = models.CharField(max_length=7, db_index=True, help_text="e.g. 13-0000")
    major_group_title = models.CharField(max_length=200)
    # National annual median, copied from the national wage row so lists and sorts need no join.
    median_wage = models.PositiveIntegerField(null=True, blank=True)
    median_wage_top_coded = models.BooleanField(default=False)
    ai_score = models.FloatField(
        "AI applicability score", null=True, blank=True, help_text="0-1, Tomlinson et al. (2025)."
    )
    ai_percentile = models.FloatField(
        "AI applicability percentile", null=True, blank=True, help_text="Share of scored occupations below."
    )

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["soc"]
        constraints = [
            models.CheckConstraint(condition=Q(soc__regex=SOC_PATTERN), name="occupation_soc_format"),
            models.CheckConstraint(
                condition=Q(ai_score__isnull=True) | Q(ai_score__gte=0, ai_score__lte=1), name="occupation_ai_score_0_1"
            ),
            models.CheckConstraint(
                condition=Q(ai_percentile__isnull=True) | Q(ai_percentile__gte=0, ai_percentile__lte=100),
                name="occupation_ai_percentile_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.soc})"

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("transitions:occupation", kwargs={"soc": self.soc, "slug": self.slug})

    @property
    def has_ai_data(self):
        return self.ai_score is not None

    @property
    def ai_score_percent(self):
        return round(self.ai_score * 100, 1) if self.ai_score is not None else None

    def median_change_to(self, other):
        """The change of national annual median from this job to another ($ and %), or None when either
        median is unpublished or top-coded (a top code is a floor, not a figure to subtract)."""
        if self.median_wage is None or other.median_wage is None:
            return None
        if self.median_wage_top_coded or other.median_wage_top_coded:
            return None
        difference = other.median_wage - self.median_wage
        return {"amount": difference, "percent": round(difference * 100 / self.median_wage)}

    def ai_percentile_change_to(self, other):
        """Both jobs' AI applicability percentiles and the change, or None when either is not scored."""
        if self.ai_percentile is None or other.ai_percentile is None:
            return None
        change = other.ai_percentile - self.ai_percentile
        return {"from": self.ai_percentile, "to": other.ai_percentile, "change": change}

    def weighted_activities(self):
        """This job's work activities with their weight and AI applicability, heaviest first."""
        return self.activity_links.select_related("activity").order_by("-weight", "activity__code")

    def most_ai_applicable_activities(self, n=TOP_ACTIVITIES):
        """The n activities of this job that AI applies to most (ties: the heavier first)."""
        return self.weighted_activities().order_by("-activity__applicability", "-weight", "activity__code")[:n]

    def least_ai_applicable_activities(self, n=TOP_ACTIVITIES):
        """The n activities of this job that AI applies to least (ties: the heavier first)."""
        return self.weighted_activities().order_by("activity__applicability", "-weight", "activity__code")[:n]

    def less_exposed_activities(self):
        """{activity id: activity} for this job's activities that AI applies to less than to most of its work:
        those below the weighted median applicability, the middle of the job's time-weighted work (1 query)."""
        links = sorted(self.weighted_activities(), key=lambda link: link.activity.applicability)
        half, running = sum(link.weight for link in links) / 2, 0
        for link in links:
            running += link.weight
            if running >= half:
                median = link.activity.applicability
                break
        else:
            return {}
        return {link.activity_id: link.activity for link in links if link.activity.applicability < median}


class Wage(models.Model):
    """BLS OEWS May 2025 estimates for one occupation in one area (all industries).

    An empty figure means BLS publishes none: see `top_coded` and `withheld` for why; otherwise the
    occupation is paid only by the hour or only by the year, so the other kind does not apply.
    """

    ANNUAL = ["annual_p10", "annual_p25", "annual_median", "annual_p75", "annual_p90", "annual_mean"]
    HOURLY = ["hourly_p10", "hourly_p25", "hourly_median", "hourly_p75", "hourly_p90", "hourly_mean"]

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="wages")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="wages")
    employment = models.PositiveIntegerField(null=True, blank=True)
    annual_mean = models.PositiveIntegerField(null=True, blank=True)
    annual_p10 = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(null=True, blank=True)
    hourly_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p10 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p25 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p75 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p90 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    top_coded = models.CharField(
        max_length=200, blank=True, help_text="Figures at or above the top code ($239,200 a year), space-separated."
    )
    withheld = models.CharField(max_length=200, blank=True, help_text="Figures BLS did not release, space-separated.")

    class Meta:
        ordering = ["occupation", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "area"], name="unique_wage_per_area"),
            models.CheckConstraint(
                condition=Q(annual_p10__isnull=True) | Q(annual_p90__isnull=True) | Q(annual_p10__lte=F("annual_p90")),
                name="wage_percentiles_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.occupation.soc} in {self.area}"

    def figure(self, name):
        """One figure, ready to print: a number, "$239,200 or more", "not published" or nothing."""
        return Figure(name, getattr(self, name), self._marker(name))

    def _marker(self, name):
        if name in self.top_coded.split():
            return "top"
        if name in self.withheld.split():
            return "withheld"
        return ""

    @property
    def is_hourly_only(self):
        return self.annual_median is None and "annual_median" not in (self.top_coded + self.withheld)

    @property
    def basis(self):
        """ "annual" when BLS publishes yearly figures, "hourly" for jobs it only estimates by the hour."""
        return "hourly" if self.is_hourly_only else "annual"

    @property
    def table(self):
        """Rows (label, annual figure, hourly figure) for the wage table."""
        labels = ["10th percentile", "25th percentile", "Median", "75th percentile", "90th percentile", "Mean"]
        return [
            (label, self.figure(annual), self.figure(hourly))
            for label, annual, hourly in zip(labels, self.ANNUAL, self.HOURLY, strict=True)
        ]

    @property
    def employment_figure(self):
        return self.figure("employment")

    @property
    def median_figure(self):
        return self.figure("hourly_median" if self.is_hourly_only else "annual_median")

    def band(self):
        """The p10, p25, median, p75 and p90 figures the band chart draws, in this row's basis."""
        prefix = "hourly" if self.is_hourly_only else "annual"
        return [self.figure(f"{prefix}_{point}") for point in ("p10", "p25", "median", "p75", "p90")]


class Figure:
    """A published wage or employment figure with the reason when BLS gives no number."""

    def __init__(self, name, value, marker):
        self.name, self.value, self.marker = name, value, marker
        self.is_hourly = name.startswith("hourly")
        if marker == "top":
            self.value = TOP_CODE_HOURLY if self.is_hourly else TOP_CODE_ANNUAL

    def __str__(self):
        if self.marker == "withheld":
            return "not published"
        if self.value is None:
            return "—"
        if self.name == "employment":
            return f"{self.value:,}"
        text = f"${float(self.value):,.2f}" if self.is_hourly else f"${self.value:,}"
        return f"{text} or more" if self.marker == "top" else text

    @property
    def is_top_coded(self):
        return self.marker == "top"

    @property
    def is_known(self):
        """A number, or a lower bound: something a chart can place."""
        return self.value is not None and self.marker != "withheld"


class WorkActivity(models.Model):
    """An O*NET intermediate work activity (IWA), with how applicable AI was to it in 2024."""

    code = models.CharField(max_length=20, unique=True, help_text="O*NET IWA id, e.g. 4.A.1.a.1.I01")
    title = models.CharField(max_length=300)
    applicability = models.FloatField(
        help_text="Completion x scope x coverage, the mean of the user-goal and AI-action sides (0-1)."
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "work activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(applicability__gte=0, applicability__lte=1), name="work_activity_applicability_0_1"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def label(self):
        """The title as a phrase, without the official full stop: "Analyze market conditions or trends"."""
        return self.title.removesuffix(".")

    @property
    def applicability_percent(self):
        return round(self.applicability * 100, 1)


class OccupationActivity(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="activity_links")
    activity = models.ForeignKey(WorkActivity, on_delete=models.CASCADE, related_name="occupation_links")
    weight = models.FloatField(help_text="O*NET importance x relevance of the activity in this job.")

    class Meta:
        ordering = ["occupation", "-weight"]
        verbose_name_plural = "occupation activities"
        constraints = [
            models.UniqueConstraint(fields=["occupation", "activity"], name="unique_activity_per_occupation"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="occupation_activity_weight_positive"),
        ]

    def __str__(self):
        return f"{self.activity} in {self.occupation.soc}"


class Similarity(models.Model):
    """One of the 10 occupations whose work is most alike, computed once at import."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="similarities")
    other = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 is the most similar.")
    score = models.FloatField(help_text="Cosine similarity of the two jobs' work-activity weights (0-1).")
    shared_activities = models.JSONField(default=list, help_text="IWA codes that weigh most in both jobs.")

    class Meta:
        ordering = ["occupation", "rank"]
        verbose_name_plural = "similarities"
        constraints = [
            models.UniqueConstraint(fields=["occupation", "other"], name="unique_similar_occupation"),
            models.UniqueConstraint(fields=["occupation", "rank"], name="unique_similarity_rank"),
            models.CheckConstraint(condition=~Q(occupation=F("other")), name="similarity_not_itself"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=1.000001), name="similarity_score_0_1"),
        ]

    def __str__(self):
        return f"{self.occupation.soc} ~ {self.other.soc} ({self.score:.2f})"
