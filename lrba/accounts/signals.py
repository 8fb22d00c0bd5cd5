"""Record sign-in events (`AuthEvent`) from Django's, allauth's and axes' signals, and
keep `is_staff` derived from the roles whenever a user's groups change.

Both are cross-cutting concerns, which is what signals are for here: the events happen
inside third-party views we do not own, and groups change through Django's own managers.
"""

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from axes.signals import user_locked_out
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation

from lrba.accounts.models import AuthEvent, User
from lrba.accounts.roles import user_staff_derive
from lrba.accounts.security import user_agent
from lrba.core.http import client_ip


def auth_event_record(
    *,
    kind: str,
    request: HttpRequest | None,
    user: User | None = None,
    email: str = "",
) -> AuthEvent:
    if user is not None and not user.pk:
        user = None
    return AuthEvent.objects.create(
        kind=kind,
        user=user,
        email=(email or (user.email if user else ""))[:254],
        ip_address=(client_ip(request) or None) if request is not None else None,
        user_agent=user_agent(request),
    )


@receiver(auth_signals.user_logged_in, dispatch_uid="lrba_auth_event_login")
def _on_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    auth_event_record(kind=AuthEvent.Kind.LOGIN, request=request, user=user)
    if request is not None and user.language:
        # The rest of this request (the redirect, any e-mail) and every later page use the
        # user's language: LanguagePreferenceMiddleware stores it in the language cookie.
        translation.activate(user.language)
        request.lrba_language = user.language  # type: ignore[attr-defined]


@receiver(auth_signals.user_logged_out, dispatch_uid="lrba_auth_event_logout")
def _on_logout(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    auth_event_record(kind=AuthEvent.Kind.LOGOUT, request=request, user=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="lrba_auth_event_login_failed")
def _on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = str(credentials.get("email") or credentials.get("username") or "").lower()
    user = User.objects.filter(email__iexact=email).first() if email else None
    auth_event_record(kind=AuthEvent.Kind.LOGIN_FAILED, request=request, user=user, email=email)


@receiver(account_signals.password_changed, dispatch_uid="lrba_auth_event_password_changed")
@receiver(account_signals.password_set, dispatch_uid="lrba_auth_event_password_set")
def _on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    auth_event_record(kind=AuthEvent.Kind.PASSWORD_CHANGED, request=request, user=user)


@receiver(account_signals.password_reset, dispatch_uid="lrba_auth_event_password_reset")
def _on_password_reset(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    auth_event_record(kind=AuthEvent.Kind.PASSWORD_RESET, request=request, user=user)


@receiver(mfa_signals.authenticator_added, dispatch_uid="lrba_auth_event_mfa_added")
def _on_authenticator_added(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    kind = (
        AuthEvent.Kind.RECOVERY_CODES_GENERATED
        if authenticator.type == Authenticator.Type.RECOVERY_CODES
        else AuthEvent.Kind.MFA_ENABLED
    )
    auth_event_record(kind=kind, request=request, user=user)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="lrba_auth_event_mfa_removed")
def _on_authenticator_removed(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        auth_event_record(kind=AuthEvent.Kind.MFA_DISABLED, request=request, user=user)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="lrba_auth_event_mfa_reset")
def _on_authenticator_reset(
    sender: Any, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    auth_event_record(kind=AuthEvent.Kind.RECOVERY_CODES_GENERATED, request=request, user=user)


@receiver(user_locked_out, dispatch_uid="lrba_auth_event_lockout")
def _on_locked_out(
    sender: Any, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    email = (username or "").lower()
    user = User.objects.filter(email__iexact=email).first() if email else None
    auth_event_record(kind=AuthEvent.Kind.LOCKOUT, request=request, user=user, email=email)


# `is_staff` follows the roles -------------------------------------------------------------
# Groups change through the admin's widget, `user.groups.remove/clear`, a group's
# `user_set` and the role services alike; deriving `is_staff` on every change (a
# cross-cutting concern) is the one place that catches them all.


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="lrba_user_staff_derive")
def _on_groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if not reverse:  # instance is the user
        if action in ("post_add", "post_remove", "post_clear"):
            instance.__dict__.pop("_lrba_group_names", None)
            user_staff_derive(user=instance)
        return
    # instance is a group: `group.user_set.remove(...)` or `.clear()`.
    if action == "pre_clear":
        instance._lrba_cleared_user_ids = set(instance.user_set.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_lrba_cleared_user_ids", set())
    elif action not in ("post_add", "post_remove"):
        return
    for user in User.objects.filter(pk__in=pk_set or ()):
        user_staff_derive(user=user)
