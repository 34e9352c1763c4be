"""manage.py createeditor EMAIL: a staff account in the Editors group, new or promoted."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

PASSWORD_ENV = "DJANGO_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff user in the Editors group, or add an existing user to it. "
        "A new user's password is asked for twice, or read from $DJANGO_EDITOR_PASSWORD with --password-from-env."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The editor's email address: their login.")
        parser.add_argument(
            "--password-from-env",
            action="store_true",
            help=f"Read a new user's password from ${PASSWORD_ENV} instead of prompting for it.",
        )

    def handle(self, *args, email, password_from_env, **options):
        User = get_user_model()
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"“{email}” is not a valid email address.") from None
        editors = Group.objects.filter(name="Editors").first()
        if editors is None:
            raise CommandError("The Editors group does not exist yet: run `manage.py migrate` first.")

        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            password = self.read_password(User(email=email), from_env=password_from_env)
            with transaction.atomic():
                user = User.objects.create_user(email, password, is_staff=True)
                user.groups.add(editors)
            self.stdout.write(self.style.SUCCESS(f"Created editor {user.email}."))
            return

        with transaction.atomic():
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(editors)  # Adding a member twice is a no-op.
        self.stdout.write(self.style.SUCCESS(f"{user.email} is an editor; their password is unchanged."))
        if not user.is_active:
            self.stderr.write(self.style.WARNING(f"{user.email} is inactive and cannot log in until reactivated."))

    def read_password(self, user, *, from_env):
        if from_env:
            password = os.environ.get(PASSWORD_ENV, "")
            if not password:
                raise CommandError(f"--password-from-env was given but ${PASSWORD_ENV} is empty or not set.")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords did not match. Nothing was created.")
            if not password:
                raise CommandError("The password cannot be empty. Nothing was created.")
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        return password
