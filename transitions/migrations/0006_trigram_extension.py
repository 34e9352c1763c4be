# pg_trgm gives search its typo tolerance on PostgreSQL. CreateExtension does nothing on other
# databases, so SQLite runs this migration as a no-op.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("transitions", "0005_step_key"),
    ]

    operations = [
        TrigramExtension(),
    ]
