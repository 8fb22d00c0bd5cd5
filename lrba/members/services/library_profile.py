"""Writes a library's representatives make on "My library": its public profile and its
staff list. The callers have checked access (lrba.members.access); each write runs under
the acting user so django-auditlog records who made it.

Nobody is put on a staff list without their consent: a representative reads the
certificates and training hours of their library's staff, so someone known by an e-mail
address is invited and joins when they accept (`lrba.members.services.invitations`).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.accounts.models import User
from lrba.core.audit import acting_as
from lrba.core.sanitize import sanitize_html
from lrba.members.models import Employment, Invitation, Library, Mandate, Person
from lrba.members.services import invitations

# What a representative may change; the name, codes and kind are the register's, changed
# by the secretariat only.
PROFILE_FIELDS = (
    "street_address",
    "city",
    "postal_code",
    "email",
    "phone",
    "website",
    "description",
)


@transaction.atomic
def library_update_profile(*, library: Library, data: dict[str, Any], by: User) -> Library:
    """Change the library's contacts, address, website and public profile text.

    Keys outside PROFILE_FIELDS are ignored, so a forged form cannot rename the library.
    """
    with acting_as(by):
        library = Library.objects.select_for_update().get(pk=library.pk)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(library, name, data[name] or "")
        library.description = sanitize_html(library.description)
        library.full_clean()
        library.save()
    return library


@transaction.atomic
def employment_add(
    *,
    library: Library,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str,
    start_date: datetime.date | None = None,
    by: User,
) -> Employment | Invitation:
    """Put someone on the library's staff list.

    With an e-mail address the person is invited (`invitations.invitation_send`) and the
    employment starts on the day they accept, with their own account: whether or not the
    address already has an account or a person in the register, so nobody is attached to
    a library (whose representatives then read their certificates and hours) without
    consent, and the answer is the same whoever the address belongs to. Returns the
    Invitation. Without an address, a new register entry is made (a person with no account,
    linked to nobody), employed from `start_date`; returns the Employment.
    """
    email = email.strip()
    if email:
        return invitations.invitation_send(
            email=email,
            library=library,
            role=Invitation.Role.STAFF,
            position=position,
            invited_by=by,
        )
    if start_date is None:
        raise ValidationError({"start_date": _("Enter the first working day.")}, code="required")
    with acting_as(by):
        person = Person(first_name=first_name, last_name=last_name)
        person.full_clean()
        person.save()
        employment = Employment(
            person=person, library=library, position=position, start_date=start_date
        )
        employment.full_clean()
        employment.save()
    return employment


@transaction.atomic
def employment_end(*, employment: Employment, end_date: datetime.date, by: User) -> Employment:
    """Record the last day of an employment; the person's employee mandates for the
    library end with it."""
    with acting_as(by):
        employment = Employment.objects.select_for_update().get(pk=employment.pk)
        if employment.end_date is not None and employment.end_date < timezone.localdate():
            raise ValidationError(
                _("This employment has already ended; nothing was changed."), code="ended"
            )
        if end_date < employment.start_date:
            message = _("The employment cannot end before it began (%(date)s).") % {
                "date": employment.start_date.isoformat()
            }
            raise ValidationError({"end_date": message}, code="before_start")
        employment.end_date = end_date
        employment.full_clean()
        employment.save()
        for mandate in Mandate.objects.select_for_update().filter(
            library_id=employment.library_id,
            person_id=employment.person_id,
            kind=Mandate.Kind.AUTHORISED_EMPLOYEE,
            revoked_at=None,
        ):
            # A mandate that would outlive the job ends with it.
            if mandate.valid_from > end_date:
                mandate.revoked_at = timezone.now()
                mandate.save(update_fields=["revoked_at"])
            elif mandate.valid_until is None or mandate.valid_until > end_date:
                mandate.valid_until = end_date
                mandate.save(update_fields=["valid_until"])
    return employment
