"""Two app servers behind nginx share everything a person sees: sessions, progress, content, lockouts."""

import http.client
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.scaleout.conftest import PASSWORD, Server, Visitor, note_of, pressed_status, step_ids

pytestmark = pytest.mark.scaleout

GUIDE = "/transitions/bank-analyst-to-ml-engineer/"
OTHER_GUIDE = "/transitions/accountant-to-financial-analyst/"


def test_nginx_serves_the_site_over_tls_and_redirects_plain_http(stack):
    visitor = Visitor()
    page = visitor.get(stack.nginx, GUIDE)
    assert page.status == 200
    assert "Bank Analyst" in page.text
    assert len(page.headers["x-request-id"]) == 32
    plain = Server("nginx-http", int(stack.env["STACK_HTTP_PORT"]), tls=False)
    redirect = visitor.get(plain, GUIDE)
    assert redirect.status == 301
    assert redirect.location == f"https://127.0.0.1:{stack.nginx.port}{GUIDE}"


def test_nginx_and_the_app_server_log_one_line_per_request_with_the_same_request_id(stack):
    request_id = Visitor().get(stack.nginx, "/robots.txt").headers["x-request-id"]
    logs = Path(stack.env["STACK_DIR"])

    def lines_with_id(pattern):
        return [line for log in logs.glob(pattern) for line in log.read_text().splitlines() if request_id in line]

    for _ in range(20):  # both write their line once the response is out
        if lines_with_id("nginx/access.log") and lines_with_id("logs/app-*.access.log"):
            break
        time.sleep(0.1)
    assert len(lines_with_id("nginx/access.log")) == 1
    (app_line,) = lines_with_id("logs/app-*.access.log")
    assert app_line.startswith(f"request_id={request_id} ")
    assert '"GET /robots.txt HTTP/1.0" 200' in app_line


def test_static_files_are_compressed_with_hashed_names_and_cached_for_a_year(stack):
    page = Visitor().get(stack.nginx, GUIDE).text
    stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    assert stylesheet.startswith("/static/")
    assert len(stylesheet.rsplit(".", 2)[1]) == 12  # bootstrap.min.<hash>.css
    answer = Visitor().get(stack.nginx, stylesheet, headers={"Accept-Encoding": "gzip"})
    assert answer.status == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_a_learner_who_signs_up_on_one_app_server_is_signed_in_on_the_other(stack, new_email):
    first, second = stack.apps[:2]
    learner = Visitor()
    learner.sign_up(first, new_email)
    dashboard = learner.get(second, "/me/")
    assert dashboard.status == 200
    assert "Scale Test" in dashboard.text
    assert learner.get(stack.nginx, "/me/").status == 200
    assert Visitor().get(second, "/me/").status == 302  # and nobody else is


def test_a_step_ticked_through_one_app_server_shows_through_the_other(stack, new_email):
    first, second = stack.apps[:2]
    learner = Visitor()
    learner.sign_up(first, new_email)
    page = learner.get(second, GUIDE).text
    step = step_ids(page)[0]
    assert pressed_status(page, step) == "todo"

    assert learner.post(first, f"/me{GUIDE}steps/{step}/status/", {"status": "done"}).status == 302

    assert pressed_status(learner.get(second, GUIDE).text, step) == "done"
    assert pressed_status(learner.get(stack.nginx, GUIDE).text, step) == "done"


def test_an_editors_publish_on_one_app_server_shows_on_the_next_page_from_the_other(stack, new_email):
    first, second = stack.apps[:2]
    stack.manage("createeditor", new_email, "--password-from-env", extra_env={"DJANGO_EDITOR_PASSWORD": PASSWORD})
    editor = Visitor()
    assert editor.log_in(first, new_email, path="/admin/login/?next=/admin/").status == 302
    changelist = "/admin/transitions/transition/"
    slug = OTHER_GUIDE.strip("/").split("/")[-1]
    found = editor.get(first, f"{changelist}?q={slug}").text
    pk = found.split('name="_selected_action" value="', 1)[1].split('"', 1)[0]
    visitor = Visitor()
    assert visitor.get(second, OTHER_GUIDE).status == 200
    try:
        answer = editor.post(first, changelist, {"action": "unpublish", "_selected_action": pk})
        assert answer.status == 302
        assert visitor.get(second, OTHER_GUIDE).status == 404
        assert slug not in visitor.get(second, "/transitions/").text
    finally:
        answer = editor.post(first, changelist, {"action": "publish_now", "_selected_action": pk})
    assert answer.status == 302
    assert visitor.get(second, OTHER_GUIDE).status == 200
    assert OTHER_GUIDE in visitor.get(second, "/transitions/").text


