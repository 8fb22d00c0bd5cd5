"""Test helpers for accounts: verified addresses, authenticator apps, personal-data records."""

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from factory.django import DjangoModelFactory

from lrba.accounts.models import ConsentRecord, ErasureRequest, ProcessingActivity, User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def email_verify(user: User) -> EmailAddress:
    """Mark the user's address verified, as accepting an invitation does."""
    address, _created = EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return address


def totp_activate(user: User) -> str:
    """Give `user` an authenticator app; returns its secret (for `totp_code`)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, offset: int = 0) -> str:
    """The code an authenticator app would show now (`offset` periods later or earlier)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


# Personal data ----------------------------------------------------------------------------


class ConsentRecordFactory(DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    person = factory.SubFactory("lrba.members.tests.factories.PersonFactory")
    purpose = ConsentRecord.Purpose.NEWSLETTER
    text_version = "2026-01"
    text = "Sutinku gauti naujienlaiškį."


class ErasureRequestFactory(DjangoModelFactory):
    class Meta:
        model = ErasureRequest

    person = factory.SubFactory("lrba.members.tests.factories.PersonFactory")
    requested_by = factory.SubFactory("lrba.members.tests.factories.UserFactory")


class ProcessingActivityFactory(DjangoModelFactory):
    class Meta:
        model = ProcessingActivity

    name = factory.Sequence(lambda n: f"Veikla {n}")
    purpose = "Tikslas"
    legal_basis = ProcessingActivity.LegalBasis.CONTRACT
    data_subjects = "Nariai"
    data_categories = "Vardas, pavardė"
    retention = "5 metai"
