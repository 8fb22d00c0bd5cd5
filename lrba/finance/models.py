"""The association's money: fee schedules, invoices and credit notes, bank statements and
their entries, what each payment settles, reminders of arrears, and the separate accounts
of support and charity the Law on Charity and Support requires (DESIGN.md §4 "Finance").

Money is `Decimal` with two places end to end (`lrba.finance.money`). An issued invoice is
never edited or deleted: it is settled by payments (`Allocation`) or cancelled, wholly or
in part, by a credit note, which is an `Invoice` of kind "credit note" pointing at it.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lrba.core import validators
from lrba.members.models import Library, Membership, Person

ZERO = Decimal("0.00")


def money_field(verbose_name: Any, **options: object) -> models.DecimalField:
    """An amount in euro: two places, up to 9,999,999,999.99."""
    options.setdefault("max_digits", 12)
    options.setdefault("decimal_places", 2)
    return models.DecimalField(verbose_name, **options)  # type: ignore[arg-type]


# Settings ---------------------------------------------------------------------------------


class FinanceSettings(models.Model):
    """The association's finance settings: one row (pk 1), edited in the back office.

    The name, code, address and bank account come from `lrba.core.association`; what only
    finance needs lives here, so the secretariat changes it without a deployment."""

    vat_payer = models.BooleanField(
        _("VAT payer"),
        default=False,
        help_text=_("A non-VAT payer issues invoices without VAT lines."),
    )
    vat_code = models.CharField(
        _("VAT code"), max_length=14, blank=True, validators=[validators.validate_vat_code]
    )
    vat_rate = models.DecimalField(
        _("VAT rate, %"), max_digits=5, decimal_places=2, default=Decimal("21.00")
    )
    issuer_name = models.CharField(
        _("invoices issued by"),
        max_length=150,
        blank=True,
        help_text=_("The person responsible for issuing invoices, printed on each invoice."),
    )
    issuer_position = models.CharField(_("their position"), max_length=150, blank=True)
    bank_name = models.CharField(_("bank"), max_length=150, blank=True)
    bic = models.CharField(_("BIC (SWIFT)"), max_length=11, blank=True)
    sepa_qr = models.BooleanField(
        _("SEPA payment QR code on invoices"),
        default=True,
        help_text=_(
            "The European Payments Council's credit-transfer QR code, which banking apps scan."
        ),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"), default=30, validators=[MinValueValidator(1)]
    )
    reminder_days = models.CharField(
        _("reminders, days after the due date"),
        max_length=60,
        default="7, 30, 60",
        help_text=_("Comma-separated, e.g. “7, 30, 60”: one reminder on each of these days."),
    )
    arrears_consequence_days = models.PositiveSmallIntegerField(
        _("arrears brought to the Board after, days"),
        null=True,
        blank=True,
        help_text=_(
            "Where the statutes attach a consequence to unpaid fees: after this many days "
            "overdue a proposal is prepared for the Board. Empty: never."
        ),
    )
    arrears_consequence_clause = models.CharField(
        _("statute clause on unpaid fees"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Statutes, clause 17.4”."),
    )
    average_monthly_wage = money_field(
        _("average monthly wage"),
        default=Decimal("2300.00"),
        help_text=_(
            "The country's average monthly gross wage, used by the Associations Law "
            "Art. 10(3) test of which donors the explanatory note may leave out."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")

    def __str__(self) -> str:
        return str(_("Finance settings"))

    @classmethod
    def current(cls) -> "FinanceSettings":
        found, _created = cls.objects.get_or_create(pk=1)
        return found

    def reminder_day_list(self) -> list[int]:
        days = []
        for part in self.reminder_days.replace(";", ",").split(","):
            part = part.strip()
            if part.isdigit() and int(part) > 0:
                days.append(int(part))
        return sorted(set(days))


class InvoiceSeries(models.Model):
    """A series of invoice (or credit-note) numbers: numbers are unique and gap-free
    within it (`lrba.core.numbering`)."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoices")
        CREDIT_NOTE = "credit_note", _("credit notes")

    code = models.CharField(
        _("series"),
        max_length=12,
        unique=True,
        validators=[
            RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", _("Capital letters, digits and hyphens only."))
        ],
        help_text=_("Letters and digits, e.g. “LRBA” or “LRBA-K”."),
    )
    kind = models.CharField(_("for"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    number_width = models.PositiveSmallIntegerField(
        _("digits in a number"), default=5, help_text=_("5 gives 00042.")
    )
    is_default = models.BooleanField(_("used by default"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("invoice series")
        verbose_name_plural = _("invoice series")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(is_default=True),
                name="finance_series_one_default_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def numbering_key(self) -> str:
        return f"invoice:{self.code}"

    def format_number(self, number: int) -> str:
        return f"{self.code}-{number:0{self.number_width}d}"


# Fees -------------------------------------------------------------------------------------


class FeeSchedule(models.Model):
    """A fee the General Meeting set for a year: amounts per member category."""

    class Proration(models.TextChoices):
        NONE = "none", _("the whole year's fee")
        MONTHLY = "monthly", _("by the months left, counting the month of admission")

    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("fee"), max_length=150, help_text=_("E.g. “Nario mokestis”."))
    name_en = models.CharField(_("fee in English"), max_length=150, blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_schedules",
        help_text=_("The General Meeting's decision that set the fee."),
    )
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=255,
        blank=True,
        help_text=_("When the decision is not in the register, e.g. “VNS 2026-04-18 Nr. 3”."),
    )
    proration = models.CharField(
        _("members admitted during the year pay"),
        max_length=12,
        choices=Proration.choices,
        default=Proration.MONTHLY,
    )
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_("Empty: the usual number of days after the invoice date."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="finance_fee_one_name_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("finance:fee_schedule_detail", kwargs={"pk": self.pk})


class FeeRate(models.Model):
    """The amount a category of member pays under a fee schedule."""

    class Category(models.TextChoices):
        COUNTY_PUBLIC = "county_public", _("county public library")
        MUNICIPAL_PUBLIC = "municipal_public", _("municipal public library")
        BRANCH = "branch", _("branch")
        SCHOOL = "school", _("school library")
        ACADEMIC = "academic", _("academic library")
        SPECIAL = "special", _("special library")
        OTHER = "other", _("other library")
        INDIVIDUAL = "individual", pgettext_lazy("fee category", "individual member")

    schedule = models.ForeignKey(
        FeeSchedule, verbose_name=_("fee schedule"), on_delete=models.CASCADE, related_name="rates"
    )
    category = models.CharField(_("member category"), max_length=20, choices=Category.choices)
    amount = money_field(_("amount"), validators=[MinValueValidator(ZERO)])

    class Meta:
        verbose_name = _("fee rate")
        verbose_name_plural = _("fee rates")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "category"], name="finance_rate_one_per_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"


class FeeExemption(models.Model):
    """A member excused from a fee, wholly (no amount) or in part (the amount it pays)."""

    schedule = models.ForeignKey(
        FeeSchedule,
        verbose_name=_("fee schedule"),
        on_delete=models.CASCADE,
        related_name="exemptions",
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    amount = money_field(
        _("pays instead"),
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Empty: the member pays nothing."),
    )
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("fee exemption")
        verbose_name_plural = _("fee exemptions")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "membership"], name="finance_one_exemption_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} — {self.reason}"


class InvoiceRun(models.Model):
    """The yearly run: a fee schedule's invoices issued in the background, with progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    schedule = models.ForeignKey(
        FeeSchedule, verbose_name=_("fee schedule"), on_delete=models.PROTECT, related_name="runs"
    )
    series = models.ForeignKey(
        InvoiceSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="+"
    )
    issue_date = models.DateField(_("invoice date"))
    send_emails = models.BooleanField(_("e-mail the invoices"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("members"), default=0)
    issued = models.PositiveIntegerField(_("invoices issued"), default=0)
    skipped = models.PositiveIntegerField(_("already invoiced or exempt"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice run")
        verbose_name_plural = _("invoice runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.schedule} ({self.created_at:%Y-%m-%d})"


# Invoices ---------------------------------------------------------------------------------


class InvoiceQuerySet(models.QuerySet["Invoice"]):
    def invoices(self) -> "InvoiceQuerySet":
        return self.filter(kind=Invoice.Kind.INVOICE)

    def credit_notes(self) -> "InvoiceQuerySet":
        return self.filter(kind=Invoice.Kind.CREDIT_NOTE)

    def issued(self) -> "InvoiceQuerySet":
        """Numbered documents (everything but drafts)."""
        return self.exclude(status=Invoice.Status.DRAFT)

    def open(self) -> "InvoiceQuerySet":
        """Invoices with something still to pay."""
        return self.invoices().filter(
            status__in=[Invoice.Status.ISSUED, Invoice.Status.PARTLY_PAID]
        )

    def overdue(self, on: datetime.date | None = None) -> "InvoiceQuerySet":
        return self.open().filter(due_date__lt=on or timezone.localdate())

    def for_library(self, library: Library) -> "InvoiceQuerySet":
        return self.filter(library=library)

    def for_person(self, person: Person) -> "InvoiceQuerySet":
        return self.filter(person=person)


class Invoice(models.Model):
    """An invoice (sąskaita faktūra) or a credit note (kreditinė sąskaita faktūra).

    The buyer's name, code and address are copied at issue: the document says what it said
    the day it was issued, whatever the register says later."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit_note", _("credit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")
        PARTLY_PAID = "partly_paid", _("partly paid")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(
        _("document"), max_length=12, choices=Kind.choices, default=Kind.INVOICE
    )
    series = models.ForeignKey(
        InvoiceSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    library = models.ForeignKey(
        Library,
        verbose_name=_("library"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    buyer_name = models.CharField(_("buyer"), max_length=255)
    buyer_code = models.CharField(
        _("buyer's legal-entity code"),
        max_length=9,
        blank=True,
        validators=[validators.validate_legal_entity_code],
    )
    buyer_vat_code = models.CharField(_("buyer's VAT code"), max_length=14, blank=True)
    buyer_address = models.CharField(_("buyer's address"), max_length=255, blank=True)
    buyer_email = models.EmailField(_("buyer's e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    issue_date = models.DateField(_("invoice date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR", editable=False)
    total_net = money_field(_("amount without VAT"), default=ZERO)
    total_vat = money_field(_("VAT"), default=ZERO)
    total = money_field(_("total"), default=ZERO)
    amount_paid = money_field(_("paid"), default=ZERO)
    amount_credited = money_field(_("credited"), default=ZERO)
    reference = models.CharField(
        _("payment reference"),
        max_length=35,
        blank=True,
        db_index=True,
        help_text=_("Structured creditor reference (RF, ISO 11649)."),
    )
    issuer_name = models.CharField(_("issued by"), max_length=150, blank=True)
    issuer_position = models.CharField(_("position"), max_length=150, blank=True)
    vat_payer = models.BooleanField(_("issued as a VAT payer"), default=False)
    fee_schedule = models.ForeignKey(
        FeeSchedule,
        verbose_name=_("fee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    run = models.ForeignKey(
        InvoiceRun,
        verbose_name=_("invoice run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
    )
    credited_invoice = models.ForeignKey(
        "self",
        verbose_name=_("credits invoice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
    )
    reason = models.CharField(
        _("reason"), max_length=255, blank=True, help_text=_("Why the credit note is issued.")
    )
    notes = models.TextField(_("notes"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="finance/invoices/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=Q(number__isnull=False),
                name="finance_invoice_number_unique_in_series",
            ),
            # The yearly run's guarantee: one live invoice per member and fee.
            models.UniqueConstraint(
                fields=["fee_schedule", "membership"],
                condition=Q(kind="invoice", fee_schedule__isnull=False) & ~Q(status="cancelled"),
                name="finance_one_live_fee_invoice_per_member",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__isnull=False, issue_date__isnull=False),
                name="finance_issued_has_number_and_date",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice") | Q(credited_invoice__isnull=False),
                name="finance_credit_note_credits_an_invoice",
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0) & Q(amount_credited__gte=0),
                name="finance_invoice_settled_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["issue_date"]),
        ]

    def __str__(self) -> str:
        return self.display_number

    def get_absolute_url(self) -> str:
        return reverse("finance:invoice_detail", kwargs={"pk": self.pk})

    @property
    def display_number(self) -> str:
        if self.number is None:
            return str(_("draft"))
        return self.series.format_number(self.number)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def balance(self) -> Decimal:
        """What is still to pay (an invoice); never below zero."""
        if self.is_credit_note or self.status in (self.Status.DRAFT, self.Status.CANCELLED):
            return ZERO
        return max(self.total - self.amount_credited - self.amount_paid, ZERO)

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return (
            self.status in (self.Status.ISSUED, self.Status.PARTLY_PAID)
            and self.due_date is not None
            and self.due_date < (on or timezone.localdate())
        )

    @property
    def state(self) -> str:
        """The status as people read it: an open invoice past its due date is "overdue"."""
        if not self.is_credit_note and self.is_overdue():
            return "overdue"
        return self.status

    def state_display(self) -> str:
        if self.state == "overdue":
            return str(_("overdue"))
        return str(self.get_status_display())


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("no."), default=1)
    description = models.CharField(_("description"), max_length=255)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, default=Decimal("1.000")
    )
    unit = models.CharField(_("unit"), max_length=20, default="vnt.")
    unit_code = models.CharField(
        _("unit code"), max_length=3, default="C62", help_text=_("UN/ECE Rec. 20; C62 = one.")
    )
    unit_price = money_field(_("unit price"))
    vat_rate = models.DecimalField(
        _("VAT, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    net_amount = money_field(_("amount"))

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description


# Bank statements --------------------------------------------------------------------------


class CsvMapping(models.Model):
    """How one bank's CSV export reads: saved once, chosen on each import."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    encoding = models.CharField(_("encoding"), max_length=20, default="utf-8")
    delimiter = models.CharField(_("separator"), max_length=2, default=";")
    decimal_comma = models.BooleanField(_("decimal comma"), default=True)
    date_format = models.CharField(
        _("date format"), max_length=20, default="%Y-%m-%d", help_text=_("E.g. %Y-%m-%d.")
    )
    skip_rows = models.PositiveSmallIntegerField(_("rows before the header"), default=0)
    account_iban = models.CharField(
        _("account"),
        max_length=34,
        blank=True,
        validators=[validators.validate_iban],
        help_text=_("The association's account the export is of, when the file does not say."),
    )
    # The header names of the columns, as the bank writes them.
    column_date = models.CharField(_("date column"), max_length=60)
    column_amount = models.CharField(
        _("amount column"),
        max_length=60,
        blank=True,
        help_text=_("A signed amount; or fill the debit and credit columns instead."),
    )
    column_debit = models.CharField(_("debit column"), max_length=60, blank=True)
    column_credit = models.CharField(_("credit column"), max_length=60, blank=True)
    column_direction = models.CharField(
        _("D/C column"),
        max_length=60,
        blank=True,
        help_text=_("A column saying D or C, when the amount column has no sign."),
    )
    column_payer = models.CharField(_("payer column"), max_length=60, blank=True)
    column_payer_iban = models.CharField(_("payer's account column"), max_length=60, blank=True)
    column_text = models.CharField(_("payment purpose column"), max_length=60, blank=True)
    column_reference = models.CharField(_("payment code column"), max_length=60, blank=True)
    column_bank_reference = models.CharField(_("bank's entry ID column"), max_length=60, blank=True)
    column_currency = models.CharField(_("currency column"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("bank CSV mapping")
        verbose_name_plural = _("bank CSV mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StatementImport(models.Model):
    """One uploaded statement file, imported in the background."""

    class Format(models.TextChoices):
        CAMT053 = "camt053", _("ISO 20022 camt.053 (statement)")
        CAMT054 = "camt054", _("ISO 20022 camt.054 (notification)")
        LITAS_ESIS = "litas_esis", _("LITAS-ESIS text")
        CSV = "csv", _("bank CSV")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("refused")

    file = models.FileField(_("file"), upload_to="finance/statements/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file_format = models.CharField(_("format"), max_length=12, choices=Format.choices, blank=True)
    csv_mapping = models.ForeignKey(
        CsvMapping,
        verbose_name=_("CSV mapping"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    account_iban = models.CharField(_("account"), max_length=34, blank=True)
    statement_id = models.CharField(_("statement ID"), max_length=100, blank=True)
    period_from = models.DateField(_("from"), null=True, blank=True)
    period_to = models.DateField(_("to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_lines = models.PositiveIntegerField(_("entries in the file"), default=0)
    processed_lines = models.PositiveIntegerField(_("entries read"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    known_count = models.PositiveIntegerField(_("already known"), default=0)
    refused_count = models.PositiveIntegerField(_("refused"), default=0)
    matched_count = models.PositiveIntegerField(_("matched"), default=0)
    error = models.TextField(_("why the file was refused"), blank=True)
    line_errors = models.JSONField(_("refused entries"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("finance:statement_import_detail", kwargs={"pk": self.pk})


class BankEntry(models.Model):
    """One booked bank entry, recorded once however many files carry it.

    `fingerprint` identifies the entry across files: the bank's own entry reference where
    it gives one, otherwise a hash of what the entry says (`lrba.finance.statements`)."""

    class Direction(models.TextChoices):
        CREDIT = "credit", _("received")
        DEBIT = "debit", _("paid out")

    class Status(models.TextChoices):
        UNMATCHED = "unmatched", _("waiting to be matched")
        PARTLY_MATCHED = "partly_matched", _("partly matched")
        MATCHED = "matched", _("matched")
        IGNORED = "ignored", _("ignored")

    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    first_import = models.ForeignKey(
        StatementImport,
        verbose_name=_("first imported from"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    account_iban = models.CharField(_("account"), max_length=34, blank=True)
    booking_date = models.DateField(_("booked on"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    counterparty_name = models.CharField(_("payer or payee"), max_length=255, blank=True)
    counterparty_iban = models.CharField(_("their account"), max_length=34, blank=True)
    reference = models.CharField(
        _("payment code"), max_length=140, blank=True, help_text=_("Structured reference, e.g. RF…")
    )
    text = models.TextField(_("payment purpose"), blank=True)
    end_to_end_id = models.CharField(_("end-to-end ID"), max_length=140, blank=True)
    bank_reference = models.CharField(_("bank's entry ID"), max_length=140, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNMATCHED
    )
    amount_allocated = money_field(_("matched"), default=ZERO)
    ignored_reason = models.CharField(_("why ignored"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank entry")
        verbose_name_plural = _("bank entries")
        ordering = ["-booking_date", "-pk"]
        indexes = [
            models.Index(fields=["status", "direction"]),
            models.Index(fields=["booking_date"]),
            models.Index(fields=["counterparty_iban"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_allocated__gte=0) & Q(amount_allocated__lte=models.F("amount")),
                name="finance_entry_allocated_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount} {self.counterparty_name}".strip()

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.amount_allocated


class Allocation(models.Model):
    """What a received payment settles: part or all of an invoice, or, what is left over,
    a credit kept for the member. Undoing a match marks the row reversed (never deletes):
    the history stays, and the change history records who did it."""

    class Method(models.TextChoices):
        REFERENCE = "reference", _("by payment reference")
        NUMBER = "number", _("by invoice number")
        IBAN_AMOUNT = "iban_amount", _("by payer's account and amount")
        MANUAL = "manual", _("by hand")
        CREDIT = "credit", _("from the member's credit")

    entry = models.ForeignKey(
        BankEntry,
        verbose_name=_("bank entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("invoice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("member's credit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credits",
        help_text=_("An overpayment kept as the member's credit."),
    )
    from_credit = models.ForeignKey(
        "self",
        verbose_name=_("from credit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uses",
    )
    amount = money_field(_("amount"), validators=[MinValueValidator(Decimal("0.01"))])
    method = models.CharField(_("matched"), max_length=12, choices=Method.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("matched on"), auto_now_add=True)
    reversed_at = models.DateTimeField(_("undone"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment match")
        verbose_name_plural = _("payment matches")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="finance_allocation_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(entry__isnull=False) | Q(from_credit__isnull=False),
                name="finance_allocation_has_a_source",
            ),
            models.CheckConstraint(
                condition=Q(invoice__isnull=False) | Q(membership__isnull=False),
                name="finance_allocation_has_a_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} → {self.invoice or self.membership}"

    @property
    def is_active(self) -> bool:
        return self.reversed_at is None

    @property
    def is_credit(self) -> bool:
        return self.invoice_id is None


class Reminder(models.Model):
    """A reminder of an unpaid invoice: one per invoice and stage, so the daily command
    never sends the same reminder twice."""

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="reminders"
    )
    stage = models.PositiveSmallIntegerField(_("days overdue"))
    sent_on = models.DateField(_("sent on"))
    recipients = models.JSONField(_("sent to"), default=list)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "stage"], name="finance_one_reminder_per_stage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} +{self.stage}"


class ArrearsProposal(models.Model):
    """A member's arrears brought to the Board (never a suspension by itself): the Board
    decides through its meeting or written procedure in the governance app."""

    membership = models.ForeignKey(
        Membership, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    invoices = models.ManyToManyField(Invoice, verbose_name=_("invoices"), related_name="+")
    amount = money_field(_("owed"))
    prepared_on = models.DateField(_("prepared on"))
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    procedure = models.ForeignKey(
        "governance.WrittenProcedure",
        verbose_name=_("written procedure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("arrears proposal to the Board")
        verbose_name_plural = _("arrears proposals to the Board")
        ordering = ["-prepared_on"]

    def __str__(self) -> str:
        return f"{self.membership} — {self.amount}"


# Support and charity ----------------------------------------------------------------------


class Donor(models.Model):
    """Who gives the association support. Anonymous support and the 1.2 per cent income-tax
    share have a donor row of their kind with no personal data."""

    class Kind(models.TextChoices):
        LEGAL = "legal", _("legal person")
        NATURAL = "natural", _("natural person")
        ANONYMOUS = "anonymous", _("anonymous")
        GPM_SHARE = "gpm_share", _("1.2 per cent income-tax share (through the tax authority)")

    kind = models.CharField(_("donor type"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255, blank=True)
    code = models.CharField(
        _("legal-entity code"),
        max_length=9,
        blank=True,
        validators=[validators.validate_legal_entity_code],
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="finance_donor_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())


class SupportReceived(models.Model):
    """One item of support received (paramos gavimas), kept apart per donor."""

    class Object(models.TextChoices):
        MONEY = "money", _("money")
        GOODS = "goods", _("goods or other property")
        SERVICES = "services", _("services")
        LOAN_FOR_USE = "loan_for_use", _("property on loan for use")
        BEQUEST = "bequest", _("bequest")
        GPM_SHARE = "gpm_share", _("1.2 per cent income-tax share")

    donor = models.ForeignKey(
        Donor, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="support"
    )
    received_on = models.DateField(_("received on"))
    object = models.CharField(_("object of support"), max_length=14, choices=Object.choices)
    description = models.CharField(_("what was given"), max_length=255)
    value = money_field(_("value, EUR"), validators=[MinValueValidator(Decimal("0.01"))])
    valuation = models.CharField(
        _("how the value was set"),
        max_length=255,
        blank=True,
        help_text=_("For goods, services or property on loan: e.g. the donor's invoice price."),
    )
    purpose = models.CharField(_("purpose"), max_length=255)
    earmarked = models.BooleanField(
        _("earmarked"), default=False, help_text=_("The donor named what it must be used for.")
    )
    purpose_fits_statutes = models.BooleanField(
        _("the purpose fits the statutes"),
        default=False,
        help_text=_("Associations Law Art. 16(4): money for a purpose outside them is refused."),
    )
    agreement_number = models.CharField(_("agreement no."), max_length=60, blank=True)
    agreement_date = models.DateField(_("agreement date"), null=True, blank=True)
    obliged_publicity = models.BooleanField(_("we publicise the donor"), default=False)
    obliged_report = models.BooleanField(_("we report to the donor on its use"), default=False)
    obliged_use_as_directed = models.BooleanField(
        _("we use it as the donor directs"), default=False
    )
    bank_entry = models.ForeignKey(
        BankEntry,
        verbose_name=_("bank entry"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("support received")
        verbose_name_plural = _("support received")
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.donor} {self.received_on} {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("finance:support_detail", kwargs={"pk": self.pk})


class SupportUse(models.Model):
    """How support was used: one use of one item."""

    support = models.ForeignKey(
        SupportReceived, verbose_name=_("support"), on_delete=models.PROTECT, related_name="uses"
    )
    used_on = models.DateField(_("used on"))
    amount = money_field(_("amount, EUR"), validators=[MinValueValidator(Decimal("0.01"))])
    purpose = models.CharField(_("purpose or activity"), max_length=255)
    final_recipient = models.CharField(
        _("passed on to"),
        max_length=255,
        blank=True,
        help_text=_("The recipient, when the money or property was passed on (Art. 11(2))."),
    )
    is_publicity = models.BooleanField(
        _("publicity of the donor"),
        default=False,
        help_text=_(
            "Publicity costs may not exceed 10 per cent of the donor's support (Art. 8(2))."
        ),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("use of support")
        verbose_name_plural = _("uses of support")
        ordering = ["-used_on"]

    def __str__(self) -> str:
        return f"{self.used_on} {self.amount} {self.purpose}"


class SupportGiven(models.Model):
    """Support or charity the association gives (FR0477)."""

    class Kind(models.TextChoices):
        SUPPORT = "support", _("support")
        CHARITY = "charity", _("charity")

    class RecipientKind(models.TextChoices):
        LEGAL = "legal", _("legal person")
        NATURAL = "natural", _("natural person")

    kind = models.CharField(_("given as"), max_length=8, choices=Kind.choices)
    recipient_kind = models.CharField(
        _("recipient type"), max_length=8, choices=RecipientKind.choices
    )
    recipient_name = models.CharField(_("recipient"), max_length=255)
    recipient_code = models.CharField(
        _("recipient's legal-entity code"),
        max_length=9,
        blank=True,
        validators=[validators.validate_legal_entity_code],
    )
    given_on = models.DateField(_("given on"))
    object = models.CharField(_("object"), max_length=14, choices=SupportReceived.Object.choices)
    description = models.CharField(_("what was given"), max_length=255)
    value = money_field(_("value, EUR"), validators=[MinValueValidator(Decimal("0.01"))])
    purpose = models.CharField(_("purpose"), max_length=255)
    agreement_number = models.CharField(_("agreement no."), max_length=60, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("support or charity given")
        verbose_name_plural = _("support and charity given")
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.given_on} {self.value}"
