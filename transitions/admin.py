"""The editors' CMS: content is curated here, a transition with its steps, skills and links on one page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Count, Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone

from transitions.models import (
    Certification,
    GuideRequest,
    GuideRequestVote,
    Industry,
    RelatedTransition,
    Role,
    Skill,
    Step,
    Transition,
    TransitionCertification,
    TransitionSkill,
)


def reaches_learner_data(model, lookup):
    """True when a changelist lookup (?journeys__user=…) follows a relation into learners' data (accounts)."""
    for name in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a lookup such as "icontains": the path ended
        if not field.is_relation:
            return False
        model = field.related_model
        if model._meta.app_label == "accounts":
            return True
    return False


class ContentAdmin(admin.ModelAdmin):
    """Editors curate content: no filter in the URL may reach learners' journeys and progress through it."""

    def lookup_allowed(self, lookup, value, request):
        if reaches_learner_data(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(Industry)
class IndustryAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Role)
class RoleAdmin(ContentAdmin):
    list_display = ["name", "industry", "salary", "salary_currency", "occupation", "ai_risk_level"]
    list_filter = ["industry", "ai_risk_level"]
    list_select_related = ["industry", "occupation"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["industry", "occupation"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "industry", "summary", "description"]}),
        ("Salary", {"fields": [("salary", "salary_currency"), "salary_note"]}),
        ("Official occupation", {"fields": ["occupation", "occupation_note"]}),
        ("AI risk", {"fields": [("ai_risk_score", "ai_risk_level"), "ai_risk_rationale", "ai_risk_sources"]}),
    ]


@admin.register(Skill)
class SkillAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "keywords"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Certification)
class CertificationAdmin(ContentAdmin):
    list_display = ["name", "provider", "url"]
    list_filter = ["provider"]
    search_fields = ["name", "provider"]
    prepopulated_fields = {"slug": ["name"]}


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Transition.Status.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case Transition.Status.DRAFT:
                return queryset.filter(published_at__isnull=True)
            case Transition.Status.SCHEDULED:
                return queryset.filter(published_at__gt=now)
            case Transition.Status.PUBLISHED:
                return queryset.filter(published_at__lte=now)
        return queryset


