"""Content files: loading is idempotent and all-or-nothing, export writes the same format back,
and the demo content holds the seed page word for word plus a catalogue worth browsing."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Journey
from tests.data import SEED_HEADINGS, SEED_PAGE
from transitions.models import Certification, Industry, Role, Skill, Step, Transition

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

SMALL_FILE = """
industries:
  - {slug: finance, name: Finance, description: Money.}
roles:
  - {slug: clerk, name: Clerk, industry: finance, summary: Files things., salary: 40000}
  - slug: analyst
    name: Analyst
    industry: finance
    summary: Analyses things.
    salary: 70000
    ai_risk: {score: 40, level: medium, rationale: Some of it., sources: [A report]}
skills:
  - {slug: filing, name: Filing, keywords: [records, archives]}
  - {slug: sql, name: SQL}
certifications:
  - {slug: cert, name: A Certificate, provider: A Body, url: "https://example.com/cert"}
transitions:
  - slug: clerk-to-analyst
    from: clerk
    to: analyst
    summary: From filing to analysis.
    intro: |
      An *intro*.
    timeline: [6, 12]
    published: 2026-01-15
    transferable: [filing]
    to_build: [sql]
    certifications: [{slug: cert, note: Helps.}]
    steps: [Learn SQL, {title: Build a portfolio, detail: Three projects.}]
    related: [analyst-to-clerk]
  - slug: analyst-to-clerk
    from: analyst
    to: clerk
    summary: Back again.
    intro: Why not.
    timeline: [1, 2]
    related: [clerk-to-analyst]
