"""Finance's personal data (see lrba.accounts.privacy.declarations for the contract).

A person is in the finances in four ways: invoiced as an individual member (the invoice
carries their name, address and e-mail, and reminders went to them), paying from their
own account (the bank entries matched to their invoices or kept as their credit), excused
from a fee, and giving the association support as a natural person. Invoices, credit
notes, the bank entries and the support records are accounting documents, kept 10 years
(Law on Accounting, Art. 19): erasure keeps them unchanged and says so. What is not an
accounting record goes: a donor's e-mail address and the secretariat's notes on them.
Libraries' invoices are a legal person's data, not a person's.
"""

from django.db.models import Q, QuerySet

from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject, by_email
from lrba.finance.models import BankEntry, Donor, FeeExemption, Invoice, Reminder, SupportReceived

# Lithuanian, then English: why erasure keeps them (the export's README lists it).
ACCOUNTING_HOLD = (
    "apskaitos dokumentai (sąskaitos faktūros, kreditinės sąskaitos, banko išrašai, paramos "
    "apskaita) saugomi 10 metų (Buhalterinės apskaitos įstatymo 19 str.)",
    "accounting documents (invoices, credit notes, bank statements, the support records) are "
    "kept 10 years (Law on Accounting, Art. 19)",
)


def _invoices(subject: Subject) -> QuerySet[Invoice]:
    """Invoices and credit notes issued to the person as an individual member (drafts
    too: they are the association's records about the person)."""
    return Invoice.objects.filter(person_id=subject.person_id, library__isnull=True).order_by(
        "issue_date", "pk"
    )


def _payments(subject: Subject) -> QuerySet[BankEntry]:
    """Bank entries matched to the person's invoices or kept as their credit."""
    return (
        BankEntry.objects.filter(
            Q(
                allocations__invoice__person_id=subject.person_id,
                allocations__invoice__library__isnull=True,
            )
            | Q(
                allocations__membership__person_id=subject.person_id,
                allocations__membership__library__isnull=True,
            )
        )
        .distinct()
        .order_by("booking_date", "pk")
    )


def _donors(subject: Subject) -> QuerySet[Donor]:
    """The natural-person donor rows known by one of the person's e-mail addresses (donors
    are not linked to the register: an e-mail address is what identifies them)."""
    if not subject.emails:
        return Donor.objects.none()
    return Donor.objects.filter(
        by_email("email", subject.emails), kind=Donor.Kind.NATURAL
    ).order_by("pk")


TABLES = (
    PersonalTable(
        name="finance_invoices",
        model=Invoice,
        fields=(
            "kind",
            "series__code",
            "number",
            "status",
            "person_id",
            "buyer_name",
            "buyer_code",
            "buyer_vat_code",
            "buyer_address",
            "buyer_email",
            "language",
            "issue_date",
            "due_date",
            "total_net",
            "total_vat",
            "total",
            "amount_paid",
            "amount_credited",
            "reference",
            "issuer_name",
            "issuer_position",
            "credited_invoice__number",
            "reason",
            "notes",
            "sent_at",
        ),
        rows=_invoices,
        about=(
            "sąskaitos faktūros ir kreditinės sąskaitos, išrašytos jums kaip asociacijos nariui",
            "invoices and credit notes issued to you as an individual member",
        ),
        legal_hold=ACCOUNTING_HOLD,
    ),
    PersonalTable(
        name="finance_reminders",
        model=Reminder,
        fields=("invoice__series__code", "invoice__number", "stage", "sent_on", "recipients"),
        rows=lambda s: Reminder.objects.filter(
            invoice__person_id=s.person_id, invoice__library__isnull=True
        ).order_by("sent_on", "pk"),
        about=("priminimai apie neapmokėtas sąskaitas", "reminders of unpaid invoices"),
        legal_hold=ACCOUNTING_HOLD,
    ),
    PersonalTable(
        name="finance_payments",
        model=BankEntry,
        fields=(
            "booking_date",
            "amount",
            "currency",
            "counterparty_name",
            "counterparty_iban",
            "reference",
            "text",
            "status",
        ),
        rows=_payments,
        about=(
            "jūsų mokėjimai, susieti su jūsų sąskaitomis",
            "your payments matched to your invoices",
        ),
        legal_hold=ACCOUNTING_HOLD,
    ),
    PersonalTable(
        name="finance_fee_exemptions",
        model=FeeExemption,
        fields=("schedule__year", "schedule__name", "amount", "reason"),
        rows=lambda s: FeeExemption.objects.filter(
            membership__person_id=s.person_id, membership__library__isnull=True
        ).order_by("schedule__year", "pk"),
        about=("nario mokesčio lengvatos", "your exemptions from membership fees"),
    ),
    PersonalTable(
        name="finance_donor",
        model=Donor,
        fields=("kind", "name", "code", "address", "email", "notes", "created_at"),
        rows=_donors,
        about=("jūs kaip paramos teikėjas", "you as a donor to the association"),
        legal_hold=ACCOUNTING_HOLD,
    ),
    PersonalTable(
        name="finance_support_given_by_you",
        model=SupportReceived,
        fields=(
            "received_on",
            "object",
            "description",
            "value",
            "valuation",
            "purpose",
            "earmarked",
            "agreement_number",
            "agreement_date",
            "notes",
        ),
        rows=lambda s: SupportReceived.objects.filter(donor__in=_donors(s)).order_by(
            "received_on", "pk"
        ),
        about=("jūsų suteikta parama asociacijai", "the support you gave the association"),
        legal_hold=ACCOUNTING_HOLD,
    ),
)

