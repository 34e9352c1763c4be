"""The "Editors" group: may curate all content, and nothing about users, groups or permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this app's exist now.
    app_config = apps.get_app_config("transitions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(Permission.objects.filter(content_type__app_label="transitions"))


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("transitions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
