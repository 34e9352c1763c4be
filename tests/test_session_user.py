"""A session read from the database comes with its user's row (accounts.sessions): one query for both, and Django's
checks on the session (its password-and-email hash, an active account) hold as before."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Session, User

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(params=["accounts.sessions.db", "accounts.sessions.cached_db"])
def engine(request, settings):
    settings.SESSION_ENGINE = request.param
    return request.param


def signed_in(email):
    browser = Client()
    assert browser.post(reverse("login"), {"username": email, "password": PASSWORD}).status_code == 302
    return browser


def test_a_signed_in_page_reads_the_session_and_its_user_in_one_query(learner, settings):
    settings.SESSION_ENGINE = "accounts.sessions.db"
    browser = signed_in(learner.email)

    with CaptureQueriesContext(connection) as queries:
        response = browser.get(reverse("robots_txt"))

    assert response.wsgi_request.user == learner
    [query] = queries.captured_queries
    assert "accounts_session" in query["sql"]
    assert "accounts_user" in query["sql"]


def test_a_login_is_kept_with_the_backend_that_reuses_the_sessions_user(learner, engine):
    browser = signed_in(learner.email)
    [session] = Session.objects.filter(user_id=learner.pk)
    assert session.get_decoded()[BACKEND_SESSION_KEY] == "accounts.sessions.SessionUserBackend"
    assert browser.get(reverse("accounts:dashboard")).status_code == 200


def test_a_password_changed_elsewhere_still_signs_this_session_out(learner, engine):
    browser = signed_in(learner.email)
    learner.set_password("another-long-passphrase")
    learner.save()

    assert browser.get(reverse("accounts:dashboard")).status_code == 302
    assert not browser.get(reverse("robots_txt")).wsgi_request.user.is_authenticated


def test_a_deactivated_account_is_signed_out(learner, engine):
    browser = signed_in(learner.email)
    User.objects.filter(pk=learner.pk).update(is_active=False)

    assert browser.get(reverse("accounts:dashboard")).status_code == 302


def test_a_session_whose_user_is_gone_is_a_visitors(learner, engine):
    browser = signed_in(learner.email)
    User.objects.filter(pk=learner.pk).delete()

    response = browser.get(reverse("robots_txt"))

    assert not response.wsgi_request.user.is_authenticated


def test_a_session_is_only_ever_read_with_its_own_user(make_user, engine):
    alice, bob = make_user(), make_user()
    alices, bobs = signed_in(alice.email), signed_in(bob.email)

    for _ in range(2):  # alternating, as one app server's thread serves one request after another
        assert alices.get(reverse("robots_txt")).wsgi_request.user == alice
        assert bobs.get(reverse("robots_txt")).wsgi_request.user == bob
