"""The editors' CMS, driven through real admin pages and form posts."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Journey, StepProgress, User
from transitions.models import Step, Transition, TransitionSkill, WorkActivity

CHANGELIST = reverse("admin:transitions_transition_changelist")
ADD = reverse("admin:transitions_transition_add")


def change_url(transition):
    return reverse("admin:transitions_transition_change", args=[transition.pk])


def inline(prefix, rows, *, initial=0):
    """One inline formset as the admin posts it: management form, then one field set per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def split_datetime(prefix, value):
    if value is None:
        return {f"{prefix}_0": "", f"{prefix}_1": ""}
    return {f"{prefix}_0": value.strftime("%Y-%m-%d"), f"{prefix}_1": value.strftime("%H:%M:%S.%f")}


def change_form(transition, *, steps=None, **fields):
    """The change form of a saved transition, as the browser would post it untouched (steps may be edited)."""
    data = {
        "from_role": transition.from_role_id,
        "to_role": transition.to_role_id,
        "slug": transition.slug,
        "summary": transition.summary,
        "intro": transition.intro,
        "timeline_min_months": transition.timeline_min_months,
        "timeline_max_months": transition.timeline_max_months,
        "timeline_note": transition.timeline_note,
        **split_datetime("published_at", transition.published_at),
    }
    if transition.is_featured:
        data["is_featured"] = "on"
    if steps is None:
        steps = [
            {
                "id": step.pk,
                "position": step.position,
                "title": step.title,
                "detail": step.detail,
                "archived_at": step.archived_at,
            }
            for step in transition.steps.all()
        ]
    for row in steps:
        row.setdefault("transition", transition.pk)
        archived_at = row.pop("archived_at", None)
        row["archived_at"] = archived_at.strftime("%Y-%m-%dT%H:%M:%S") if archived_at else ""
    links = transition.skill_links.all()
    certifications = transition.certification_links.all()
    related = transition.related_links.all()
    data |= inline("steps", steps, initial=transition.steps.count())
    data |= inline(
        "skill_links",
        [{"id": link.pk, "skill": link.skill_id, "kind": link.kind, "order": link.order} for link in links],
        initial=len(links),
    )
    data |= inline(
        "certification_links",
        [{"id": c.pk, "certification": c.certification_id, "order": c.order, "note": c.note} for c in certifications],
        initial=len(certifications),
    )
    data |= inline(
        "related_links",
        [{"id": r.pk, "to_transition": r.to_transition_id, "order": r.order} for r in related],
        initial=len(related),
    )
    return data | fields


