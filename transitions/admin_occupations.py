"""Official occupations and work activities in the admin: searchable (roles pick their occupation, skills
and steps their activities, by autocomplete), never edited by hand.

The rows come from `manage.py import_labour_data`; a hand edit would be lost at the next import.
"""

from django.contrib import admin

from transitions.models import Occupation, WorkActivity


class ReferenceDataAdmin(admin.ModelAdmin):
    """Readable and searchable by every editor, changed only by the import."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff


@admin.register(Occupation)
class OccupationAdmin(ReferenceDataAdmin):
    list_display = ["soc", "title", "major_group_title", "median_wage", "ai_score"]
    list_filter = ["major_group_title"]
    search_fields = ["soc", "title"]
    ordering = ["soc"]


@admin.register(WorkActivity)
class WorkActivityAdmin(ReferenceDataAdmin):
    """Editors tag skills and steps with these (autocomplete searches the title and the O*NET id)."""

    list_display = ["title", "code", "applicability"]
    search_fields = ["title", "code"]
    ordering = ["title"]