"""


@pytest.fixture
def content_file(tmp_path):
    path = tmp_path / "content.yaml"
    path.write_text(SMALL_FILE)
    return path


def counts():
    return [model.objects.count() for model in (Industry, Role, Skill, Certification, Transition, Step)]


def test_load_creates_everything_the_file_names(db, content_file):
    call_command("load_content", str(content_file))
    transition = Transition.objects.get(slug="clerk-to-analyst")
    assert transition.title == "Career Change: Clerk to Analyst"
    assert transition.is_published
    assert [s.title for s in transition.steps.all()] == ["Learn SQL", "Build a portfolio"]
    assert transition.steps.get(position=2).detail == "Three projects."
    assert {link.kind: link.skill.slug for link in transition.skill_links.all()} == {
        "transferable": "filing",
        "to_build": "sql",
    }
    assert transition.certification_links.get().note == "Helps."
    assert [link.to_transition.slug for link in transition.related_links.all()] == ["analyst-to-clerk"]
    assert Transition.objects.get(slug="analyst-to-clerk").status == "draft"
    assert Role.objects.get(slug="analyst").ai_risk_sources == "A report"
    assert Skill.objects.get(slug="filing").keyword_list == ["records", "archives"]


def test_loading_twice_changes_nothing(db, content_file):
    call_command("load_content", str(content_file))
    before = counts(), list(Transition.objects.values_list("pk", "updated_at").order_by("pk"))
    call_command("load_content", str(content_file))
    after = counts(), list(Transition.objects.values_list("pk", "updated_at").order_by("pk"))
    assert after == before


def test_an_edited_file_updates_the_rows_it_names(db, content_file):
    call_command("load_content", str(content_file))
    step_ids = list(Step.objects.values_list("pk", flat=True).order_by("pk"))
    edited = SMALL_FILE.replace("salary: 70000", "salary: 75000").replace(
        "steps: [Learn SQL, {title: Build a portfolio, detail: Three projects.}]",
        "steps: [{title: Build a portfolio, detail: Three projects.}, Learn SQL, Apply for jobs]",
    )
    content_file.write_text(edited)
    call_command("load_content", str(content_file))
    assert Role.objects.get(slug="analyst").salary == 75_000
    transition = Transition.objects.get(slug="clerk-to-analyst")
    assert [s.title for s in transition.steps.all()] == ["Build a portfolio", "Learn SQL", "Apply for jobs"]
    # The two steps that stayed are the same rows, so learners' progress on them is kept.
    assert set(step_ids) < set(transition.steps.values_list("pk", flat=True))


def test_a_removed_step_that_learners_touched_is_archived_not_deleted(db, content_file, learner):
    call_command("load_content", str(content_file))
    transition = Transition.objects.get(slug="clerk-to-analyst")
    step = transition.steps.get(title="Learn SQL")
    journey = Journey.objects.create(user=learner, transition=transition)
    journey.step_progress.create(step=step, status="done")
    content_file.write_text(SMALL_FILE.replace("steps: [Learn SQL, ", "steps: ["))
    call_command("load_content", str(content_file))
    step.refresh_from_db()
    assert step.is_archived
    assert [s.title for s in transition.steps.active()] == ["Build a portfolio"]
    assert journey.step_progress.get().step == step


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (("to_build: [sql]", "to_build: [sql, cobol]"), "field 'to_build': no skill with slug 'cobol'"),
        (("timeline: [6, 12]", "timeline: [12, 6]"), "field 'timeline'"),
        (("salary: 40000", "salary: lots"), "(slug 'clerk'), field 'salary': must be a whole number above zero"),
        (("salary: 40000", "salary: 0"), "field 'salary'"),
        (("summary: Back again.", "sumary: Back again."), "field 'sumary': is not a known field"),
        (("from: analyst", "from: nobody"), "field 'from': no role with slug 'nobody'"),
        (('url: "https://example.com/cert"', "url: not-a-url"), "field 'url'"),
        (("related: [analyst-to-clerk]", "related: [clerk-to-analyst]"), "cannot be related to itself"),
        (("industries:", "industries: ["), "YAML"),
        (
            ("steps: [Learn SQL, ", "steps: [Learn SQL, learn sql , "),
            "transitions[0] (slug 'clerk-to-analyst'), field 'steps': the title 'learn sql' appears twice",
        ),
        (
            ("steps: [Learn SQL, ", "steps: [{title: Learn SQL, key: sql}, {title: SQL again, key: sql}, "),
            "(slug 'clerk-to-analyst'), field 'steps': the key 'sql' appears twice",
        ),
        (("steps: [Learn SQL, ", "steps: [{title: Learn SQL, key: not a slug}, "), "must be a slug"),
        (("steps: [Learn SQL, ", "steps: [{title: Learn SQL, note: x}, "), "unknown field 'note'"),
        (
            ('url: "https://example.com/cert"', 'url: "https://example.com/cert", retired_on: someday'),
            "certifications[0] (slug 'cert'), field 'retired_on': must be a date such as 2026-03-31",
        ),
        (
            ("{slug: sql, name: SQL}", "{slug: sql, name: SQL, activities: [4.A.9.z.I99]}"),
            "skills[1] (slug 'sql'), field 'activities': names no work activity with id '4.A.9.z.I99'",
        ),
        (
            ("{slug: sql, name: SQL}", "{slug: sql, name: SQL, activities: 4.A.2.a.4.I04}"),
            "(slug 'sql'), field 'activities': activities must be a list of work activity ids",
        ),
        (
            ("detail: Three projects.}", "detail: Three projects., activities: [nope]}"),
            "field 'steps': the step 'Build a portfolio' names no work activity with id 'nope'",
        ),
        (
            ("certifications: [{slug: cert, note: Helps.}]", "certifications: [cert, {slug: cert, note: Helps.}]"),
            "transitions[0] (slug 'clerk-to-analyst'), field 'certifications': certification 'cert' is listed twice",
        ),
    ],
)
def test_a_bad_file_names_file_and_field_and_changes_nothing(db, content_file, mistake, message):
    content_file.write_text(SMALL_FILE.replace(*mistake))
    with pytest.raises(CommandError) as error:
        call_command("load_content", str(content_file))
    assert str(content_file) in str(error.value)
    assert message in str(error.value)
    assert counts() == [0, 0, 0, 0, 0, 0]


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"missing\.yaml"):
        call_command("load_content", str(tmp_path / "missing.yaml"))


def test_if_empty_keeps_an_existing_catalogue(db, content_file, transition):
    call_command("load_content", "--if-empty", str(content_file))
    assert list(Transition.objects.all()) == [transition]
    assert not Transition.objects.filter(slug="clerk-to-analyst").exists()


def delete_all_content():
    Transition.objects.all().delete()
    for model in (Role, Skill, Certification, Industry):
        model.objects.all().delete()


def test_export_then_load_round_trips(labour_data, tmp_path):
    call_command("load_content", str(CONTENT))
    first = tmp_path / "first.yaml"
    call_command("export_content", str(first))
    before = counts()
    delete_all_content()
    call_command("load_content", str(first))
    second = tmp_path / "second.yaml"
    call_command("export_content", str(second))
    assert counts() == before
    assert second.read_text() == first.read_text()


def seed_sections():
    """The seed page as {heading: lines}, plus the title and intro."""
    lines = SEED_PAGE.read_text().splitlines()
    sections, current = {"title": [lines[0]], "intro": []}, "intro"
    for line in lines[1:]:
        if line in SEED_HEADINGS:
            current = line
            sections[current] = []
        else:
            sections[current].append(line.removeprefix("- "))
    return sections


def test_demo_content_holds_the_seed_transition_word_for_word(labour_data):
    call_command("load_content", str(CONTENT))
    seed = seed_sections()
    transition = Transition.objects.get(slug="bank-analyst-to-ml-engineer")
    assert transition.is_published
    assert transition.title == seed["title"][0]
    assert transition.intro.strip() == seed["intro"][0]
    links = transition.skill_links.select_related("skill")
    assert [link.skill.name for link in links if link.kind == "transferable"] == seed["Transferable Skills"]
    assert [link.skill.name for link in links if link.kind == "to_build"] == seed["Skills You'll Need to Build"]
    assert seed["Salary Comparison"] == [
        f"{transition.from_role.name}: ${transition.from_role.salary:,} | "
        f"{transition.to_role.name}: ${transition.to_role.salary:,}"
    ]
    assert seed["Timeline"] == [transition.timeline]
    certifications = [link.certification.name for link in transition.certification_links.all()]
    assert certifications == seed["Recommended Certifications"]
    assert [step.title for step in transition.steps.active()] == seed["First Steps to Start Your Transition"]


def test_demo_content_is_a_catalogue_worth_browsing(labour_data):
    call_command("load_content", str(CONTENT))
    published = Transition.objects.published().with_roles().prefetch_related("skill_links", "certification_links")
    assert published.count() >= 31
    industries = {t.to_role.industry_id for t in published} | {t.from_role.industry_id for t in published}
    assert len(industries) >= 6
    for transition in published:
        kinds = [link.kind for link in transition.skill_links.all()]
        assert kinds.count("transferable") >= 4, transition
        assert kinds.count("to_build") >= 4, transition
        assert len(transition.certification_links.all()) >= 2, transition
        assert transition.steps.active().count() >= 5, transition
        assert transition.related_links.filter(to_transition__in=published).count() >= 2, transition
        assert len(transition.intro) > 200, transition
    for role in Role.objects.all():
        assert role.salary >= 20_000, role
        assert role.ai_risk_score is not None, role
        assert role.ai_risk_level, role


# --- Steps: stable keys, duplicates, one way of reordering ------------------------------------------------------


def load(path, text):
    path.write_text(text)
    call_command("load_content", str(path))
    return Transition.objects.get(slug="clerk-to-analyst")


def positions(transition):
    return list(transition.steps.order_by("position").values_list("position", "title", "archived_at"))


def test_loading_after_an_editor_duplicated_a_title_leaves_no_stray_step(db, content_file, learner):
    transition = load(content_file, SMALL_FILE)
    Step.objects.create(transition=transition, position=3, title="Learn SQL")  # a copy made in the admin
    touched = Step.objects.create(transition=transition, position=4, title="Build a portfolio")
    Journey.objects.start(learner, transition).mark_step(touched, status="done")

    for _ in range(2):  # and loading again changes nothing more
        transition = load(content_file, SMALL_FILE)
        rows = positions(transition)
        assert [position for position, *_ in rows] == [1, 2, 3]
        assert [(title, archived is None) for _, title, archived in rows] == [
            ("Learn SQL", True),
            ("Build a portfolio", True),
            ("Build a portfolio", False),  # the copy a learner worked on: retired, after the current steps
        ]
    assert Step.objects.filter(position__gt=3).count() == 0


def test_reordering_steps_in_a_file_swaps_them_without_parking_leftovers(db, content_file):
    transition = load(content_file, SMALL_FILE)
    ids = dict(transition.steps.values_list("title", "pk"))
    transition = load(
        content_file,
        SMALL_FILE.replace(
            "steps: [Learn SQL, {title: Build a portfolio, detail: Three projects.}]",
            "steps: [{title: Build a portfolio, detail: Three projects.}, Learn SQL]",
        ),
    )
    assert list(transition.steps.values_list("position", "pk")) == [
        (1, ids["Build a portfolio"]),
        (2, ids["Learn SQL"]),
    ]


def test_a_step_with_a_key_keeps_its_progress_when_renamed(db, content_file, learner):
    keyed = SMALL_FILE.replace("steps: [Learn SQL, ", "steps: [{title: Learn SQL, key: learn-sql}, ")
    transition = load(content_file, keyed)
    step = transition.steps.get(key="learn-sql")
    Journey.objects.start(learner, transition).mark_step(step, status="done")

    transition = load(content_file, keyed.replace("title: Learn SQL, key", "title: Learn SQL and databases, key"))

    renamed = transition.steps.get(key="learn-sql")
    assert (renamed.pk, renamed.title, renamed.is_archived) == (step.pk, "Learn SQL and databases", False)
    assert renamed.progress.get().status == "done"
    assert transition.steps.active().count() == 2


def test_a_key_added_to_a_file_names_the_step_that_already_has_that_title(db, content_file):
    transition = load(content_file, SMALL_FILE)
    step = transition.steps.get(title="Learn SQL")
    transition = load(content_file, SMALL_FILE.replace("steps: [Learn SQL, ", "steps: [{title: Learn SQL, key: sql}, "))
    assert transition.steps.get(key="sql").pk == step.pk


def test_export_writes_step_keys_back(db, tmp_path, content_file):
    load(content_file, SMALL_FILE.replace("steps: [Learn SQL, ", "steps: [{title: Learn SQL, key: learn-sql}, "))
    out = tmp_path / "out.yaml"
    call_command("export_content", str(out))
    assert "key: learn-sql" in out.read_text()


def test_every_demo_role_names_its_official_occupation(labour_data):
    call_command("load_content", str(CONTENT))
    roles = Role.objects.select_related("occupation")
    assert [role.name for role in roles if role.occupation is None] == []
    # The seed's ML Engineer has no SOC code of its own: the page must say which occupation stands in.
    assert "Closest official occupation: Data Scientists" in roles.get(slug="ml-engineer").occupation_note


def test_no_role_salary_is_far_from_its_official_median_without_a_note(labour_data):
    call_command("load_content", str(CONTENT))
    far = []
    for role in Role.objects.select_related("occupation"):
        median = role.occupation.median_wage if role.occupation else None
        if median and abs(role.salary - median) > median * 0.25 and not role.salary_note:
            far.append(f"{role.name}: {role.salary} against the median {median} of {role.occupation}")
    assert far == []


def test_a_role_naming_an_unknown_occupation_fails_clearly(labour_data, content_file):
    content_file.write_text(SMALL_FILE.replace("salary: 40000}", "salary: 40000, soc: 99-9999}"))
    with pytest.raises(CommandError, match=r"field 'soc': no occupation with SOC code '99-9999'"):
        call_command("load_content", str(content_file))
    assert not Role.objects.exists()


def test_roles_load_and_export_their_occupation_and_notes(labour_data, content_file, tmp_path):
    content_file.write_text(
        SMALL_FILE.replace(
            "salary: 40000}", 'salary: 40000, soc: 13-2041, soc_note: "Closest: Credit Analysts.", salary_note: Entry.}'
        )
    )
    call_command("load_content", str(content_file))
    clerk = Role.objects.get(slug="clerk")
    assert (clerk.occupation.soc, clerk.occupation_note, clerk.salary_note) == (
        "13-2041",
        "Closest: Credit Analysts.",
        "Entry.",
    )
    out = tmp_path / "out.yaml"
    call_command("export_content", str(out))
    assert "soc: 13-2041" in out.read_text()


def test_every_demo_step_says_what_to_do_and_how_long_to_plan_for(labour_data):
    call_command("load_content", str(CONTENT))
    thin = [
        f"{step.transition.slug}: {step.title}"
        for step in Step.objects.active().select_related("transition")
        if len(step.detail) < 120 or not step.estimate
    ]
    assert thin == []


TAGGED = SMALL_FILE.replace(
    "{slug: sql, name: SQL}", "{slug: sql, name: SQL, activities: [4.A.2.a.4.I11, 4.A.2.b.2.I26]}"
).replace("detail: Three projects.}", "detail: Three projects., activities: [4.A.3.b.6.I03]}")


def tags(obj):
    return sorted(obj.work_activities.values_list("code", flat=True))


def test_skills_and_steps_load_their_work_activity_tags_by_official_id(labour_data, content_file):
    transition = load(content_file, TAGGED)

    assert tags(Skill.objects.get(slug="sql")) == ["4.A.2.a.4.I11", "4.A.2.b.2.I26"]
    assert tags(transition.steps.get(title="Build a portfolio")) == ["4.A.3.b.6.I03"]
    assert tags(transition.steps.get(title="Learn SQL")) == []


def test_loading_tags_twice_writes_nothing_and_an_edit_replaces_them(labour_data, content_file):
    load(content_file, TAGGED)
    skill = Skill.objects.get(slug="sql")
    through = Skill.work_activities.through
    first_links = list(through.objects.filter(skill=skill).values_list("pk", flat=True))

    transition = load(content_file, TAGGED)
    assert list(through.objects.filter(skill=skill).values_list("pk", flat=True)) == first_links

    transition = load(
        content_file,
        TAGGED.replace("[4.A.2.a.4.I11, 4.A.2.b.2.I26]", "[4.A.2.b.2.I26]").replace(
            ", activities: [4.A.3.b.6.I03]}", "}"
        ),
    )
    assert tags(skill) == ["4.A.2.b.2.I26"]
    assert tags(transition.steps.get(title="Build a portfolio")) == []


def test_a_work_activity_listed_twice_is_refused(labour_data, content_file):
    content_file.write_text(TAGGED.replace("4.A.2.b.2.I26]", "4.A.2.a.4.I11]"))
    with pytest.raises(CommandError, match=r"field 'activities': lists the work activity '4.A.2.a.4.I11' twice"):
        call_command("load_content", str(content_file))
    assert not Skill.objects.exists()


def test_export_writes_the_tags_back_and_they_load_again(labour_data, content_file, tmp_path):
    load(content_file, TAGGED)
    first = tmp_path / "first.yaml"
    call_command("export_content", str(first))
    assert "- 4.A.3.b.6.I03" in first.read_text()
    delete_all_content()

    call_command("load_content", str(first))
    second = tmp_path / "second.yaml"
    call_command("export_content", str(second))

    assert second.read_text() == first.read_text()
    assert tags(Skill.objects.get(slug="sql")) == ["4.A.2.a.4.I11", "4.A.2.b.2.I26"]


def test_a_certifications_retirement_date_loads_and_exports(db, content_file, tmp_path):
    load(
        content_file,
        SMALL_FILE.replace(
            'url: "https://example.com/cert"', 'url: "https://example.com/cert", retired_on: 2026-03-31'
        ),
    )
    assert Certification.objects.get(slug="cert").retired_on == datetime.date(2026, 3, 31)
    out = tmp_path / "out.yaml"
    call_command("export_content", str(out))
    assert "retired_on: 2026-03-31" in out.read_text()

    load(content_file, SMALL_FILE)
    assert Certification.objects.get(slug="cert").retired_on is None


def test_demo_content_marks_the_retired_aws_machine_learning_specialty(labour_data):
    call_command("load_content", str(CONTENT))
    retired = Certification.objects.exclude(retired_on=None)
    assert {c.slug: c.retired_on for c in retired} == {"aws-machine-learning-specialty": datetime.date(2026, 3, 31)}


def test_roles_load_and_export_their_other_titles(db, content_file, tmp_path):
    content_file.write_text(
        SMALL_FILE.replace("salary: 40000}", "salary: 40000, other_titles: [Records Clerk, Filer]}")
    )
    call_command("load_content", str(content_file))
    assert Role.objects.get(slug="clerk").other_title_list == ["Records Clerk", "Filer"]

    out = tmp_path / "out.yaml"
    call_command("export_content", str(out))
    Role.objects.filter(slug="clerk").update(other_titles="")
    call_command("load_content", str(out))
    assert Role.objects.get(slug="clerk").other_titles == "Records Clerk, Filer"


def test_a_timeline_note_loads_and_exports(db, content_file, tmp_path):
    note = "    timeline_note: The rest is the search.\n"
    content_file.write_text(SMALL_FILE.replace("    timeline: [6, 12]\n", "    timeline: [6, 12]\n" + note))
    call_command("load_content", str(content_file))
    exported = tmp_path / "out.yaml"
    call_command("export_content", str(exported))

    assert Transition.objects.get(slug="clerk-to-analyst").timeline_note == "The rest is the search."
    assert Transition.objects.get(slug="analyst-to-clerk").timeline_note == ""
    assert "\n  timeline_note: The rest is the search.\n" in exported.read_text()
    assert exported.read_text().count("timeline_note") == 1


def test_every_demo_guide_whose_steps_disagree_with_its_timeline_says_why(labour_data):
    call_command("load_content", str(CONTENT))

    unexplained = [
        transition.slug
        for transition in Transition.objects.prefetch_related("steps")
        if not transition.step_time.agrees and not transition.timeline_note
    ]

    assert unexplained == []
    assert Transition.objects.get(slug="bank-analyst-to-ml-engineer").step_time.agrees
