from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

EDITORS = "Editors"


def sync_editors_group(sender, apps=global_apps, using="default", **kwargs):
    """After every migrate, the Editors group holds every permission on content, models added later included.

    Runs after django.contrib.auth has created the permissions of new models (its handler connects first).
    `flush` (and so the test runner between transactional tests) sends the signal without `apps`.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.add(*Permission.objects.using(using).filter(content_type__app_label=sender.label))


class TransitionsConfig(AppConfig):
    name = "transitions"
    verbose_name = "Career transitions"

    def ready(self):
        post_migrate.connect(sync_editors_group, sender=self, dispatch_uid="transitions.sync_editors_group")
