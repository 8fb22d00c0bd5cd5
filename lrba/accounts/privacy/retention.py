"""Retention (GDPR Art. 5(1)(e)): anonymise people the association no longer needs.

The apps that hold people decide who is due (their privacy module's `retention_due`): in
the member register, a person whose memberships and employments all ended more than
`years` ago, who was never anonymised and whose account (if any) was not used within those
years (lrba.members.privacy).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lrba.accounts.models import ERASURE_LEGAL_BASIS_NOTE
from lrba.accounts.privacy.declarations import modules
from lrba.accounts.privacy.erasure import subject_anonymise

RETENTION_REASON = "Saugojimo terminas baigėsi (%d m. po narystės ir darbo pabaigos)"


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def retention_due(*, years: int, today: datetime.date | None = None) -> list[Any]:
    """The people whose data have outlived the retention period, as the apps that decide
    it say (their privacy module's `retention_due`), oldest record first."""
    cutoff = years_before(today or timezone.localdate(), years)
    cutoff_time = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    due: dict[int, Any] = {}
    for _label, module in modules():
        if hasattr(module, "retention_due"):
            for person in module.retention_due(cutoff=cutoff, cutoff_time=cutoff_time):
                due.setdefault(person.pk, person)
    return [due[pk] for pk in sorted(due)]


@dataclass(frozen=True)
class RetentionResult:
    people: list[Any]
    applied: bool


def retention_apply(
    *, years: int, apply: bool = False, today: datetime.date | None = None
) -> RetentionResult:
    """List (dry run) or anonymise the people due; running it again changes nothing.

    Each person is anonymised in a transaction of their own, so one failure does not
    undo the rest.
    """
    people = retention_due(years=years, today=today)
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
