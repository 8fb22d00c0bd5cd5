"""Invitations: how people get an account (public sign-up is closed).

The secretariat invites a library's representatives and staff; a representative invites
staff of their own libraries. The invitee opens the e-mailed link, sets a name and a
password, and lands on their library's page.

An address that already has an account (in any letter case — addresses are matched
case-insensitively) never gets a second one: accepting links the existing account to the
library and leaves its password alone, and the person signs in with the password they
already have. Letting an invitation link set a new password on an existing account would
turn every stale invitation into a password reset.
"""

import datetime
import secrets
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.accounts.models import User
from lrba.accounts.roles import is_secretariat
from lrba.core.audit import acting_as
from lrba.members import tasks
from lrba.members.models import Employment, Invitation, Library, Mandate, Person
from lrba.members.selectors.representatives import is_library_representative

DEFAULT_POSITION = "darbuotojas"


def invitation_check_may_send(*, user: User, library: Library, role: str) -> None:
    """Raise PermissionDenied unless `user` may send this kind of invitation for `library`."""
    if is_secretariat(user):
        return
    if role == Invitation.Role.STAFF and is_library_representative(user, library):
        return
    raise PermissionDenied(_("You may not invite people to this library."))


def invitation_find(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("library")
        .filter(token_hash=Invitation.hash_token(token or ""))
        .first()
    )


def invitation_existing_user(invitation: Invitation) -> User | None:
    """The account that already uses the invited address, in any letter case."""
    return User.objects.filter(email__iexact=invitation.email).first()


def invitation_refusal(invitation: Invitation | None) -> str | None:
    """Why this invitation link cannot be used, or None when it can."""
    if invitation is None:
        return _(
            "This invitation link is not valid. Check that you copied the whole link from "
            "the e-mail."
        )
    if invitation.accepted_at is not None:
        return _(
            "This invitation has already been used. Sign in with your e-mail address and password."
        )
    if invitation.revoked_at is not None:
        return _(
            "This invitation has been withdrawn. Ask the person who invited you for a new one."
        )
    if invitation.is_expired:
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    return None


@transaction.atomic
def invitation_send(
    *,
    email: str,
    library: Library,
    role: str,
    invited_by: User,
    position: str = "",
    language: str | None = None,
) -> Invitation:
    """Create an invitation and e-mail its link (after commit) in the invitee's language.

    Refuses a second open invitation for the same address and library, and a staff
    invitation for someone whose account already works there. An expired invitation for
    the same address is closed (revoked) to make way for the new one.
    """
    invitation_check_may_send(user=invited_by, library=library, role=role)
    email = User.objects.normalize_email(email.strip()).lower()
    # Serialise invitations to one library, so two clicks cannot both pass the checks.
    Library.objects.select_for_update().get(pk=library.pk)
    now = timezone.now()
    with acting_as(invited_by):
        for previous in Invitation.objects.select_for_update().filter(
            library=library, email__iexact=email, accepted_at=None, revoked_at=None
        ):
            if not previous.is_expired:
                raise ValidationError(
                    {
                        "email": _(
                            "An invitation to this address is already waiting to be accepted. "
                            "Revoke it first if you want to send a new one."
                        )
                    },
                    code="duplicate_invitation",
                )
            previous.revoked_at = now
            previous.save(update_fields=["revoked_at"])

        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            works_there = (
                Employment.objects.current().filter(library=library, person__user=existing).exists()
            )
            already = works_there and (
                role == Invitation.Role.STAFF or is_library_representative(existing, library)
            )
            if already:
                raise ValidationError(
                    {"email": _("A person with this address already works in this library.")},
                    code="already_employed",
                )
        key = secrets.token_urlsafe(32)
        invitation = Invitation(
            email=email,
            library=library,
            role=role,
            position=position.strip(),
            language=language or (existing.language if existing else settings.LANGUAGE_CODE),
            key=key,
            invited_by=invited_by,
            created_at=now,
            expires_at=now + datetime.timedelta(days=settings.LRBA_INVITATION_DAYS),
        )
        invitation.token_hash = Invitation.hash_token(invitation.token)
        invitation.full_clean()
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:
            raise ValidationError(
                {"email": _("An invitation to this address is already waiting to be accepted.")},
                code="duplicate_invitation",
            ) from None
    transaction.on_commit(partial(tasks.send_invitation.enqueue, invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    """Withdraw an invitation that has not been accepted; its link stops working."""
    with acting_as(by):
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise ValidationError(
                _("This invitation has already been accepted; it cannot be revoked."),
                code="accepted",
            )
        if invitation.revoked_at is not None:
            return invitation
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


def _person_for(user: User, *, first_name: str, last_name: str) -> Person:
    person = Person.objects.filter(user=user).first()
    if person is None:
        # Someone the register already knows (added to a staff list by e-mail) gets the account.
        person = Person.objects.filter(user=None, email__iexact=user.email).first()
    if person is None:
        person = Person(first_name=first_name, last_name=last_name, email=user.email)
    person.user = user
    if not person.first_name:
        person.first_name = first_name
    if not person.last_name:
        person.last_name = last_name
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def invitation_accept(
    *, token: str, password: str | None, first_name: str = "", last_name: str = ""
) -> User:
    """Accept an invitation: create (or link) the account, the person, the employment and,
    for a representative, a mandate; the address counts as verified (the link proves it).

    An existing account with the same address keeps its password (`password` is ignored
    for it) and must sign in as usual. Holds a SELECT FOR UPDATE lock on the invitation so
    a link clicked twice makes one account.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=Invitation.hash_token(token or ""))
        .first()
    )
    refusal = invitation_refusal(invitation)
    if refusal is not None or invitation is None:
        raise ValidationError(refusal or "", code="invitation_unusable")
    library = invitation.library
    first_name, last_name = first_name.strip(), last_name.strip()

    user = User.objects.select_for_update().filter(email__iexact=invitation.email).first()
    if user is None:
        if not (first_name and last_name):
            raise ValidationError(_("Enter your first and last name."), code="names_required")
        user = User(
            email=invitation.email,
            full_name=f"{first_name} {last_name}",
            language=invitation.language,
        )
        validate_password(password or "", user)
        user.set_password(password)
        user.full_clean()
        user.save()

    with acting_as(user):
        person = _person_for(user, first_name=first_name, last_name=last_name)
        today = timezone.localdate()
        current = Employment.objects.current(on=today).filter(person=person, library=library)
        if not current.exists():
            employment = Employment(
                person=person,
                library=library,
                position=invitation.position or DEFAULT_POSITION,
                start_date=today,
            )
            employment.full_clean()
            employment.save()
        is_director = current.filter(is_director=True).exists()
        if invitation.role == Invitation.Role.REPRESENTATIVE and not is_director:
            mandate = Mandate(
                library=library,
                person=person,
                kind=Mandate.Kind.AUTHORISED_EMPLOYEE,
                scope=Mandate.Scope.PERIOD,
                valid_from=today,
                granted_by=invitation.invited_by,
            )
            mandate.full_clean()
            mandate.save()

        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            address = EmailAddress(user=user, email=user.email)
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        address.verified = True
        address.primary = True
        address.save()

        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user
