"""Erasure (GDPR Art. 17): the request, the secretariat's decision and the anonymisation.

A person is anonymised, not deleted, so nothing that points at them breaks (lists,
reports, the change history). What a law requires stays (Art. 17(3)(b), Facts §6): a
person who is or was a member keeps their name in the member register; minutes and
accounting keep their rows. Contacts, the account, sign-in traces and the contact values
in the change history go.
"""

import re
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.accounts import tasks
from lrba.accounts.models import (
    ERASURE_LEGAL_BASIS_NOTE,
    Anonymisation,
    AuthEvent,
    ConsentRecord,
    ErasureRequest,
    User,
)
from lrba.core.audit import acting_as
from lrba.core.cache import REGISTER, content_changed
from lrba.members.models import Employment, Library, MembershipApplication, Person

# What replaces erased values in the change history, and erased names.
REDACTED = "[ištrinta]"
ERASED_NAME = "Ištrintas asmuo"

# Models whose e-mail fields the anonymisation handles itself; every other model's
# EmailField holding the person's address is blanked by `_email_fields_sweep` (this is how
# records added by later apps, e.g. invitations, are covered without a change here).
# A library's own address belongs to a legal person and is not personal data.
_HANDLED_EMAIL_MODELS = {User, Person, Library, MembershipApplication, EmailAddress}


# Requests -------------------------------------------------------------------------------


def _is_anonymised(person: Person | None, user: User | None) -> bool:
    subject = Q(pk__in=[])
    if person is not None:
        subject |= Q(person=person)
    if user is not None:
        subject |= Q(user=user)
    return Anonymisation.objects.filter(subject).exists()


@transaction.atomic
def erasure_request_create(
    *, person: Person | None, requested_by: User, reason: str = ""
) -> ErasureRequest:
    """Record a request to be erased (by the person, or by the secretariat for a paper one).

    With no `person`, the request is for `requested_by`'s own account only.
    """
    if person is not None:
        Person.objects.select_for_update().filter(pk=person.pk).first()
    else:
        User.objects.select_for_update().filter(pk=requested_by.pk).first()
    erasure_request_check(person=person, requested_by=requested_by)
    request = ErasureRequest(person=person, requested_by=requested_by, reason=reason.strip())
    request.full_clean()
    with acting_as(requested_by):
        request.save()
    return request


def erasure_request_check(*, person: Person | None, requested_by: User) -> None:
    """Raise ValidationError when a request would duplicate a pending one or come too late."""
    if person is not None:
        pending = ErasureRequest.objects.filter(person=person)
    else:
        pending = ErasureRequest.objects.filter(requested_by=requested_by, person__isnull=True)
    if pending.filter(status=ErasureRequest.Status.PENDING).exists():
        raise ValidationError(
            _("A request to erase this person's data is already waiting for a decision."),
            code="already_pending",
        )
    if _is_anonymised(person, None if person else requested_by):
        raise ValidationError(_("This person's data have already been erased."), code="erased")


def _lock_pending(request: ErasureRequest) -> ErasureRequest:
    locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != ErasureRequest.Status.PENDING:
        raise ValidationError(
            _("This request has already been decided; nothing was changed."),
            code="already_decided",
        )
    return locked


def _subject(request: ErasureRequest) -> tuple[Person | None, User | None]:
    """Whose data the request is about: the person's account, or the requester's own."""
    if request.person is not None:
        return request.person, request.person.user
    return None, request.requested_by


@transaction.atomic
def erasure_request_confirm(
    *, request: ErasureRequest, decided_by: User, legal_basis_note: str = ""
) -> ErasureRequest:
    """Erase the person (see `subject_anonymise`) and e-mail them the outcome after commit."""
    request = _lock_pending(request)
    person, user = _subject(request)
    # Read the address before it is erased: the outcome e-mail still has to reach them.
    notify = (person.email if person else "") or (user.email if user and user.is_active else "")
    note = legal_basis_note.strip() or ERASURE_LEGAL_BASIS_NOTE
    reason = _("Erasure request #%(id)s: %(reason)s") % {
        "id": request.pk,
        "reason": request.reason or "—",
    }
    anonymisation = subject_anonymise(
        person=person,
        user=user,
        reason=reason,
        legal_basis=note,
        by=decided_by,
        erasure_request=request,
    )
    now = timezone.now()
    request.status = ErasureRequest.Status.CONFIRMED
    request.decided_by = decided_by
    request.decided_at = now
    request.completed_at = now
    request.legal_basis_note = note
    request.kept_records = anonymisation.legal_basis if anonymisation else ""
    request.notify_email = notify
    request.full_clean()
    with acting_as(decided_by):
        request.save()
    transaction.on_commit(partial(tasks.send_erasure_outcome.enqueue, request_id=request.pk))
    return request