@pytest.fixture
def superuser(make_user):
    return make_user(email="root@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def learner_on(step, learner, status=StepProgress.Status.DONE):
    journey = Journey.objects.create(user=learner, transition=step.transition)
    journey.step_progress.create(step=step, status=status)
    return journey


# --- Adding a transition -----------------------------------------------------------------------


def test_editor_sees_the_add_transition_page_with_every_inline(editor_client):
    response = editor_client.get(ADD)

    assert response.status_code == 200
    for prefix in ["steps", "skill_links", "certification_links", "related_links"]:
        assert f'name="{prefix}-TOTAL_FORMS"' in response.text


def test_editor_adds_a_transition_with_its_steps_skills_certifications_and_related_in_order(
    editor_client, make_role, make_skill, make_certification, make_transition
):
    analyst = make_role(name="Bank Analyst", slug="bank-analyst")
    engineer = make_role(name="ML Engineer", slug="ml-engineer")
    excel, python, stats = make_skill(name="Excel"), make_skill(name="Python"), make_skill(name="Statistics")
    aws, tf = make_certification(name="AWS ML"), make_certification(name="TensorFlow Developer")
    other = make_transition()
    data = {
        "from_role": analyst.pk,
        "to_role": engineer.pk,
        "slug": "",
        "summary": "From spreadsheets to models.",
        "intro": "Why **now** is a good time.",
        "timeline_min_months": "9",
        "timeline_max_months": "15",
        **split_datetime("published_at", None),
    }
    data |= inline(
        "steps",
        [
            {"position": "2", "title": "Take a Python course", "detail": "", "archived_at": ""},
            {
                "position": "1",
                "title": "Audit your skills",
                "detail": "List them.",
                "archived_at": "",
            },
            {"position": "3", "title": "Ship a project", "detail": "", "archived_at": ""},
        ],
    )
    data |= inline(
        "skill_links",
        [
            {"skill": python.pk, "kind": TransitionSkill.Kind.TO_BUILD, "order": "1"},
            {"skill": excel.pk, "kind": TransitionSkill.Kind.TRANSFERABLE, "order": "0"},
            {"skill": stats.pk, "kind": TransitionSkill.Kind.TRANSFERABLE, "order": "1"},
        ],
    )
    data |= inline(
        "certification_links",
        [
            {"certification": tf.pk, "order": "1", "note": ""},
            {"certification": aws.pk, "order": "0", "note": "Most asked for."},
        ],
    )
    data |= inline("related_links", [{"to_transition": other.pk, "order": "0"}])

    response = editor_client.post(ADD, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    transition = Transition.objects.get(from_role=analyst, to_role=engineer)
    assert transition.slug == "bank-analyst-to-ml-engineer"
    assert transition.status == Transition.Status.DRAFT
    assert [step.title for step in transition.steps.all()] == [
        "Audit your skills",
        "Take a Python course",
        "Ship a project",
    ]
    assert [(link.kind, link.skill.name) for link in transition.skill_links.all()] == [
        ("to_build", "Python"),
        ("transferable", "Excel"),
        ("transferable", "Statistics"),
    ]
    assert [link.certification.name for link in transition.certification_links.all()] == [
        "AWS ML",
        "TensorFlow Developer",
    ]
    assert transition.certification_links.first().note == "Most asked for."
    assert list(transition.related.all()) == [other]


def test_add_form_refuses_a_duplicate_step_position_with_a_message(editor_client, make_role):
    data = {
        "from_role": make_role().pk,
        "to_role": make_role().pk,
        "slug": "a-to-b",
        "summary": "s",
        "intro": "i",
        "timeline_min_months": "3",
        "timeline_max_months": "6",
        **split_datetime("published_at", None),
    }
    row = {"title": "Same place", "detail": "", "archived_at": ""}
    data |= inline("steps", [{**row, "position": "1"}, {**row, "position": "1"}])
    data |= inline("skill_links", []) | inline("certification_links", []) | inline("related_links", [])

    response = editor_client.post(ADD, data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for position." in response.text
    assert not Transition.objects.filter(slug="a-to-b").exists()


def test_editor_can_choose_roles_skills_and_transitions_by_autocomplete(editor_client, make_role, make_transition):
    make_role(name="Data Scientist")
    nursing = make_transition(from_role=make_role(name="Nurse"))
    autocomplete = reverse("admin:autocomplete")

    roles = editor_client.get(
        autocomplete, {"app_label": "transitions", "model_name": "transition", "field_name": "to_role", "term": "Data"}
    )
    related = editor_client.get(
        autocomplete,
        {"app_label": "transitions", "model_name": "relatedtransition", "field_name": "to_transition", "term": "Nurse"},
    )

    assert [item["text"] for item in roles.json()["results"]] == ["Data Scientist"]
    assert [item["text"] for item in related.json()["results"]] == [str(nursing)]


# --- The list of transitions -------------------------------------------------------------------


def test_changelist_shows_published_icons_and_active_step_counts(editor_client, make_transition):
    make_transition(steps=4, published=False)
    scheduled = make_transition(steps=2, published_at=timezone.now() + timedelta(days=3))
    Step.objects.filter(transition=scheduled, position=1).update(archived_at=timezone.now())
    make_transition(steps=7)

    response = editor_client.get(CHANGELIST)

    assert response.status_code == 200
    rows = {
        transition.pk: (transition.status.label, transition.step_count)
        for transition in response.context["cl"].result_list
    }
    assert sorted(rows.values()) == [("Draft", 4), ("Published", 7), ("Scheduled", 1)]
    assert response.text.count('<td class="field-is_published"><img src="/static/admin/img/icon-no.svg"') == 2
    assert response.text.count('<td class="field-is_published"><img src="/static/admin/img/icon-yes.svg"') == 1


def test_changelist_queries_do_not_grow_with_the_number_of_transitions(
    editor_client, make_transition, django_assert_num_queries
):
    for _ in range(2):
        make_transition(steps=3)
    with CaptureQueriesContext(connection) as small:
        editor_client.get(CHANGELIST)
    for _ in range(18):
        make_transition(steps=3)

    with django_assert_num_queries(len(small.captured_queries)):
        response = editor_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == 20


def test_publish_now_publishes_drafts_and_scheduled_but_keeps_published_dates(editor_client, make_transition):
    draft = make_transition(published=False)
    scheduled = make_transition(published_at=timezone.now() + timedelta(days=3))
    published = make_transition()
    first_published_at = published.published_at

    response = editor_client.post(
        CHANGELIST,
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk, published.pk]},
        follow=True,
    )

    assert "Published 2 transition(s)." in response.text
    for transition in [draft, scheduled, published]:
        transition.refresh_from_db()
        assert transition.status == Transition.Status.PUBLISHED
    assert published.published_at == first_published_at


def test_unpublish_sends_transitions_back_to_draft(editor_client, make_transition):
    published = make_transition()
    scheduled = make_transition(published_at=timezone.now() + timedelta(days=3))

    response = editor_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [published.pk, scheduled.pk]}, follow=True
    )

    assert "Moved 2 transition(s) back to draft." in response.text
    assert set(Transition.objects.values_list("published_at", flat=True)) == {None}


