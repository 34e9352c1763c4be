"""Time the resume check on the sample bank analyst's resume: the matcher alone, and the whole page.

    manage.py bench_resume_check [--runs 50] [--slug bank-analyst-to-ml-engineer]

Needs the demo content (`manage.py load_content content/`). Prints the median and 95th percentile of
the server's wall time, and its median CPU time, for each format; the target is well under 100 ms for
a two-page resume.
"""

import statistics
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.urls import reverse

from transitions.models import Transition
from transitions.resume.documents import extract_text
from transitions.resume.report import build_report
from transitions.views.tools import guide_for, transition_for_tools

SAMPLE = Path(__file__).resolve().parents[3] / "tests" / "data" / "bank-analyst-resume"


class Command(BaseCommand):
    help = "Time the resume check on a typical two-page resume (pasted, .docx and .pdf)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--slug", default="bank-analyst-to-ml-engineer")

    def handle(self, *args, runs, slug, **options):
        if not Transition.objects.published().filter(slug=slug).exists():
            raise CommandError(f"No published transition {slug!r}: run `manage.py load_content content/` first.")
        text = SAMPLE.with_suffix(".txt").read_text(encoding="utf-8")
        guide = guide_for(transition_for_tools(slug))
        words = len(text.split())
        self.stdout.write(f"Sample resume: {words} words, {len(text):,} characters, {runs} runs each.")

        self.report("matcher alone (build_report)", runs, lambda: build_report(text, guide))
        for extension in ["docx", "pdf"]:
            data = SAMPLE.with_suffix(f".{extension}").read_bytes()
            self.report(f"text extraction (.{extension})", runs, lambda: extract_text(f"r.{extension}", data))  # noqa: B023

        client = Client()
        url = reverse("transitions:resume_check", args=[slug])
        client.get(url)  # warm the template cache and the connection
        self.report("whole page, pasted text", runs, lambda: client.post(url, {"resume_text": text}))
        for extension in ["txt", "docx", "pdf"]:
            data = SAMPLE.with_suffix(f".{extension}").read_bytes()

            def post(data=data, extension=extension):
                response = client.post(url, {"resume_file": SimpleUploadedFile(f"resume.{extension}", data)})
                assert response.status_code == 200, response.status_code

            self.report(f"whole page, .{extension} upload", runs, post)

    def report(self, label, runs, work):
        work()
        wall, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            work()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        wall.sort()
        p95 = wall[max(0, round(len(wall) * 0.95) - 1)]
        # CPU time is what the check costs; wall time also counts waiting for a busy machine's cores.
        self.stdout.write(
            f"  {label:<34} median {statistics.median(wall):6.1f} ms   p95 {p95:6.1f} ms"
            f"   CPU median {statistics.median(cpu):6.1f} ms"
        )
