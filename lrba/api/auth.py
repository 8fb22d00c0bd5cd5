"""Who may call an endpoint: every operation names one of these rules, none is implied.

- `PUBLIC`: anyone, no token (the directory, events, verification, public content);
- `TOKEN_READ` / `TOKEN_WRITE`: a person's own token, read-only or read-write;
- `STAFF_READ` / `STAFF_WRITE`: a *staff* token, whose owner's roles are then checked by
  the same permission and object rules as the staff pages (`access_*` functions), and who
  must have two-factor authentication on when their roles demand it, as the pages do.

The rule only says which token is needed; what the person may see (their library, their
registrations) is decided inside the endpoint by the app's access functions, as on the
pages. lrba/api/tests/test_endpoint_access.py fails on an operation that names no rule.
"""

from datetime import timedelta
from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from lrba.accounts.roles import requires_two_factor
from lrba.api.errors import ApiError
from lrba.api.models import AccessToken

# How often a token's "last used" is written at most (one UPDATE per token per minute).
LAST_USED_RESOLUTION = timedelta(minutes=1)


class PublicAccess:
    """The rule of an endpoint anyone may call. It authenticates every request (as the
    anonymous visitor) so that the operation still names its rule explicitly."""

    openapi_type = None

    def __call__(self, request: HttpRequest) -> Any:
        request.api_token = None  # type: ignore[attr-defined]
        if not hasattr(request, "user"):
            request.user = AnonymousUser()
        return request.user or True


class TokenAccess(HttpBearer):
    """`Authorization: Bearer <token>`: a usable token of an active person, of the scope
    (and, for staff endpoints, the kind) the operation needs."""

    openapi_scheme = "bearer"

    def __init__(self, *, write: bool, staff: bool) -> None:
        super().__init__()
        self.write = write
        self.staff = staff

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if not header:
            return None  # 401 not_authenticated
        if not header.lower().startswith("bearer "):
            raise ApiError(
                401,
                "not_authenticated",
                _("Send the token in the Authorization header: Bearer <token>."),
            )
        return self.authenticate(request, header[7:].strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = token.strip()
        found = (
            AccessToken.objects.select_related("user")
            .filter(key_hash=AccessToken.hash_of(key))
            .first()
            if key
            else None
        )
        if found is None:
            raise ApiError(401, "token_unknown", _("This access token is not known."))
        if found.revoked_at is not None:
            raise ApiError(401, "token_revoked", _("This access token has been revoked."))
        now = timezone.now()
        if found.expires_at <= now:
            raise ApiError(401, "token_expired", _("This access token has expired."))
        user = found.user
        if not user.is_active:
            raise ApiError(401, "account_inactive", _("The token's account is not active."))
        if self.write and not found.can_write:
            raise ApiError(
                403, "token_read_only", _("This token may only read: create a read-write one.")
            )
        if self.staff:
            if not found.staff:
                raise ApiError(
                    403,
                    "token_not_staff",
                    _("This endpoint needs a staff token: create one with your roles."),
                )
            if requires_two_factor(user) and not _has_two_factor(user):
                raise ApiError(
                    403,
                    "two_factor_required",
                    _("Your roles require two-factor authentication: set it up first."),
                )
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        return user


def _has_two_factor(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


PUBLIC = PublicAccess()
TOKEN_READ = TokenAccess(write=False, staff=False)
TOKEN_WRITE = TokenAccess(write=True, staff=False)
STAFF_READ = TokenAccess(write=False, staff=True)
STAFF_WRITE = TokenAccess(write=True, staff=True)
# The rules an operation may name (the access test checks each names one of these).
RULES = (PUBLIC, TOKEN_READ, TOKEN_WRITE, STAFF_READ, STAFF_WRITE)