class IndustryFilter(admin.RelatedFieldListFilter):
    """Both sides of a transition have an industry: say which one, rather than "industry" twice."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = "from industry" if field_path.startswith("from_role") else "to industry"


class TransitionForm(forms.ModelForm):
    # prepopulated_fields cannot help here: the roles are chosen by id, so it would slugify numbers.
    slug = forms.SlugField(
        max_length=200,
        required=False,
        help_text="Part of the address. Leave empty to use the roles' slugs: bank-analyst-to-ml-engineer.",
    )

    def clean(self):
        cleaned_data = super().clean()
        from_role, to_role = cleaned_data.get("from_role"), cleaned_data.get("to_role")
        if not cleaned_data.get("slug") and from_role and to_role:
            cleaned_data["slug"] = f"{from_role.slug}-to-{to_role.slug}"
        return cleaned_data


class StepForm(forms.ModelForm):
    def validate_constraints(self):
        # Checking one row's position against the database would refuse a swap of two steps. The
        # formset still refuses two rows with one position, and TransitionAdmin.save_formset saves
        # the new order without colliding (Step.objects.place). Every other constraint is checked.
        not_in_form = {field.name for field in Step._meta.fields if field.name not in self.fields}
        try:
            self.instance.validate_constraints(exclude=not_in_form | {"position"})
        except forms.ValidationError as error:
            self.add_error(None, error)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("DELETE") and self.instance.pk and self.instance.progress.exists():
            raise forms.ValidationError(
                "Learners have worked on this step, so it cannot be deleted. "
                "Set “archived at” instead: it leaves the page and their progress stays."
            )
        return cleaned_data


class TransitionSkillInline(admin.TabularInline):
    model = TransitionSkill
    fields = ["skill", "kind", "order"]
    autocomplete_fields = ["skill"]
    extra = 2
    verbose_name = "skill"
    verbose_name_plural = "skills (transferable, and to build)"


class TransitionCertificationInline(admin.TabularInline):
    model = TransitionCertification
    fields = ["certification", "order", "note"]
    autocomplete_fields = ["certification"]
    extra = 1
    verbose_name = "recommended certification"


class StepInline(admin.TabularInline):
    model = Step
    form = StepForm
    fields = ["position", "title", "key", "detail", "archived_at"]
    extra = 2
    verbose_name = "first step"
    view_on_site = False  # one "View on site" per page, the transition's: a step is a part of it
    # One compact line per step: the admin's split date and time pickers would triple each row's height.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 30})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 40})},
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
        },
    }


class RelatedTransitionInline(admin.TabularInline):
    model = RelatedTransition
    fk_name = "from_transition"
    fields = ["to_transition", "order"]
    autocomplete_fields = ["to_transition"]
    extra = 1
    verbose_name = "related transition"


@admin.register(Transition)
class TransitionAdmin(ContentAdmin):
    form = TransitionForm
    list_display = ["title", "status", "updated_at", "step_count", "is_featured"]
    list_filter = [
        StatusFilter,
        ("from_role__industry", IndustryFilter),
        ("to_role__industry", IndustryFilter),
        "is_featured",
    ]
    list_select_related = ["from_role", "to_role"]
    # Explicit: the step-count annotation groups rows, and Meta.ordering does not apply to grouped queries.
    ordering = ["from_role__name", "to_role__name"]
    search_fields = ["from_role__name", "to_role__name", "slug", "summary"]
    autocomplete_fields = ["from_role", "to_role"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["from_role", "to_role", "slug", "summary", "intro"]}),
        ("Timeline", {"fields": [("timeline_min_months", "timeline_max_months")]}),
        ("Publishing", {"fields": ["status", "published_at", "is_featured", "updated_at"]}),
    ]
    readonly_fields = ["status", "updated_at"]
    inlines = [TransitionSkillInline, TransitionCertificationInline, StepInline, RelatedTransitionInline]

    def get_queryset(self, request):
        # Roles for every title (also in autocomplete results), step counts without a query per row.
        return (
            super()
            .get_queryset(request)
            .select_related("from_role", "to_role")
            .annotate(step_count=Count("steps", filter=Q(steps__archived_at__isnull=True)))
        )

    @admin.display(description="title", ordering="from_role__name")
    def title(self, transition):
        return transition.title

    @admin.display(description="status", ordering="published_at")
    def status(self, transition):
        return transition.status.label

    @admin.display(description="steps", ordering="step_count")
    def step_count(self, transition):
        return transition.step_count

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        count = queryset.filter(Q(published_at__isnull=True) | Q(published_at__gt=now)).update(
            published_at=now, updated_at=now
        )
        self.message_user(request, f"Published {count} transition(s).", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.filter(published_at__isnull=False).update(published_at=None, updated_at=timezone.now())
        self.message_user(request, f"Moved {count} transition(s) back to draft.", messages.SUCCESS)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # Learners' progress protects a transition from everyone, whatever their permissions. Say how
            # many records stand in the way and what to do instead, not who the learners are.
            perms_needed = set()
            protected = [
                f"{len(protected)} record(s) of learners' journeys and step progress. Unpublish the transition instead."
            ]
        return deleted, model_count, perms_needed, protected

    def save_formset(self, request, form, formset, change):
        if formset.model is Step:
            self.park_moving_steps(form.instance, formset)
        super().save_formset(request, form, formset, change)

    @staticmethod
    def park_moving_steps(transition, formset):
        """Park re-positioned and deleted steps (Step.objects.park), so the formset saves the new order without
        colliding. changeform_view runs all of this in one transaction."""
        deleted = formset.deleted_forms
        moving = [
            form.instance.pk for form in formset.initial_forms if form in deleted or "position" in form.changed_data
        ]
        in_play = [form.cleaned_data.get("position") or 0 for form in formset.forms]
        Step.objects.park(transition, moving, in_play=in_play)


class GuideRequestVoteInline(admin.TabularInline):
    model = GuideRequestVote
    fields = ["starting_point", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GuideRequest)
class GuideRequestAdmin(admin.ModelAdmin):
    """The queue of guides people asked for, most wanted first. Who asked stays private: only counts show."""

    list_display = ["title", "destination", "demand", "last_asked_at"]
    search_fields = ["title", "destination"]
    readonly_fields = ["destination", "title", "created_at"]
    inlines = [GuideRequestVoteInline]

    def get_queryset(self, request):
        # Not super(): it would order by the annotations before they exist.
        return GuideRequest.objects.by_demand()

    def get_ordering(self, request):
        # The annotations of by_demand(), which the `ordering` option cannot name.
        return ["-demand", "-last_asked_at", "pk"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="People asking", ordering="demand")
    def demand(self, guide_request):
        return guide_request.demand

    @admin.display(description="Last asked", ordering="last_asked_at")
    def last_asked_at(self, guide_request):
        return guide_request.last_asked_at


# Official occupation data (read-only reference data) is registered in its own module.
from transitions import admin_occupations  # noqa: E402, F401
