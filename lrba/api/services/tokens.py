"""Creating and revoking a person's access tokens."""

import secrets
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.accounts.roles import requires_two_factor, works_in_back_office
from lrba.api.models import AccessToken

# "lrba_" + 43 URL-safe characters (32 random bytes): the prefix shown on My account is
# the first 12 characters, enough to tell tokens apart, useless to guess the rest.
TOKEN_PREFIX = "lrba_"
SHOWN_PREFIX_LENGTH = 12
# A person keeps at most this many usable tokens.
MAX_USABLE_TOKENS = 20


def token_staff_allowed(user: Any) -> bool:
    """Whether `user` may create a staff token: a holder of the association's roles."""
    return works_in_back_office(user) or requires_two_factor(user)


def token_max_days(*, staff: bool) -> int:
    return settings.LRBA_API_STAFF_TOKEN_MAX_DAYS if staff else settings.LRBA_API_TOKEN_MAX_DAYS


def token_create(
    *, user: Any, name: str, scope: str, staff: bool, expires_on: date
) -> tuple[AccessToken, str]:
    """A new token for `user`: the saved row and the token itself, to be shown once."""
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Give the token a name, e.g. the program that will use it.")
    if scope not in AccessToken.Scope.values:
        errors["scope"] = _("Choose whether the token only reads or also writes.")
    today = timezone.localdate()
    max_days = token_max_days(staff=staff)
    if expires_on <= today:
        errors["expires_on"] = _("The expiry date must be in the future.")
    elif expires_on > today + timedelta(days=max_days):
        errors["expires_on"] = _("A token may live at most %(days)d days.") % {"days": max_days}
    if staff and not token_staff_allowed(user):
        errors["staff"] = _("Only holders of the association's roles may create staff tokens.")
    if errors:
        raise ValidationError(errors)
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.make_aware(datetime.combine(expires_on, time(23, 59, 59)))
    with transaction.atomic():
        # One person's creations are serialised on their own row, so the limit holds.
        # (The user model, not type(user): a view passes request.user, a lazy object.)
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if AccessToken.objects.filter(user=user).usable().count() >= MAX_USABLE_TOKENS:
            raise ValidationError(
                _("You have %(count)d usable tokens: revoke one you no longer use first.")
                % {"count": MAX_USABLE_TOKENS}
            )
        token = AccessToken.objects.create(
            user=user,
            name=name[:100],
            prefix=key[:SHOWN_PREFIX_LENGTH],
            key_hash=AccessToken.hash_of(key),
            scope=scope,
            staff=staff,
            expires_at=expires_at,
        )
    return token, key


def token_revoke(*, token: AccessToken) -> AccessToken:
    """Revoke `token` at once; revoking a revoked token changes nothing."""
    with transaction.atomic():
        locked = AccessToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
    return locked
