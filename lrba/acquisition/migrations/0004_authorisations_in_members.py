"""Ordering authorisations become the members' staff authorisations (scope "ordering"),
which consultations and the shared calendar use too; the rows move over as they are."""

from django.db import migrations


def to_members(apps, schema_editor):
    old = apps.get_model("acquisition", "OrderingAuthorisation")
    new = apps.get_model("members", "StaffAuthorisation")
    new.objects.bulk_create(
        new(
            library_id=row.library_id,
            person_id=row.person_id,
            scope="ordering",
            granted_by_id=row.granted_by_id,
            granted_at=row.granted_at,
            revoked_at=row.revoked_at,
        )
        for row in old.objects.all()
    )


def to_acquisition(apps, schema_editor):
    old = apps.get_model("acquisition", "OrderingAuthorisation")
    new = apps.get_model("members", "StaffAuthorisation")
    old.objects.bulk_create(
        old(
            library_id=row.library_id,
            person_id=row.person_id,
            granted_by_id=row.granted_by_id,
            granted_at=row.granted_at,
            revoked_at=row.revoked_at,
        )
        for row in new.objects.filter(scope="ordering")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("acquisition", "0003_title_without_isbn"),
        ("members", "0006_staff_authorisation"),
    ]

    operations = [
        migrations.RunPython(to_members, to_acquisition),
        migrations.DeleteModel(name="OrderingAuthorisation"),
    ]