STAFF = "the secretariat member who did it (an office record, not the person's data)"
SETTING = "the association's own finance setting"

NOT_EXPORTED = {
    "FinanceSettings.issuer_name": "the association's officer who issues invoices (a setting)",
    "FinanceSettings.issuer_position": SETTING,
    "FinanceSettings.bank_name": SETTING,
    "FeeSchedule.name": "the fee's name set by the General Meeting",
    "FeeSchedule.name_en": "the fee's name set by the General Meeting",
    "FeeSchedule.decision": "the General Meeting's decision that set the fee",
    "FeeSchedule.decision_reference": "the General Meeting's decision that set the fee",
    "FeeSchedule.notes": "the secretariat's notes on a fee, the same for every member",
    "InvoiceRun.started_by": STAFF,
    "Invoice.created_by": STAFF,
    "InvoiceLine.position": "a line's number on the invoice",
    "CsvMapping.name": "the name of a bank's CSV layout",
    "CsvMapping.column_text": "a column heading of a bank's CSV layout",
    "StatementImport.file_name": "the name of the bank statement file",
    "StatementImport.error": "why the bank statement file was refused",
    "StatementImport.imported_by": STAFF,
    "BankEntry.ignored_reason": "the secretariat's bookkeeping note on an entry",
    "Allocation.created_by": STAFF,
    "Allocation.reversed_by": STAFF,
    "ArrearsProposal.prepared_by": STAFF,
    "SupportGiven.recipient_name": "the recipient of the association's support as named on "
    "the agreement, an accounting document (FR0477) not linked to the member register",
}


def erase(erasure: Erasure) -> None:
    """Invoices, payments and support records stay as they were issued (accounting
    documents, 10 years); a donor's e-mail address and the notes on them go."""
    subject = erasure.subject
    if not subject.person_id and not subject.user_id and not subject.emails:
        return
    counts = [
        ("Sąskaitos faktūros ir kreditinės sąskaitos", _invoices(subject).count()),
        ("Mokėjimai, susieti su sąskaitomis", _payments(subject).count()),
        (
            "Paramos gavimo įrašai",
            SupportReceived.objects.filter(donor__in=_donors(subject)).count(),
        ),
    ]
    for what, count in counts:
        if count:
            erasure.keep(
                f"{what} (apskaitos dokumentai, saugomi 10 metų, "
                f"Buhalterinės apskaitos įstatymo 19 str.): {count}"
            )
    donors = list(_donors(subject))
    if donors:
        erasure.redact_history(
            Donor, [donor.pk for donor in donors], contacts=["email"], names=["notes"]
        )
        for donor in donors:  # saved one by one, so the change history records it
            donor.email = donor.notes = ""
            donor.save(update_fields=["email", "notes"])
        erasure.keep(
            "Paramos teikėjo vardas, pavardė ir adresas (paramos apskaita, FR0478): "
            f"{len(donors)}; el. pašto adresas ir pastabos ištrinti"
        )
