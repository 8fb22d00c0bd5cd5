"""Positions: prepared by the secretariat, adopted by the Board, sent on the letterhead
with an outgoing number, then followed until the institution replies (issue 14, point 2).

The life of a position: draft (edited freely) → adopted (`position_adopt`, with the
Board's decision when the governance register has it) → sent (`position_send`: the next
number of the year's series `position:<year>` — `S-<year>-<nnn>`, gap-free, taken under
the series' row lock in the same transaction that stores the PDF) → answered
(`position_reply_record`: the reply's date, what it says and the outcome). The PDF is
always in Lithuanian, the language the association writes to institutions in.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lrba.core.audit import acting_as
from lrba.core.numbering import number_next
from lrba.core.text import fold
from lrba.core.uploads import upload_store
from lrba.governance.models import Decision
from lrba.representation.models import Consultation, Position, PositionDocument

POSITION_TEMPLATE = "representation/pdf/position.html"
# What a form may set on a position (the rest belongs to adoption, sending and follow-up).
EDITABLE_FIELDS = (
    "title",
    "addressee",
    "addressee_name",
    "consultation",
    "summary",
    "body",
    "signatory_name",
    "signatory_title",
    "visibility",
)


def position_series_key(year: int) -> str:
    return f"position:{year}"


def position_number(*, year: int, sequence: int) -> str:
    return f"S-{year}-{sequence:03d}"


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(fold(title))[:120].strip("-") or "pozicija"
    taken = Position.objects.exclude(pk=exclude_pk) if exclude_pk else Position.objects.all()
    slug, n = base, 1
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _unknown_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {', '.join(sorted(unknown))}")


def position_prefill(consultation: Consultation) -> dict[str, Any]:
    """What a position drawn from `consultation` starts with: its title, the institution
    that asked (nominative; the dative for the letter is the secretariat's to write) and
    its summary."""
    return {
        "consultation": consultation,
        "title": consultation.title,
        "addressee_name": consultation.institution,
        "summary": consultation.summary,
    }


@transaction.atomic
def position_create(*, by: Any, **fields: Any) -> Position:
    """A draft position. Given a `consultation`, empty fields are filled from it
    (`position_prefill`)."""
    _unknown_fields(fields)
    consultation = fields.get("consultation")
    if consultation is not None:
        for name, value in position_prefill(consultation).items():
            if not fields.get(name):
                fields[name] = value
    position = Position(**fields, status=Position.Status.DRAFT, created_by=by)
    position.slug = _unique_slug(position.title)
    with acting_as(by):
        position.full_clean()
        position.save()
    return position


@transaction.atomic
def position_update(*, position: Position, by: Any, **fields: Any) -> Position:
    """Change a draft. An adopted position keeps the text the Board adopted; only who
    sees it may still change."""
    _unknown_fields(fields)
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status != Position.Status.DRAFT and set(fields) - {"visibility"}:
        raise ValidationError(
            _("The position is adopted: its text can no longer be changed, only who sees it.")
        )
    for name, value in fields.items():
        setattr(position, name, value)
    with acting_as(by):
        position.full_clean()
        position.save()
    return position


@transaction.atomic
def position_adopt(
    *,
    position: Position,
    adopted_on: datetime.date,
    decision: Decision | None = None,
    by: Any,
) -> Position:
    """Record the Board's adoption (draft → adopted), with its decision if there is one.
    Refused: a position already adopted, a date in the future."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status != Position.Status.DRAFT:
        raise ValidationError(_("This position is already adopted."))
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The adoption date cannot be in the future.")})
    position.status = Position.Status.ADOPTED
    position.adopted_on = adopted_on
    position.decision = decision
    with acting_as(by):
        position.full_clean()
        position.save()
    return position


def position_pdf_context(position: Position) -> dict[str, Any]:
    from lrba.training.documents import long_date

    on = position.sent_on or timezone.localdate()
    return {
        "position": position,
        "language": "lt",
        "date_long": long_date(on, "lt"),
        "body_paragraphs": [p.strip() for p in position.body.split("\n\n") if p.strip()],
        "heading": _heading(position.title),
    }


def _heading(title: str) -> str:
    """The letter's subject line in the "DĖL …" style: the title in capitals, with "Dėl"
    in front unless it already starts so."""
    title = title.strip()
    if not fold(title).lower().startswith("del "):
        title = f"Dėl {title[:1].lower()}{title[1:]}"
    return title.upper()


def position_pdf(position: Position) -> bytes:
    """The position as a letter on the association's letterhead, in Lithuanian: the
    preview before sending (without a number) or the copy that is sent."""
    from lrba.core.pdf import render_pdf

    with translation.override("lt"):
        return render_pdf(POSITION_TEMPLATE, position_pdf_context(position))


def position_pdf_filename(position: Position) -> str:
    return f"{position.number or 'pozicija'}.pdf"


@transaction.atomic
def position_send(*, position: Position, sent_on: datetime.date, sent_to: str, by: Any) -> Position:
    """Mark an adopted position sent: the next outgoing number of `sent_on`'s year, the
    PDF drawn with it and kept, status sent. Refused: a draft (adopt it first), a
    position already sent, a date before the adoption or in the future, no addressee.

    The number comes from `number_next` in this transaction: two positions sent at once
    take turns on the series' row lock, and a failure gives the number back."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status == Position.Status.DRAFT:
        raise ValidationError(_("Adopt the position before sending it."))
    if position.status != Position.Status.ADOPTED:
        raise ValidationError(
            _("This position was already sent (No. %(number)s).") % {"number": position.number}
        )
    errors: dict[str, str] = {}
    if sent_on > timezone.localdate():
        errors["sent_on"] = _("The sending date cannot be in the future.")
    elif position.adopted_on and sent_on < position.adopted_on:
        errors["sent_on"] = _("The position cannot be sent before it was adopted.")
    if not sent_to.strip():
        errors["sent_to"] = _("Say to whom the position was sent.")
    if errors:
        raise ValidationError(errors)
    (sequence,) = number_next(series_key=position_series_key(sent_on.year))
    position.number = position_number(year=sent_on.year, sequence=sequence)
    position.sent_on = sent_on
    position.sent_to = sent_to.strip()
    position.sent_by = by if getattr(by, "is_authenticated", False) else None
    position.status = Position.Status.SENT
    content = position_pdf(position)
    position.pdf.save(position_pdf_filename(position), ContentFile(content), save=False)
    stored = position.pdf.name
    try:  # should saving fail, the stored file must not outlive the rolled-back row
        with acting_as(by):
            position.full_clean()
            position.save()
    except Exception:
        position.pdf.storage.delete(stored)
        raise
    return position


@transaction.atomic
def position_reply_record(
    *,
    position: Position,
    received_on: datetime.date,
    summary: str,
    outcome: str,
    by: Any,
) -> Position:
    """Record the institution's reply to a sent position (sent → answered); a second
    call corrects it. Refused: a position not sent yet, a date before the sending."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.status not in (Position.Status.SENT, Position.Status.ANSWERED):
        raise ValidationError(_("A reply is recorded once the position has been sent."))
    errors: dict[str, str] = {}
    if received_on > timezone.localdate():
        errors["received_on"] = _("The reply's date cannot be in the future.")
    elif position.sent_on and received_on < position.sent_on:
        errors["received_on"] = _("The reply cannot have come before the position was sent.")
    if outcome not in Position.Outcome.values:
        errors["outcome"] = _("Choose the outcome from the list.")
    if errors:
        raise ValidationError(errors)
    position.reply_received_on = received_on
    position.reply_summary = summary.strip()
    position.outcome = outcome
    position.status = Position.Status.ANSWERED
    with acting_as(by):
        position.full_clean()
        position.save()
    return position


@transaction.atomic
def position_document_add(
    *,
    position: Position,
    kind: str,
    title: str,
    file: UploadedFile,
    public: bool,
    by: Any,
) -> PositionDocument:
    """Attach a document (the reply, an annex) to a position; `public` ones are shown
    with the position to whoever sees it. The file is checked (lrba.core.uploads)."""
    document = PositionDocument(
        position=position,
        kind=kind,
        title=title.strip(),
        public=public,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    document.file = file  # checked by the field's validator in full_clean
    document.full_clean()
    upload_store(document.file, file, name=file.name or "dokumentas", prefix="pozicija")
    with acting_as(by):
        document.save()
    return document
