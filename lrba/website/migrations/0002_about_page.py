"""Create the "About the association" page with the charter text, for staff to edit."""

from pathlib import Path

from django.db import migrations

ABOUT_TEXT = Path(__file__).resolve().parent.parent / "about_lt.txt"


def create(apps, schema_editor):
    Page = apps.get_model("website", "Page")
    lines = ABOUT_TEXT.read_text(encoding="utf-8").strip().splitlines()
    # The file's first line is its heading; the rest is the body.
    Page.objects.get_or_create(
        slug="apie-asociacija",
        defaults={
            "title": lines[0].strip(),
            "title_en": "About the association",
            "body": "\n".join(lines[1:]).strip(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("website", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
