from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from transitions.models import Transition


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["transitions:home", "transitions:index"]

    def location(self, item):
        return reverse(item)


class TransitionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Transition.objects.published().with_roles().order_by("slug")

    def lastmod(self, transition):
        return transition.updated_at


sitemaps = {"pages": StaticSitemap, "transitions": TransitionSitemap}
