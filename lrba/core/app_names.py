"""The third-party apps under names the secretariat understands (issue 8).

Their own names are English only ("Axes", "Tasks Database Backend": not translatable) or
collide with ours ("Accounts"), so settings.INSTALLED_APPS lists these subclasses in their
place (but for django.contrib.auth: see `auth_name_as_roles`). Only the name changes: the
label, and so every table, migration and admin URL, stays the app's own. The apps' other
strings are corrected in locale_overrides/, except where a package gives no translatable
text at all (allauth's two-factor and session models have no verbose names, nor has one of
its form fields; axes writes its records' names in English; the role groups are named in
English in the database): `ready()` names those here.

Setting `_meta.verbose_name` and `field.verbose_name` at run time changes no migration:
the migration autodetector reads the model's declared Meta (`_meta.original_attrs`) and
a field's declared name (`field._verbose_name`).
"""

from typing import Any

from allauth.account.apps import AccountConfig
from allauth.mfa.apps import MFAConfig
from allauth.usersessions.apps import UserSessionsConfig
from auditlog.apps import AuditlogConfig
from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils import formats
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig

# The role groups' names (lrba.accounts.roles.ROLE_NAMES), which the database keeps in
# English, as the catalogue knows them.
ROLE_GROUP_NAMES = (gettext_noop("Secretariat"), gettext_noop("Board"), gettext_noop("Auditor"))


def _role_name(group: Any) -> str:
    return gettext(group.name)


def auth_name_as_roles(auth: AppConfig) -> None:
    """Name django.contrib.auth "Roles", as the back office's menu does.

    Unlike the other apps, auth is not renamed by a subclass in INSTALLED_APPS: django-stubs'
    mypy plugin types `request.user` as our User only when it finds the literal
    "django.contrib.auth" there. CoreConfig.ready() calls this instead.
    """
    auth.verbose_name = _("Roles")
    # The groups are the association's roles: shown by their name in the interface's
    # language ("Sekretoriatas") in lists, filters and titles.
    auth.get_model("Group").__str__ = _role_name  # type: ignore[method-assign]


class SignInAddressesConfig(AccountConfig):
    verbose_name = _("Sign-in e-mail addresses")

    def ready(self) -> None:
        super().ready()
        from allauth.account.forms import RequestReauthenticationCodeForm

        # Labelled by its field name only ("Recipient"): where the sign-in code goes.
        RequestReauthenticationCodeForm.base_fields["recipient"].label = _("Send the code to")


def _name_model(model: Any, singular: Any, plural: Any, **fields: Any) -> None:
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural
    for name, label in fields.items():
        model._meta.get_field(name).verbose_name = label


class TwoFactorConfig(MFAConfig):
    verbose_name = _("Two-factor authentication")

    def ready(self) -> None:
        super().ready()
        _name_model(
            self.get_model("Authenticator"),
            _("authenticator"),
            _("authenticators"),
            user=_("user"),
            type=_("kind"),
            created_at=_("created"),
            last_used_at=_("last used"),
        )


class SignedInSessionsConfig(UserSessionsConfig):
    verbose_name = _("Signed-in sessions")

    def ready(self) -> None:
        super().ready()
        _name_model(
            self.get_model("UserSession"),
            _("signed-in session"),
            _("signed-in sessions"),
            user=_("user"),
            created_at=_("signed in at"),
            ip=_("IP address"),
            last_seen_at=_("last seen"),
            user_agent=_("browser"),
        )


class AuditLogConfig(AuditlogConfig):
    verbose_name = _("Audit log")


def _sign_in_failure_name(record: Any) -> str:
    return gettext("Failed sign-in: %(username)s, %(time)s") % {
        "username": record.username,
        "time": formats.localize(record.attempt_time),
    }


def _sign_in_attempts_name(record: Any) -> str:
    return gettext("Sign-in attempts: %(username)s, %(time)s") % {
        "username": record.username,
        "time": formats.localize(record.attempt_time),
    }


def _sign_in_name(record: Any) -> str:
    return gettext("Sign-in: %(username)s, %(time)s") % {
        "username": record.username,
        "time": formats.localize(record.attempt_time),
    }


class SignInLockoutsConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockouts")

    def ready(self) -> None:
        super().ready()
        # axes's records name themselves in English ("Access Log for … @ …"); the back
        # office shows these names in titles, breadcrumbs and delete confirmations.
        self.get_model("AccessFailureLog").__str__ = _sign_in_failure_name
        self.get_model("AccessAttempt").__str__ = _sign_in_attempts_name
        self.get_model("AccessLog").__str__ = _sign_in_name


class BackgroundTasksConfig(TasksAppConfig):
    # The app declares a plain str; a lazy translation is what Django expects here.
    verbose_name = _("Background tasks")  # type: ignore[assignment]
