"""The editors' CMS: content is curated here, a transition with its steps, skills and links on one page."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.constants import LOOKUP_SEP
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from transitions.models import (
    Certification,
    GuideRequest,
    GuideRequestVote,
    Industry,
    RelatedTransition,
    Role,
    Skill,
    Step,
    StepLink,
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
        (None, {"fields": ["name", "slug", "other_titles", "industry", "summary", "description"]}),
        ("Salary", {"fields": [("salary", "salary_currency"), "salary_note"]}),
        ("Official occupation", {"fields": ["occupation", "occupation_note"]}),
        ("AI risk", {"fields": [("ai_risk_score", "ai_risk_level"), "ai_risk_rationale", "ai_risk_sources"]}),
    ]


@admin.register(Skill)
class SkillAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["work_activities"]

    class Media:
        css = {"all": ["css/admin.css"]}


@admin.register(Certification)
class CertificationAdmin(ContentAdmin):
    list_display = ["name", "provider", "url", "is_current"]
    list_filter = ["provider", ("retired_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "provider"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="current", boolean=True, ordering="retired_on")
    def is_current(self, certification):
        return not certification.is_retired


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


class GapsFilter(admin.SimpleListFilter):
    title = "gaps to fix"
    parameter_name = "gaps"

    def lookups(self, request, model_admin):
        return [("yes", "Has gaps"), ("no", "Complete")]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(Q(thin_steps__gt=0) | Q(retiring_certifications__gt=0))
            case "no":
                return queryset.filter(thin_steps=0, retiring_certifications=0)
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

    class Meta:
        model = Transition
        fields = ["from_role", "to_role", "slug", "summary", "intro"]
        # The summary is a sentence of up to 300 characters: a one-line box would hide most of it.
        widgets = {"summary": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})}

    def clean(self):
        cleaned_data = super().clean()
        from_role, to_role = cleaned_data.get("from_role"), cleaned_data.get("to_role")
        if not cleaned_data.get("slug") and from_role and to_role:
            cleaned_data["slug"] = f"{from_role.slug}-to-{to_role.slug}"
        return cleaned_data


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["position", "key", "estimate", "title", "detail", "work_activities", "archived_at"]
        widgets = {"title": forms.TextInput(attrs={"class": "vLargeTextField"})}

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


class StepInline(admin.StackedInline):
    model = Step
    form = StepForm
    # Stacked: as table columns, the detail, estimate and tags pushed the page sideways.
    fields = [("position", "key", "estimate"), "title", "detail", "resource_links", "work_activities", "archived_at"]
    readonly_fields = ["resource_links"]
    autocomplete_fields = ["work_activities"]
    extra = 2
    verbose_name = "first step"
    view_on_site = False
    # A step's resource links are edited on the step's own page (an inline cannot hold another inline).
    show_change_link = True

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("links")

    @admin.display(description="resource links")
    def resource_links(self, step):
        if step.pk is None:
            return "Save the step first, then add links on its own page."
        links = ", ".join(str(link) for link in step.links.all()) or "None yet"
        url = reverse("admin:transitions_step_change", args=[step.pk])
        return format_html('{} · <a href="{}">Edit the links on the step\'s page</a>', links, url)

    # Titles and details as wide as the summary; one date-and-time input rather than the admin's split pickers.
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 30})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"})},
        models.DateTimeField: {
            "form_class": forms.DateTimeField,
            "widget": forms.DateTimeInput(attrs={"type": "datetime-local", "step": 1}, format="%Y-%m-%dT%H:%M:%S"),
        },
    }


class StepLinkInline(admin.TabularInline):
    model = StepLink
    fields = ["title", "url", "order"]
    extra = 2
    verbose_name = "resource link"
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 40})},
        models.URLField: {"widget": forms.URLInput(attrs={"size": 60})},
    }


@admin.register(Step)
class StepAdmin(ContentAdmin):
    """A step's own page, for its resource links: everything else about a step is edited on its transition."""

    list_display = ["title", "transition", "position", "link_count"]
    list_select_related = ["transition__from_role", "transition__to_role"]
    search_fields = ["title", "transition__from_role__name", "transition__to_role__name"]
    fields = ["transition", "position", "title", "estimate"]
    readonly_fields = fields
    inlines = [StepLinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_count=Count("links"))

    def has_add_permission(self, request):
        return False

    @admin.display(description="links", ordering="link_count")
    def link_count(self, step):
        return step.link_count


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
    # Short columns: with the filters open, the table fits a 1280-pixel screen and role names do not wrap.
    # Drafts and scheduled guides are told apart by the status filter.
    list_display = [
        "from_role",
        "to_role",
        "is_published",
        "step_count",
        "is_complete",
        "is_featured",
        "updated",
    ]
    list_display_links = ["from_role", "to_role"]
    list_filter = [
        StatusFilter,
        GapsFilter,
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
        ("Timeline", {"fields": [("timeline_min_months", "timeline_max_months"), "timeline_note"]}),
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
            .with_gaps()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and (transition := self.get_object(request, unquote(object_id))):
            for warning in transition.editorial_warnings():
                messages.warning(request, warning)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="published", boolean=True, ordering="published_at")
    def is_published(self, transition):
        return transition.is_published

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, transition):
        return transition.updated_at.date()

    @admin.display(description="complete", boolean=True)
    def is_complete(self, transition):
        """Every current step has detail and an estimate, and no recommended certification is retiring."""
        return not (transition.thin_steps or transition.retiring_certifications)

    @admin.display(description="status", ordering="published_at")
    def status(self, transition):
        return transition.status.label

    @admin.display(description="steps", ordering="step_count")
    def step_count(self, transition):
        return transition.step_count

    @admin.action(description="Publish now", permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        count = self.set_published_at(
            request,
            queryset.filter(Q(published_at__isnull=True) | Q(published_at__gt=now)),
            now,
            "Published with the “Publish now” action.",
        )
        self.message_user(request, f"Published {count} transition(s).", messages.SUCCESS)

    @admin.action(description="Unpublish (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = self.set_published_at(
            request,
            queryset.filter(published_at__isnull=False),
            None,
            "Moved back to draft with the “Unpublish” action.",
        )
        self.message_user(request, f"Moved {count} transition(s) back to draft.", messages.SUCCESS)

    @staticmethod
    def set_published_at(request, queryset, published_at, message):
        """Publish or unpublish these transitions and record it in each one's history; return how many."""
        with transaction.atomic():
            # Locked through a plain query: the changelist's queryset groups rows, which FOR UPDATE refuses.
            changed = list(
                Transition.objects.filter(pk__in=queryset.values("pk"))
                .select_related("from_role", "to_role")
                .select_for_update(of=("self",))
            )
            Transition.objects.filter(pk__in=[t.pk for t in changed]).update(
                published_at=published_at, updated_at=timezone.now()
            )
            if changed:
                LogEntry.objects.log_actions(
                    user_id=request.user.pk, queryset=changed, action_flag=CHANGE, change_message=message
                )
        return len(changed)

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
