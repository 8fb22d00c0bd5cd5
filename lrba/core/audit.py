"""Helpers for django-auditlog shared by every app's services."""

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from auditlog.context import auditlog_value, set_actor
from django.db.models import Model


@contextlib.contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute audit-log entries written inside the block to `user`.

    Inside a request AuditlogMiddleware already names the signed-in user; services say it
    themselves so writes from commands and tasks are attributed too. auditlog's
    `set_actor` replaces an enclosing context and does not restore it: put it back so later
    writes keep their actor.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    outer = auditlog_value.get(None)
    extra = {k: outer.get(k) for k in ("remote_addr", "remote_port")} if outer else {}
    try:
        with set_actor(user, **extra):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)


def audit_bulk(
    changes: Sequence[tuple[Model | None, Model]],
    *,
    action: int,
    fields: Sequence[str] | None = None,
) -> int:
    """Write the audit-log entries that a bulk path skips, in one INSERT.

    `bulk_create`, `bulk_update` and `QuerySet.update` send no signals, so auditlog never
    sees them. A service that needs the bulk path for speed calls this right after it,
    with `(old, new)` pairs: `old` is None for a created row, else a copy taken before the
    change (`copy.copy(instance)`); `action` is a `LogEntry.Action`; `fields` limits an
    update's entry to the fields it changed. Entries carry the actor, address and
    correlation id of the surrounding request or `acting_as` block, as auditlog's own do.
    Returns how many entries were written (none for a model auditlog does not register,
    or inside `disable_auditlog`).
    """
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save
    from django.utils.encoding import smart_str

    if not changes or auditlog_disabled.get():
        return 0
    model = type(changes[0][1])
    if not auditlog.contains(model):
        return 0
    content_type = ContentType.objects.get_for_model(model)
    cid = get_cid()
    if fields is None:
        # The row's own columns: a reverse one-to-one would cost a query per row.
        fields = [name for f in model._meta.concrete_fields for name in (f.name, f.attname)]
    entries = []
    for old, new in changes:
        diff = model_instance_diff(
            old,
            new,
            fields_to_check=fields,
            use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
        )
        if not diff and action != LogEntry.Action.CREATE:
            continue
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(new.pk),
                object_id=new.pk if isinstance(new.pk, int) else None,
                object_repr=smart_str(new),
                action=action,
                changes=diff,
                cid=cid,
            )
        )
    for entry in entries:
        # auditlog names the actor and the address in a pre_save receiver that exists
        # only inside a request or `acting_as` block; bulk_create sends no pre_save.
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None)
    LogEntry.objects.bulk_create(entries)
    return len(entries)


def refusal_record(*, user: Any, target: Model, attempt: str, reason: str) -> None:
    """Write a refused attempt (a vote without the right, a second registration, minutes
    signed by someone else…) to the change history of `target`, as an "accessed" entry
    whose data says what was tried and why it was refused. Call it outside the refused
    write's transaction (`refusals_recorded` does), or the rollback takes it too."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils.encoding import smart_str

    actor = user if getattr(user, "is_authenticated", False) else None
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(target)),
        object_pk=str(target.pk),
        object_id=target.pk if isinstance(target.pk, int) else None,
        object_repr=smart_str(target)[:255],
        action=LogEntry.Action.ACCESS,
        changes={},
        actor=actor,
        additional_data={"refused": attempt, "reason": str(reason)},
    )


@contextlib.contextmanager
def refusals_recorded(*, user: Any, target: Model, attempt: str) -> Iterator[None]:
    """Run a write; if it is refused (ValidationError or PermissionDenied), record the
    attempt with `refusal_record` after its transaction rolled back, and re-raise."""
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        yield
    except (ValidationError, PermissionDenied) as refusal:
        reason = (
            "; ".join(refusal.messages) if isinstance(refusal, ValidationError) else str(refusal)
        )
        refusal_record(user=user, target=target, attempt=attempt, reason=reason)
        raise
