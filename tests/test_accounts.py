"""Sign-up, login by email, lockout, password change and reset, the profile, own data export and deletion."""

import json
import re
import time

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.mail import wait_for_mail
from accounts.models import Journey, StepProgress, User
from transitions.models import Step, Transition

PASSWORD = "correct-horse-battery-staple"
EVIL = "https://evil.example/"


def signup_data(**overrides):
    return {
        "email": "New.Learner@Example.com",
        "display_name": "Nia",
        "password1": "a-long-and-unusual-passphrase",
        "password2": "a-long-and-unusual-passphrase",
        **overrides,
    }


# --- Sign-up -----------------------------------------------------------------------------------


def confirmation_link(message):
    return re.search(r"https?://testserver(/accounts/signup/\S+)", message.body).group(1)


def sign_up(client, data, **extra):
    """Post the sign-up form and wait for its email; return the response and the messages sent."""
    mail.outbox.clear()
    response = client.post(reverse("accounts:signup"), data, **extra)
    wait_for_mail()
    return response, list(mail.outbox)


def test_signup_emails_a_link_that_creates_the_account_and_opens_the_dashboard(client, db):
    response, [message] = sign_up(client, signup_data())

    assertContains(response, "Check your email")
    assertContains(response, "new.learner@example.com")
    user = User.objects.get()
    assert (user.email, user.display_name, user.is_active) == ("new.learner@example.com", "Nia", False)
    assert message.to == ["new.learner@example.com"]
    assert "_auth_user_id" not in client.session

    link = confirmation_link(message)
    assertContains(client.get(link), "Create my account")
    response = client.post(link)
    assertRedirects(response, reverse("accounts:dashboard"))
    user.refresh_from_db()
    assert user.is_active
    assert client.get(reverse("accounts:dashboard")).context["user"] == user
    # The link works once.
    client.logout()
    assertContains(client.get(link), "This link has expired", status_code=400)


def test_an_unconfirmed_account_cannot_log_in(client, db):
    sign_up(client, signup_data())
    response = client.post(
        reverse("login"), {"username": "new.learner@example.com", "password": "a-long-and-unusual-passphrase"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signup_page_asks_for_email_name_and_password(client, db):
    response = client.get(reverse("accounts:signup"))
    assertContains(response, 'type="email"')
    assertContains(response, "Your name")
    assertContains(response, 'type="password"', count=2)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password", "too common"),
        ("12345678", "too common"),
        ("short1!", "too short"),
        ("58201937465", "entirely numeric"),
    ],
)
def test_signup_applies_the_password_validators(client, db, password, message):
    response = client.post(reverse("accounts:signup"), signup_data(password1=password, password2=password))
    assert response.status_code == 200
    assertContains(response, message)
    assert not User.objects.exists()


def test_signup_with_a_taken_address_answers_the_same_and_tells_only_the_owner(client, make_user):
    owner = make_user(email="taken@example.com", display_name="Owner")
    fresh, _ = sign_up(client, signup_data(email="free@example.com"))
    taken, [message] = sign_up(client, signup_data(email="TAKEN@example.com", display_name="Call +1 555 0100 NOW"))

    assert taken.status_code == fresh.status_code == 200
    # Byte for byte, but for the address typed and the per-response CSP nonce.
    nonce = re.compile(rb'nonce="[^"]*"')
    assert nonce.sub(b"", taken.content.replace(b"taken@", b"free@")) == nonce.sub(b"", fresh.content)
    assert message.to == [owner.email]
    assert "already has one" in message.body
    assert "555" not in message.body
    assert "Owner" not in message.body
    owner.refresh_from_db()
    assert (owner.display_name, owner.check_password(PASSWORD)) == ("Owner", True)
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_signing_up_again_before_confirming_sends_a_new_link_and_the_old_one_lapses(client, db):
    _, [first] = sign_up(client, signup_data())
    _, [second] = sign_up(client, signup_data(display_name="Nia B"))

    assert User.objects.get().display_name == "Nia B"
    assertContains(client.get(confirmation_link(first)), "This link has expired", status_code=400)
    assertRedirects(client.post(confirmation_link(second)), reverse("accounts:dashboard"))


