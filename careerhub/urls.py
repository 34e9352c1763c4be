from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts.views import learners
from careerhub import views
from transitions.sitemaps import sitemaps

handler500 = "careerhub.views.server_error"

admin.site.site_header = "CareerHub editors"
# The app menu beside every page took a quarter of a laptop screen from the lists and the steps; the
# breadcrumbs and the home page lead everywhere it did.
admin.site.enable_nav_sidebar = False
admin.site.site_title = "CareerHub editors"
admin.site.index_title = "Curate career-change guides"

urlpatterns = [
    path("", include("transitions.urls")),
    # Django's auth views, three of them with our limits; the same names, so {% url 'login' %} finds ours.
    path("accounts/login/", learners.login_view, name="login"),
    path("accounts/password_reset/", learners.password_reset, name="password_reset"),
    path("accounts/reset/<uidb64>/<token>/", learners.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("accounts.urls")),
    path("admin/login/", learners.refused_after_many_failures_from_one_address(admin.site.login)),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", views.healthz, name="healthz"),
]
