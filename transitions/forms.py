from django import forms

from transitions.models import Role

# "Within N months": guides whose longest realistic timeline fits.
TIMELINE_CHOICES = [6, 12, 18, 24, 36]
# "+N% or more": guides whose destination pays at least that much more.
SALARY_CHANGE_CHOICES = [0, 10, 25, 50]
SORT_LABELS = {
    "name": "Name",
    "salary": "Biggest salary gain",
    "timeline": "Shortest timeline",
    "newest": "Newest",
}


def with_blank(values):
    return [("", ""), *((value, value) for value in values)]


class TransitionFilterForm(forms.Form):
    """The index's facets and sort, from GET. A value that does not fit is dropped, and the page says so."""

    sort = forms.ChoiceField(required=False, choices=with_blank(SORT_LABELS))
    max_months = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=with_blank(TIMELINE_CHOICES)
    )
    min_gain = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=with_blank(SALARY_CHANGE_CHOICES)
    )

    # Shown for each dropped value, by parameter.
    IGNORED = {
        "from": "There is no published guide from that role.",
        "to": "There is no published guide to that role.",
        "industry": "There is no industry by that name.",
        "max_months": "The longest timeline must be one of the listed choices.",
        "min_gain": "The salary change must be one of the listed choices.",
        "sort": "That is not a way we can sort.",
    }

    def __init__(self, data, *, role_slugs, industry_slugs):
        super().__init__(data)
        # "from" and "to" read best in a shared URL but cannot be attribute names.
        self.fields["from"] = forms.ChoiceField(required=False, choices=with_blank(role_slugs))
        self.fields["to"] = forms.ChoiceField(required=False, choices=with_blank(role_slugs))
        self.fields["industry"] = forms.ChoiceField(required=False, choices=with_blank(industry_slugs))

    def filters(self):
        """The values that fit, and a note for each one that was dropped."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        notes = [self.IGNORED[name] for name in self.errors if name in self.IGNORED]
        return values, notes


class GuideRequestForm(forms.Form):
    """ "Ask for a guide": the destination as a key we can resolve, never a free-text title."""

    destination = forms.CharField(max_length=80)
    starting_point = forms.CharField(max_length=200, required=False)

    def clean_destination(self):
        kind, _, value = self.cleaned_data["destination"].partition(":")
        if kind == "role":
            role = Role.objects.filter(slug=value).first()
            if role:
                self.destination_title = role.name
                self.destination_url = role.get_absolute_url()
                return f"role:{role.slug}"
        raise forms.ValidationError("We do not know that destination.")
