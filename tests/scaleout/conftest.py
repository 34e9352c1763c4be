"""Scale-out tests: they talk HTTP to a running stack (deploy/stack.sh), never to a test database.

Run them with `make test-scaleout` (it starts the stack, runs `pytest -m scaleout`, stops it). A plain
`pytest` leaves them out unless the marker expression names `scaleout`: they need the stack.
"""

import gzip
import html
import os
import re
import ssl
import subprocess
import sys
import uuid
from dataclasses import dataclass
from http.client import HTTPConnection, HTTPSConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-scaleout-password-42"


def pytest_collection_modifyitems(config, items):
    if "scaleout" in (config.getoption("markexpr") or ""):
        return
    kept = [item for item in items if item.get_closest_marker("scaleout") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@dataclass(frozen=True)
class Server:
    """Where a request goes: nginx over TLS, or one app server directly (as nginx would talk to it)."""

    name: str
    port: int
    tls: bool
    context: ssl.SSLContext | None = None

    @property
    def origin(self):
        return f"https://127.0.0.1:{self.port}"

    def connect(self, source=None):
        source_address = (source, 0) if source else None
        if self.tls:
            return HTTPSConnection(
                "127.0.0.1", self.port, context=self.context, timeout=30, source_address=source_address
            )
        return HTTPConnection("127.0.0.1", self.port, timeout=30, source_address=source_address)


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    @property
    def location(self):
        return self.headers.get("location", "")


class Visitor:
    """One person with a cookie jar; every request names the server it goes to."""

    def __init__(self, source=None):
        self.cookies = {}
        self.source = source

    def request(self, server, method, path, data=None, headers=None):
        headers = {"Host": f"127.0.0.1:{server.port}", **(headers or {})}
        if not server.tls:
            # Straight to an app server we stand where nginx stands: TLS ended before us.
            headers["X-Forwarded-Proto"] = "https"
            headers.setdefault("X-Forwarded-For", self.source or "127.0.0.1")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if method == "POST":
            data = dict(data or {})
            data.setdefault("csrfmiddlewaretoken", self.cookies.get("csrftoken", ""))
            body = urlencode(data, doseq=True)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": server.origin,
                "Referer": server.origin + path,
            }
        connection = server.connect(self.source)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            body = answer.read()
            if answer.getheader("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            text = body.decode()
            for value in answer.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, text)
        finally:
            connection.close()

    def get(self, server, path, **kwargs):
        return self.request(server, "GET", path, **kwargs)

    def post(self, server, path, data=None, **kwargs):
        if "csrftoken" not in self.cookies:
            self.get(server, "/accounts/login/")
        return self.request(server, "POST", path, data, **kwargs)

    def sign_up(self, server, email):
        """Sign up, then open the emailed link and confirm, as a learner does: signed in afterwards."""
        answer = self.post(
            server,
            "/accounts/signup/",
            {"email": email, "display_name": "Scale Test", "password1": PASSWORD, "password2": PASSWORD},
        )
        assert answer.status == 200, answer.text[:500]
        assert "Check your email" in answer.text
        answer = self.post(server, confirmation_path(email))
        assert answer.status == 302, answer.text[:500]
        return answer

    def log_in(self, server, email, password=PASSWORD, path="/accounts/login/", **kwargs):
        return self.post(server, path, {"username": email, "password": password}, **kwargs)


class Stack:
    def __init__(self, env):
        self.env = env
        context = ssl.create_default_context(cafile=env["STACK_TLS_CERT"])
        self.nginx = Server("nginx", int(env["STACK_HTTPS_PORT"]), tls=True, context=context)
        self.apps = [Server(f"app-{port}", int(port), tls=False) for port in env["STACK_APP_PORTS"].split()]

    def manage(self, *args, extra_env=None):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**os.environ, **self.env, **(extra_env or {})},
            check=True,
            capture_output=True,
            text=True,
        )

    def script(self, *args):
        subprocess.run(["deploy/stack.sh", *args], cwd=ROOT, env={**os.environ, **self.env}, check=True)


CONFIRMATION_LINK = """
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from accounts.models import User
user = User.objects.get(email={email!r})
uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
print(reverse("accounts:signup_confirm", args=[uid, token]))
"""


def confirmation_path(email):
    """The path of the link sign-up emails to `email`, made as the app servers make it (with the stack's
    secret key): the stack has no mail server, so its mail goes to the app servers' logs."""
    env = read_env(Path(os.environ.get("STACK_DIR", "/tmp/careerhub-stack")) / "stack.env")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", CONFIRMATION_LINK.format(email=email)],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def read_env(path):
    env = {}
    for line in path.read_text().splitlines():
        name, _, value = line.partition("=")
        env[name] = value.strip('"')
    return env


@pytest.fixture(scope="session")
def stack():
    env_file = Path(os.environ.get("STACK_DIR", "/tmp/careerhub-stack")) / "stack.env"
    if not env_file.exists():
        pytest.fail(f"No running stack ({env_file} is missing): start it with deploy/stack.sh start.", pytrace=False)
    return Stack(read_env(env_file))


@pytest.fixture
def new_email():
    return f"scale-{uuid.uuid4().hex[:12]}@example.com"


def step_ids(page):
    return list(dict.fromkeys(int(pk) for pk in re.findall(r'id="step-(\d+)"', page)))


def pressed_status(page, step_id):
    """The status button shown as pressed for that step ("todo", "done", ...)."""
    return re.search(rf'id="step-{step_id}-(\w+)"[^>]*aria-pressed="true"', page)[1]


def note_of(page, step_id):
    block = page.split(f'id="step-{step_id}-note"', 1)[1]
    return html.unescape(block.split(">", 1)[1].split("</textarea>", 1)[0])
