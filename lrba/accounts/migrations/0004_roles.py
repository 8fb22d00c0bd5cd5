"""Create the role groups (Secretariat, Board, Auditor) with their permissions.

Permissions are normally created after `migrate` finishes; create them here first so a
fresh database gets complete roles. `AccountsConfig` re-syncs after every migrate.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from lrba.accounts.roles import ROLE_NAMES, role_permissions_sync


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    role_permissions_sync(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_auth_event"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auditlog", "0001_initial"),
        ("core", "0003_content_version"),
        ("members", "0001_initial"),
        ("website", "0002_about_page"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
