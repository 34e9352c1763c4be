"""Editors' Markdown is rendered once when saved; pages print the stored HTML."""

import io

import pytest
from django.core.management import call_command

from transitions.models import Certification, Role, Skill, Step, Transition
from transitions.rendering import render_markdown

pytestmark = pytest.mark.django_db


def test_saving_a_transition_renders_its_intro(make_transition):
    transition = make_transition()
    transition.intro = "A **bold** start"
    transition.save()
    transition.refresh_from_db()
    assert transition.intro_html == "<p>A <strong>bold</strong> start</p>"


def test_saving_only_the_markdown_field_saves_its_html(make_transition):
    transition = make_transition()
    step = transition.steps.first()
    step.detail = "Read *this*"
    step.save(update_fields=["detail"])
    step.refresh_from_db()
    assert step.detail_html == "<p>Read <em>this</em></p>"


def test_every_markdown_field_is_rendered_on_save(make_transition):
    transition = make_transition()
    role = transition.to_role
    role.description, role.ai_risk_rationale = "# Day to day", "Mostly *judgement*"
    role.save()
    role.refresh_from_db()
    assert role.description_html.startswith("<h3")
    assert role.ai_risk_rationale_html == "<p>Mostly <em>judgement</em></p>"
    skill = Skill.objects.create(name="SQL", slug="sql", description="Joins `and` more")
    assert Skill.objects.get(pk=skill.pk).description_html == "<p>Joins <code>and</code> more</p>"
    cert = Certification.objects.create(name="C", slug="c", provider="P", description="- one\n- two")
    assert "<li>one</li>" in Certification.objects.get(pk=cert.pk).description_html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>hi",
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        '<p onerror="alert(1)">x</p>',
        '<img src="x" onerror="alert(1)">',
    ],
)
def test_stored_html_is_sanitised(make_transition, text):
    transition = make_transition()
    transition.intro = text
    transition.save()
    html = Transition.objects.get(pk=transition.pk).intro_html.lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_the_page_prints_the_stored_html(client, make_transition):
    transition = make_transition()
    transition.intro = "Plain **words**"
    transition.save()
    # Written around save(): the page must show what is stored, not a fresh rendering of the Markdown.
    Transition.objects.filter(pk=transition.pk).update(intro_html="<p>Stored <em>copy</em></p>")
    response = client.get(transition.get_absolute_url())
    assert b"<p>Stored <em>copy</em></p>" in response.content
    assert b"<strong>words</strong>" not in response.content


def test_the_content_loader_fills_the_html(tmp_path):
    path = tmp_path / "content.yaml"
    path.write_text(
        """
industries: [{slug: finance, name: Finance}]
roles:
  - {slug: analyst, name: Analyst, industry: finance, summary: s, salary: 50000, description: "An *analyst*",
     ai_risk: {score: 40, level: medium, rationale: "Because **reasons**"}}
  - {slug: engineer, name: Engineer, industry: finance, summary: s, salary: 90000}
skills: [{slug: python, name: Python, description: "Snakes `and` more"}]
certifications: [{slug: cert, name: Cert, provider: P, description: "For **you**"}]
transitions:
  - slug: analyst-to-engineer
    from: analyst
    to: engineer
    summary: s
    intro: "Go *now*"
    timeline: [6, 12]
    steps: [{title: Start, detail: "Do **this**"}]
""",
        encoding="utf-8",
    )
    call_command("load_content", str(path), stdout=io.StringIO())
    role = Role.objects.get(slug="analyst")
    assert role.description_html == "<p>An <em>analyst</em></p>"
    assert role.ai_risk_rationale_html == "<p>Because <strong>reasons</strong></p>"
    assert Skill.objects.get().description_html == "<p>Snakes <code>and</code> more</p>"
    assert Certification.objects.get().description_html == "<p>For <strong>you</strong></p>"
    assert Transition.objects.get().intro_html == "<p>Go <em>now</em></p>"
    assert Step.objects.get().detail_html == "<p>Do <strong>this</strong></p>"


def test_render_markdown_is_the_filters_renderer():
    from transitions.templatetags.markdown import markdown

    assert markdown("*x*") == render_markdown("*x*") == "<p><em>x</em></p>"
