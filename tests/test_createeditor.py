"""manage.py createeditor: new editors, promoted users, and clear refusals."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User

PASSWORD = "a-long-passphrase-7"


@pytest.fixture
def typed(monkeypatch):
    """Answer getpass prompts with the given strings, in order."""

    def type_in(*answers):
        replies = iter(answers)
        monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))

    return type_in


def run(*args):
    out = io.StringIO()
    call_command("createeditor", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def is_editor(user):
    return user.is_staff and not user.is_superuser and user.groups.filter(name="Editors").exists()


def test_creates_an_editor_with_the_prompted_password(db, typed, client):
    typed(PASSWORD, PASSWORD)

    out = run("New.Editor@Example.com")

    user = User.objects.get(email="new.editor@example.com")
    assert "Created editor new.editor@example.com." in out
    assert is_editor(user)
    assert user.check_password(PASSWORD)
    client.force_login(user)
    assert client.get(reverse("admin:transitions_transition_changelist")).status_code == 200


def test_reads_the_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", PASSWORD)

    run("ed@example.com", "--password-from-env")

    assert User.objects.get(email="ed@example.com").check_password(PASSWORD)


def test_refuses_an_empty_environment_password(db, monkeypatch):
    monkeypatch.delenv("DJANGO_EDITOR_PASSWORD", raising=False)

    with pytest.raises(CommandError, match=r"DJANGO_EDITOR_PASSWORD is empty or not set"):
        run("ed@example.com", "--password-from-env")
    assert not User.objects.exists()


def test_refuses_passwords_that_do_not_match(db, typed):
    typed(PASSWORD, PASSWORD + "x")

    with pytest.raises(CommandError, match="did not match"):
        run("ed@example.com")
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "cannot be empty"),
        ("short", "too short"),
        ("password123", "too common"),
        ("83920174659", "entirely numeric"),
    ],
)
def test_refuses_passwords_the_validators_refuse(db, typed, password, message):
    typed(password, password)

    with pytest.raises(CommandError, match=message):
        run("ed@example.com")
    assert not User.objects.exists()


def test_refuses_a_password_too_like_the_email(db, monkeypatch):
    monkeypatch.setenv("DJANGO_EDITOR_PASSWORD", "jane.editor.example")

    with pytest.raises(CommandError, match="too similar to the email"):
        run("jane.editor@example.com", "--password-from-env")


def test_refuses_an_invalid_email(db):
    with pytest.raises(CommandError, match="not a valid email address"):
        run("not-an-email")


def test_promotes_an_existing_user_without_touching_their_password(learner):
    out = run(learner.email.upper())

    learner.refresh_from_db()
    assert is_editor(learner)
    assert learner.check_password("correct-horse-battery-staple")
    assert "their password is unchanged" in out
    assert User.objects.count() == 1


def test_running_twice_keeps_one_user_in_the_group_once(db, typed):
    typed(PASSWORD, PASSWORD)
    run("ed@example.com")

    run("ed@example.com")

    user = User.objects.get(email="ed@example.com")
    assert is_editor(user)
    assert user.groups.count() == 1
    assert User.objects.count() == 1
