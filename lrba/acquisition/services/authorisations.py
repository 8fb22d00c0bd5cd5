"""A library's representatives let its employees order for it in buying rounds, and
take the authorisation back. The authorisation lapses by itself when the person stops
working there (`access.authorised_libraries` checks the employment too)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.acquisition.access import may_manage_authorisations
from lrba.acquisition.models import OrderingAuthorisation
from lrba.core.audit import acting_as
from lrba.members.models import Employment, Library, Person


def _manager_check(user: Any, library: Library) -> None:
    if not may_manage_authorisations(user, library):
        raise PermissionDenied(
            _("Only the representatives of %(library)s authorise its staff to order.")
            % {"library": library}
        )


def authorisation_grant(*, library: Library, person: Person, user: Any) -> OrderingAuthorisation:
    """Authorise `person`, a current employee of `library`, to order for it. Refuses a
    person who does not work there now or is authorised already."""
    _manager_check(user, library)
    if not Employment.objects.current().filter(library=library, person=person).exists():
        raise ValidationError(
            _("%(person)s does not work at %(library)s now: only its staff can be authorised.")
            % {"person": person, "library": library},
            code="not_employed",
        )
    current = OrderingAuthorisation.objects.filter(
        library=library, person=person, revoked_at__isnull=True
    )
    if current.exists():
        raise _already(person, library)
    authorisation = OrderingAuthorisation(library=library, person=person, granted_by=user)
    authorisation.full_clean(validate_constraints=False)
    try:
        # The database's one-current-authorisation constraint decides between two
        # representatives authorising the same person at once.
        with transaction.atomic(), acting_as(user):
            authorisation.save()
    except IntegrityError:
        raise _already(person, library) from None
    return authorisation


def _already(person: Person, library: Library) -> ValidationError:
    return ValidationError(
        _("%(person)s is already authorised to order for %(library)s.")
        % {"person": person, "library": library},
        code="already_authorised",
    )


@transaction.atomic
def authorisation_revoke(*, authorisation: OrderingAuthorisation, user: Any) -> None:
    """End an authorisation: the person no longer orders for the library (the lines they
    placed stay in its order)."""
    locked = (
        OrderingAuthorisation.objects.select_for_update(of=("self",))
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
