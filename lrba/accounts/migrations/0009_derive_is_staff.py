"""Derive `is_staff` from the roles once for the users already there.

Until now a back-office role set `is_staff` but losing the role never cleared it; from now
on `roles.user_staff_derive` keeps it in step (issue 7). This clears the stale flags:
`is_staff` stays only for superusers and the holders of a back-office role.
"""

from django.db import migrations
from django.db.models import Q

from lrba.accounts.roles import BACK_OFFICE_ROLES


def derive_is_staff(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    back_office = Q(is_superuser=True) | Q(groups__name__in=BACK_OFFICE_ROLES)
    staff_ids = set(User.objects.filter(back_office).values_list("pk", flat=True))
    User.objects.filter(is_staff=True).exclude(pk__in=staff_ids).update(is_staff=False)
    User.objects.filter(is_staff=False, pk__in=staff_ids).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_encrypt_two_factor_secrets"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(derive_is_staff, migrations.RunPython.noop)]
