from django.urls import path, re_path

from accounts.views import resumes
from transitions.views import compare, explore, guides, occupations, search, tools

app_name = "transitions"

urlpatterns = [
    path("", guides.home, name="home"),
    path("transitions/", guides.index, name="index"),
    path("transitions/<slug:slug>/", guides.detail, name="detail"),
    path("transitions/<slug:slug>/resume-check/", tools.resume_check, name="resume_check"),
    # The guide's "Build a Career Change Resume": the builder is the learner's own data (accounts).
    path("transitions/<slug:slug>/resume-builder/", resumes.builder, name="resume_builder"),
    path("roles/<slug:slug>/", guides.role, name="role"),
    path("roles/<slug:slug>/ai-risk/", tools.ai_risk, name="ai_risk"),
    path("skills/<slug:slug>/", guides.skill, name="skill"),
    path("certifications/<slug:slug>/", guides.certification, name="certification"),
    path("search/", search.search, name="search"),
    path("compare/", compare.compare, name="compare"),
    path("explore/", explore.explore, name="explore"),
    path("explore/my-skills/", explore.save_skills, name="save_skills"),
    path("guides/ask/", explore.ask_for_guide, name="ask_for_guide"),
    path("occupations/", occupations.occupation_index, name="occupation_index"),
    re_path(r"^occupations/(?P<soc>\d{2}-\d{4})-(?P<slug>[-a-z0-9]*)/$", occupations.occupation, name="occupation"),
    path("about/data/", occupations.about_data, name="about_data"),
]