@transaction.atomic
def erasure_request_reject(
    *, request: ErasureRequest, decided_by: User, reason: str
) -> ErasureRequest:
    """Refuse the request with a reason the person receives by e-mail."""
    if not reason.strip():
        raise ValidationError(
            {"rejection_reason": _("Say why the request is rejected.")}, code="required"
        )
    request = _lock_pending(request)
    person, user = _subject(request)
    request.status = ErasureRequest.Status.REJECTED
    request.decided_by = decided_by
    request.decided_at = timezone.now()
    request.rejection_reason = reason.strip()
    request.notify_email = (person.email if person else "") or (user.email if user else "")
    request.full_clean()
    with acting_as(decided_by):
        request.save()
    transaction.on_commit(partial(tasks.send_erasure_outcome.enqueue, request_id=request.pk))
    return request


# Anonymisation --------------------------------------------------------------------------


@transaction.atomic
def subject_anonymise(
    *,
    person: Person | None,
    user: User | None,
    reason: str,
    legal_basis: str,
    by: User | None,
    erasure_request: ErasureRequest | None = None,
) -> Anonymisation | None:
    """Anonymise a person and/or their account everywhere; None if already done.

    Locks the person and the account (SELECT FOR UPDATE) so two erasures cannot interleave.
    The returned record's `legal_basis` ends with a list of what was kept.
    """
    if person is not None:
        person = Person.objects.select_for_update().get(pk=person.pk)
        user = user or person.user
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
    if person is None and user is None:
        raise ValueError("Nothing to anonymise.")
    if _is_anonymised(person, user):
        return None

    emails = {e.lower() for e in (person.email if person else "", user.email if user else "")}
    if user is not None:
        emails |= {
            e.lower()
            for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        }
    emails.discard("")
    phones = {person.phone} - {""} if person else set()
    keep_name = person is not None and person.memberships.exists()
    names: list[str] = []
    if person is not None and not keep_name:
        names = [person.full_name, f"{person.last_name} {person.first_name}"]
        names += [person.first_name, person.last_name]
    if user is not None and user.full_name and not keep_name:
        names.append(user.full_name)
    kept: list[str] = []
    touched: dict[type, list[int]] = {}

    with acting_as(by):
        if person is not None:
            kept += _person_anonymise(person, keep_name=keep_name)
            touched[Person] = [person.pk]
            touched[Employment] = list(person.employments.values_list("pk", flat=True))
            touched[ConsentRecord] = list(person.consents.values_list("pk", flat=True))
            touched[ErasureRequest] = list(person.erasure_requests.values_list("pk", flat=True))
        if user is not None:
            _user_anonymise(user)
            touched[User] = [user.pk]
        touched[MembershipApplication], applications = _applications_anonymise(
            emails, subject_id=person.pk if person else user.pk if user else 0
        )
        if applications:
            kept.append(applications)
        _email_fields_sweep(emails)
        _sign_in_traces_remove(user, emails)
        legal_basis_text = legal_basis.strip()
        if kept:
            legal_basis_text += "\n\nPalikta:\n" + "\n".join(f"- {line}" for line in kept)
        anonymisation = Anonymisation(
            person=person,
            user=user,
            reason=reason,
            legal_basis=legal_basis_text,
            by=by,
            erasure_request=erasure_request,
        )
        anonymisation.full_clean()
        anonymisation.save()
    _auditlog_redact(
        touched=touched, contacts=emails | phones, names={n for n in names if n.strip()}, user=user
    )
    content_changed(REGISTER)
    return anonymisation


def _person_anonymise(person: Person, *, keep_name: bool) -> list[str]:
    kept = []
    person.email = ""
    person.phone = ""
    if keep_name:
        kept.append(f"Vardas ir pavardė – narių registre (narysčių: {person.memberships.count()})")
    else:
        person.first_name = ERASED_NAME
        person.last_name = f"#{person.pk}"
    person.full_clean()
    person.save()
    employments = person.employments.count()
    if employments:
        kept.append(f"Darbo vietų įrašai be kontaktų: {employments}")
    consents = 0
    for consent in ConsentRecord.objects.filter(person=person):
        consents += 1
        if consent.withdrawn_at is None:
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
    if consents:
        kept.append(f"Sutikimų įrašai (atšaukti; sutikimo įrodymas): {consents}")
    return kept


