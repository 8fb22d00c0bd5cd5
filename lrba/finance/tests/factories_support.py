"""Factories of the support accounts beyond the shared ones (`factories.py` has
DonorFactory, SupportReceivedFactory, SupportUseFactory)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from lrba.finance import models
from lrba.finance.tests.factories import DonorFactory


class NaturalDonorFactory(DonorFactory):
    kind = models.Donor.Kind.NATURAL
    name = factory.Sequence(lambda n: f"Jonas Rėmėjas {n + 1}")
    code = ""


def anonymous_donor() -> models.Donor:
    return DonorFactory(kind=models.Donor.Kind.ANONYMOUS, name="", code="")


def gpm_share_donor() -> models.Donor:
    return DonorFactory(kind=models.Donor.Kind.GPM_SHARE, name="", code="")


class SupportGivenFactory(DjangoModelFactory):
    class Meta:
        model = models.SupportGiven

    kind = models.SupportGiven.Kind.SUPPORT
    recipient_kind = models.SupportGiven.RecipientKind.LEGAL
    recipient_name = factory.Sequence(lambda n: f"VšĮ „Skaitymo namai {n + 1}“")
    recipient_code = factory.Sequence(lambda n: f"{305000000 + n:09d}")
    given_on = datetime.date(2026, 5, 4)
    object = models.SupportReceived.Object.MONEY
    description = "Pinigai"
    value = Decimal("500.00")
    purpose = "Vaikų skaitymo skatinimas"