def test_publish_and_unpublish_actions_write_each_transitions_history(editor_client, editor, make_transition):
    draft, other_draft, published = (
        make_transition(published=False),
        make_transition(published=False),
        make_transition(),
    )

    editor_client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk, other_draft.pk, published.pk]}
    )
    editor_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [draft.pk]})

    entries = LogEntry.objects.order_by("pk")
    assert [(e.object_id, e.user, e.action_flag, e.change_message) for e in entries] == [
        (str(draft.pk), editor, CHANGE, "Published with the “Publish now” action."),
        (str(other_draft.pk), editor, CHANGE, "Published with the “Publish now” action."),
        (str(draft.pk), editor, CHANGE, "Moved back to draft with the “Unpublish” action."),
    ]
    history = editor_client.get(reverse("admin:transitions_transition_history", args=[draft.pk]))
    assert "Moved back to draft with the “Unpublish” action." in history.text


def test_changelist_search_finds_transitions_by_role_name(editor_client, make_role, make_transition):
    wanted = make_transition(to_role=make_role(name="Machine Learning Engineer"))
    make_transition(to_role=make_role(name="Product Manager"))

    response = editor_client.get(CHANGELIST, {"q": "machine learning"})

    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.parametrize(
    ("status", "expected"), [("draft", "draft"), ("scheduled", "scheduled"), ("published", "published")]
)
def test_changelist_filters_by_status(editor_client, make_transition, status, expected):
    transitions = {
        "draft": make_transition(published=False),
        "scheduled": make_transition(published_at=timezone.now() + timedelta(days=3)),
        "published": make_transition(),
    }

    response = editor_client.get(CHANGELIST, {"status": status})

    assert list(response.context["cl"].result_list) == [transitions[expected]]


def test_changelist_filters_by_industry_on_either_side_and_by_featured(
    editor_client, make_industry, make_role, make_transition
):
    finance = make_industry(name="Finance")
    from_finance = make_transition(from_role=make_role(industry=finance))
    to_finance = make_transition(to_role=make_role(industry=finance), is_featured=True)

    by_from = editor_client.get(CHANGELIST, {"from_role__industry__id__exact": finance.pk})
    by_to = editor_client.get(CHANGELIST, {"to_role__industry__id__exact": finance.pk})
    featured = editor_client.get(CHANGELIST, {"is_featured__exact": "1"})

    assert list(by_from.context["cl"].result_list) == [from_finance]
    assert list(by_to.context["cl"].result_list) == [to_finance]
    assert list(featured.context["cl"].result_list) == [to_finance]
    assert "By from industry" in by_from.text
    assert "By to industry" in by_from.text


@pytest.mark.parametrize("model", ["industry", "role", "skill", "certification"])
def test_editor_sees_the_reference_data_lists(editor_client, make_transition, model):
    make_transition()

    response = editor_client.get(reverse(f"admin:transitions_{model}_changelist"), {"q": "1"})

    assert response.status_code == 200