def _user_anonymise(user: User) -> None:
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    if apps.is_installed("allauth.usersessions"):  # its rows hold the IP and the browser
        apps.get_model("usersessions", "UserSession").objects.filter(user=user).delete()
    # Changing the password already invalidates every session; delete them all the same.
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def _by_email(field: str, emails: set[str]) -> Q:
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(**{f"{field}__iexact": email})
    return query


def _applications_anonymise(emails: set[str], *, subject_id: int) -> tuple[list[int], str]:
    """Blank the representative's contacts on their applications; the name stays only
    where the application led to a membership (it documents the admission)."""
    ids = []
    for application in MembershipApplication.objects.filter(
        _by_email("representative_email", emails)
    ):
        ids.append(application.pk)
        # Saved without full_clean: the (required) address is erased on purpose.
        application.representative_email = ""
        application.representative_phone = ""
        if application.membership_id is None:
            application.representative_first_name = ERASED_NAME
            application.representative_last_name = f"#{subject_id}"
        application.save()
    if not ids:
        return ids, ""
    return ids, f"Narystės prašymai be atstovo kontaktų: {len(ids)}"


def _email_fields_sweep(emails: set[str]) -> None:
    if not emails:
        return
    for model in apps.get_models():
        if model in _HANDLED_EMAIL_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.EmailField):
                continue
            for obj in model._default_manager.filter(_by_email(field.name, emails)):
                value = "" if field.blank else f"erased-{obj.pk}@erased.invalid"
                setattr(obj, field.attname, value)
                obj.save(update_fields=[field.name])


def _sign_in_traces_remove(user: User | None, emails: set[str]) -> None:
    """Sign-in events stay (the security log) without address, IP or browser; axes'
    attempt records, which exist only to throttle, go."""
    events = _by_email("email", emails)
    if user is not None:
        events |= Q(user=user)
    AuthEvent.objects.filter(events).update(email="", ip_address=None, user_agent="")
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(_by_email("username", emails)).delete()


def _scrub(value: Any, patterns: list[re.Pattern[str]]) -> Any:
    if isinstance(value, str):
        for pattern in patterns:
            value = pattern.sub(REDACTED, value)
        return value
    if isinstance(value, list):
        return [_scrub(item, patterns) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, patterns) for key, item in value.items()}
    return value


def _auditlog_redact(
    *, touched: dict[type, list[int]], contacts: set[str], names: set[str], user: User | None
) -> None:
    """Replace the erased values in the change history: in entries about the touched
    records or by the person, and in any entry mentioning an erased address or phone."""
    secrets = sorted(contacts | names, key=len, reverse=True)
    if not secrets:
        return
    entries = Q(pk__in=[])
    for model, ids in touched.items():
        if ids:
            content_type = ContentType.objects.get_for_model(model)
            entries |= Q(content_type=content_type, object_pk__in=[str(i) for i in ids])
    if user is not None:
        entries |= Q(actor=user)
    for secret in contacts:
        entries |= (
            Q(changes_text__icontains=secret)
            | Q(object_repr__icontains=secret)
            | Q(actor_email__iexact=secret)
            | Q(lrba_changes_text__icontains=secret)
            | Q(lrba_data_text__icontains=secret)
            | Q(lrba_extra_text__icontains=secret)
        )
    patterns = [re.compile(re.escape(s), re.IGNORECASE) for s in secrets]
    queryset = LogEntry.objects.annotate(
        lrba_changes_text=Cast("changes", TextField()),
        lrba_data_text=Cast("serialized_data", TextField()),
        lrba_extra_text=Cast("additional_data", TextField()),
    ).filter(entries)
    for entry in queryset.iterator():
        actor_email = entry.actor_email
        if user is not None and entry.actor_id == user.pk:
            actor_email = user.email
        LogEntry.objects.filter(pk=entry.pk).update(
            changes=_scrub(entry.changes, patterns),
            changes_text=_scrub(entry.changes_text, patterns),
            object_repr=_scrub(entry.object_repr, patterns),
            serialized_data=_scrub(entry.serialized_data, patterns),
            additional_data=_scrub(entry.additional_data, patterns),
            actor_email=_scrub(actor_email or "", patterns) if actor_email else actor_email,
        )
