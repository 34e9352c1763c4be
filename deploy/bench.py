"""`make bench`: CareerHub's pages under load, in production shape, each against the app's cheapest page.

The site runs with production settings (DEBUG off, collected static files, the cached template
loader) under gunicorn with 2 sync workers on 127.0.0.1, on the demo content and with a learner
half-way through a guide (their session made with SessionStore). wrk measures every page for a
bounded time after a short warm-up; the table gives req/s, p50/p99 latency, errors, each page's
ratio to the cheapest page in the same run, and the SQL queries the page runs.

    .venv/bin/python deploy/bench.py                      # SQLite, 16 connections
    .venv/bin/python deploy/bench.py --connections 16,64 --repeats 3
    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python deploy/bench.py
    .venv/bin/python deploy/bench.py --serve              # only start it, print the URLs and cookie
                                                          # for ../shared/bench/bench.py --target

A page whose URL does not exist (yet) is left out and the output says so.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/careerhub-bench"))
PORT = int(os.environ.get("BENCH_PORT", "18690"))
GUIDE = "bank-analyst-to-ml-engineer"
LEARNER_EMAIL = "bench-learner@example.com"
# Sent with every request: nginx's header (TLS ends there), and a new connection per request as
# nginx opens to its app servers and as ../shared/bench measures the reference project.
BASE_HEADERS = {"X-Forwarded-Proto": "https", "Connection": "close"}


def production_environment():
    env = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'db.sqlite3'}",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    return {**os.environ, **env}


def prepare():
    """Migrate, collect static files, load the demo content and a half-done journey; return its cookie."""
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command

    from accounts.models import Journey, StepProgress, User
    from transitions.models import Transition

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("import_labour_data", "--if-empty")
    call_command("load_content", str(ROOT / "content"), "--if-empty")

    learner = User.objects.filter(email=LEARNER_EMAIL).first() or User.objects.create_user(
        LEARNER_EMAIL, secrets.token_urlsafe(16), display_name="Bench Learner"
    )
    journey = Journey.objects.start(learner, Transition.objects.get(slug=GUIDE))
    steps = list(journey.transition.steps.active())
    for step in steps[: len(steps) // 2]:
        journey.mark_step(step, status=StepProgress.Status.DONE)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(learner.pk)
    session[BACKEND_SESSION_KEY] = "accounts.sessions.SessionUserBackend"
    session[HASH_SESSION_KEY] = learner.get_session_auth_hash()
    session.save()
    csrf_secret = secrets.token_hex(16)  # a returning visitor already has a CSRF cookie
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf_secret}"


def pages(cookie):
    """(name, path, cookie or None) for every page that exists, and the names of those that do not."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    def url(name, *args, query=""):
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            return None

    visitor = Client(headers=BASE_HEADERS)
    occupation = None
    occupations = url("transitions:occupation_index")
    if occupations:
        # The index lists occupations one major group at a time.
        listing = visitor.get(occupations + "?group=15-0000", secure=True).content.decode()
        marker = f'href="{occupations}'
        for chunk in listing.split(marker)[1:]:
            rest = chunk.split('"', 1)[0]
            if rest and rest.count("/") == 1:  # "<soc>-<slug>/", not a filter link
                occupation = occupations + rest
                break

    wanted = [
        # The framework's floor: /robots.txt runs our whole middleware and no query. (/healthz is not: it opens
        # a fresh database connection on each call and writes to the cache.)
        ("cheapest (robots)", url("robots_txt"), False),
        ("health check", url("healthz"), False),
        ("guide, visitor", url("transitions:detail", GUIDE), False),
        ("guide, signed in", url("transitions:detail", GUIDE), True),
        ("index", url("transitions:index"), False),
        ("home", url("transitions:home"), False),
        ("search", url("transitions:search", query="?q=data"), False),
        ("dashboard", url("accounts:dashboard"), True),
        ("occupation", occupation, False),
        ("explore", url("transitions:explore"), False),
    ]
    found = [(name, path, cookie if signed_in else None) for name, path, signed_in in wanted if path]
    missing = [name for name, path, _ in wanted if not path]
    return found, missing


