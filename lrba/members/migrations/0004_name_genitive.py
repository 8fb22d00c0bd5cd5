"""Institutions' names in the genitive, for the sentences of pages and e-mails; existing
rows get the suggestion (lrba.core.grammar), which the secretariat may correct."""

from django.db import migrations, models

from lrba.core.grammar import genitive_suggestion

HELP_TEXT = (
    "Whose? E.g. “Kauno apskrities viešosios bibliotekos”. Left empty, it is suggested "
    "from the name."
)


def fill_genitives(apps, schema_editor):
    Library = apps.get_model("members", "Library")
    MembershipApplication = apps.get_model("members", "MembershipApplication")
    libraries = list(Library.objects.filter(name_genitive="").only("pk", "name"))
    for library in libraries:
        library.name_genitive = genitive_suggestion(library.name)
    Library.objects.bulk_update(libraries, ["name_genitive"], batch_size=1000)
    applications = list(
        MembershipApplication.objects.filter(library_name_genitive="").only("pk", "library_name")
    )
    for application in applications:
        application.library_name_genitive = genitive_suggestion(application.library_name)
    MembershipApplication.objects.bulk_update(
        applications, ["library_name_genitive"], batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_library_search_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="library",
            name="name_genitive",
            field=models.CharField(
                blank=True,
                help_text=HELP_TEXT,
                max_length=255,
                verbose_name="name in the genitive",
            ),
        ),
        migrations.AddField(
            model_name="membershipapplication",
            name="library_name_genitive",
            field=models.CharField(
                blank=True,
                help_text=HELP_TEXT,
                max_length=255,
                verbose_name="library name in the genitive",
            ),
        ),
        migrations.RunPython(fill_genitives, migrations.RunPython.noop),
    ]