def test_change_page_shows_the_status(editor_client, make_transition):
    scheduled = make_transition(published_at=timezone.now() + timedelta(days=3))

    response = editor_client.get(change_url(scheduled))

    assert '<div class="readonly">Scheduled</div>' in response.text


def test_view_on_site_opens_a_draft_at_its_public_address(editor_client, make_transition):
    draft = make_transition(published=False)
    response = editor_client.get(change_url(draft))
    view_on_site = reverse("admin:view_on_site", args=[response.context["content_type_id"], draft.pk])
    assert view_on_site in response.text

    redirect = editor_client.get(view_on_site)

    assert redirect.status_code == 302
    assert redirect.url.endswith(draft.get_absolute_url())


def test_changelist_names_both_roles_in_their_own_columns_with_yes_no_icons(editor_client, make_role, make_transition):
    make_transition(from_role=make_role(name="Bank Analyst"), to_role=make_role(name="ML Engineer"), is_featured=True)

    response = editor_client.get(CHANGELIST)

    assert "Career Change:" not in response.text
    assert re.search(r'<th class="field-from_role[^"]*"><a href="[^"]+">Bank Analyst</a></th>', response.text)
    assert re.search(r'<td class="field-to_role[^"]*"><a href="[^"]+">ML Engineer</a></td>', response.text)
    for column in ["is_published", "is_featured"]:
        assert f'<td class="field-{column}"><img src="/static/admin/img/icon-yes.svg" alt="True"></td>' in response.text


def test_change_page_has_a_wide_summary_and_every_step_field_on_stacked_rows(editor_client, make_transition):
    transition = make_transition(steps=2)

    response = editor_client.get(change_url(transition))

    assert '<textarea name="summary" cols="40" rows="2" class="vLargeTextField" maxlength="300"' in response.text
    steps_group = response.text.split('id="steps-group"')[1].split('id="related_links-group"')[0]
    assert 'data-inline-type="stacked"' in steps_group
    assert "<table" not in steps_group
    for field in ["position", "key", "archived_at", "title", "detail", "estimate", "work_activities"]:
        assert f'name="steps-0-{field}"' in response.text


# --- Warnings for editors ----------------------------------------------------------------------


def complete(transition):
    transition.steps.update(detail="Read the official tutorial and build one project.", estimate="4-6 weeks")
    Transition.objects.filter(pk=transition.pk).update(timeline_note="The rest is the job search.")
    transition.refresh_from_db()
    return transition


def test_a_complete_guide_shows_no_warning_and_a_yes_in_the_list(editor_client, make_transition):
    transition = complete(make_transition(steps=2))

    change = editor_client.get(change_url(transition))
    listed = editor_client.get(CHANGELIST)

    assert "messagelist" not in change.text
    assert '<td class="field-is_complete"><img src="/static/admin/img/icon-yes.svg" alt="True"></td>' in listed.text


def test_the_change_page_warns_of_steps_without_detail_or_estimate(editor_client, make_transition):
    transition = complete(make_transition(steps=3))
    transition.steps.filter(position__in=[1, 3]).update(detail="")
    transition.steps.filter(position=2).update(estimate="")

    response = editor_client.get(change_url(transition))

    warnings = [str(message) for message in response.context["messages"]]
    assert warnings == [
        "Steps 1, 3 have no detail: say what to do, with a concrete resource.",
        "Step 2 has no estimate: add a rough time.",
    ]
    assert '<li class="warning">Step 2 has no estimate: add a rough time.</li>' in response.text


def test_the_change_page_warns_when_the_steps_do_not_add_up_to_the_timeline_and_no_note_says_why(
    editor_client, make_transition
):
    transition = complete(make_transition(steps=2, timeline_min_months=6, timeline_max_months=12))
    Transition.objects.filter(pk=transition.pk).update(timeline_note="")

    response = editor_client.get(change_url(transition))

    assert [str(message) for message in response.context["messages"]] == [
        "The steps' estimates add up to about 2-3 months, the timeline says 6-12 months: "
        "fix one, or say why in the timeline note."
    ]
    assert 'name="timeline_note"' in response.text


