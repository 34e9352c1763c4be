from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from transitions.models import Certification, Occupation, Role, Skill, Transition


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "transitions:home",
            "transitions:index",
            "transitions:explore",
            "transitions:occupation_index",
            "transitions:about_data",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        """These pages list guides: they change when the latest guide does."""
        latest = Transition.objects.published().order_by("-updated_at").values_list("updated_at", flat=True)
        return latest.first()


class TransitionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Transition.objects.published().order_by("slug")

    def lastmod(self, transition):
        return transition.updated_at


class ReferenceSitemap(Sitemap):
    """Roles, skills or certifications: pages without drafts, ordered by slug."""

    changefreq = "monthly"
    priority = 0.5

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class OccupationSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.4

    def items(self):
        return Occupation.objects.order_by("soc")


sitemaps = {
    "pages": StaticSitemap,
    "transitions": TransitionSitemap,
    "roles": ReferenceSitemap(Role),
    "skills": ReferenceSitemap(Skill),
    "certifications": ReferenceSitemap(Certification),
    "occupations": OccupationSitemap,
}
