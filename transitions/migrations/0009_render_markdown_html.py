"""Render the Markdown of every existing row into its stored HTML field."""

from django.db import migrations

from transitions.rendering import render_markdown

FIELDS = {
    "Role": ["description", "ai_risk_rationale"],
    "Skill": ["description"],
    "Certification": ["description"],
    "Transition": ["intro"],
    "Step": ["detail"],
}


def render_all(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("transitions", model_name)
        rows = list(model.objects.only("pk", *fields))
        for row in rows:
            for field in fields:
                setattr(row, f"{field}_html", render_markdown(getattr(row, field)))
        model.objects.bulk_update(rows, [f"{field}_html" for field in fields], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("transitions", "0008_markdown_html")]

    operations = [migrations.RunPython(render_all, migrations.RunPython.noop)]
