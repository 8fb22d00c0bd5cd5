"""The member register's personal data: the person, their work, memberships, mandates,
applications, invitations and the authorisations a library's representative gave them
to act for the library (see lrba.accounts.privacy.declarations for the contract).

The register is a legal hold for members (Facts §6): a person who is or was a member
keeps their name in it after erasure; their contacts go.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from lrba.accounts.models import Anonymisation
from lrba.accounts.privacy.declarations import (
    ERASED_NAME,
    Erasure,
    PersonalTable,
    Subject,
    by_email,
)
from lrba.members.models import (
    Employment,
    Invitation,
    Mandate,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    Person,
    StaffAuthorisation,
)


def _applications(subject: Subject) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(
        by_email("representative_email", subject.emails)
    ).order_by("submitted_at")


def _invitations(subject: Subject) -> QuerySet[Invitation]:
    mine = by_email("email", subject.emails)
    if subject.user is not None:
        mine |= Q(accepted_by=subject.user)
    return Invitation.objects.filter(mine).order_by("created_at")


def _authorisations(subject: Subject) -> QuerySet[StaffAuthorisation]:
    return StaffAuthorisation.objects.filter(person_id=subject.person_id).order_by(
        "granted_at", "pk"
    )


TABLES = (
    PersonalTable(
        name="person",
        model=Person,
        fields=(
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "user_id",
            "created_at",
            "updated_at",
        ),
        rows=lambda s: Person.objects.filter(pk=s.person_id),
        about=(
            "jūsų asmens įrašas (vardas, pavardė, kontaktai)",
            "your person record (name, contacts)",
        ),
        legal_hold=(
            "vardas ir pavardė narių registre, jei esate ar buvote asociacijos narys",
            "your name in the member register if you are or were a member of the association",
        ),
    ),
    PersonalTable(
        name="employments",
        model=Employment,
        fields=(
            "id",
            "person_id",
            "library__name",
            "position",
            "is_director",
            "start_date",
            "end_date",
        ),
        rows=lambda s: Employment.objects.filter(person_id=s.person_id).order_by(
            "start_date", "pk"
        ),
        about=("darbo vietos bibliotekose", "your employments in libraries"),
    ),
    PersonalTable(
        name="memberships",
        model=Membership,
        fields=(
            "id",
            "person_id",
            "status",
            "applied_on",
            "joined_on",
            "suspended_on",
            "ended_on",
            "decision",
            "end_reason",
            "notes",
        ),
        rows=lambda s: Membership.objects.filter(person_id=s.person_id).order_by(
            "applied_on", "pk"
        ),
        about=("narystė asociacijoje", "your membership of the association"),
        legal_hold=(
            "narių registras (Asociacijų įstatymas)",
            "the member register (Law on Associations)",
        ),
    ),
    PersonalTable(
        name="membership_status_changes",
        model=MembershipStatusChange,
        fields=(
            "membership_id",
            "from_status",
            "to_status",
            "effective_on",
            "reason",
            "created_at",
        ),
        rows=lambda s: MembershipStatusChange.objects.filter(
            membership__person_id=s.person_id
        ).order_by("membership", "effective_on", "created_at"),
        about=("narystės būsenų pakeitimai", "the changes of your membership's status"),
    ),
    PersonalTable(
        name="membership_applications",
        model=MembershipApplication,
        fields=(
            "id",
            "applicant",
            "library_name",
            "representative_first_name",
            "representative_last_name",
            "representative_position",
            "representative_email",
            "representative_phone",
            "workplace",
            "status",
            "submitted_at",
            "decided_at",
            "decision_reason",
        ),
        rows=_applications,
        about=(
            "narystės prašymai, kuriuose esate atstovas",
            "membership applications where you are the representative",
        ),
    ),
    PersonalTable(
        name="mandates",
        model=Mandate,
        fields=(
            "id",
            "person_id",
            "library__name",
            "kind",
            "scope",
            "meeting_reference",
            "valid_from",
            "valid_until",
            "revoked_at",
        ),
        rows=lambda s: Mandate.objects.filter(person_id=s.person_id).order_by("valid_from", "pk"),
        about=("įgaliojimai atstovauti bibliotekai", "your mandates to represent a library"),
    ),
    PersonalTable(
        name="invitations",
        model=Invitation,
        fields=(
            "id",
            "email",
            "library__name",
            "role",
            "position",
            "created_at",
            "accepted_at",
            "accepted_by_id",
        ),
        rows=_invitations,
        about=("kvietimai prisijungti prie bibliotekos", "invitations to join a library"),
    ),
    PersonalTable(
        name="staff_authorisations",
        model=StaffAuthorisation,
        fields=(
            "id",
            "library__name",
            "person_id",
            "scope",
            "granted_by_id",
            "granted_at",
            "revoked_at",
        ),
        rows=_authorisations,
        about=(
            "įgaliojimai veikti bibliotekos vardu (užsakyti, atsakyti į konsultacijas, "
            "skelbti renginius)",
            "your authorisations to act for a library (ordering, answering consultations, "
            "publishing events)",
        ),
    ),
)

NOT_EXPORTED = {
    "Library.name": "a library is a legal person, not a natural one",
    "Library.short_name": "as Library.name",
    "Library.street_address": "as Library.name",
    "Library.email": "as Library.name (the library's own address)",
    "Library.phone": "as Library.name",
    "Library.description": "as Library.name (its public profile)",
    "Library.sort_name": "as Library.name (its name as sorted)",
    "Library.search_text": "as Library.name (its name and town as searched)",
    "Library.name_genitive": "as Library.name (its name in the genitive)",
    "MembershipApplication.street_address": "the applicant library's address",
    "MembershipApplication.library_email": "the applicant library's own address",
    "MembershipApplication.library_phone": "the applicant library's own phone",
    "MembershipApplication.motivation": "the library's reasons for joining, not the person's",
    "MembershipApplication.library_legal_form": "the applicant library's legal form",
    "MembershipApplication.library_name_genitive": "the applicant library's name, declined",
    "MembershipApplication.decided_by": "the secretariat member who decided; their own record",
    "MembershipStatusChange.changed_by": "the secretariat member who made the change",
    "Mandate.granted_by": "the representative or secretariat member who granted it",
    "Invitation.invited_by": "the representative who sent it; their own record",
    "Invitation.revoked_by": "the representative who revoked it; their own record",
    "StaffAuthorisation.granted_by": "the representative who authorised the employee; "
    "their own office act, exported to the employee as the authorisation",
}


def erase(erasure: Erasure) -> None:
    """Blank the person's contacts; their name goes too unless they are or were a member
    (the register keeps it). Applications lose the representative's contacts. The
    person's authorisations to act for a library go (they only say the person may act);
    those they granted stay without their account."""
    person = erasure.subject.person
    if person is not None:
        erasure.name_kept = person.memberships.exists()
        _person_anonymise(person, erasure)
    _applications_anonymise(erasure)
    _authorisations_erase(erasure)


def _person_anonymise(person: Person, erasure: Erasure) -> None:
    erasure.contacts |= {person.phone} - {""}
    name_fields: tuple[str, ...] = ()
    if erasure.name_kept:
        memberships = person.memberships.count()
        erasure.keep(f"Vardas ir pavardė – narių registre (narysčių: {memberships})")
    else:
        erasure.names |= {
            person.full_name,
            f"{person.last_name} {person.first_name}",
            person.first_name,
            person.last_name,
        }
        name_fields = ("first_name", "last_name")
        person.first_name = ERASED_NAME
        person.last_name = f"#{person.pk}"
    erasure.redact_history(Person, [person.pk], contacts=("email", "phone"), names=name_fields)
    person.email = ""
    person.phone = ""
    person.full_clean()
    person.save()
    employments = list(person.employments.values_list("pk", flat=True))
    erasure.redact_history(Employment, employments)
    if employments:
        erasure.keep(f"Darbo vietų įrašai be kontaktų: {len(employments)}")


def _applications_anonymise(erasure: Erasure) -> None:
    """Blank the representative's contacts on their applications; the name stays only
    where the application led to a membership (it documents the admission)."""
    subject_id = erasure.subject.person_id or erasure.subject.user_id
    ids = []
    for application in _applications(erasure.subject):
        ids.append(application.pk)
        # Saved without full_clean: the (required) address is erased on purpose.
        application.representative_email = ""
        application.representative_phone = ""
        application.workplace = ""  # a person's own application: where they work
        names: tuple[str, ...] = ()
        if application.membership_id is None:
            erasure.names |= {
                application.representative_first_name,
                application.representative_last_name,
            }
            names = ("representative_first_name", "representative_last_name")
            application.representative_first_name = ERASED_NAME
            application.representative_last_name = f"#{subject_id}"
        application.save()
        erasure.redact_history(
            MembershipApplication,
            [application.pk],
            contacts=("representative_email", "representative_phone", "workplace"),
            names=names,
        )
    if ids:
        erasure.keep(f"Narystės prašymai be atstovo kontaktų: {len(ids)}")


def _authorisations_erase(erasure: Erasure) -> None:
    subject = erasure.subject
    if subject.user_id:
        for granted in StaffAuthorisation.objects.filter(granted_by_id=subject.user_id):
            granted.granted_by = None
            granted.save(update_fields=["granted_by"])
    if subject.person_id:
        StaffAuthorisation.objects.filter(person_id=subject.person_id).delete()


def retention_due(*, cutoff: datetime.date, cutoff_time: datetime.datetime) -> QuerySet[Person]:
    """People whose memberships and employments all ended before `cutoff`, never
    anonymised, whose account (if any) was not used since `cutoff_time`, oldest first.
    People with neither have no end date to count from and are left to the secretariat."""
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
