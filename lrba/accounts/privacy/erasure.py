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

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from lrba.accounts import tasks
from lrba.accounts.models import ERASURE_LEGAL_BASIS_NOTE, Anonymisation, ErasureRequest, User
from lrba.accounts.privacy.declarations import (  # noqa: F401  (ERASED_NAME: tests find it here)
    ERASED_NAME,
    REDACTED,
    Erasure,
    by_email,
    modules,
    subject_for,
)
from lrba.core.audit import acting_as

# Requests -------------------------------------------------------------------------------


def _is_anonymised(person: Any, user: User | None) -> bool:
    subject = Q(pk__in=[])
    if person is not None:
        subject |= Q(person=person)
    if user is not None:
        subject |= Q(user=user)
    return Anonymisation.objects.filter(subject).exists()


@transaction.atomic
def erasure_request_create(*, person: Any, requested_by: User, reason: str = "") -> ErasureRequest:
    """Record a request to be erased (by the person, or by the secretariat for a paper one).

    With no `person`, the request is for `requested_by`'s own account only.
    """
    if person is not None:
        type(person).objects.select_for_update().filter(pk=person.pk).first()
    else:
        User.objects.select_for_update().filter(pk=requested_by.pk).first()
    erasure_request_check(person=person, requested_by=requested_by)
    request = ErasureRequest(person=person, requested_by=requested_by, reason=reason.strip())
    request.full_clean()
    with acting_as(requested_by):
        request.save()
    return request


def erasure_request_check(*, person: Any, requested_by: User) -> None:
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


def _subject(request: ErasureRequest) -> tuple[Any, User | None]:
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
    person: Any,
    user: User | None,
    reason: str,
    legal_basis: str,
    by: User | None,
    erasure_request: ErasureRequest | None = None,
) -> Anonymisation | None:
    """Anonymise a person and/or their account everywhere; None if already done.

    Each app erases its own records (its privacy module's `erase`), the apps above first
    so their copies go before the records they copy from; then every remaining e-mail
    field holding the person's address is blanked and the change history redacted.
    Locks the person and the account (SELECT FOR UPDATE) so two erasures cannot interleave.
    The returned record's `legal_basis` ends with a list of what was kept.
    """
    if person is not None:
        person = type(person).objects.select_for_update().get(pk=person.pk)
        user = user or person.user
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
    if person is None and user is None:
        raise ValueError("Nothing to anonymise.")
    if _is_anonymised(person, user):
        return None

    erasure = Erasure(subject=subject_for(person=person, user=user))
    erasure.contacts |= erasure.subject.emails
    with acting_as(by):
        for _label, module in reversed(modules()):
            module.erase(erasure)
        _email_fields_sweep(erasure.subject.emails)
        legal_basis_text = legal_basis.strip()
        if erasure.kept:
            legal_basis_text += "\n\nPalikta:\n" + "\n".join(f"- {line}" for line in erasure.kept)
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
    _auditlog_redact(erasure)
    return anonymisation


def _not_exported() -> set[tuple[str, str]]:
    """The fields the apps declare are not a person's data (a library's own address)."""
    return {(label, key) for label, module in modules() for key in module.NOT_EXPORTED}


def _email_fields_sweep(emails: frozenset[str]) -> None:
    """Blank the person's address in every e-mail field no app erased itself: records a
    later app adds are covered before it learns to erase them."""
    if not emails:
        return
    not_personal = _not_exported()
    for model in apps.get_models():
        if model is User or model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            declared = (model._meta.app_label, f"{model.__name__}.{field.name}")
            if not isinstance(field, models.EmailField) or declared in not_personal:
                continue
            for obj in model._default_manager.filter(by_email(field.name, emails)):
                value = "" if field.blank else f"erased-{obj.pk}@erased.invalid"
                setattr(obj, field.attname, value)
                obj.save(update_fields=[field.name])


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


def _entries_about(model: type[models.Model], ids: set[int]) -> Q:
    content_type = ContentType.objects.get_for_model(model)
    return Q(content_type=content_type, object_pk__in=[str(i) for i in ids])


def _values_ever_held(entry: LogEntry, field_name: str) -> set[str]:
    """Every value a field had in one history entry (old and new), as text."""
    found: set[str] = set()
    change = (entry.changes or {}).get(field_name) if isinstance(entry.changes, dict) else None
    if isinstance(change, list):
        found |= {str(value) for value in change}
    data = entry.serialized_data
    if isinstance(data, dict) and isinstance(data.get("fields"), dict):
        value = data["fields"].get(field_name)
        if value is not None:
            found.add(str(value))
    # auditlog writes "None" for an empty value; short values would redact too much.
    return {value for value in found if len(value.strip()) >= 3 and value != "None"}


def _auditlog_redact(erasure: Erasure) -> None:
    """Replace the erased values in the change history: in entries about the records the
    apps touched or made by the person, and in any entry mentioning an erased address or
    phone. Every value a touched record's personal fields ever held counts (an old phone
    number too), not only the last one."""
    contacts, names = set(erasure.contacts), set(erasure.names)
    about = Q(pk__in=[])
    for model, (ids, fields) in erasure.history.items():
        if not ids:
            continue
        about |= _entries_about(model, ids)
        for entry in LogEntry.objects.filter(_entries_about(model, ids)).iterator():
            for field_name, kind in fields.items():
                values = _values_ever_held(entry, field_name)
                (contacts if kind == "contact" else names).update(values)
    contacts.discard("")
    secrets = sorted(contacts | {n for n in names if n.strip()}, key=len, reverse=True)
    if not secrets:
        return
    user = erasure.subject.user
    entries = about
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
