from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from lrba.core import plugins


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


class AccountsConfig(plugins.LrbaAppConfig):
    name = "lrba.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    url_prefix = "paskyra/"
    extra_urls = (("paskyra/", "allauth.urls"),)
    public_url_names = (
        "admin:login",  # redirects to the allauth sign-in (two factors)
        # The sign-in pages (django-allauth) and the old sign-in addresses, kept as redirects.
        "accounts:login",
        "accounts:logout",
        "account_login",
        "account_logout",
        "account_inactive",
        "account_signup",  # answers "sign-up is closed" (lrba.accounts.adapter)
        "account_email_verification_sent",
        "account_confirm_email",
        "account_confirm_login_code",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "mfa_authenticate",  # the second step of signing in
    )
    audit_module = "audit"
    privacy_module = "privacy.account"
    dashboard_module = "dashboard"

    def ready(self) -> None:
        super().ready()
        from lrba.accounts import signals  # noqa: F401  (sign-in audit)

        post_migrate.connect(_sync_roles, dispatch_uid="lrba_accounts_sync_roles")
