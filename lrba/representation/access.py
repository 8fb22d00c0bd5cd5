"""Who may do what in representation (roles and objects, read apart from write).

- The secretariat runs consultations and surveys (`representation.change_consultation`),
  prepares, sends and follows positions (`representation.change_position`) and keeps the
  delegations (`representation.change_delegation`); the auditor reads them all (the
  `view_` permissions).
- A member library answers a consultation once, through its representatives (director
  or a mandate for a period) or the employees they authorise to answer
  (`members.StaffAuthorisation`, scope "consultations"). Only a current member library
  answers; a library the user does not act for is a 404 to them.
- An individual member answers for themself when the consultation asks individual members.
- Members (anyone on the staff of a member library, individual members) see the opened
  consultations; drafts only the secretariat.
- Positions: a public one is seen by everyone once adopted; a members-only one by members;
  drafts by the secretariat only. Delegations marked public are listed for everyone.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission, permission_require
from lrba.members.models import Library, Membership, Person, StaffAuthorisation
from lrba.members.selectors.authorisations import acting_libraries
from lrba.members.selectors.representatives import user_is_member
from lrba.representation.models import Consultation, Position

CONSULTATION_READ = "representation.view_consultation"
CONSULTATION_WRITE = "representation.change_consultation"
POSITION_READ = "representation.view_position"
POSITION_WRITE = "representation.change_position"
DELEGATION_READ = "representation.view_delegation"
DELEGATION_WRITE = "representation.change_delegation"

ANSWERING = StaffAuthorisation.Scope.CONSULTATIONS


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# Consultations ----------------------------------------------------------------------------


def may_read_consultations(user: Any) -> bool:
    return has_permission(user, CONSULTATION_READ)


def consultations_read_require(user: Any) -> None:
    permission_require(
        user,
        CONSULTATION_READ,
        _("Only the secretariat and the auditor see the consultations' answers."),
    )


def consultations_write_require(user: Any) -> None:
    permission_require(
        user, CONSULTATION_WRITE, _("Only the secretariat runs consultations and surveys.")
    )


def answering_libraries(user: Any) -> QuerySet[Library]:
    """The current member libraries `user` answers for: those they represent and those
    whose representative authorised them to answer. One query when evaluated."""
    members = Membership.objects.current().filter(library__isnull=False).values("library")
    return acting_libraries(user, ANSWERING).filter(pk__in=members)


def individual_member_person(user: Any) -> Person | None:
    """The signed-in user's person when they are an individual member now, else None."""
    if not _signed_in(user):
        return None
    members = Membership.objects.current().filter(person__isnull=False).values("person")
    return Person.objects.filter(user=user, pk__in=members).first()


def consultations_visible_to(user: Any) -> QuerySet[Consultation]:
    """Every consultation for the secretariat and the auditor; opened ones (open or
    closed, never drafts) for members and for whoever answers for a member library."""
    if may_read_consultations(user):
        return Consultation.objects.all()
    if not _signed_in(user):
        return Consultation.objects.none()
    if user_is_member(user) or answering_libraries(user).exists():
        return Consultation.objects.exclude(status=Consultation.Status.DRAFT)
    return Consultation.objects.none()


def access_consultation(user: Any, slug: str) -> Consultation:
    """A consultation `user` may see: PermissionDenied for a visitor not signed in, 404
    for one they may not see."""
    if not _signed_in(user):
        raise PermissionDenied(_("Sign in to see the association's consultations."))
    return get_object_or_404(consultations_visible_to(user), slug=slug)


def access_answering_library(user: Any, consultation: Consultation, library_pk: int) -> Library:
    """A member library `user` answers `consultation` for; 404 for any other (its
    answers are not theirs to learn about)."""
    if not consultation.libraries_answer:
        raise PermissionDenied(_("This consultation asks the individual members, not libraries."))
    return get_object_or_404(answering_libraries(user), pk=library_pk)


# Positions --------------------------------------------------------------------------------


PUBLISHED_STATUSES = (Position.Status.ADOPTED, Position.Status.SENT, Position.Status.ANSWERED)


def may_read_positions(user: Any) -> bool:
    return has_permission(user, POSITION_READ)


def positions_read_require(user: Any) -> None:
    permission_require(
        user, POSITION_READ, _("Only the secretariat and the auditor see draft positions.")
    )


def positions_write_require(user: Any) -> None:
    permission_require(
        user, POSITION_WRITE, _("Only the secretariat prepares and sends the positions.")
    )


def positions_visible_to(user: Any) -> QuerySet[Position]:
    """The position register as `user` sees it: adopted, sent and answered positions,
    members-only ones to members too; every position to the secretariat and auditor."""
    if may_read_positions(user):
        return Position.objects.all()
    published = Position.objects.filter(status__in=PUBLISHED_STATUSES)
    if _signed_in(user) and user_is_member(user):
        return published
    return published.filter(visibility=Position.Visibility.PUBLIC)


def access_position(user: Any, slug: str) -> Position:
    """A position `user` may see; 404 for any other (a members-only position asks a
    visitor to sign in rather than hiding that it exists)."""
    position = Position.objects.filter(slug=slug, status__in=PUBLISHED_STATUSES).first()
    if (
        position is not None
        and position.visibility == Position.Visibility.MEMBERS
        and not _signed_in(user)
    ):
        raise PermissionDenied(_("Sign in as a member to read this position."))
    return get_object_or_404(positions_visible_to(user), slug=slug)


# Delegations ------------------------------------------------------------------------------


def may_read_delegations(user: Any) -> bool:
    return has_permission(user, DELEGATION_READ)


def delegations_write_require(user: Any) -> None:
    permission_require(
        user, DELEGATION_WRITE, _("Only the secretariat keeps the list of delegates.")
    )
