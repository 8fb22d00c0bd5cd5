"""The change history of the finance app: every invoice, payment match, undo, statement
import, fee and support record says who changed what and when (issue 10, point 6)."""

from auditlog.registry import auditlog

from lrba.finance.models import (
    Allocation,
    ArrearsProposal,
    BankEntry,
    CsvMapping,
    Donor,
    FeeExemption,
    FeeRate,
    FeeSchedule,
    FinanceSettings,
    Invoice,
    InvoiceLine,
    InvoiceRun,
    InvoiceSeries,
    Reminder,
    StatementImport,
    SupportGiven,
    SupportReceived,
    SupportUse,
)

auditlog.register(FinanceSettings)
auditlog.register(InvoiceSeries)
auditlog.register(FeeSchedule)
auditlog.register(FeeRate)
auditlog.register(FeeExemption)
auditlog.register(InvoiceRun, exclude_fields=["issued", "skipped", "refused", "problems"])
# The PDF file name and the e-mailing time are bookkeeping written by bulk update.
auditlog.register(Invoice, exclude_fields=["pdf", "sent_at"])
auditlog.register(InvoiceLine)
auditlog.register(CsvMapping)
auditlog.register(
    StatementImport,
    exclude_fields=["processed_lines", "new_count", "known_count", "refused_count", "line_errors"],
)
auditlog.register(BankEntry)
auditlog.register(Allocation)
auditlog.register(Reminder)
auditlog.register(ArrearsProposal, m2m_fields={"invoices"})
auditlog.register(Donor)
auditlog.register(SupportReceived)
auditlog.register(SupportUse)
auditlog.register(SupportGiven)
