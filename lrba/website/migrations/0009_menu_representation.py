"""The header menu links to representation (/atstovavimas/: consultations, positions,
delegates), between projects and documents; the secretariat may move or hide it."""

from django.db import migrations

LINK = "/atstovavimas/"


def add_link(apps, schema_editor):
    MenuItem = apps.get_model("website", "MenuItem")
    if MenuItem.objects.filter(menu="header", link=LINK).exists():
        return
    MenuItem.objects.create(
        menu="header", label="Atstovavimas", label_en="Representation", link=LINK, position=65
    )


def remove_link(apps, schema_editor):
    apps.get_model("website", "MenuItem").objects.filter(menu="header", link=LINK).delete()


class Migration(migrations.Migration):
    dependencies = [("website", "0008_default_pages")]

    operations = [migrations.RunPython(add_link, remove_link)]
