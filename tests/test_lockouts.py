"""Login throttling that cannot be turned against users: behind a proxy, across addresses and across spellings.

Also the limits on sign-up and password-reset requests (429 with a clear message).
"""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.mail import wait_for_mail
from accounts.models import User, canonical_email
from careerhub.clients import client_address

PASSWORD = "correct-horse-battery-staple"
PROXY = "10.0.0.2"
OWNER, ATTACKER = "198.51.100.7", "203.0.113.9"


def login(client, email, password="wrong", *, via=None, remote=PROXY, url_name="login"):
    extra = {"REMOTE_ADDR": remote}
    if via is not None:
        extra["HTTP_X_FORWARDED_FOR"] = via
    return client.post(reverse(url_name), {"username": email, "password": password}, **extra)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, None, PROXY),
        (0, ATTACKER, PROXY),  # nobody is trusted: the header is the client's own words
        (1, None, PROXY),  # did not come through the proxy
        (1, ATTACKER, ATTACKER),
        (1, f"1.2.3.4, {ATTACKER}", ATTACKER),  # the left part was written by the client
        (1, f"{ATTACKER},{OWNER}", OWNER),
        (2, f"1.2.3.4, {ATTACKER}, 10.0.0.1", ATTACKER),
        (2, ATTACKER, PROXY),  # fewer entries than proxies
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_trusts_only_as_many_proxies_as_configured(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=PROXY, **extra)) == expected


def test_behind_the_proxy_a_stranger_cannot_lock_the_owner_out(client, make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    editor = make_user(email="editor@example.com", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        login(client, editor.email, via=ATTACKER)
    assert login(client, editor.email, PASSWORD, via=ATTACKER).status_code == 429

    response = login(client, editor.email, PASSWORD, via=OWNER)
    assertRedirects(response, reverse("accounts:dashboard"), fetch_redirect_response=False)


def test_without_trusted_proxies_a_forged_header_does_not_dodge_the_lockout(client, learner, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    codes = [login(client, learner.email, via=f"192.0.2.{n}").status_code for n in range(settings.AXES_FAILURE_LIMIT)]
    assert codes[-1] == 429
    assert login(client, learner.email, PASSWORD, via="192.0.2.200").status_code == 429


def test_a_forged_left_part_of_the_header_does_not_dodge_the_lockout(client, learner, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, learner.email, via=f"192.0.2.{n}, {ATTACKER}")
    assert login(client, learner.email, PASSWORD, via=f"192.0.2.99, {ATTACKER}").status_code == 429


def test_tries_during_a_lockout_do_not_restart_its_clock(client, learner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, learner.email)
    attempt = AccessAttempt.objects.get()
    for _ in range(3):
        assert login(client, learner.email).status_code == 429
    again = AccessAttempt.objects.get()
    assert (again.attempt_time, again.failures_since_start) == (attempt.attempt_time, attempt.failures_since_start)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_one_address_trying_many_accounts_is_refused_for_a_while(client, make_user, settings, url_name):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    victim = make_user(is_staff=True)
    for n in range(6):
        assert login(client, f"guess{n}@example.com", via=ATTACKER, url_name=url_name).status_code == 200

    refused = login(client, victim.email, PASSWORD, via=ATTACKER, url_name=url_name)
    assertContains(refused, "too many failed logins from your network", status_code=429)
    assert "_auth_user_id" not in client.session
    # Everyone else logs in as usual.
    assert login(client, victim.email, PASSWORD, via=OWNER, url_name=url_name).status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_a_password_reset_by_email_lifts_the_lockout(client, learner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, learner.email)
    assert login(client, learner.email, PASSWORD).status_code == 429

    client.post(reverse("password_reset"), {"email": learner.email})
    wait_for_mail()
    link = re.search(r"https?://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new = {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"}
    assertRedirects(client.post(form_page.redirect_chain[-1][0], new), reverse("password_reset_complete"))

    assert not AccessAttempt.objects.exists()
    response = login(client, learner.email, "brand-new-passphrase")
    assertRedirects(response, reverse("accounts:dashboard"), fetch_redirect_response=False)


@pytest.mark.parametrize(
    "variant",
    [
        "IRENE@EXAMPLE.COM",
        "  irene@example.com  ",
        "\u0131rene@example.com",  # dotless i: PostgreSQL's UPPER() makes it "I", as it does "i"
        "\uff49rene@example.com",  # full-width i: NFKC makes it "i"
    ],
)
def test_spellings_that_reach_one_account_share_one_failure_counter(client, make_user, settings, variant):
    irene = make_user(email="irene@example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, variant)
    assert login(client, irene.email).status_code == 429
    assert login(client, irene.email, PASSWORD).status_code == 429


# --- Sign-up and password-reset requests ------------------------------------------------------------


def signup(client, n, remote=ATTACKER):
    data = {
        "email": f"new{n}@example.com",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
    }
    return client.post(reverse("accounts:signup"), data, REMOTE_ADDR=remote)


def test_signups_are_limited_per_client_address(client, db, settings):
    settings.SIGNUP_RATE = (2, 3600)
    assert [signup(client, n).status_code for n in range(2)] == [200, 200]

    refused = signup(client, 3)
    assertContains(refused, "too many sign-ups from your network", status_code=429)
    assert signup(client, 4, remote=OWNER).status_code == 200
    wait_for_mail()


def test_password_reset_requests_are_limited_per_client_address(client, db, settings):
    settings.PASSWORD_RESET_RATE = (2, 3600)
    url = reverse("password_reset")
    for n in range(2):
        assert client.post(url, {"email": f"a{n}@example.com"}, REMOTE_ADDR=ATTACKER).status_code == 302
    refused = client.post(url, {"email": "a9@example.com"}, REMOTE_ADDR=ATTACKER)
    assertContains(refused, "too many password-reset requests from your network", status_code=429)
    assert client.post(url, {"email": "a9@example.com"}, REMOTE_ADDR=OWNER).status_code == 302


def test_password_reset_requests_are_limited_per_address_asked_for(client, learner, settings):
    settings.PASSWORD_RESET_EMAIL_RATE = (2, 3600)
    url = reverse("password_reset")
    for n, spelling in enumerate([learner.email, learner.email.upper()]):
        assert client.post(url, {"email": spelling}, REMOTE_ADDR=f"192.0.2.{n}").status_code == 302
    refused = client.post(url, {"email": f" {learner.email} "}, REMOTE_ADDR="192.0.2.9")
    assertContains(refused, "too many password-reset requests for this address", status_code=429)
    wait_for_mail()
    assert len(mail.outbox) == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite compares only ASCII letters without case.")
def test_on_postgresql_the_dotless_i_reaches_the_account_so_it_must_share_its_counter(make_user):
    irene = make_user(email="irene@example.com")
    assert User.objects.get_by_natural_key("\u0131rene@example.com") == irene
    assert canonical_email("\u0131rene@example.com") == canonical_email(irene.email)
