"""Factory fixtures shared by the whole suite: make_role(), make_transition(steps=3), learner, editor..."""

import itertools
import uuid
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from accounts.models import User
from transitions import labour_import
from transitions.labour import FILES, read_extract, write_extract
from transitions.labour_import import EXTRACT_DIR
from transitions.models import (
    Certification,
    Industry,
    Occupation,
    OccupationActivity,
    Role,
    Skill,
    Step,
    Transition,
    TransitionCertification,
    TransitionSkill,
    WorkActivity,
)

_counter = itertools.count(1)

CONTENT = Path(__file__).resolve().parent.parent / "content"
# Occupations the tests name beyond those of the demo roles: top-coded, withheld and hourly-only wages,
# and neighbours of the demo occupations so similarity lists have something to rank.
LABOUR_TEST_SOCS = {"17-3019", "11-1011", "11-1031", "27-2011", "29-1022", "29-1211", "15-1299", "15-1254", "13-2031"}


def content_socs():
    socs = set()
    for path in CONTENT.glob("*.yaml"):
        for role in yaml.safe_load(path.read_text(encoding="utf-8")).get("roles", []):
            if role.get("soc"):
                socs.add(role["soc"])
    return socs


@pytest.fixture(scope="session")
def labour_slice_dir(tmp_path_factory):
    """A small extract cut from the real one: the demo roles' occupations and a few the tests name."""
    keep = content_socs() | LABOUR_TEST_SOCS
    tables = read_extract(EXTRACT_DIR)
    about = {key: value for key, value in tables.pop("manifest").items() if key != "files"}
    columns = {name.removesuffix(".csv.gz"): header for name, header in FILES.items()}
    sliced = {
        "occupations.csv.gz": [r for r in tables["occupations"] if r["soc"] in keep],
        "areas.csv.gz": tables["areas"],
        "wages.csv.gz": [r for r in tables["wages"] if r["soc"] in keep],
        "activities.csv.gz": tables["activities"],
        "occupation_activities.csv.gz": [r for r in tables["occupation_activities"] if r["soc"] in keep],
    }
    out = tmp_path_factory.mktemp("labour-slice")
    write_extract(
        out,
        {
            name: [[row[c] for c in columns[name.removesuffix(".csv.gz")]] for row in rows]
            for name, rows in sliced.items()
        },
        about,
    )
    return out


@pytest.fixture
def labour_data(db, labour_slice_dir):
    """The slice of official occupation data loaded, as `import_labour_data` would load the real one."""
    labour_import.load(labour_slice_dir)


@pytest.fixture
def make_industry(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("name", f"Industry {n}")
        fields.setdefault("slug", f"industry-{n}")
        return Industry.objects.create(**fields)

    return make


@pytest.fixture
def make_role(db, make_industry):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("name", f"Role {n}")
        fields.setdefault("slug", f"role-{n}")
        fields.setdefault("summary", f"What role {n} does.")
        fields.setdefault("salary", 50_000 + n * 1_000)
        if "industry" not in fields:
            fields["industry"] = make_industry()
        return Role.objects.create(**fields)

    return make


@pytest.fixture
def make_skill(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("name", f"Skill {n}")
        fields.setdefault("slug", f"skill-{n}")
        return Skill.objects.create(**fields)

    return make


@pytest.fixture
def make_certification(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("name", f"Certification {n}")
        fields.setdefault("slug", f"certification-{n}")
        fields.setdefault("provider", f"Provider {n}")
        fields.setdefault("url", f"https://example.com/certification-{n}")
        return Certification.objects.create(**fields)

    return make


@pytest.fixture
def make_occupation(db):
    """An official occupation; `activities` ({code: weight}) gives it work activities to compare."""

    def make(*, activities=None, **fields):
        n = next(_counter)
        fields.setdefault("soc", f"{n // 10000 % 100:02d}-{n % 10000:04d}")
        fields.setdefault("title", f"Occupation {n}")
        fields.setdefault("major_group", f"{fields['soc'][:2]}-0000")
        fields.setdefault("major_group_title", "Major group")
        occupation = Occupation.objects.create(**fields)
        for code, weight in (activities or {}).items():
            activity, _ = WorkActivity.objects.get_or_create(code=code, defaults={"title": code, "applicability": 0.5})
            OccupationActivity.objects.create(occupation=occupation, activity=activity, weight=weight)
        return occupation

    return make


@pytest.fixture
def make_transition(db, make_role, make_skill, make_certification):
    """A published transition with as many steps, skills, certifications and related transitions as asked."""

    def make(*, steps=3, transferable=2, to_build=2, certifications=2, related=0, published=True, **fields):
        if "from_role" not in fields:
            fields["from_role"] = make_role()
        if "to_role" not in fields:
            fields["to_role"] = make_role()
        fields.setdefault("slug", f"{fields['from_role'].slug}-to-{fields['to_role'].slug}")
        fields.setdefault("summary", "A realistic path from one role to another.")
        fields.setdefault("intro", "An **introduction** to this career change.")
        fields.setdefault("timeline_min_months", 6)
        fields.setdefault("timeline_max_months", 12)
        if published:
            fields.setdefault("published_at", timezone.now() - timedelta(days=1))
        transition = Transition.objects.create(**fields)
        for position in range(1, steps + 1):
            Step.objects.create(transition=transition, position=position, title=f"Step {position} of {transition}")
        for order in range(transferable):
            TransitionSkill.objects.create(
                transition=transition, skill=make_skill(), kind=TransitionSkill.Kind.TRANSFERABLE, order=order
            )
        for order in range(to_build):
            TransitionSkill.objects.create(
                transition=transition, skill=make_skill(), kind=TransitionSkill.Kind.TO_BUILD, order=order
            )
        for order in range(certifications):
            TransitionCertification.objects.create(
                transition=transition, certification=make_certification(), order=order
            )
        for order in range(related):
            other = make(steps=1, transferable=0, to_build=0, certifications=0)
            transition.related_links.create(to_transition=other, order=order)
        return transition

    return make


@pytest.fixture
def transition(make_transition):
    return make_transition()


@pytest.fixture
def make_user(db):
    def make(**fields):
        n = next(_counter)
        fields.setdefault("email", f"learner{n}@example.com")
        fields.setdefault("password", "correct-horse-battery-staple")
        return User.objects.create_user(**fields)

    return make


@pytest.fixture
def learner(make_user):
    return make_user(display_name="Lee Learner")


@pytest.fixture
def editor(make_user):
    user = make_user(email="editor@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs about half a second per password; tests check behaviour, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_cache_namespace(settings):
    """Give each test its own cache keys, so tests never see each other's cached pages or sessions.

    On PostgreSQL runs the cache is a Redis shared by every xdist worker; a fresh prefix isolates
    them without flushing what the others are using.
    """
    settings.CACHES = {
        alias: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"} for alias, config in settings.CACHES.items()
    }


@pytest.fixture
def request_lifetime():
    """A context manager that runs its block as Django runs a request: between request_started and
    request_finished, without closing the test's database connection (as the test client does)."""

    @contextmanager
    def lifetime():
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        request_started.send(sender=None)
        try:
            yield
        finally:
            request_finished.send(sender=None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return lifetime
