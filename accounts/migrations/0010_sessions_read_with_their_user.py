import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Session.user_id becomes a foreign key without a database constraint: the column, its values and its index stay
    as they are; the ORM can now read a session with its user."""

    dependencies = [
        ("accounts", "0009_learner_made_resumes_and_kept_checks"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="session", name="user_id"),
                migrations.AddField(
                    model_name="session",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
