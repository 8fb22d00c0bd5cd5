import itertools
from datetime import timedelta

import factory
from django.utils import timezone

from lrba.api.models import AccessToken
from lrba.api.services.tokens import SHOWN_PREFIX_LENGTH, TOKEN_PREFIX
from lrba.members.tests.factories import UserFactory

_numbers = itertools.count(1)


def _key() -> str:
    return f"{TOKEN_PREFIX}test-{next(_numbers):06d}-abcdefghijklmnopqrstuvwxyz0123"


class AccessTokenFactory(factory.django.DjangoModelFactory):
    """A token row; its key (what a program sends) is on the instance as `.key`."""

    class Meta:
        model = AccessToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Programa {n}")
    scope = AccessToken.Scope.READ
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key = _key()
        kwargs.update(prefix=key[:SHOWN_PREFIX_LENGTH], key_hash=AccessToken.hash_of(key))
        token = super()._create(model_class, *args, **kwargs)
        token.key = key
        return token


def token_for(user, *, write: bool = False, staff: bool = False, **fields) -> str:
    """A usable token of `user` (read-only unless `write`), as the Authorization header's
    value: `client.get(url, HTTP_AUTHORIZATION=token_for(user))`."""
    token = AccessTokenFactory(
        user=user,
        scope=AccessToken.Scope.WRITE if write else AccessToken.Scope.READ,
        staff=staff,
        **fields,
    )
    return f"Bearer {token.key}"
