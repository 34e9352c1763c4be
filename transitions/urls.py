from django.urls import path

from transitions import views

app_name = "transitions"

urlpatterns = [
    path("", views.home, name="home"),
    path("transitions/", views.index, name="index"),
    path("transitions/<slug:slug>/", views.detail, name="detail"),
    path("roles/<slug:slug>/", views.role, name="role"),
    path("skills/<slug:slug>/", views.skill, name="skill"),
    path("certifications/<slug:slug>/", views.certification, name="certification"),
    path("search/", views.search, name="search"),
]