def test_no_timeline_warning_when_the_steps_add_up_to_the_timeline(editor_client, make_transition):
    transition = complete(make_transition(steps=2, timeline_min_months=2, timeline_max_months=3))
    Transition.objects.filter(pk=transition.pk).update(timeline_note="")
    transition.steps.update(estimate="4-6 weeks")

    assert not editor_client.get(change_url(transition)).context["messages"]


def test_archived_steps_do_not_count_as_gaps(editor_client, make_transition):
    transition = complete(make_transition(steps=2))
    transition.steps.filter(position=2).update(detail="", archived_at=timezone.now())

    assert not editor_client.get(change_url(transition)).context["messages"]


def test_the_change_page_warns_of_a_retired_certification(editor_client, make_transition):
    transition = complete(make_transition(steps=1, certifications=2))
    retired, retiring = [link.certification for link in transition.certification_links.all()]
    retired.retired_on = date(2026, 3, 31)
    retired.save()
    retiring.retired_on = timezone.localdate() + timedelta(days=30)
    retiring.save()

    response = editor_client.get(change_url(transition))

    assert [str(message) for message in response.context["messages"]] == [
        f"{retired} retired on 2026-03-31: recommend its successor, "
        "or say so in the certification's note on this guide.",
        f"{retiring} retires on {retiring.retired_on:%Y-%m-%d}: recommend its successor, "
        "or say so in the certification's note on this guide.",
    ]


def test_the_list_flags_and_filters_guides_with_gaps(editor_client, make_transition):
    whole = complete(make_transition(steps=2))
    thin = make_transition(steps=2)
    with_retired = complete(make_transition(steps=1))
    certification = with_retired.certification_links.first().certification
    certification.retired_on = date(2026, 3, 31)
    certification.save()

    listed = editor_client.get(CHANGELIST)
    gaps = editor_client.get(CHANGELIST, {"gaps": "yes"})
    no_gaps = editor_client.get(CHANGELIST, {"gaps": "no"})

    assert {t.pk: t.thin_steps + t.retiring_certifications == 0 for t in listed.context["cl"].result_list} == {
        whole.pk: True,
        thin.pk: False,
        with_retired.pk: False,
    }
    assert listed.text.count('<td class="field-is_complete"><img src="/static/admin/img/icon-no.svg" alt="False">') == 2
    assert set(gaps.context["cl"].result_list) == {thin, with_retired}
    assert list(no_gaps.context["cl"].result_list) == [whole]


def test_the_certification_list_marks_retired_ones(editor_client, make_certification):
    make_certification(name="Old exam", retired_on=date(2026, 3, 31))
    make_certification(name="Current exam")

    response = editor_client.get(reverse("admin:transitions_certification_changelist"))

    assert response.text.count('<td class="field-is_current"><img src="/static/admin/img/icon-no.svg"') == 1
    assert response.text.count('<td class="field-is_current"><img src="/static/admin/img/icon-yes.svg"') == 1


# --- Tagging skills and steps with official work activities ---------------------------------------


@pytest.fixture
def activities(db):
    return [
        WorkActivity.objects.create(code="4.A.4.b.5.I01", title="Coach others.", applicability=0.40),
        WorkActivity.objects.create(
            code="4.A.2.a.4.I11", title="Analyze business or financial data.", applicability=0.19
        ),
    ]


def test_editor_finds_work_activities_by_autocomplete_for_skills_and_steps(editor_client, activities):
    autocomplete = reverse("admin:autocomplete")

    for model_name, term in [("skill", "coach"), ("step", "4.A.4.b")]:
        response = editor_client.get(
            autocomplete,
            {"app_label": "transitions", "model_name": model_name, "field_name": "work_activities", "term": term},
        )
        assert [item["text"] for item in response.json()["results"]] == ["Coach others."]


def test_editor_tags_a_skill_with_work_activities(editor_client, make_skill, activities):
    skill = make_skill(name="Stakeholder coaching")
    url = reverse("admin:transitions_skill_change", args=[skill.pk])
    page = editor_client.get(url).text
    assert 'data-field-name="work_activities"' in page  # the autocomplete widget
    assert "/static/css/admin.css" in page  # wide enough to show activity titles whole

    response = editor_client.post(
        url,
        {"name": skill.name, "slug": skill.slug, "work_activities": [a.pk for a in activities]},
    )

    assert response.status_code == 302
    assert set(skill.work_activities.all()) == set(activities)


