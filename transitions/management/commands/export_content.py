from pathlib import Path

from django.core.management.base import BaseCommand

from transitions import content


class Command(BaseCommand):
    help = "Write all content to one YAML file in the format load_content reads."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the YAML file to write ('-' for standard output)")

    def handle(self, *, path, **options):
        text = content.export()
        if path == "-":
            self.stdout.write(text, ending="")
        else:
            Path(path).write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {path}."))