def test_signup_returns_to_the_page_the_learner_came_from(client, transition):
    back = f"{transition.get_absolute_url()}#journey-progress"
    page = client.get(reverse("accounts:signup"), {"next": back})
    assertContains(page, f'name="next" value="{back}"')

    _, [message] = sign_up(client, {**signup_data(), "next": back})
    link = confirmation_link(message)
    page = client.get(link)
    assertContains(page, f'name="next" value="{back}"')
    response = client.post(link, {"next": back})
    assert response.status_code == 302
    assert response["Location"] == back


@pytest.mark.parametrize("evil", [EVIL, "//evil.example/", "https:///evil.example/", "javascript:alert(1)"])
def test_signup_never_redirects_to_another_site(client, db, evil):
    _, [message] = sign_up(client, {**signup_data(), "next": evil})
    assert "evil" not in message.body
    response = client.post(confirmation_link(message) + f"?next={evil}", {"next": evil})
    assertRedirects(response, reverse("accounts:dashboard"))


@pytest.mark.parametrize("text", ["me", "dashboard", "nul\x00byte"])
def test_signup_ignores_a_next_that_is_neither_a_path_nor_a_url(client, db, text):
    # redirect() would take the text for a view name and fail, after the account was created.
    _, [message] = sign_up(client, {**signup_data(), "next": text})
    assertRedirects(client.post(confirmation_link(message), {"next": text}), reverse("accounts:dashboard"))

    response = client.get(reverse("accounts:signup"), {"next": text})
    assertRedirects(response, reverse("accounts:dashboard"))


# --- Login and logout ----------------------------------------------------------------------------


def test_login_form_labels_its_field_email(client, db):
    html = client.get(reverse("login")).content.decode()
    assert re.search(r'<label[^>]*for="id_username"[^>]*>\s*Email\W', html)
    assert "Username" not in html


def test_login_by_email_in_any_case_returns_to_next(client, learner, transition):
    back = transition.get_absolute_url()
    response = client.post(reverse("login"), {"username": learner.email.upper(), "password": PASSWORD, "next": back})
    assertRedirects(response, back)
    assert client.session["_auth_user_id"] == str(learner.pk)


def test_login_ignores_a_next_on_another_site(client, learner):
    response = client.post(reverse("login"), {"username": learner.email, "password": PASSWORD, "next": EVIL})
    assertRedirects(response, reverse("accounts:dashboard"))


def test_login_with_a_wrong_password_says_so(client, learner):
    response = client.post(reverse("login"), {"username": learner.email, "password": "nope"})
    assertContains(response, "Please enter a correct email and password")


def test_login_page_links_to_signup_keeping_next(client, db, transition):
    back = transition.get_absolute_url()
    response = client.get(reverse("login"), {"next": back})
    assertContains(response, f"{reverse('accounts:signup')}?next={back}")


def test_logout_is_a_post(client, learner):
    client.force_login(learner)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assertRedirects(response, reverse("transitions:home"), fetch_redirect_response=False)
    assert "_auth_user_id" not in client.session


# --- Lockout after repeated failures -------------------------------------------------------------