def test_editor_tags_a_step_on_its_transition_page(editor_client, make_transition, activities):
    transition = make_transition(steps=2)
    steps = [
        {"id": step.pk, "position": step.position, "title": step.title, "detail": step.detail}
        for step in transition.steps.all()
    ]
    steps[1]["work_activities"] = [activities[1].pk]

    response = editor_client.post(change_url(transition), change_form(transition, steps=steps))

    assert response.status_code == 302
    assert list(transition.steps.get(position=2).work_activities.all()) == [activities[1]]
    assert not transition.steps.get(position=1).work_activities.exists()


def test_work_activities_are_read_only_reference_data_for_editors(editor_client, activities):
    changelist = editor_client.get(reverse("admin:transitions_workactivity_changelist"), {"q": "coach"})
    change = editor_client.post(
        reverse("admin:transitions_workactivity_change", args=[activities[0].pk]),
        {"code": "x", "title": "Changed", "applicability": 1},
    )

    assert list(changelist.context["cl"].result_list) == [activities[0]]
    assert change.status_code == 403
    assert WorkActivity.objects.get(pk=activities[0].pk).title == "Coach others."


# --- Editing steps -----------------------------------------------------------------------------


def test_editor_swaps_two_steps_in_one_save(editor_client, make_transition):
    transition = make_transition(steps=3)
    first, second, third = transition.steps.all()
    steps = [
        {"id": first.pk, "position": "2", "title": first.title, "detail": ""},
        {"id": second.pk, "position": "1", "title": second.title, "detail": ""},
        {"id": third.pk, "position": "3", "title": third.title, "detail": ""},
    ]

    response = editor_client.post(change_url(transition), change_form(transition, steps=steps))

    assert response.status_code == 302, response.context["errors"]
    assert list(transition.steps.all()) == [second, first, third]


def test_editor_rotates_steps_and_deletes_one_in_one_save(editor_client, make_transition):
    transition = make_transition(steps=4)
    one, two, three, four = transition.steps.all()
    steps = [
        {"id": one.pk, "position": "3", "title": one.title, "detail": ""},
        {"id": two.pk, "position": "1", "title": two.title, "detail": ""},
        {"id": three.pk, "position": "4", "title": three.title, "detail": "", "DELETE": "on"},
        {"id": four.pk, "position": "2", "title": four.title, "detail": ""},
        {"position": "4", "title": "A new last step", "detail": ""},
    ]

    response = editor_client.post(change_url(transition), change_form(transition, steps=steps))

    assert response.status_code == 302, response.context["errors"]
    assert [(step.position, step.title) for step in transition.steps.all()] == [
        (1, two.title),
        (2, four.title),
        (3, one.title),
        (4, "A new last step"),
    ]


def test_editor_cannot_give_a_step_the_position_of_another(editor_client, make_transition):
    transition = make_transition(steps=2)
    first, second = transition.steps.all()
    steps = [
        {"id": first.pk, "position": "2", "title": first.title, "detail": ""},
        {"id": second.pk, "position": "2", "title": second.title, "detail": ""},
    ]

    response = editor_client.post(change_url(transition), change_form(transition, steps=steps))

    assert response.status_code == 200
    assert "Please correct the duplicate data for position." in response.text
    assert [step.position for step in transition.steps.all()] == [1, 2]


def test_a_step_learners_worked_on_cannot_be_deleted_and_the_editor_is_told_to_archive_it(
    editor_client, make_transition, learner
):
    transition = make_transition(steps=2)
    first, second = transition.steps.all()
    learner_on(first, learner)
    steps = [
        {"id": first.pk, "position": "1", "title": first.title, "detail": "", "DELETE": "on"},
        {"id": second.pk, "position": "2", "title": second.title, "detail": ""},
    ]

    response = editor_client.post(change_url(transition), change_form(transition, steps=steps))

    assert response.status_code == 200
    assert "cannot be deleted" in response.text
    assert "Set “archived at” instead" in response.text
    assert transition.steps.count() == 2


