"""Reads of the delegations: who represents the association where, and their reports.

A delegation is *current* from the day it is recorded until its last day (`ends_on`
included; none = open-ended), so an appointment that starts next month is listed as
current already; *past* once its last day is behind us.

The access helpers here fetch and authorise at once (`access_*`, STYLE §6): a delegate
reaches only their own delegations; a report's file is the delegate's, its submitter's
and the secretariat's (and the auditor's) to open.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.db import LithuanianOrder
from lrba.members.models import Person
from lrba.representation.access import may_read_delegations
from lrba.representation.models import DelegateReport, Delegation


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _current(today: datetime.date) -> Q:
    return Q(ends_on__isnull=True) | Q(ends_on__gte=today)


def _in_list_order(delegations: QuerySet[Delegation]) -> QuerySet[Delegation]:
    return delegations.select_related("person").order_by(
        "body_kind",
        LithuanianOrder("body_name"),
        LithuanianOrder("person__last_name"),
        LithuanianOrder("person__first_name"),
        "-starts_on",
        "pk",
    )


def delegation_list_public(
    *, past: bool = False, today: datetime.date | None = None
) -> QuerySet[Delegation]:
    """The public delegations: current ones, or (`past`) those that ended; by kind of
    body, then body and delegate in Lithuanian order."""
    day = _today(today)
    delegations = Delegation.objects.filter(public=True)
    delegations = delegations.exclude(_current(day)) if past else delegations.filter(_current(day))
    return _in_list_order(delegations)


@dataclass(frozen=True)
class DelegationGroup:
    kind: str
    label: str
    delegations: list[Delegation]


def delegations_by_kind(delegations: Iterable[Delegation]) -> list[DelegationGroup]:
    """`delegations` (ordered by kind first) in groups per kind of body, in the order
    the kinds are declared (working groups, councils, international, other)."""
    by_kind: dict[str, list[Delegation]] = {}
    for delegation in delegations:
        by_kind.setdefault(delegation.body_kind, []).append(delegation)
    return [
        DelegationGroup(kind=kind, label=str(label), delegations=by_kind[kind])
        for kind, label in Delegation.BodyKind.choices
        if kind in by_kind
    ]


def delegate_person(user: Any) -> Person | None:
    """The signed-in user's person in the register, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).first()


def delegation_list_for_person(
    person: Person, *, today: datetime.date | None = None
) -> list[Delegation]:
    """The person's delegations, current first (then by start, latest first), each with
    its reports (newest first) prefetched: two queries."""
    day = _today(today)
    delegations = (
        Delegation.objects.filter(person=person)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=DelegateReport.objects.select_related("submitted_by").order_by(
                    "-reported_on", "-pk"
                ),
            )
        )
        .order_by("-starts_on", "-pk")
    )
    rows = list(delegations)
    for delegation in rows:
        delegation.is_current = delegation.ends_on is None or delegation.ends_on >= day  # type: ignore[attr-defined]
    return sorted(rows, key=lambda d: not d.is_current)  # type: ignore[attr-defined]


def access_own_delegation(user: Any, pk: int) -> Delegation:
    """One of the signed-in user's own delegations; 404 for anyone else's."""
    person = delegate_person(user)
    if person is None:
        raise PermissionDenied(_("Only the association's delegates report on their work."))
    return get_object_or_404(Delegation, pk=pk, person=person)


def access_delegate_report(user: Any, pk: int) -> DelegateReport:
    """A report whose file `user` may open: the delegate's, the one who submitted it,
    and whoever reads the delegations in the back office; 404 for anyone else."""
    report = get_object_or_404(DelegateReport.objects.select_related("delegation__person"), pk=pk)
    if may_read_delegations(user):
        return report
    user_id = getattr(user, "pk", None)
    if user_id is not None and (
        report.submitted_by_id == user_id or report.delegation.person.user_id == user_id
    ):
        return report
    raise Http404(_("Only the delegate and the secretariat open a delegate's report."))
