"""A stalled database or cache fails fast with our own pages; production fails closed at start-up.

These run the real settings in a child process, configured from the environment as a server would be,
against a database address that accepts connections and never answers (a hung server) or a closed port.
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
# Without the timeouts these requests never end (the child is killed after 60 s). With them the answer comes
# in about 2 s; the bound leaves room for a test machine shared by many processes.
FAST = 10
SECRET = "a-real-secret-is-long-random-and-unique-" + "x9Q2" * 8

CHILD = """
import json, os, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
django.setup()
from django.test import Client

client = Client(raise_request_exception=False)
client.get("/robots.txt")  # the first request loads every URL and view module: not part of what is timed
results = {}
for name, path, secure in [("healthz", "/healthz", False), ("home", "/", True), ("home_http", "/", False)]:
    start = time.monotonic()
    response = client.get(path, secure=secure)
    results[name] = {
        "status": response.status_code,
        "seconds": time.monotonic() - start,
        "headers": dict(response.headers),
        "body": response.content.decode(),
    }
print(json.dumps(results))
"""


def child_env(tmp_path, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_", "DATABASE_", "REDIS_"))}
    return {
        **clean,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "careerhub.example,testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }


def run(code, env):
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def requests_in_child(tmp_path, static_root, **env):
    result = run(CHILD, child_env(tmp_path, DJANGO_STATIC_ROOT=str(static_root), **env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once, as a deployment does before it starts."""
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=child_env(root, DJANGO_STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def hung_server():
    """An address that accepts TCP connections and then never says a word, like a stopped database."""
    server = socket.create_server(("127.0.0.1", 0))
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_and_pages_answer_503_within_seconds_when_the_database_hangs(tmp_path, static_root, hung_server):
    results = requests_in_child(
        tmp_path,
        static_root,
        DATABASE_URL=f"postgres://careerhub:careerhub@127.0.0.1:{hung_server}/careerhub",
        DJANGO_DB_CONNECT_TIMEOUT="1",
    )

    health = results["healthz"]
    assert health["status"] == 503
    report = json.loads(health["body"])
    # The connect timeout (1 s) or the probe's own limit (2 s), whichever comes first.
    assert report in [{"status": "unavailable", "database": state, "cache": "ok"} for state in ("down", "timeout")]
    assert health["seconds"] < FAST

    page = results["home"]
    assert page["status"] == 503
    assert page["headers"]["Retry-After"] == "30"
    assert "reach our data right now" in page["body"]
    assert "default-src 'self'" in page["headers"]["Content-Security-Policy"]
    assert page["seconds"] < FAST


def test_a_database_that_refuses_connections_is_a_503_page_not_a_500(tmp_path, static_root, closed_port):
    results = requests_in_child(
        tmp_path, static_root, DATABASE_URL=f"postgres://careerhub:careerhub@127.0.0.1:{closed_port}/careerhub"
    )
    assert json.loads(results["healthz"]["body"])["database"] == "down"
    assert results["home"]["status"] == 503
    assert results["home"]["headers"]["Retry-After"] == "30"


def test_healthz_names_the_cache_when_redis_is_down(tmp_path, static_root, closed_port):
    results = requests_in_child(tmp_path, static_root, REDIS_URL=f"redis://127.0.0.1:{closed_port}/0")
    health = results["healthz"]
    assert health["status"] == 503
    assert json.loads(health["body"]) == {"status": "unavailable", "database": "ok", "cache": "down"}
    assert health["seconds"] < FAST


def test_healthz_answers_over_plain_http_in_production_while_pages_redirect_to_https(tmp_path, static_root):
    results = requests_in_child(tmp_path, static_root)
    assert results["healthz"]["status"] == 200
    assert json.loads(results["healthz"]["body"]) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert results["home_http"]["status"] == 301
    assert results["home_http"]["headers"]["Location"].startswith("https://")


START = "import careerhub.wsgi; print('started')"


def test_production_refuses_to_start_without_collected_static_files(tmp_path):
    result = run(START, child_env(tmp_path, DJANGO_STATIC_ROOT=str(tmp_path / "empty"), EMAIL_HOST="smtp.example"))
    assert result.returncode != 0
    assert "Static files are not collected" in result.stderr
    assert "manage.py collectstatic" in result.stderr


def test_production_starts_with_collected_static_files_and_says_where_mail_goes(tmp_path, static_root):
    result = run(START, child_env(tmp_path, DJANGO_STATIC_ROOT=str(static_root)))
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
    assert "EMAIL_HOST is not set: emails (sign-up links, password resets) are written to this log" in result.stderr

    with_smtp = run(START, child_env(tmp_path, DJANGO_STATIC_ROOT=str(static_root), EMAIL_HOST="smtp.example"))
    assert with_smtp.returncode == 0, with_smtp.stderr
    assert "EMAIL_HOST" not in with_smtp.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Statement timeouts are PostgreSQL settings.")
def test_postgresql_connections_carry_the_connect_and_statement_timeouts(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5s"
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] == settings.DB_CONNECT_TIMEOUT == 3


def test_the_timeouts_come_from_the_environment(tmp_path):
    code = textwrap.dedent(
        """
        import django, os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings")
        django.setup()
        from django.conf import settings
        print(settings.DATABASES["default"]["OPTIONS"], settings.CACHES["default"]["OPTIONS"])
        """
    )
    env = child_env(
        tmp_path,
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/x",
        REDIS_URL="redis://127.0.0.1:6379/0",
        DJANGO_DB_CONNECT_TIMEOUT="2",
        DJANGO_DB_STATEMENT_TIMEOUT_MS="1500",
    )
    result = run(code, env)
    assert result.returncode == 0, result.stderr
    assert "'connect_timeout': 2" in result.stdout
    assert "'options': '-c statement_timeout=1500'" in result.stdout
    assert "'socket_timeout': 2" in result.stdout
