from django.core.management.base import BaseCommand, CommandError

from transitions import content
from transitions.models import Transition


class Command(BaseCommand):
    help = "Load career-change content from YAML files or folders (see content/README.md). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="YAML files, or folders whose *.yaml files are all loaded")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has transitions (keeps an editor's changes).",
        )

    def handle(self, *, paths, if_empty, **options):
        if if_empty and Transition.objects.exists():
            self.stdout.write("The database already has content; nothing loaded.")
            return
        try:
            counts = content.load(paths)
        except content.ContentError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        summary = ", ".join(f"{count} {section}" for section, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary}."))
