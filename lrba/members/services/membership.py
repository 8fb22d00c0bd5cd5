"""Writes to the member register: applications and the membership lifecycle.

Every function that changes a membership status locks the rows it checks
(`select_for_update`) inside one transaction, records a `MembershipStatusChange`, and
runs under the acting user so django-auditlog records who did it. E-mails go out through
tasks enqueued after commit.
"""

import datetime
from functools import partial
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lrba.accounts.models import User
from lrba.core.audit import acting_as
from lrba.core.text import fold
from lrba.members import signals, tasks
from lrba.members.models import (
    Employment,
    Library,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    Person,
)

Status = Membership.Status

# Which status a membership may move to from each status.
_ALLOWED_MOVES: dict[str, tuple[str, ...]] = {
    Status.APPLIED: (Status.ACTIVE, Status.ENDED),
    Status.ACTIVE: (Status.SUSPENDED, Status.ENDED),
    Status.SUSPENDED: (Status.ACTIVE, Status.ENDED),
    Status.ENDED: (),
}


# Applications ---------------------------------------------------------------------------


class _Identity(NamedTuple):
    """How one kind of applicant is recognised, and what they are told when they
    already wait for a decision or are already a member."""

    applicant: str
    field: str  # the application's field that names them
    pending_lookup: str  # that fact on a pending application
    member_lookup: str  # the same fact on an open membership
    pending_message: Any
    member_message: Any


# E-mail addresses compare without case; legal-entity codes are digits.
_IDENTITIES: dict[str, _Identity] = {
    MembershipApplication.Applicant.LIBRARY: _Identity(
        applicant=MembershipApplication.Applicant.LIBRARY,
        field="legal_entity_code",
        pending_lookup="legal_entity_code",
        member_lookup="library__legal_entity_code",
        pending_message=gettext_lazy(
            "An application from a library with this legal-entity code is already "
            "waiting for a decision. The secretariat will contact you."
        ),
        member_message=gettext_lazy(
            "The library with this legal-entity code is already a member of the association."
        ),
    ),
    MembershipApplication.Applicant.PERSON: _Identity(
        applicant=MembershipApplication.Applicant.PERSON,
        field="representative_email",
        pending_lookup="representative_email__iexact",
        member_lookup="person__email__iexact",
        pending_message=gettext_lazy(
            "Your application is already waiting for a decision. The secretariat will contact you."
        ),
        member_message=gettext_lazy(
            "The person with this e-mail address is already a member of the association."
        ),
    ),
}


def _identity(applicant: str) -> _Identity:
    # Anything but a person is checked as a library, as the model's `is_person` reads it;
    # an invalid choice is then refused by full_clean().
    return _IDENTITIES.get(applicant, _IDENTITIES[MembershipApplication.Applicant.LIBRARY])


def application_identifying_field(*, applicant: str) -> str:
    """The application field that identifies an applicant of this kind (a library's
    legal-entity code, a person's e-mail address): where a duplicate is reported."""
    return _identity(applicant).field


def application_check_not_duplicate(*, applicant: str, identifier: str) -> None:
    """Raise a clear ValidationError when the applicant of this kind (a library by its
    legal-entity code, a person by e-mail address) already waits for a decision or is
    already a member."""
    identity = _identity(applicant)
    if MembershipApplication.objects.filter(
        applicant=identity.applicant,
        status=MembershipApplication.Status.PENDING,
        **{identity.pending_lookup: identifier},
    ).exists():
        raise ValidationError(identity.pending_message, code="duplicate_application")
    if Membership.objects.filter(
        status__in=Membership.OPEN_STATUSES, **{identity.member_lookup: identifier}
    ).exists():
        raise ValidationError(identity.member_message, code="already_member")


