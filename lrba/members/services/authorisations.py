"""A library's representatives let its employees act for it in one kind of work
(ordering in buying rounds, answering consultations and surveys, publishing events in the
shared calendar), and take the authorisation back. An authorisation lapses by itself
when the person stops working there (`selectors.authorisations` checks the employment)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.members.models import Employment, Library, Person, StaffAuthorisation
from lrba.members.selectors.authorisations import may_manage_authorisations


def _manager_check(user: Any, library: Library) -> None:
    if not may_manage_authorisations(user, library):
        raise PermissionDenied(
            _("%(library)s: only this library's representatives authorise its staff.")
            % {"library": library}
        )


def _scope_label(scope: str) -> str:
    return str(StaffAuthorisation.Scope(scope).label)


def authorisation_grant(
    *, library: Library, person: Person, scope: str, user: Any
) -> StaffAuthorisation:
    """Authorise `person`, a current employee of `library`, for `scope`. Refuses a person
    who does not work there now or is authorised for it already."""
    _manager_check(user, library)
    if scope not in StaffAuthorisation.Scope.values:
        raise ValidationError(_("Choose what the employee may do."), code="scope")
    if not Employment.objects.current().filter(library=library, person=person).exists():
        raise ValidationError(
            _("%(person)s does not work at %(library)s now: only its staff can be authorised.")
            % {"person": person, "library": library},
            code="not_employed",
        )
    current = StaffAuthorisation.objects.filter(
        library=library, person=person, scope=scope, revoked_at__isnull=True
    )
    if current.exists():
        raise _already(person, library, scope)
    authorisation = StaffAuthorisation(library=library, person=person, scope=scope, granted_by=user)
    authorisation.full_clean(validate_constraints=False)
    try:
        # The database's one-current-authorisation constraint decides between two
        # representatives authorising the same person at once.
        with transaction.atomic(), acting_as(user):
            authorisation.save()
    except IntegrityError:
        raise _already(person, library, scope) from None
    return authorisation


def _already(person: Person, library: Library, scope: str) -> ValidationError:
    return ValidationError(
        _("%(person)s is already authorised (%(scope)s) at %(library)s.")
        % {"person": person, "library": library, "scope": _scope_label(scope)},
        code="already_authorised",
    )


@transaction.atomic
def authorisation_revoke(*, authorisation: StaffAuthorisation, user: Any) -> None:
    """End an authorisation: the person no longer acts for the library in that work
    (what they did meanwhile stays)."""
    locked = (
        StaffAuthorisation.objects.select_for_update(of=("self",))
        .select_related("library", "person")
        .get(pk=authorisation.pk)
    )
    _manager_check(user, locked.library)
    if locked.revoked_at is not None:
        raise ValidationError(
            _("The authorisation of %(person)s was already revoked.") % {"person": locked.person},
            code="already_revoked",
        )
    locked.revoked_at = timezone.now()
    with acting_as(user):
        locked.save(update_fields=["revoked_at"])