def count_queries(found):
    """SQL queries per page, and its status, through Django's test client (same settings, same data)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, path, cookie in found:
        client = Client(headers={**BASE_HEADERS, **({"Cookie": cookie} if cookie else {})})
        client.get(path, secure=True)  # warm: first-request work is not the page's
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, secure=True)
        counts[name] = (len(queries), response.status_code, len(response.content))
    return counts


def start_server(env):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            sys.exit(f"Something already listens on 127.0.0.1:{PORT}: stop it, or set BENCH_PORT.")
    log = open(BENCH_DIR / "gunicorn.log", "w")  # noqa: SIM115 (lives as long as the server)
    server = subprocess.Popen(
        [ROOT / ".venv/bin/gunicorn", "-c", ROOT / "deploy/gunicorn.conf.py", "-b", f"127.0.0.1:{PORT}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(120):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped; see {BENCH_DIR / 'gunicorn.log'}")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{PORT}/robots.txt", headers=BASE_HEADERS)
            with urllib.request.urlopen(request, timeout=5):
                return server
        except OSError:  # not listening yet, or still importing the app
            time.sleep(0.25)
    stop_server(server)
    sys.exit("gunicorn did not answer in 30 s")


def stop_server(server):
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def wrk(path, cookie, connections, seconds):
    headers = {**BASE_HEADERS, **({"Cookie": cookie} if cookie else {})}
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(ROOT / "deploy/wrk_report.lua"), f"http://127.0.0.1:{PORT}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    report = json.loads(output.split("WRKJSON ", 1)[1])
    report["rps"] = report["requests"] / (report["duration_us"] / 1e6)
    return report


def measure(found, args):
    """Median over repeats of each page at each connection count; the page order rotates per repeat."""
    results = {}
    for connections in args.connections:
        for repeat in range(args.repeats):
            shift = repeat % len(found)
            for name, path, cookie in found[shift:] + found[:shift]:
                wrk(path, cookie, connections, args.warmup)
                results.setdefault((connections, name), []).append(wrk(path, cookie, connections, args.duration))
    return results


def report(found, missing, counts, results, args):
    def median(runs, key):
        return statistics.median(run[key] for run in runs)

    cheapest = found[0][0]
    lines = []
    for connections in args.connections:
        base = median(results[(connections, cheapest)], "rps")
        lines.append(f"\n{connections} connections, {args.repeats} repeat(s) of {args.duration} s (medians)")
        lines.append(
            f"{'page':<20} {'queries':>7} {'kB':>6} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  ÷ cheapest"
        )
        for name, _path, _cookie in found:
            runs = results[(connections, name)]
            queries, status, size = counts[name]
            # A run in which no request finished is a failure too, not a page with no errors.
            errors = sum(run["errors"] + run["non2xx"] + (run["requests"] == 0) for run in runs) + (status != 200)
            rps = median(runs, "rps")
            lines.append(
                f"{name:<20} {queries:>7} {size / 1000:>6.1f} {rps:>8.0f} {median(runs, 'p50_us') / 1000:>7.1f} "
                f"{median(runs, 'p99_us') / 1000:>7.1f} {errors:>6}  {rps / base:.3f}"
            )
    for name in missing:
        lines.append(f"skipped: {name} (its URL does not exist in this version)")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=8, help="seconds measured per page (default 8)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of discarded warm-up per page (default 2)")
    parser.add_argument("--connections", default="16", help="comma-separated, e.g. 16,64 (default 16)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--fresh", action="store_true", help="start from an empty SQLite database")
    parser.add_argument("--serve", type=int, metavar="SECONDS", help="only serve for that long and print targets")
    args = parser.parse_args()
    args.connections = [int(number) for number in args.connections.split(",")]
    if not shutil.which("wrk") and not args.serve:
        sys.exit("make bench needs wrk: apt-get install wrk")

    if args.fresh:
        shutil.rmtree(BENCH_DIR, ignore_errors=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = production_environment()
    cookie = prepare()
    found, missing = pages(cookie)
    counts = count_queries(found)
    database = env["DATABASE_URL"].split(":", 1)[0]
    print(f"CareerHub on {database}, gunicorn sync, 2 workers, 127.0.0.1:{PORT}, DEBUG off")

    server = start_server(env)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so that the server stops with us
    try:
        if args.serve:
            print("Measure it beside the reference project with ../shared/bench/bench.py and:")
            for name, path, cookie_header in found:
                target = "app-" + "-".join(name.replace(",", " ").replace("(", " ").replace(")", " ").split())
                print(f"  --target {target}=http://127.0.0.1:{PORT}{path}   # {name}")
                print(f"  --header '{target}=X-Forwarded-Proto: https'")
                if cookie_header:
                    print(f"  --header '{target}=Cookie: {cookie_header}'")
            sys.stdout.flush()
            time.sleep(args.serve)
            return
        results = measure(found, args)
    finally:
        stop_server(server)
    print(report(found, missing, counts, results, args))
    raw = {f"{connections} {name}": runs for (connections, name), runs in results.items()}
    (BENCH_DIR / "results.json").write_text(json.dumps({"queries": counts, "runs": raw}, indent=1))
    print(f"\nraw results: {BENCH_DIR / 'results.json'}")


if __name__ == "__main__":
    main()
