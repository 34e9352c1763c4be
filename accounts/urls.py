from django.urls import path

from accounts.views import learners, resume_checks, resumes

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", learners.signup, name="signup"),
    path("accounts/signup/<uidb64>/<token>/", learners.signup_confirm, name="signup_confirm"),
    path("accounts/profile/", learners.profile, name="profile"),
    path("accounts/profile/data/", learners.export_data, name="export_data"),
    path("accounts/profile/delete/", learners.delete_account, name="delete_account"),
    path("me/", learners.dashboard, name="dashboard"),
    path("me/journeys/<int:pk>/target-date/", learners.set_target_date, name="set_target_date"),
    path("me/journeys/<int:pk>/calendar.ics", learners.journey_calendar, name="journey_calendar"),
    path("me/journeys/<int:pk>/stop/", learners.stop_journey, name="stop_journey"),
    path("me/transitions/<slug:slug>/steps/<int:pk>/status/", learners.mark_step, name="mark_step"),
    path("me/transitions/<slug:slug>/steps/<int:pk>/note/", learners.save_note, name="save_note"),
    path("me/transitions/<slug:slug>/resume-checks/", resume_checks.save_resume_check, name="save_resume_check"),
    path("me/resume-checks/<int:pk>/delete/", resume_checks.delete_resume_check, name="delete_resume_check"),
]

urlpatterns += [
    path("me/resumes/new/", resumes.resume_new, name="resume_new"),
    path("me/resumes/import/", resumes.resume_import, name="resume_import"),
    path("me/resumes/<int:pk>/edit/<slug:section>/", resumes.resume_edit, name="resume_edit"),
    path("me/resumes/<int:pk>/target/", resumes.resume_target, name="resume_target"),
    path("me/resumes/<int:pk>/duplicate/", resumes.resume_duplicate, name="resume_duplicate"),
    path("me/resumes/<int:pk>/delete/", resumes.resume_delete, name="resume_delete"),
    path("me/resumes/<int:pk>/print/", resumes.resume_print, name="resume_print"),
    path("me/resumes/<int:pk>/resume.pdf", resumes.resume_pdf, name="resume_pdf"),
    path("me/resumes/<int:pk>/resume.json", resumes.resume_export, name="resume_export"),
]