def test_login_lockout_counts_failures_on_both_app_servers(stack, new_email):
    first, second = stack.apps[:2]
    Visitor().sign_up(first, new_email)
    attacker = Visitor()
    for attempt in range(4):  # one fewer than AXES_FAILURE_LIMIT, alternating between the app servers
        answer = attacker.log_in(stack.apps[attempt % 2], new_email, password="wrong-password")
        assert answer.status == 200
        assert "Please enter a correct" in answer.text
    # The fifth failure, wherever it lands, locks the account from that address on every server,
    # even with the right password.
    assert attacker.log_in(first, new_email, password="wrong-password").status == 429
    for server in (first, second, stack.nginx):
        locked = attacker.log_in(server, new_email)
        assert locked.status == 429
        assert "Too many failed attempts" in locked.text


def test_login_lockout_is_keyed_by_the_client_address_nginx_forwards(stack, new_email):
    """nginx appends the address it sees to X-Forwarded-For and DJANGO_TRUSTED_PROXY_COUNT=1 makes the app
    take that entry: failures from one address lock that address only, and a forged header changes nothing."""
    Visitor().sign_up(stack.nginx, new_email)
    attacker = Visitor(source="127.0.0.2")  # all of 127/8 is loopback: a second client address
    for _ in range(4):  # through nginx, so both app servers see some of them
        assert attacker.log_in(stack.nginx, new_email, password="wrong-password").status == 200
    assert attacker.log_in(stack.nginx, new_email, password="wrong-password").status == 429
    forged = attacker.log_in(stack.nginx, new_email, headers={"X-Forwarded-For": "198.51.100.7"})
    assert forged.status == 429
    learner = Visitor(source="127.0.0.3")
    assert learner.log_in(stack.nginx, new_email).status == 302
    assert learner.get(stack.nginx, "/me/").status == 200


def test_stopping_an_app_server_under_load_loses_no_get_and_no_acknowledged_post(stack, new_email):
    """nginx retries a GET on the other app server when one dies mid-request; a POST is never sent twice."""
    learner = Visitor()
    learner.sign_up(stack.nginx, new_email)
    steps = step_ids(learner.get(stack.nginx, GUIDE).text)
    # The first change starts the journey.
    assert learner.post(stack.nginx, f"/me{GUIDE}steps/{steps[0]}/status/", {"status": "in_progress"}).status == 302
    stop = threading.Event()
    gets, failures, cut = Counter(), [], []
    acknowledged, unacknowledged = {}, {}

    def read(path):
        visitor = Visitor()
        while not stop.is_set():
            try:
                gets[visitor.get(stack.nginx, path).status] += 1
            except http.client.IncompleteRead:
                # The killed server was mid-body: nginx had already sent the headers, so it cannot retry.
                # The reader asks again, as a browser's reload would; every request that was answered whole is 200.
                cut.append(path)
            except OSError as error:
                failures.append(repr(error))

    def write():
        for number in range(10**6):
            if stop.is_set():
                return
            step, note = steps[number % len(steps)], f"note {number}"
            try:
                answer = learner.post(stack.nginx, f"/me{GUIDE}steps/{step}/note/", {"note": note})
            except OSError:
                answer = None
            if answer is not None and answer.status == 302:
                acknowledged[step] = note
                unacknowledged[step] = set()
            else:
                unacknowledged.setdefault(step, set()).add(note)  # saved or not: nobody was told it was

    workers = [threading.Thread(target=read, args=(path,)) for path in (GUIDE, "/transitions/", "/", GUIDE)]
    workers.append(threading.Thread(target=write))
    for worker in workers:
        worker.start()
    victim = stack.apps[0]
    try:
        time.sleep(3)
        before = sum(gets.values())
        stack.script("kill-app", str(victim.port))
        with pytest.raises(ConnectionRefusedError):
            Visitor().get(victim, "/robots.txt")
        time.sleep(4)
        stop.set()
        for worker in workers:
            worker.join()
    finally:
        stop.set()
        stack.script("start-app", str(victim.port))

    assert failures == []
    assert len(cut) <= 2, cut  # at most the responses in flight on the killed server's two workers
    assert set(gets) == {200}, gets
    assert before > 20
    assert sum(gets.values()) > before + 20  # pages kept coming from the other app server
    assert acknowledged
    page = learner.get(stack.apps[1], GUIDE).text
    for step in steps:
        saved = note_of(page, step)
        allowed = {acknowledged.get(step, ""), *unacknowledged.get(step, ())}
        assert saved in allowed, (step, saved, allowed)
