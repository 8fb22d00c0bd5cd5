"""Load the 10 counties and 60 municipalities (Facts §3.1)."""

from django.db import migrations

from lrba.core.geography import COUNTIES


def load(apps, schema_editor):
    County = apps.get_model("core", "County")
    Municipality = apps.get_model("core", "Municipality")
    for code, name, centre, library, municipalities in COUNTIES:
        county, _ = County.objects.update_or_create(
            code=code,
            defaults={"name": name, "centre": centre, "responsible_library_name": library},
        )
        for m_code, m_name, m_centre in municipalities:
            Municipality.objects.update_or_create(
                code=m_code, defaults={"name": m_name, "centre": m_centre, "county": county}
            )


def unload(apps, schema_editor):
    apps.get_model("core", "Municipality").objects.all().delete()
    apps.get_model("core", "County").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
