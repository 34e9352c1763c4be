from django.db import migrations, models


def mark_learners(apps, schema_editor):
    """Learners who already have resumes or kept resume checks are marked so."""
    User = apps.get_model("accounts", "User")
    User.objects.filter(resumes__isnull=False).update(made_resumes=True)
    User.objects.filter(journeys__resume_checks__isnull=False).update(kept_resume_checks=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_step_progress_status_and_note_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="kept_resume_checks",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.AddField(
            model_name="user",
            name="made_resumes",
            field=models.BooleanField(db_default=False, default=False, editable=False),
        ),
        migrations.RunPython(mark_learners, migrations.RunPython.noop),
    ]
