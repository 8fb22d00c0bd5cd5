"""Factories of the governance app. Bodies and the law's default rules come from the
migration (`body(...)`, `rules_default()`); everything else is made here."""

import datetime
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.governance import models
from lrba.members.tests.factories import MembershipFactory, PersonFactory


def body(kind: str = models.Body.Kind.GENERAL_MEETING) -> models.Body:
    return models.Body.objects.get(kind=kind)


def board() -> models.Body:
    return body(models.Body.Kind.BOARD)


def rules_default() -> models.StatuteRules:
    return models.StatuteRules.objects.get(in_force_from=datetime.date(2012, 1, 1))


def decision_kind(code: str = "ordinary", rules: models.StatuteRules | None = None) -> Any:
    return (rules or rules_default()).decision_kinds.get(code=code)


class BoardSeatFactory(DjangoModelFactory):
    class Meta:
        model = models.BoardSeat

    person = factory.SubFactory(PersonFactory)
    office = models.BoardSeat.Office.MEMBER
    start_date = datetime.date(2024, 4, 1)


class MeetingFactory(DjangoModelFactory):
    """A draft General Meeting a month ahead; pass `body=board()` for the Board."""

    class Meta:
        model = models.Meeting

    body = factory.LazyFunction(body)
    reference = factory.Sequence(lambda n: f"VNS-2026-{n + 1}")
    title = factory.Sequence(lambda n: f"Visuotinis narių susirinkimas Nr. {n + 1}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    place = "Šiaulių apskrities Povilo Višinskio viešoji biblioteka, Aušros al. 62, Šiauliai"


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = models.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Klausimas Nr. {n + 1}")
    decision_kind = factory.LazyFunction(decision_kind)
    draft_decision = "Pritarti."


class PollFactory(DjangoModelFactory):
    class Meta:
        model = models.Poll

    item = factory.SubFactory(AgendaItemFactory)
    title = factory.LazyAttribute(lambda poll: poll.item.title)


class VotingRightsTransferFactory(DjangoModelFactory):
    class Meta:
        model = models.VotingRightsTransfer

    transferor = factory.SubFactory(MembershipFactory)
    transferee = factory.SubFactory(PersonFactory)
    basis = "Balsavimo teisės perleidimo sutartis"
    valid_from = datetime.date(2026, 1, 1)
    valid_until = datetime.date(2027, 12, 31)
    notified_on = datetime.date(2026, 1, 5)