def test_repeated_failed_logins_lock_the_account_from_that_address(client, learner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": learner.email, "password": "wrong"}).status_code == 200

    locked = client.post(reverse("login"), {"username": learner.email, "password": "wrong"})
    assert locked.status_code == 429
    assertContains(locked, "Too many failed attempts", status_code=429)
    assertContains(locked, "Try again in 15 minutes", status_code=429)
    assertContains(locked, reverse("password_reset"), status_code=429)

    # Even the right password is refused until the lock expires.
    again = client.post(reverse("login"), {"username": learner.email, "password": PASSWORD})
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_block_the_same_account_from_another_address(client, learner, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": learner.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    response = client.post(
        reverse("login"), {"username": learner.email, "password": PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assertRedirects(response, reverse("accounts:dashboard"))


def test_the_lockout_counts_an_email_in_any_case_as_one_account(client, learner, settings):
    variants = [learner.email, learner.email.upper(), learner.email.title(), learner.email.capitalize()]
    attempts = [{"username": email, "password": "wrong"} for email in variants * 2]
    codes = [client.post(reverse("login"), attempt).status_code for attempt in attempts]
    assert codes[settings.AXES_FAILURE_LIMIT - 1 :] == [429] * (len(codes) - settings.AXES_FAILURE_LIMIT + 1)
    response = client.post(reverse("login"), {"username": learner.email.upper(), "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.parametrize("name", ["login", "admin:login"])
def test_a_login_name_longer_than_any_email_is_a_failed_login_not_an_error(client, db, name):
    # Django's login form does not enforce its max_length; axes keeps the name in a 255-character column.
    response = client.post(reverse(name), {"username": "x" * 300, "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert [len(attempt.username) for attempt in AccessAttempt.objects.all()] == [255]


# --- Passwords -------------------------------------------------------------------------------------


def test_password_change(client, learner):
    client.force_login(learner)
    assertContains(client.get(reverse("password_change")), "Change your password")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-fine-passphrase",
            "new_password2": "another-fine-passphrase",
        },
    )
    assertRedirects(response, reverse("password_change_done"))
    learner.refresh_from_db()
    assert learner.check_password("another-fine-passphrase")


def test_password_reset_by_email(client, learner):
    response = client.post(reverse("password_reset"), {"email": learner.email.upper()})
    assertRedirects(response, reverse("password_reset_done"))
    wait_for_mail()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert message.subject == "Reset your CareerHub password"
    link = re.search(r"https?://testserver(/accounts/reset/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assertContains(form_page, "Choose a new password")
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
    )
    assertRedirects(done, reverse("password_reset_complete"))
    learner.refresh_from_db()
    assert learner.check_password("brand-new-passphrase")


def test_password_reset_for_an_unknown_email_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assertRedirects(response, reverse("password_reset_done"))
    wait_for_mail()
    assert mail.outbox == []


def test_a_used_reset_link_says_it_expired(client, learner):
    client.post(reverse("password_reset"), {"email": learner.email})
    wait_for_mail()
    link = re.search(r"https?://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = {"new_password1": "brand-new-pass-1", "new_password2": "brand-new-pass-1"}
    client.post(form_page.redirect_chain[-1][0], new_password)
    assertContains(client.get(link, follow=True), "This link has expired")


# --- Profile -------------------------------------------------------------------------------------------


def test_profile_edits_the_display_name(client, learner):
    client.force_login(learner)
    response = client.post(reverse("accounts:profile"), {"display_name": "Lee L.", "email": learner.email})
    assertRedirects(response, reverse("accounts:profile"))
    learner.refresh_from_db()
    assert learner.display_name == "Lee L."


def test_changing_the_email_needs_the_current_password(client, learner):
    client.force_login(learner)
    refused = client.post(reverse("accounts:profile"), {"display_name": "Lee", "email": "new@example.com"})
    assertContains(refused, "Enter your current password to change your email.")
    learner.refresh_from_db()
    assert learner.email != "new@example.com"

    client.post(
        reverse("accounts:profile"),
        {"display_name": "Lee", "email": "New@Example.com", "current_password": PASSWORD},
    )
    learner.refresh_from_db()
    assert learner.email == "new@example.com"


def test_profile_refuses_another_accounts_email(client, learner, make_user):
    make_user(email="other@example.com")
    client.force_login(learner)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "", "email": "OTHER@example.com", "current_password": PASSWORD},
    )
    assertContains(response, "An account with this email already exists")


def test_profile_offers_password_change_data_download_and_deletion(client, learner):
    client.force_login(learner)
    response = client.get(reverse("accounts:profile"))
    assertContains(response, reverse("password_change"))
    assertContains(response, reverse("accounts:export_data"))
    assertContains(response, reverse("accounts:delete_account"))


# --- Own data ----------------------------------------------------------------------------------------


@pytest.fixture
def learner_with_progress(learner, make_transition):
    transition = make_transition(steps=3)
    first, second, _ = transition.steps.all()
    journey = Journey.objects.start(learner, transition)
    journey.mark_step(first, status="done")
    journey.mark_step(second, status="skipped")
    journey.save_note(first, "Finished the NumPy course.")
    journey.set_target_date(journey.started_at.date().replace(year=journey.started_at.year + 1))
    return learner


@pytest.mark.parametrize("method", ["get", "post"])
def test_download_my_data_is_a_json_attachment_of_everything(client, learner_with_progress, method):
    client.force_login(learner_with_progress)
    response = getattr(client, method)(reverse("accounts:export_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="careerhub-data-')
    data = json.loads(response.content)
    assert data["account"]["email"] == learner_with_progress.email
    assert data["account"]["display_name"] == "Lee Learner"
    [journey] = data["journeys"]
    assert journey["target_date"]
    assert [(step["status"], step["note"]) for step in journey["steps"]] == [
        ("done", "Finished the NumPy course."),
        ("skipped", ""),
    ]


def test_download_my_data_costs_the_same_queries_for_many_journeys(
    client, learner, make_transition, django_assert_max_num_queries
):
    client.force_login(learner)
    for _ in range(5):
        transition = make_transition(steps=3, transferable=0, to_build=0, certifications=0)
        journey = Journey.objects.start(learner, transition)
        for step in transition.steps.all():
            journey.mark_step(step, status="done")
    # The session and user, the journeys and their progress, the resumes with their targets, the saved resume
    # checks, the skills saved from explore, and three kinds of login records.
    with django_assert_max_num_queries(10):
        client.get(reverse("accounts:export_data"))


def test_delete_account_asks_for_the_password(client, learner_with_progress):
    client.force_login(learner_with_progress)
    assertContains(client.get(reverse("accounts:delete_account")), 'type="password"')
    response = client.post(reverse("accounts:delete_account"), {"password": "not-it"})
    assertContains(response, "That is not your password. Nothing was deleted.")
    assert User.objects.filter(pk=learner_with_progress.pk).exists()
    assert StepProgress.objects.count() == 2


def test_delete_account_removes_the_user_and_their_progress_and_nothing_else(
    client, learner_with_progress, make_user, make_transition
):
    other = make_user()
    other_transition = make_transition(steps=2)
    Journey.objects.start(other, other_transition).mark_step(other_transition.steps.first(), status="done")
    content = (Transition.objects.count(), Step.objects.count())

    client.force_login(learner_with_progress)
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    assertRedirects(response, reverse("transitions:home"), fetch_redirect_response=False)
    assert not User.objects.filter(pk=learner_with_progress.pk).exists()
    assert not Journey.objects.filter(user_id=learner_with_progress.pk).exists()
    assert list(StepProgress.objects.values_list("journey__user", flat=True)) == [other.pk]
    assert (Transition.objects.count(), Step.objects.count()) == content
    assert "_auth_user_id" not in client.session


class SlowMailBackend(locmem.EmailBackend):
    """A mail server that takes half a second per message, as a real one may."""

    def send_messages(self, messages):
        time.sleep(0.5)
        return super().send_messages(messages)


@pytest.mark.parametrize("url_name", ["password_reset", "accounts:signup"])
def test_asking_takes_as_long_whether_or_not_the_address_has_an_account(client, learner, settings, url_name):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_accounts.SlowMailBackend"}}
    # Longer than in production, so that a busy test machine does not push either kind past it.
    settings.ACCOUNT_EMAIL_ANSWER_SECONDS = 0.6
    taken, free = learner.email, "nobody@example.com"
    client.get(reverse(url_name))  # the first request of a process loads everything: not part of the measure
    seconds = {}
    for email in [taken, free, taken, free]:
        data = {"email": email} if url_name == "password_reset" else signup_data(email=email)
        start = time.monotonic()
        response = client.post(reverse(url_name), data)
        seconds.setdefault(email, []).append(time.monotonic() - start)
        assert response.status_code in {200, 302}

    # Neither waits for the mail server (the answer comes first, the mail after), and both take the padded time.
    floor = settings.ACCOUNT_EMAIL_ANSWER_SECONDS
    assert all(floor <= s < floor + 0.3 for s in seconds[taken] + seconds[free]), seconds
    assert abs(sum(seconds[taken]) - sum(seconds[free])) < 0.05 * len(seconds[taken]), seconds
    wait_for_mail()
    assert {message.to[0] for message in mail.outbox} == ({taken} if url_name == "password_reset" else {taken, free})


def test_the_headers_log_in_and_sign_up_come_back_to_the_page_they_were_on(client, transition):
    page = f"{reverse('transitions:search')}?q=data"
    response = client.get(page)
    back = "/search/%3Fq%3Ddata"
    assertContains(response, f'href="{reverse("login")}?next={back}"')
    assertContains(response, f'href="{reverse("accounts:signup")}?next={back}"')
    # From the login page, the header's sign-up keeps where the login was going (not the login page).
    login_page = client.get(f"{reverse('login')}?next={transition.get_absolute_url()}")
    assertContains(login_page, f'href="{reverse("accounts:signup")}?next={transition.get_absolute_url()}"')
    assertNotContains(login_page, "next=/accounts/login")
