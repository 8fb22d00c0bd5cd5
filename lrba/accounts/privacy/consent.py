"""Consent records (GDPR Art. 6(1)(a), 7): what a person agreed to, in which wording, when.

A consent is never edited away: withdrawing stamps `withdrawn_at`, giving it again adds a
new row with the wording shown at that moment, so the association can prove what was
agreed to at any date. `person` is the register's Person (lrba.members), which this
layer does not import.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lrba.accounts.models import ConsentRecord, User
from lrba.core.audit import acting_as

Purpose = ConsentRecord.Purpose

# Bump the version whenever a wording changes: the records keep the text they were given with.
CONSENT_TEXT_VERSION = "2026-01"
CONSENT_TEXTS: dict[str, Promise] = {
    Purpose.NEWSLETTER: gettext_lazy(
        "I agree to receive the association's newsletter (news, events and projects) by "
        "e-mail. I can withdraw this consent at any time on the My data page."
    ),
    Purpose.PHOTOS: gettext_lazy(
        "I agree that photos of me taken at the association's events and my name as a "
        "participant may be published on the association's website and social media. I can "
        "withdraw this consent at any time on the My data page."
    ),
}


def consent_current(*, person: Any) -> dict[str, ConsentRecord | None]:
    """The consent in force for each purpose (None when not given or withdrawn)."""
    active = {c.purpose: c for c in person.consents.filter(withdrawn_at__isnull=True)}
    return {purpose: active.get(purpose) for purpose in Purpose.values}


@transaction.atomic
def consent_give(
    *,
    person: Any,
    purpose: str,
    source: str = ConsentRecord.Source.FORM,
    by: User | None = None,
) -> ConsentRecord:
    """Record a consent with today's wording (in the active language); giving it again
    while it is in force changes nothing."""
    if purpose not in Purpose.values:
        raise ValidationError(_("Unknown consent purpose."), code="unknown_purpose")
    type(person).objects.select_for_update().filter(pk=person.pk).first()  # one change at a time
    current = ConsentRecord.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).first()
    if current is not None:
        return current
    record = ConsentRecord(
        person=person,
        purpose=purpose,
        text_version=CONSENT_TEXT_VERSION,
        text=str(CONSENT_TEXTS[purpose]),
        source=source,
    )
    record.full_clean()
    with acting_as(by):
        record.save()
    return record


@transaction.atomic
def consent_withdraw(*, person: Any, purpose: str, by: User | None = None) -> int:
    """Stamp the consent in force as withdrawn; returns how many records changed (0 or 1)."""
    changed = 0
    records = ConsentRecord.objects.select_for_update().filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    )
    with acting_as(by):
        for record in records:
            record.withdrawn_at = timezone.now()
            record.save(update_fields=["withdrawn_at"])
            changed += 1
    return changed