def application_submit(*, data: dict[str, Any], language: str) -> MembershipApplication:
    """Store a public application (a library's or a person's) and tell the secretariat
    and the applicant."""
    fields = {f.name for f in MembershipApplication._meta.get_fields() if f.concrete}
    editable = {
        key: value
        for key, value in data.items()
        if key in fields and key not in {"id", "status", "language", "submitted_at"}
    }
    application = MembershipApplication(**editable, language=language)
    field = application_identifying_field(applicant=application.applicant)
    try:
        with transaction.atomic():
            application_check_not_duplicate(
                applicant=application.applicant, identifier=getattr(application, field)
            )
            application.full_clean()
            application.save()
    except IntegrityError:
        # Two identical submissions at the same moment: the partial unique constraint
        # lets one through; the other gets the same message as a sequential duplicate.
        raise ValidationError(
            {field: _identity(application.applicant).pending_message}, code="duplicate_application"
        ) from None
    transaction.on_commit(
        partial(tasks.send_new_application_notice.enqueue, application_id=application.pk)
    )
    transaction.on_commit(
        partial(tasks.send_application_received.enqueue, application_id=application.pk)
    )
    return application


def _lock_pending_application(application: MembershipApplication) -> MembershipApplication:
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != MembershipApplication.Status.PENDING:
        raise ValidationError(
            _("This application has already been decided (%(status)s); nothing was changed.")
            % {"status": locked.get_status_display()},
            code="already_decided",
        )
    return locked


def _unique_library_slug(name: str) -> str:
    base = slugify(fold(name))[:110] or "biblioteka"
    slug, n = base, 1
    while Library.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _library_from_application(application: MembershipApplication) -> Library:
    library = Library(
        name=application.library_name,
        name_genitive=application.library_name_genitive,
        slug=_unique_library_slug(application.library_name),
        kind=application.library_kind,
        legal_form=application.library_legal_form,
        # An association is an NGO, a budgetary institution is not; a public institution
        # may be either: the secretariat ticks it on the library's card if it is.
        is_ngo=application.library_legal_form == Library.LegalForm.ASSOCIATION,
        legal_entity_code=application.legal_entity_code,
        municipality=application.municipality,
        street_address=application.street_address,
        city=application.city,
        postal_code=application.postal_code,
        email=application.library_email,
        phone=application.library_phone,
        website=application.website,
    )
    library.full_clean()
    library.save()
    return library


def _representative_from_application(
    application: MembershipApplication, library: Library, start_date: datetime.date
) -> Person:
    person = Person.objects.filter(email__iexact=application.representative_email).first()
    if person is None:
        person = Person(
            first_name=application.representative_first_name,
            last_name=application.representative_last_name,
            email=application.representative_email,
            phone=application.representative_phone,
        )
        person.full_clean()
        person.save()
    works_there = person.employments.current().filter(library=library).exists()
    if not works_there:
        employment = Employment(
            person=person,
            library=library,
            position=application.representative_position,
            is_director="direktor" in application.representative_position.lower(),
            start_date=start_date,
        )
        employment.full_clean()
        employment.save()
    return person


