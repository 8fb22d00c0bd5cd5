"""Importing a supplier's catalogue file: stored and queued (`catalogue_import_start`), then
read and written in the background (`catalogue_import_run`, task
`lrba.acquisition.tasks.catalogue_import_task`).

How the import behaves, and why:

- **Streaming.** The reader (`lrba.acquisition.formats.read_catalogue`) yields one record
  at a time; the import keeps one batch (`BATCH_SIZE` records) in memory, so a file of
  100,000 products costs what a file of 1,000 does.
- **Batched and idempotent.** Each batch is one transaction: titles upserted by ISBN-13
  (a title offered by several suppliers stays one title; an existing title gets the
  file's non-empty values and never loses one to an empty value), the supplier's offers
  upserted by (supplier, title), the rejected records written with their reasons, the
  titles indexed for the search, and the import's progress saved. Importing the same
  file again updates the offers and adds no title.
- **Resumable.** Because a batch and the progress it moves commit together,
  `records_read` says exactly how far the file is in the database. A failed import can
  be resumed (`catalogue_import_resume`): the run skips the records already read and
  goes on, keeping its counts.
- **Every rejection kept.** A record the reader could not read, an invalid ISBN, a
  record without a title, a price that is not an amount, and an ISBN that appears
  earlier in the same file are each an `ImportRejection` with the reason, in the
  importer's language. new + updated + rejected = records read.
- **Failure.** A file that turns out broken half-way (`FileRefused`) keeps the batches
  read before the damage and fails with the reader's reason; any other error fails the
  import with a general message (and the traceback in the log).
"""

import logging
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lrba.acquisition.formats import (
    CatalogueRecord,
    FileRefused,
    RecordRejection,
    detect_format,
    read_catalogue,
)
from lrba.acquisition.isbn import InvalidIsbn, isbn_normalise
from lrba.acquisition.models import (
    CatalogueImport,
    ColumnMapping,
    ImportRejection,
    Offer,
    Supplier,
    Title,
)
from lrba.acquisition.search import titles_index
from lrba.core.text import sort_key
from lrba.core.uploads import upload_store

logger = logging.getLogger(__name__)

# Records per transaction; the progress is saved after each batch.
BATCH_SIZE = 1000
# An upload larger than this is refused before it is stored: 100,000 ONIX 3.0 products
# with descriptions and several prices take about 400 MB (bench/acquisition/import_bench).
MAX_CATALOGUE_BYTES = 1024 * 1024 * 1024
TABLE_FORMATS = (CatalogueImport.Format.CSV, CatalogueImport.Format.XLSX)
# A batch that lost a race with another import writing the same ISBNs or offers is
# written again (it then finds their rows): at most this many times.
BATCH_ATTEMPTS = 3
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE
MAX_PRICE = Decimal("9999999999.99")  # Offer.price: 12 digits, 2 decimal places
CENT = Decimal("0.01")

# Title fields a record fills, with their column lengths (PostgreSQL refuses longer text).
_TEXT_LENGTHS = {
    "title": 500,
    "subtitle": 500,
    "authors": 1000,
    "publisher": 255,
    "language": 3,
    "subjects": 1000,
    "product_form": 100,
    "edition": 100,
}
_TITLE_FIELDS = (*_TEXT_LENGTHS, "year", "pages", "lithuanian_author", "marc_record")
# Offer fields a record sets.
_OFFER_FIELDS = ("price", "availability", "is_available", "reference")


def _language(user: Any) -> str:
    """The importer's language; the current one for a command run without a user."""
    return getattr(user, "language", "") or translation.get_language() or "lt"


# Starting ---------------------------------------------------------------------------------


def _file_size(file: Any) -> int | None:
    size = getattr(file, "size", None)
    if size is None:
        try:
            position = file.tell()
            file.seek(0, 2)
            size = file.tell()
            file.seek(position)
        except (AttributeError, OSError):
            return None
    return size