def test_a_step_learners_worked_on_can_be_archived(editor_client, make_transition, learner):
    transition = make_transition(steps=2)
    first, second = transition.steps.all()
    learner_on(first, learner)
    archived_at = timezone.now().replace(microsecond=0)
    steps = [
        {"id": first.pk, "position": "1", "title": first.title, "detail": "", "archived_at": archived_at},
        {"id": second.pk, "position": "2", "title": second.title, "detail": ""},
    ]

    response = editor_client.post(change_url(transition), change_form(transition, steps=steps))

    assert response.status_code == 302, response.context["errors"]
    first.refresh_from_db()
    assert first.archived_at == archived_at
    assert StepProgress.objects.filter(step=first).exists()
    page = editor_client.get(change_url(transition))
    assert f'value="{archived_at:%Y-%m-%dT%H:%M:%S}"' in page.text


def test_saving_a_transition_untouched_keeps_archived_steps_archived(editor_client, make_transition):
    transition = make_transition(steps=2)
    archived_at = timezone.now()
    transition.steps.filter(position=1).update(archived_at=archived_at)

    response = editor_client.post(change_url(transition), change_form(transition))

    assert response.status_code == 302, response.context["errors"]
    assert transition.steps.get(position=1).archived_at == archived_at


def test_an_untouched_step_can_be_deleted(editor_client, make_transition):
    transition = make_transition(steps=2)
    first, second = transition.steps.all()
    steps = [
        {"id": first.pk, "position": "1", "title": first.title, "detail": "", "DELETE": "on"},
        {"id": second.pk, "position": "2", "title": second.title, "detail": ""},
    ]

    response = editor_client.post(change_url(transition), change_form(transition, steps=steps))

    assert response.status_code == 302, response.context["errors"]
    assert list(transition.steps.all()) == [second]


# --- Deleting a transition ---------------------------------------------------------------------


def test_a_transition_with_journeys_shows_the_protected_page_and_stays(editor_client, make_transition, learner):
    transition = make_transition(steps=1)
    learner_on(transition.steps.get(), learner)
    delete_url = reverse("admin:transitions_transition_delete", args=[transition.pk])

    page = editor_client.get(delete_url)
    posted = editor_client.post(delete_url, {"post": "yes"})

    assert page.status_code == 200
    assert "would require deleting the following protected related objects" in page.text
    assert "2 record(s) of learners&#x27; journeys and step progress. Unpublish the transition instead." in page.text
    assert learner.email not in page.text
    assert posted.status_code == 200
    assert Transition.objects.filter(pk=transition.pk).exists()


def test_a_transition_without_journeys_can_be_deleted(editor_client, make_transition):
    transition = make_transition(steps=2)
    delete_url = reverse("admin:transitions_transition_delete", args=[transition.pk])

    response = editor_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert not Transition.objects.filter(pk=transition.pk).exists()


# --- Who may do what ---------------------------------------------------------------------------


def test_staff_outside_editors_cannot_see_or_add_transitions(client, make_user, make_role):
    client.force_login(make_user(is_staff=True))
    data = {"from_role": make_role().pk, "to_role": make_role().pk, "slug": "nope", "summary": "s", "intro": "i"}

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, data).status_code == 403
    assert not Transition.objects.exists()


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_editors_do_not_see_accounts_or_auth_on_the_admin_index(editor_client):
    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    apps = [app["app_label"] for app in response.context["app_list"]]
    assert apps == ["transitions"]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:auth_group_changelist",
        "admin:auth_group_add",
        "admin:accounts_journey_changelist",
        "admin:accounts_stepprogress_changelist",
        "admin:app_list",
    ],
)
def test_editors_cannot_reach_users_groups_or_learner_progress(editor_client, url_name):
    args = ["accounts"] if url_name == "admin:app_list" else []

    response = editor_client.get(reverse(url_name, args=args))

    assert response.status_code in {403, 404}


def test_editors_cannot_change_a_user_or_their_own_permissions(editor_client, editor):
    url = reverse("admin:accounts_user_change", args=[editor.pk])

    assert editor_client.get(url).status_code == 403
    assert editor_client.post(url, {"email": editor.email, "is_superuser": "on"}).status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert editor_client.post(reverse("admin:auth_group_add"), {"name": "Root"}).status_code == 403
    assert not Group.objects.filter(name="Root").exists()


# --- Superusers and accounts -------------------------------------------------------------------


