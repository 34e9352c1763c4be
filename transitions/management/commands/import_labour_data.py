"""Load the labour-market extract: occupations, wages by state, work activities, similarities."""

import time

from django.core.management.base import BaseCommand, CommandError

from transitions import labour_import
from transitions.labour import ExtractError
from transitions.models import Occupation


class Command(BaseCommand):
    help = "Load content/data/labour/ (or another extract folder) in one transaction; loading twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(labour_import.EXTRACT_DIR))
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when occupations are loaded.")

    def handle(self, *args, directory, if_empty, **options):
        if if_empty and Occupation.objects.exists():
            self.stdout.write("Occupations are already loaded; nothing to do.")
            return
        started = time.monotonic()
        try:
            counts = labour_import.load(directory)
        except ExtractError as error:
            raise CommandError(f"{error}. Nothing was changed.") from error
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Loaded {summary} in {time.monotonic() - started:.1f} s."))
