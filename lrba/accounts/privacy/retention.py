"""Retention (GDPR Art. 5(1)(e)): anonymise people the association no longer needs.

A person is due when they had a membership or an employment, every one of them ended
more than `years` ago, they were never anonymised, and their account (if any) has not
been used within those years. People with no membership and no employment have no end
date to count from and are left to the secretariat.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lrba.accounts.models import ERASURE_LEGAL_BASIS_NOTE, Anonymisation
from lrba.accounts.privacy.erasure import subject_anonymise
from lrba.members.models import Employment, Membership, Person

RETENTION_REASON = "Saugojimo terminas baigėsi (%d m. po narystės ir darbo pabaigos)"


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def retention_due(*, years: int, today: datetime.date | None = None) -> QuerySet[Person]:
    """The people whose data have outlived the retention period, oldest record first."""
    cutoff = years_before(today or timezone.localdate(), years)
    cutoff_time = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    memberships = Membership.objects.filter(person=OuterRef("pk"))
    employments = Employment.objects.filter(person=OuterRef("pk"))
    recent_membership = memberships.filter(
        ~Q(status=Membership.Status.ENDED) | Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff)
    )
    recent_employment = employments.filter(Q(end_date__isnull=True) | Q(end_date__gte=cutoff))
    recent_sign_in = Q(user__is_active=True, user__last_login__gte=cutoff_time)
    return (
        Person.objects.filter(Exists(memberships) | Exists(employments))
        .exclude(Exists(recent_membership))
        .exclude(Exists(recent_employment))
        .exclude(Exists(Anonymisation.objects.filter(person=OuterRef("pk"))))
        .exclude(recent_sign_in)
        .order_by("pk")
    )


@dataclass(frozen=True)
class RetentionResult:
    people: list[Person]
    applied: bool


def retention_apply(
    *, years: int, apply: bool = False, today: datetime.date | None = None
) -> RetentionResult:
    """List (dry run) or anonymise the people due; running it again changes nothing.

    Each person is anonymised in a transaction of their own, so one failure does not
    undo the rest.
    """
    people = list(retention_due(years=years, today=today))
    if apply:
        for person in people:
            subject_anonymise(
                person=person,
                user=person.user,
                reason=RETENTION_REASON % years,
                legal_basis=ERASURE_LEGAL_BASIS_NOTE,
                by=None,
            )
    return RetentionResult(people=people, applied=apply)