def _record_change(
    *,
    membership: Membership,
    from_status: str,
    to_status: str,
    effective_on: datetime.date,
    reason: str = "",
    changed_by: User | None,
) -> MembershipStatusChange:
    change = MembershipStatusChange(
        membership=membership,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        reason=reason[:255],
        changed_by=changed_by,
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def application_admit(
    *,
    application: MembershipApplication,
    decided_by: User | None,
    decision: str,
    decided_on: datetime.date,
) -> Membership:
    """Admit the applicant: a library (created or reused, with its representative) or a
    person (created or reused), with an active membership.

    A library is matched by its legal-entity code (a new one gets a unique slug), a
    person by their e-mail address.
    """
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError(
            {"decision": _("Write down the admission decision, e.g. the Board's decision number.")}
        )
    with acting_as(decided_by):
        application = _lock_pending_application(application)
        if application.is_person:
            person = _person_from_application(application)
            return _membership_from_application(
                application, decided_by, decision, decided_on, person=person
            )
        library = (
            Library.objects.select_for_update()
            .filter(legal_entity_code=application.legal_entity_code)
            .first()
        )
        if library is None:
            library = _library_from_application(application)
        elif (
            Membership.objects.select_for_update()
            .filter(library=library, status__in=Membership.OPEN_STATUSES)
            .exists()
        ):
            raise ValidationError(
                _("%(library)s is already a member of the association; nothing was changed.")
                % {"library": library},
                code="already_member",
            )
        _representative_from_application(application, library, decided_on)
        membership = _membership_from_application(
            application, decided_by, decision, decided_on, library=library
        )
        # Apps above members start what follows an admission (the onboarding checklist).
        signals.library_admitted.send(
            sender=Membership, membership=membership, decided_by=decided_by
        )
        return membership


def _person_from_application(application: MembershipApplication) -> Person:
    """The applicant's Person, matched by e-mail (a librarian already in the register
    keeps their record), or a new one; refused if they are already a member."""
    person = (
        Person.objects.select_for_update()
        .filter(email__iexact=application.representative_email)
        .first()
    )
    if person is None:
        person = Person(
            first_name=application.representative_first_name,
            last_name=application.representative_last_name,
            email=application.representative_email,
            phone=application.representative_phone,
        )
        person.full_clean()
        person.save()
    elif (
        Membership.objects.select_for_update()
        .filter(person=person, status__in=Membership.OPEN_STATUSES)
        .exists()
    ):
        raise ValidationError(
            _("%(person)s is already a member of the association; nothing was changed.")
            % {"person": person.full_name},
            code="already_member",
        )
    return person


def _membership_from_application(
    application: MembershipApplication,
    decided_by: User | None,
    decision: str,
    decided_on: datetime.date,
    *,
    library: Library | None = None,
    person: Person | None = None,
) -> Membership:
    """The active membership an admission creates, its history and the decided
    application. Called by `application_admit`, acting as `decided_by`, with the
    application row locked."""
    applied_on = timezone.localdate(application.submitted_at)
    if decided_on < applied_on:
        raise ValidationError(
            {"decided_on": _("The decision cannot be dated before the application.")}
        )
    membership = Membership(
        library=library,
        person=person,
        status=Status.ACTIVE,
        applied_on=applied_on,
        joined_on=decided_on,
        decision=decision[:255],
    )
    membership.full_clean()
    membership.save()
    _record_change(
        membership=membership,
        from_status="",
        to_status=Status.APPLIED,
        effective_on=applied_on,
        changed_by=None,
    )
    _record_change(
        membership=membership,
        from_status=Status.APPLIED,
        to_status=Status.ACTIVE,
        effective_on=decided_on,
        reason=decision,
        changed_by=decided_by,
    )

    application.status = MembershipApplication.Status.ADMITTED
    application.decided_at = timezone.now()
    application.decided_by = decided_by
    application.decision_reason = decision
    application.library = library
    application.membership = membership
    application.full_clean()
    application.save()

    transaction.on_commit(
        partial(tasks.send_application_decision.enqueue, application_id=application.pk)
    )
    return membership


@transaction.atomic
def application_reject(
    *, application: MembershipApplication, decided_by: User | None, reason: str
) -> MembershipApplication:
    """Refuse the application; the reason is required and sent to the applicant."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    with acting_as(decided_by):
        application = _lock_pending_application(application)
        application.status = MembershipApplication.Status.REJECTED
        application.decided_at = timezone.now()
        application.decided_by = decided_by
        application.decision_reason = reason
        application.full_clean()
        application.save()
    transaction.on_commit(
        partial(tasks.send_application_decision.enqueue, application_id=application.pk)
    )
    return application


# Membership lifecycle -------------------------------------------------------------------


def _lock_for_move(membership: Membership, to_status: str) -> Membership:
    """Lock the membership row and check the move is allowed from its current status."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    if to_status not in _ALLOWED_MOVES[locked.status]:
        raise ValidationError(
            _("A membership that is %(current)s cannot become %(new)s.")
            % {
                "current": locked.get_status_display(),
                "new": str(Status(to_status).label),
            },
            code="invalid_transition",
        )
    return locked


def _check_not_before_joining(membership: Membership, on: datetime.date) -> None:
    start = membership.joined_on or membership.applied_on
    if start and on < start:
        raise ValidationError(
            _("The date cannot be earlier than %(date)s, when the membership began.")
            % {"date": start.isoformat()},
            code="date_before_start",
        )


def _move_save(
    membership: Membership,
    *,
    from_status: str,
    effective_on: datetime.date,
    reason: str,
    changed_by: User | None,
) -> None:
    """Validate and save a membership whose status has just been moved, and record the
    move in its history. Call while holding the row lock of `_lock_for_move`."""
    membership.full_clean()
    membership.save()
    _record_change(
        membership=membership,
        from_status=from_status,
        to_status=membership.status,
        effective_on=effective_on,
        reason=reason,
        changed_by=changed_by,
    )


@transaction.atomic
def membership_suspend(
    *,
    membership: Membership,
    suspended_on: datetime.date,
    decided_by: User | None = None,
    reason: str = "",
) -> Membership:
    with acting_as(decided_by):
        membership = _lock_for_move(membership, Status.SUSPENDED)
        _check_not_before_joining(membership, suspended_on)
        from_status = membership.status
        membership.status = Status.SUSPENDED
        membership.suspended_on = suspended_on
        _move_save(
            membership,
            from_status=from_status,
            effective_on=suspended_on,
            reason=reason,
            changed_by=decided_by,
        )
    return membership


@transaction.atomic
def membership_resume(
    *,
    membership: Membership,
    resumed_on: datetime.date,
    decided_by: User | None = None,
    reason: str = "",
) -> Membership:
    with acting_as(decided_by):
        membership = _lock_for_move(membership, Status.ACTIVE)
        if membership.status != Status.SUSPENDED:
            # APPLIED → ACTIVE is an admission, which goes through application_admit.
            raise ValidationError(
                _("Only a suspended membership can be resumed."), code="invalid_transition"
            )
        if membership.suspended_on and resumed_on < membership.suspended_on:
            raise ValidationError(
                _("The membership cannot be resumed before it was suspended."),
                code="date_before_start",
            )
        membership.status = Status.ACTIVE
        membership.suspended_on = None
        _move_save(
            membership,
            from_status=Status.SUSPENDED,
            effective_on=resumed_on,
            reason=reason,
            changed_by=decided_by,
        )
    return membership


@transaction.atomic
def membership_end(
    *,
    membership: Membership,
    ended_on: datetime.date,
    reason: str,
    decided_by: User | None = None,
    note: str = "",
) -> Membership:
    """End a membership for one of `Membership.EndReason`; it stays in the history."""
    if reason not in Membership.EndReason.values:
        raise ValidationError({"reason": _("Choose why the membership ends.")})
    with acting_as(decided_by):
        membership = _lock_for_move(membership, Status.ENDED)
        _check_not_before_joining(membership, ended_on)
        from_status = membership.status
        membership.status = Status.ENDED
        membership.ended_on = ended_on
        membership.end_reason = reason
        if note:
            membership.notes = f"{membership.notes}\n{note}".strip()
        _move_save(
            membership,
            from_status=from_status,
            effective_on=ended_on,
            reason=note or str(Membership.EndReason(reason).label),
            changed_by=decided_by,
        )
    return membership


@transaction.atomic
def membership_register(*, membership: Membership, created_by: User | None) -> Membership:
    """Record a membership entered by hand in the back office (e.g. an individual member).

    Its history starts with the move to its current status, effective on the date it began.
    """
    with acting_as(created_by):
        membership.full_clean()
        membership.save()
        if membership.status != Status.APPLIED:
            _record_change(
                membership=membership,
                from_status="",
                to_status=Status.APPLIED,
                effective_on=membership.applied_on,
                changed_by=created_by,
            )
        _record_change(
            membership=membership,
            from_status="" if membership.status == Status.APPLIED else Status.APPLIED,
            to_status=membership.status,
            effective_on=membership.joined_on or membership.applied_on,
            reason=membership.decision,
            changed_by=created_by,
        )
    return membership