def catalogue_import_start(
    *,
    supplier: Supplier,
    uploaded_file: Any,
    mapping: ColumnMapping | None = None,
    user: Any,
    enqueue: bool = True,
) -> CatalogueImport:
    """Store a supplier's catalogue file and queue its import (after commit; `enqueue=False`
    for a caller that runs `catalogue_import_run` itself, as the command does).

    `uploaded_file` is an UploadedFile or any binary file object with a `name`. The
    format is told from the content before anything is stored: a file that is no
    catalogue, an empty or too large file, a CSV/XLSX list without a column mapping,
    or a mapping of another supplier is refused with a ValidationError saying why."""
    name = PurePath(str(getattr(uploaded_file, "name", "") or "catalogue")).name[:255]
    size = _file_size(uploaded_file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size is not None and size > MAX_CATALOGUE_BYTES:
        raise ValidationError(
            _("The file is too large; a catalogue may be at most %(limit)s MB.")
            % {"limit": MAX_CATALOGUE_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        uploaded_file.seek(0)
        file_format = detect_format(uploaded_file, name)
    except FileRefused as refusal:
        raise ValidationError(str(refusal), code="refused") from None
    if mapping is not None and mapping.supplier_id != supplier.pk:
        raise ValidationError(
            _("The column mapping “%(mapping)s” belongs to another supplier.")
            % {"mapping": mapping.name},
            code="mapping",
        )
    if file_format in TABLE_FORMATS and mapping is None:
        raise ValidationError(
            _(
                "%(name)s is a table (%(format)s): choose a saved column mapping or say "
                "which column holds what."
            )
            % {"name": name, "format": CatalogueImport.Format(file_format).label},
            code="mapping_needed",
        )
    if file_format not in TABLE_FORMATS:
        mapping = None  # a mapping means nothing to ONIX or MARC
    uploaded_file.seek(0)
    with transaction.atomic():
        catalogue_import = CatalogueImport(
            supplier=supplier,
            original_name=name,
            file_format=file_format,
            mapping=mapping,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        upload_store(catalogue_import.file, uploaded_file, name=name, prefix=supplier.code)
        catalogue_import.full_clean()
        catalogue_import.save()
        if enqueue:
            _enqueue_on_commit(catalogue_import.pk)
    return catalogue_import


def _enqueue_on_commit(import_id: int) -> None:
    from lrba.acquisition.tasks import catalogue_import_task

    transaction.on_commit(lambda: catalogue_import_task.enqueue(import_id))


def catalogue_import_resume(*, catalogue_import: CatalogueImport, user: Any) -> CatalogueImport:
    """Queue a failed import again: it goes on after the records it already read (their
    batches are in), keeping its counts. ValidationError for an import that did not fail."""
    with transaction.atomic():
        locked = CatalogueImport.objects.select_for_update().get(pk=catalogue_import.pk)
        if locked.status != CatalogueImport.Status.FAILED:
            raise ValidationError(
                _("Only a failed import can be resumed; this one is “%(status)s”.")
                % {"status": locked.get_status_display()},
                code="not_failed",
            )
        locked.status = CatalogueImport.Status.QUEUED
        locked.error = ""
        locked.finished_at = None
        locked.save(update_fields=["status", "error", "finished_at"])
        _enqueue_on_commit(locked.pk)
    return locked


# Running ----------------------------------------------------------------------------------


def catalogue_import_run(catalogue_import: CatalogueImport | int) -> CatalogueImport:
    """Read and write a queued import; return it done or failed. Running it again (a task
    delivered twice) does nothing: only a queued import starts."""
    pk = catalogue_import if isinstance(catalogue_import, int) else catalogue_import.pk
    with transaction.atomic():
        record = (
            CatalogueImport.objects.select_for_update(of=("self",))
            .select_related("supplier", "mapping", "created_by")
            .get(pk=pk)
        )
        if record.status != CatalogueImport.Status.QUEUED:
            return record
        record.status = CatalogueImport.Status.RUNNING
        record.started_at = record.started_at or timezone.now()
        record.save(update_fields=["status", "started_at"])
    with translation.override(_language(record.created_by)):
        try:
            _import(record)
        except FileRefused as refusal:
            _fail(record, str(refusal))
        except Exception:
            logger.exception("Catalogue import %s failed", record.pk)
            _fail(
                record,
                _(
                    "The file could not be imported because of an error on our side; the "
                    "records read so far are in. The administrator has been told."
                ),
            )
    return record


def _fail(record: CatalogueImport, message: str) -> None:
    # Counts in memory may include a batch whose transaction rolled back: take the
    # committed ones, then mark the import failed.
    record.refresh_from_db(
        fields=["records_read", "titles_new", "titles_updated", "rejected", "status"]
    )
    record.status = CatalogueImport.Status.FAILED
    record.error = message
    record.finished_at = timezone.now()
    record.save(update_fields=["status", "error", "finished_at"])


def _import(record: CatalogueImport) -> None:
    with record.file.open("rb") as handle:
        items = read_catalogue(handle, record.file_format, mapping=record.mapping)
        # Resuming: the batches of the first `records_read` items are in the database.
        skip = record.records_read
        batch: list[CatalogueRecord | RecordRejection] = []
        try:
            for index, item in enumerate(items, start=1):
                if index <= skip:
                    continue
                batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    _write_batch(record, batch)
                    batch = []
        except FileRefused:
            _write_batch(record, batch)  # the good records read before the damage
            raise
        _write_batch(record, batch)
    record.status = CatalogueImport.Status.DONE
    record.finished_at = timezone.now()
    record.save(update_fields=["status", "finished_at"])


def _write_batch(record: CatalogueImport, items: list[CatalogueRecord | RecordRejection]) -> None:
    """Write one batch and move the progress past it, in one transaction (retried when
    another import wrote the same new ISBNs or offers at the same moment)."""
    if not items:
        return
    for attempt in range(1, BATCH_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                counts = _write(record, items)
                CatalogueImport.objects.filter(pk=record.pk).update(
                    records_read=record.records_read + len(items),
                    titles_new=record.titles_new + counts[0],
                    titles_updated=record.titles_updated + counts[1],
                    rejected=record.rejected + counts[2],
                )
        except (IntegrityError, OperationalError) as error:
            if attempt == BATCH_ATTEMPTS or not _lost_a_race(error):
                raise
            continue
        record.records_read += len(items)
        record.titles_new += counts[0]
        record.titles_updated += counts[1]
        record.rejected += counts[2]
        return


def _lost_a_race(error: Exception) -> bool:
    """Whether another transaction's rows made this one fail (a unique key it inserted
    first, or a deadlock the database broke): writing the batch again then succeeds."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED


class _Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _clean_price(price: Decimal | None) -> Decimal | None:
    if price is None:
        return None
    try:
        value = Decimal(price).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        raise _Rejected(_("The price %(price)s is not an amount.") % {"price": price}) from None
    if value < 0 or value > MAX_PRICE:
        raise _Rejected(_("The price %(price)s is not a possible amount.") % {"price": price})
    return value


def _title_values(item: CatalogueRecord) -> dict[str, Any]:
    """The record's title fields as the columns take them: lists joined, text trimmed to
    the column's length, impossible years and page counts left out."""
    values: dict[str, Any] = {
        "title": item.title,
        "subtitle": item.subtitle,
        "authors": "; ".join(a.strip() for a in item.authors if a and a.strip()),
        "publisher": item.publisher,
        "language": (item.language or "").strip().lower(),
        "subjects": "; ".join(s.strip() for s in item.subjects if s and s.strip()),
        "product_form": item.product_form,
        "edition": item.edition,
    }
    for name, length in _TEXT_LENGTHS.items():
        values[name] = " ".join(str(values[name] or "").split())[:length]
    values["year"] = item.year if item.year and 1000 <= item.year <= 2100 else None
    values["pages"] = item.pages if item.pages and 0 < item.pages < 100_000 else None
    values["lithuanian_author"] = item.lithuanian_author
    values["marc_record"] = item.marc_record or ""
    return values


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _write(record: CatalogueImport, items: list[CatalogueRecord | RecordRejection]) -> tuple:
    """Write one batch (inside the caller's transaction); (new, updated, rejected)."""
    rejections: list[ImportRejection] = []

    def reject(position: int, reference: str, reason: str) -> None:
        rejections.append(
            ImportRejection(
                catalogue_import=record,
                position=position,
                reference=(reference or "")[:255],
                reason=reason,
            )
        )

    # ISBN-13 → (record, title values, price), the first record of an ISBN in the batch.
    accepted: dict[str, tuple[CatalogueRecord, dict[str, Any], Decimal | None]] = {}
    for item in items:
        if isinstance(item, RecordRejection):
            reject(item.position, item.reference, item.reason)
            continue
        reference = item.isbn or item.reference
        try:
            isbn = _record_key(record, item)
            if not (item.title or "").strip():
                raise _Rejected(_("The record has no title."))
            price = _clean_price(item.price)
        except InvalidIsbn as invalid:
            reject(item.position, reference, str(invalid))
            continue
        except _Rejected as rejected:
            reject(item.position, reference, rejected.reason)
            continue
        if isbn in accepted:
            reject(item.position, reference, _duplicate_reason(isbn, accepted[isbn][0].position))
            continue
        accepted[isbn] = (item, _title_values(item), price)

    # Records without an ISBN (MARC records with only a control number) are known by the
    # supplier's reference: their title is the one this supplier's offer of that
    # reference names, never merged with another supplier's.
    by_reference = {key: _reference_of(key) for key in accepted if key.startswith(REFERENCE_KEY)}
    referenced = {
        REFERENCE_KEY + offer.reference: offer.title
        for offer in Offer.objects.filter(
            supplier=record.supplier,
            title__isbn__isnull=True,
            reference__in=list(by_reference.values()),
        )
        .order_by("pk")
        .select_related("title")
    }
    accepted_isbns = [key for key in accepted if key not in by_reference]

    now = timezone.now()
    # The rows this batch will change are locked in one order (by id), and new rows are
    # inserted in one order (by ISBN): two imports sharing titles or offers wait on each
    # other instead of deadlocking, and neither overwrites what the other just read.
    existing: dict[str, Title] = {
        t.isbn: t
        for t in Title.objects.filter(isbn__in=accepted_isbns).order_by("pk").select_for_update()
        if t.isbn
    }
    existing.update(referenced)
    offers = {
        offer.title_id: offer
        for offer in Offer.objects.filter(
            supplier=record.supplier, title__in=[t.pk for t in existing.values()]
        )
        .order_by("pk")
        .select_for_update(of=("self",))
        .only("pk", "title_id", "catalogue_import_id", *_OFFER_FIELDS)
    }
    # An offer this import already wrote: the ISBN came earlier in the file, in another batch.
    for isbn in [i for i, t in existing.items() if i in accepted]:
        offer = offers.get(existing[isbn].pk)
        if offer is not None and offer.catalogue_import_id == record.pk:
            item = accepted.pop(isbn)[0]
            reject(item.position, item.isbn or item.reference, _duplicate_reason(isbn, None))

    new_keys = [key for key in sorted(accepted) if key not in existing]
    new_titles = [
        Title(
            isbn=None if key in by_reference else key,
            sort_title=sort_key(accepted[key][1]["title"]),
            **accepted[key][1],
        )
        for key in new_keys
    ]
    changed: list[Title] = []
    changed_fields: set[str] = set()
    for isbn, (_item, values, _price) in accepted.items():
        title = existing.get(isbn)
        if title is None:
            continue
        fields = [
            name
            for name in _TITLE_FIELDS
            if not _empty(values[name]) and getattr(title, name) != values[name]
        ]
        if fields:
            for name in fields:
                setattr(title, name, values[name])
            if "title" in fields:
                title.sort_title = sort_key(title.title)
                fields.append("sort_title")
            title.updated_at = now
            changed.append(title)
            changed_fields.update(fields)
    # Sorted by ISBN: two imports inserting overlapping ISBNs wait on each other in one
    # order (no deadlock); the loser of a race retries the batch (`_write_batch`).
    Title.objects.bulk_create(new_titles, batch_size=BATCH_SIZE)
    if changed:
        Title.objects.bulk_update(
            changed, [*sorted(changed_fields), "updated_at"], batch_size=BATCH_SIZE
        )
    # Both databases return the new rows' ids (PostgreSQL and SQLite ≥ 3.35: RETURNING).
    titles = {**existing, **dict(zip(new_keys, new_titles, strict=True))}

    new_offers: list[Offer] = []
    changed_offers: list[Offer] = []
    # Offers the file repeats as they are: only marked as this import's (one UPDATE).
    unchanged_offers: list[int] = []
    for isbn, (item, _values, price) in sorted(accepted.items()):
        title = titles[isbn]
        values = {
            "price": price,
            "availability": " ".join((item.availability or "").split())[:100],
            "is_available": bool(item.is_available),
            "reference": " ".join((item.reference or "").split())[:100],
        }
        offer = offers.get(title.pk)
        if offer is None:
            new_offers.append(
                Offer(supplier=record.supplier, title=title, catalogue_import=record, **values)
            )
        elif all(getattr(offer, name) == value for name, value in values.items()):
            unchanged_offers.append(offer.pk)
        else:
            for name, value in values.items():
                setattr(offer, name, value)
            offer.catalogue_import = record
            offer.updated_at = now
            changed_offers.append(offer)
    Offer.objects.bulk_create(new_offers, batch_size=BATCH_SIZE)
    if changed_offers:
        Offer.objects.bulk_update(
            changed_offers,
            [*_OFFER_FIELDS, "catalogue_import", "updated_at"],
            batch_size=BATCH_SIZE,
        )
    if unchanged_offers:
        Offer.objects.filter(pk__in=unchanged_offers).update(catalogue_import=record)
    ImportRejection.objects.bulk_create(rejections, batch_size=BATCH_SIZE)
    titles_index([t.pk for t in new_titles] + [t.pk for t in changed])
    new_count = len(new_titles)
    return new_count, len(accepted) - new_count, len(rejections)


# The key of a record without an ISBN in a batch: this prefix and the supplier's reference.
REFERENCE_KEY = "reference:"


def _reference_of(key: str) -> str:
    return key[len(REFERENCE_KEY) :]


def _record_key(record: CatalogueImport, item: CatalogueRecord) -> str:
    """The ISBN-13 of the record, or, for a record without any ISBN that the supplier
    names by a reference (a MARC record's 001), REFERENCE_KEY + that reference."""
    if not (item.isbn or "").strip():
        reference = " ".join((item.reference or "").split())[:100]
        if reference:
            return REFERENCE_KEY + reference
    return isbn_normalise(item.isbn)


def _duplicate_reason(isbn: str, first_position: int | None) -> str:
    if isbn.startswith(REFERENCE_KEY):
        return _(
            "The record %(reference)s (no ISBN) appears earlier in this file; this record "
            "was left out."
        ) % {"reference": _reference_of(isbn)}
    if first_position is None:
        return _("ISBN %(isbn)s appears earlier in this file; this record was left out.") % {
            "isbn": isbn
        }
    return _(
        "ISBN %(isbn)s appears earlier in this file (record %(position)s); this record was "
        "left out."
    ) % {"isbn": isbn, "position": first_position}


# Reading the results ----------------------------------------------------------------------


def import_rejections(catalogue_import: CatalogueImport) -> Iterator[ImportRejection]:
    """The import's rejections in file order, streamed (a wrong file may reject every
    record)."""
    return (
        catalogue_import.rejections.order_by("position", "pk")
        .only("position", "reference", "reason")
        .iterator(chunk_size=2000)
    )


def rejection_rows(rejections: Iterable[ImportRejection]) -> Iterator[tuple[int, str, str]]:
    for rejection in rejections:
        yield rejection.position, rejection.reference, rejection.reason


# Column mappings ----------------------------------------------------------------------------


def column_mapping_create(
    *, supplier: Supplier, name: str, columns: dict[str, str], header_row: int = 1
) -> ColumnMapping:
    """Save which heading of a supplier's price list holds which title field, for this
    and the next lists of the same layout."""
    mapping = ColumnMapping(supplier=supplier, name=name, columns=columns, header_row=header_row)
    mapping.full_clean()
    mapping.save()
    return mapping
