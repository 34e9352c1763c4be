"""Print how long a two-page resume PDF takes to make (the target is under a second)."""

import statistics
import time

from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from weasyprint import HTML

from accounts.models import Resume, User
from accounts.resume_pdf import StaticFilesFetcher


def two_page_resume():
    """An unsaved resume long enough for two pages: nine jobs with four achievements each."""
    resume = Resume(
        title="Benchmark",
        basics={"name": "Sam Sample", "label": "ML Engineer", "email": "sam@example.com", "summary": "Analyst to ML."},
        work=[
            {
                "position": f"Analyst {n}",
                "name": f"Bank {n}",
                "startDate": "2015-01",
                "endDate": "2018-12",
                "summary": "Credit risk and reporting for the retail bank, working with underwriting.",
                "highlights": [f"Achievement {n}.{k} that took real effort and saved money" for k in range(4)],
            }
            for n in range(9)
        ],
        skills=[{"name": "SQL", "keywords": ["PostgreSQL", "BigQuery"]}],
    )
    resume.user = User(email="sam@example.com")
    return resume


class Command(BaseCommand):
    help = "Time the PDF of a two-page resume: the first run (cold) and the median of the next ones."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, runs, **options):
        resume = two_page_resume()
        context = {"resume": resume, "basics": resume.basics, "paper": "a4", "for_pdf": True}
        times = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            html = render_to_string("accounts/resumes/print.html", context)
            document = HTML(string=html, base_url="http://localhost/", url_fetcher=StaticFilesFetcher()).render()
            pdf = document.write_pdf()
            times.append(time.perf_counter() - started)
        pages = len(document.pages)
        median = statistics.median(times[1:])
        self.stdout.write(
            f"resume PDF, {pages} pages, {len(pdf) / 1024:.0f} KB: first {times[0]:.3f} s, "
            f"median of {runs} {median:.3f} s (target < 1 s)"
        )
