from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from careerhub import views
from transitions.sitemaps import sitemaps

admin.site.site_header = "CareerHub editors"
admin.site.site_title = "CareerHub editors"
admin.site.index_title = "Curate career-change guides"

urlpatterns = [
    path("", include("transitions.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]
