"""Editors work through the queue of requested guides: they may view, change and delete requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    f"{action}_{model}" for action in ("view", "change", "delete") for model in ("guiderequest", "guiderequestvote")
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("transitions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="transitions", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("transitions", "0006_updated_at_and_guide_requests"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
