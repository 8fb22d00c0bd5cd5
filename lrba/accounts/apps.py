from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, apps: Any = None, **kwargs: Any) -> None:
    # Apps added after migration 0004 get their permissions only after `migrate` creates
    # them; re-sync so the roles always cover every app in ROLE_APP_LABELS.
    from django.apps import apps as global_apps

    from lrba.accounts.roles import ROLE_APP_LABELS, role_permissions_sync

    if sender.label not in (*ROLE_APP_LABELS, "auditlog"):
        return  # each run adds the permissions the sender app has just created
    apps = apps or global_apps
    try:
        group_model = apps.get_model("auth", "Group")
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        return
    role_permissions_sync(group_model=group_model, permission_model=permission_model)


class AccountsConfig(AppConfig):
    name = "lrba.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from lrba.accounts import audit, signals  # noqa: F401  (auditlog registry, sign-in audit)

        post_migrate.connect(_sync_roles, dispatch_uid="lrba_accounts_sync_roles")
