"""Importing bank statements: a file stored and queued (`statement_import_create`), then
read and recorded in the background (`statement_import_run`, task
`statement_import_task`).

Each bank entry is recorded once however many files carry it: its `fingerprint`
(lrba.finance.statements.records.fingerprint) is unique in the database, and entries are
inserted with ON CONFLICT DO NOTHING, so the same file twice, two overlapping statements,
or one file imported twice at the same moment leave one row per entry; an import counts
as new only the rows that carry its own id. The file is read through once to check it
(a file broken half-way is refused whole, nothing recorded), then again to record, in
batches that each commit and save the progress.
"""

import datetime
import hashlib
import logging
from collections import Counter
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django_tasks import task

from lrba.core.audit import acting_as, audit_bulk
from lrba.finance.models import BankEntry, CsvMapping, StatementImport
from lrba.finance.statements import safety
from lrba.finance.statements.detect import statement_read
from lrba.finance.statements.records import LineError, ParsedEntry, StatementRefused, fingerprint

logger = logging.getLogger(__name__)

# Entries recorded per transaction; the progress is saved after each batch.
BATCH_SIZE = 500
# The per-line report keeps this many refusals (a wrong file could refuse every line).
LINE_ERRORS_KEPT = 1000


def _content_of(file: Any) -> tuple[bytes, str]:
    """(bytes, name) of an UploadedFile, or of a (name, bytes) pair."""
    if isinstance(file, tuple):
        name, content = file
        return bytes(content), str(name)
    size = getattr(file, "size", None)
    if size is not None and size > safety.MAX_STATEMENT_BYTES:
        try:
            safety.size_check(size)
        except StatementRefused as refusal:
            raise ValidationError(refusal.message, code="too_large") from None
    file.seek(0)
    content = file.read(safety.MAX_STATEMENT_BYTES + 1)
    return content, getattr(file, "name", "") or "statement"


def statement_import_create(
    *, file: Any, by: Any, csv_mapping: CsvMapping | None = None, enqueue: bool = True
) -> StatementImport:
    """Store an uploaded statement and queue its import (after commit; `enqueue=False`
    for a caller that runs `statement_import_run` itself, as the command does).

    `file` is an UploadedFile, or a `(name, bytes)` pair for scripts and tests. Refuses
    (ValidationError) only an empty or too large file here; everything else about the
    content is judged by the import, which reports it on the import's page."""
    content, name = _content_of(file)
    try:
        safety.size_check(len(content))
    except StatementRefused as refusal:
        raise ValidationError(refusal.message, code="size") from None
    name = name.replace("\\", "/").rsplit("/", 1)[-1][:255] or "statement"
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        statement = StatementImport(
            file_name=name,
            sha256=digest,
            csv_mapping=csv_mapping,
            imported_by=by if getattr(by, "is_authenticated", False) else None,
        )
        try:
            stored_name = get_valid_filename(name)
        except SuspiciousFileOperation:  # a name such as ".." leaves nothing usable
            stored_name = "statement"
        statement.file.save(f"{digest[:12]}-{stored_name}"[:100], ContentFile(content), save=False)
        statement.full_clean()
        statement.save()
        if enqueue:
            transaction.on_commit(lambda: statement_import_task.enqueue(statement.pk))
    return statement


@task()
def statement_import_task(import_id: int) -> None:
    statement_import_run(import_id)


def _language(statement: StatementImport) -> str:
    """The importer's language; the current one for a command run without a user."""
    user = statement.imported_by
    return getattr(user, "language", "") or translation.get_language() or "lt"


def statement_import_run(import_id: int) -> StatementImport:
    """Read and record a queued import; return it done or refused. Running it again
    (a task delivered twice) does nothing: only a queued import starts."""
    with transaction.atomic():
        statement = (
            StatementImport.objects.select_for_update(of=("self",))
            .select_related("csv_mapping", "imported_by")
            .get(pk=import_id)
        )
        if statement.status != StatementImport.Status.QUEUED:
            return statement
        statement.status = StatementImport.Status.RUNNING
        statement.save(update_fields=["status"])
    with translation.override(_language(statement)), acting_as(statement.imported_by):
        try:
            new_ids = _import(statement)
        except StatementRefused as refusal:
            return _refuse(statement, refusal.message)
        except Exception:
            logger.exception("Statement import %s failed", statement.pk)
            return _refuse(
                statement,
                _(
                    "The file could not be imported because of an error on our side; "
                    "the administrator has been told."
                ),
            )
        statement.matched_count = _match(new_ids)
        statement.save(update_fields=["matched_count"])
    return statement


