"""A library's holdings, uploaded as an ISBN list or MARC records: stored and queued
(`holdings_import_start`), then read in the background (`holdings_import_run`, task
`lrba.acquisition.tasks_holdings.holdings_import_task`).

- The file is told apart before it is stored (`formats.read_holdings` refuses anything
  that is neither an ISBN list, an ISBN table nor MARC records, with the reason).
- The whole import is one transaction: "replace" deletes the library's uploaded holdings
  and inserts the file's ISBNs together, so the overlap never sees a library holding
  nothing half-way, and a file found broken half-way changes nothing (the import fails
  with the reader's reason). Holdings bought in rounds are never deleted by an upload.
- Every ISBN is validated and normalised to ISBN-13 (`lrba.acquisition.isbn`); a bad one
  is a rejection with its reason (the first `KEPT_REJECTIONS` are kept to show, all are
  counted). Repeated ISBNs and ISBNs already held are inserted once (ignore_conflicts).
"""

import logging
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lrba.acquisition.access import may_order_for
from lrba.acquisition.formats import FileRefused, RecordRejection, read_holdings
from lrba.acquisition.isbn import InvalidIsbn, isbn_normalise
from lrba.acquisition.models import Holding, HoldingsImport
from lrba.core.uploads import upload_store
from lrba.members.models import Library

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
KEPT_REJECTIONS = 200
# A union-catalogue export of a large county library's holdings in MARC is some 100 MB.
MAX_HOLDINGS_BYTES = 200 * 1024 * 1024


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


def holdings_import_start(
    *, library: Library, uploaded_file: Any, replace: bool, user: Any, enqueue: bool = True
) -> HoldingsImport:
    """Store `library`'s holdings file and queue its import (after commit). Refuses with a
    ValidationError saying why an empty, too large or unreadable file (nothing stored);
    PermissionDenied when `user` does not order for `library`."""
    if not may_order_for(user, library):
        raise PermissionDenied(_("You do not order for %(library)s.") % {"library": library})
    name = PurePath(str(getattr(uploaded_file, "name", "") or "holdings")).name[:255]
    size = _file_size(uploaded_file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size is not None and size > MAX_HOLDINGS_BYTES:
        raise ValidationError(
            _("The file is too large; a holdings file may be at most %(limit)s MB.")
            % {"limit": MAX_HOLDINGS_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        uploaded_file.seek(0)
        read_holdings(uploaded_file, name)  # refuses a file of the wrong kind at once
    except FileRefused as refusal:
        raise ValidationError(str(refusal), code="refused") from None
    uploaded_file.seek(0)
    with transaction.atomic():
        holdings_import = HoldingsImport(
            library=library,
            original_name=name,
            replace=replace,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        upload_store(holdings_import.file, uploaded_file, name=name, prefix=f"fondas-{library.pk}")
        holdings_import.full_clean()
        holdings_import.save()
        if enqueue:
            import_id = holdings_import.pk

            def _enqueue() -> None:
                from lrba.acquisition.tasks_holdings import holdings_import_task

                holdings_import_task.enqueue(import_id)

            transaction.on_commit(_enqueue)
    return holdings_import


def _language(user: Any) -> str:
    return getattr(user, "language", "") or translation.get_language() or "lt"


def holdings_import_run(holdings_import: HoldingsImport | int) -> HoldingsImport:
    """Read a queued upload into the library's holdings; return it done or failed.
    Running it again (a task delivered twice) does nothing: only a queued upload starts."""
    pk = holdings_import if isinstance(holdings_import, int) else holdings_import.pk
    with transaction.atomic():
        record = (
            HoldingsImport.objects.select_for_update(of=("self",))
            .select_related("library", "created_by")
            .get(pk=pk)
        )
        if record.status != HoldingsImport.Status.QUEUED:
            return record
        record.status = HoldingsImport.Status.RUNNING
        record.save(update_fields=["status"])
    with translation.override(_language(record.created_by)):
        try:
            with transaction.atomic():
                _import(record)
        except FileRefused as refusal:
            _fail(record, str(refusal))
        except Exception:
            logger.exception("Holdings import %s failed", record.pk)
            _fail(
                record,
                _(
                    "The file could not be imported because of an error on our side; the "
                    "holdings are as they were. The administrator has been told."
                ),
            )
    return record


def _fail(record: HoldingsImport, message: str) -> None:
    # The transaction rolled back: nothing of the file is in, so nothing is counted.
    record.status = HoldingsImport.Status.FAILED
    record.records_read = record.isbns_added = record.rejected = 0
    record.rejections = []
    record.error = message
    record.finished_at = timezone.now()
    record.save(
        update_fields=[
            "status",
            "records_read",
            "isbns_added",
            "rejected",
            "rejections",
            "error",
            "finished_at",
        ]
    )


def _isbns(record: HoldingsImport, items: Iterator[Any]) -> Iterator[str]:
    """The normalised ISBNs of the file's items; rejections counted and the first kept."""
    for item in items:
        record.records_read += 1
        if isinstance(item, RecordRejection):
            _reject(record, item.position, item.reference, item.reason)
            continue
        position, written = item
        try:
            yield isbn_normalise(written)
        except InvalidIsbn as error:
            _reject(record, position, written, str(error))


def _reject(record: HoldingsImport, position: int, reference: str, reason: str) -> None:
    record.rejected += 1
    if len(record.rejections) < KEPT_REJECTIONS:
        record.rejections.append(
            {"position": position, "reference": str(reference)[:255], "reason": reason}
        )


def _import(record: HoldingsImport) -> None:
    """Precondition: inside one transaction (a refusal half-way rolls everything back)."""
    library = record.library
    record.records_read = record.rejected = 0
    record.rejections = []
    if record.replace:
        Holding.objects.filter(library=library, source=Holding.Source.UPLOAD).delete()
    before = Holding.objects.filter(library=library).count()
    with record.file.open("rb") as handle:
        batch: list[Holding] = []
        for isbn in _isbns(record, read_holdings(handle, record.original_name)):
            batch.append(Holding(library=library, isbn=isbn, source=Holding.Source.UPLOAD))
            if len(batch) >= BATCH_SIZE:
                Holding.objects.bulk_create(batch, ignore_conflicts=True)
                batch = []
        Holding.objects.bulk_create(batch, ignore_conflicts=True)
    record.isbns_added = Holding.objects.filter(library=library).count() - before
    record.status = HoldingsImport.Status.DONE
    record.error = ""
    record.finished_at = timezone.now()
    record.save(
        update_fields=[
            "status",
            "records_read",
            "isbns_added",
            "rejected",
            "rejections",
            "error",
            "finished_at",
        ]
    )