def test_superuser_adds_a_user_by_email(client, superuser):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "New.Editor@Example.com", "password1": "a-long-passphrase-7", "password2": "a-long-passphrase-7"},
    )

    assert response.status_code == 302, response.context["errors"]
    user = User.objects.get(email="new.editor@example.com")
    assert user.check_password("a-long-passphrase-7")


def test_superuser_cannot_add_the_same_email_twice(client, superuser, learner):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": learner.email.upper(), "password1": "a-long-passphrase-7", "password2": "a-long-passphrase-7"},
    )

    assert response.status_code == 200
    assert "A user with that email address already exists." in response.text


def test_superuser_finds_users_and_reads_journeys(client, superuser, learner, make_transition):
    client.force_login(superuser)
    journey = learner_on(make_transition(steps=2).steps.first(), learner)

    users = client.get(reverse("admin:accounts_user_changelist"), {"q": "Lee"})
    user_page = client.get(reverse("admin:accounts_user_change", args=[learner.pk]))
    journeys = client.get(reverse("admin:accounts_journey_changelist"))
    journey_page = client.get(reverse("admin:accounts_journey_change", args=[journey.pk]))
    progress = client.get(reverse("admin:accounts_stepprogress_changelist"))

    assert list(users.context["cl"].result_list) == [learner]
    assert user_page.status_code == 200
    assert list(journeys.context["cl"].result_list) == [journey]
    assert journey_page.status_code == 200
    assert progress.status_code == 200
    assert client.get(reverse("admin:accounts_journey_add")).status_code == 403


# --- Permissions, not is_staff; learners' data out of reach --------------------------------------------------


def test_a_draft_preview_needs_the_permission_to_change_transitions(client, make_user, editor, make_transition):
    draft = make_transition(published=False)
    client.force_login(make_user(is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(editor)
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "lookup",
    [
        "journeys",
        "journeys__isnull",
        "journeys__user",
        "journeys__user__email__icontains",
        "journeys__target_date__gte",
        "steps__progress__note__icontains",
        "steps__progress__isnull",
    ],
)
def test_editors_cannot_filter_transitions_by_learners_journeys(editor_client, make_transition, learner, lookup):
    transition = make_transition()
    learner_on(transition.steps.first(), learner)
    value = "1" if lookup.endswith(("isnull", "journeys", "user")) else "2000-01-01" if "date" in lookup else "a"

    response = editor_client.get(CHANGELIST, {lookup: value})

    assert response.status_code == 400


def test_editors_still_filter_by_their_own_fields(editor_client, make_transition):
    make_transition(is_featured=True)
    assert (
        editor_client.get(CHANGELIST, {"is_featured__exact": "1", "from_role__industry__id__exact": "1"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("url_name", "lookup"),
    [
        ("admin:accounts_stepprogress_changelist", "note"),
        ("admin:accounts_stepprogress_changelist", "note__icontains"),
        ("admin:accounts_journey_changelist", "step_progress__note__icontains"),
        ("admin:accounts_user_changelist", "journeys__step_progress__note__startswith"),
    ],
)
def test_not_even_a_superuser_can_filter_by_learners_private_notes(
    client, superuser, learner, make_transition, url_name, lookup
):
    transition = make_transition()
    journey = Journey.objects.start(learner, transition)
    journey.save_note(transition.steps.first(), "secret plan")
    client.force_login(superuser)

    assert client.get(reverse(url_name), {lookup: "secret"}).status_code == 400
    searched = client.get(reverse("admin:accounts_stepprogress_changelist"), {"q": "secret"})
    assert searched.context["cl"].result_count == 0


def test_the_editors_group_gets_permissions_for_content_models_added_later(db):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    editors = Group.objects.get(name="Editors")
    later = ContentType.objects.create(app_label="transitions", model="modeladdedlater")
    new = Permission.objects.create(content_type=later, codename="view_modeladdedlater", name="Can view it")
    removed = editors.permissions.get(codename="change_step")
    editors.permissions.remove(removed)

    call_command("migrate", verbosity=0)

    assert set(editors.permissions.filter(pk__in=[new.pk, removed.pk])) == {new, removed}
    assert not editors.permissions.exclude(content_type__app_label="transitions").exists()