def _refuse(statement: StatementImport, message: str) -> StatementImport:
    statement.status = StatementImport.Status.FAILED
    statement.error = message
    statement.finished_at = timezone.now()
    statement.save(update_fields=["status", "error", "finished_at"])
    return statement


def _match(new_ids: list[int]) -> int:
    """Match the new credits to invoices (lrba.finance.services.matching); a failure
    there leaves the entries recorded and waiting in the queue."""
    if not new_ids:
        return 0
    from lrba.finance.services.matching import entries_match_auto

    try:
        return entries_match_auto(entry_ids=new_ids)
    except Exception:
        logger.exception("Matching the entries of a statement import failed")
        return 0


def _import(statement: StatementImport) -> list[int]:
    with statement.file.open("rb") as handle:
        content = handle.read(safety.MAX_STATEMENT_BYTES + 1)
    reader = statement_read(content, csv_mapping=statement.csv_mapping)
    # First reading: the whole file must read (a break half-way refuses it all).
    total = sum(1 for _item in reader.items())
    header = reader.header
    statement.file_format = header.file_format
    statement.account_iban = header.account_iban[:34]
    statement.statement_id = header.statement_id[:100]
    statement.total_lines = total
    statement.save(update_fields=["file_format", "account_iban", "statement_id", "total_lines"])

    occurrences: Counter[tuple[str, ...]] = Counter()
    new_ids: list[int] = []
    line_errors: list[dict[str, Any]] = []
    batch: list[ParsedEntry] = []
    dates: list[datetime.date] = []

    def flush() -> None:
        if batch:
            new_ids.extend(_record(statement, batch, occurrences))
            dates.extend(entry.booking_date for entry in batch)
        statement.processed_lines = processed
        statement.line_errors = line_errors[:LINE_ERRORS_KEPT]
        statement.save(
            update_fields=[
                "processed_lines",
                "new_count",
                "known_count",
                "refused_count",
                "line_errors",
            ]
        )
        batch.clear()

    processed = 0
    for processed, item in enumerate(reader.items(), start=1):  # noqa: B007 (flush reads it)
        if isinstance(item, LineError):
            statement.refused_count += 1
            line_errors.append({"line": item.line, "message": item.message})
        else:
            batch.append(item)
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()

    statement.period_from = header.period_from or (min(dates) if dates else None)
    statement.period_to = header.period_to or (max(dates) if dates else None)
    statement.status = StatementImport.Status.DONE
    statement.finished_at = timezone.now()
    statement.save(update_fields=["period_from", "period_to", "status", "finished_at"])
    return new_ids


def _entry_row(statement: StatementImport, entry: ParsedEntry, key: str) -> BankEntry:
    return BankEntry(
        fingerprint=key,
        first_import=statement,
        account_iban=(entry.account_iban or statement.account_iban)[:34],
        booking_date=entry.booking_date,
        value_date=entry.value_date,
        direction=entry.direction,
        amount=entry.amount,
        currency=entry.currency[:3] or "EUR",
        counterparty_name=entry.counterparty_name[:255],
        counterparty_iban=entry.counterparty_iban[:34],
        reference=entry.reference[:140],
        text=entry.text,
        end_to_end_id=entry.end_to_end_id[:140],
        bank_reference=entry.bank_reference[:140],
    )


def _record(
    statement: StatementImport, batch: list[ParsedEntry], occurrences: Counter
) -> list[int]:
    """Insert one batch; return the ids of the entries it recorded for the first time."""
    rows = []
    for entry in batch:
        occurrence = 0
        if not entry.bank_key:
            content = entry.content_key()
            occurrence = occurrences[content]
            occurrences[content] += 1
        rows.append(_entry_row(statement, entry, fingerprint(entry, occurrence)))
    # Inserted in fingerprint order: two imports of overlapping files then wait on each
    # other's rows in one order, never in a cycle (no deadlock on PostgreSQL).
    rows.sort(key=lambda row: row.fingerprint)
    keys = [row.fingerprint for row in rows]
    with transaction.atomic():
        BankEntry.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(BankEntry.objects.filter(fingerprint__in=keys, first_import=statement))
        audit_bulk([(None, row) for row in created], action=LogEntry.Action.CREATE)
    statement.new_count += len(created)
    statement.known_count += len(rows) - len(created)
    return [row.pk for row in created]
