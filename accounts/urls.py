from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/data/", views.export_data, name="export_data"),
    path("accounts/profile/delete/", views.delete_account, name="delete_account"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/journeys/<int:pk>/target-date/", views.set_target_date, name="set_target_date"),
    path("me/journeys/<int:pk>/stop/", views.stop_journey, name="stop_journey"),
    path("me/transitions/<slug:slug>/start/", views.start_journey, name="start_journey"),
    path("me/transitions/<slug:slug>/steps/<int:pk>/status/", views.mark_step, name="mark_step"),
    path("me/transitions/<slug:slug>/steps/<int:pk>/note/", views.save_note, name="save_note"),
]
