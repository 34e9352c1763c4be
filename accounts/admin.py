"""Accounts in the admin: for superusers only (the Editors group has no permission on any of it)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from accounts.models import Journey, StepProgress, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]

    def clean_email(self):
        # Logins match the address case-insensitively, as the sign-up manager stores it: lower case.
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("A user with that email address already exists.")
        return email


def reaches_a_note(model, lookup):
    """True when a changelist lookup (?note__icontains=…, ?journeys__step_progress__note=…) reads private notes."""
    for name in lookup.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if model is StepProgress and name == "note":
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


class NoNoteLookups:
    """Learners' private notes are never searched or filtered, not even by superusers."""

    def lookup_allowed(self, lookup, value, request):
        if reaches_a_note(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(User)
class UserAdmin(NoNoteLookups, BaseUserAdmin):
    add_form = UserCreationForm
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    list_display = ["email", "display_name", "is_staff", "is_superuser", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    readonly_fields = ["last_login", "date_joined"]


class StepProgressInline(admin.TabularInline):
    model = StepProgress
    # The learner's private note stays out of the admin.
    fields = ["step", "status", "updated_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(Journey)
class JourneyAdmin(NoNoteLookups, admin.ModelAdmin):
    list_display = ["user", "transition", "started_at", "target_date", "updated_at"]
    list_select_related = ["user", "transition__from_role", "transition__to_role"]
    search_fields = ["user__email", "transition__slug"]
    date_hierarchy = "started_at"
    fields = ["user", "transition", "started_at", "target_date", "updated_at"]
    readonly_fields = ["user", "transition", "started_at", "updated_at"]
    inlines = [StepProgressInline]

    def has_add_permission(self, request):
        return False


@admin.register(StepProgress)
class StepProgressAdmin(NoNoteLookups, admin.ModelAdmin):
    list_display = ["journey", "step", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["journey__user", "journey__transition__from_role", "journey__transition__to_role", "step"]
    search_fields = ["journey__user__email", "step__title"]
    fields = ["journey", "step", "status", "updated_at"]
    readonly_fields = ["journey", "step", "updated_at"]

    def has_add_permission(self, request):
        return False
