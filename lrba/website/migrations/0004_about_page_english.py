"""Give the "About the association" page its English text (issue 8), for the English
interface; a text the secretariat has already written is left as it is."""

from pathlib import Path

from django.db import migrations

ABOUT_TEXT_EN = Path(__file__).resolve().parent.parent / "about_en.txt"


def fill_english(apps, schema_editor):
    Page = apps.get_model("website", "Page")
    lines = ABOUT_TEXT_EN.read_text(encoding="utf-8").strip().splitlines()
    # The file's first line is its heading; the rest is the body (as in about_lt.txt).
    Page.objects.filter(slug="apie-asociacija", body_en="").update(
        title_en=lines[0].strip(), body_en="\n".join(lines[1:]).strip()
    )


class Migration(migrations.Migration):
    dependencies = [("website", "0003_document")]
    operations = [migrations.RunPython(fill_english, migrations.RunPython.noop)]
