"""The third-party apps under names the secretariat understands (issue 8).

Their own names are English only ("Axes", "Tasks Database Backend": not translatable) or
collide with ours ("Accounts"), so settings.INSTALLED_APPS lists these subclasses in their
place. Only the name changes: the label, and so every table, migration and admin URL,
stays the app's own. The apps' other strings are corrected in locale_overrides/.
"""

from allauth.account.apps import AccountConfig
from allauth.mfa.apps import MFAConfig
from allauth.usersessions.apps import UserSessionsConfig
from auditlog.apps import AuditlogConfig
from axes.apps import AppConfig as AxesAppConfig
from django.contrib.auth.apps import AuthConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class PermissionGroupsConfig(AuthConfig):
    verbose_name = _("Permission groups")


class SignInAddressesConfig(AccountConfig):
    verbose_name = _("Sign-in e-mail addresses")


class TwoFactorConfig(MFAConfig):
    verbose_name = _("Two-factor authentication")


class SignedInSessionsConfig(UserSessionsConfig):
    verbose_name = _("Signed-in sessions")


class AuditLogConfig(AuditlogConfig):
    verbose_name = _("Audit log")


class SignInLockoutsConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockouts")


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
