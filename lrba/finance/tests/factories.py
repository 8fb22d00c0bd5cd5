"""Factories of the finance app. The default series and the settings row come from the
migration (`series()`, `credit_series()`, `FinanceSettings.current()`)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lrba.finance import models
from lrba.finance.reference import creditor_reference
from lrba.members.tests.factories import MembershipFactory


def series() -> models.InvoiceSeries:
    return models.InvoiceSeries.objects.get(code="LRBA")


def credit_series() -> models.InvoiceSeries:
    return models.InvoiceSeries.objects.get(code="LRBAK")


class FeeScheduleFactory(DjangoModelFactory):
    class Meta:
        model = models.FeeSchedule

    year = 2026
    name = factory.Sequence(lambda n: f"Nario mokestis {n + 1}")
    name_en = factory.Sequence(lambda n: f"Membership fee {n + 1}")
    decision_reference = "VNS 2026-04-18 nutarimas Nr. VNS-2026-3"


class FeeRateFactory(DjangoModelFactory):
    class Meta:
        model = models.FeeRate

    schedule = factory.SubFactory(FeeScheduleFactory)
    category = models.FeeRate.Category.MUNICIPAL_PUBLIC
    amount = Decimal("120.00")


class InvoiceFactory(DjangoModelFactory):
    """A draft invoice to a member library; issue it with the invoices service."""

    class Meta:
        model = models.Invoice

    series = factory.LazyFunction(series)
    membership = factory.SubFactory(MembershipFactory)
    library = factory.LazyAttribute(lambda o: o.membership.library)
    person = factory.LazyAttribute(lambda o: o.membership.person)
    buyer_name = factory.LazyAttribute(
        lambda o: o.library.name if o.library else o.person.full_name
    )
    buyer_code = factory.LazyAttribute(lambda o: o.library.legal_entity_code if o.library else "")


def next_number(invoice_series: models.InvoiceSeries) -> int:
    """The number after the last one taken in `invoice_series` (tests only: the services
    take numbers through `lrba.core.numbering`)."""
    last = (
        models.Invoice.objects.filter(series=invoice_series, number__isnull=False)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


class IssuedInvoiceFactory(InvoiceFactory):
    """An invoice as `invoice_issue` leaves it — numbered next in its series, dated, with
    its RF reference — made directly, for the tests of what reads invoices (documents,
    matching, members' pages, exports). Add its lines and totals as the test needs."""

    status = models.Invoice.Status.ISSUED
    number = factory.LazyAttribute(lambda o: next_number(o.series))
    issue_date = datetime.date(2026, 3, 2)
    due_date = factory.LazyAttribute(lambda o: o.issue_date + datetime.timedelta(days=30))
    reference = factory.LazyAttribute(lambda o: creditor_reference(o.series.code, o.number))
    issued_at = factory.LazyFunction(timezone.now)


class InvoiceLineFactory(DjangoModelFactory):
    class Meta:
        model = models.InvoiceLine

    invoice = factory.SubFactory(InvoiceFactory)
    description = "Nario mokestis už 2026 m."
    quantity = Decimal("1.000")
    unit_price = Decimal("120.00")
    net_amount = factory.LazyAttribute(
        lambda o: (o.quantity * o.unit_price).quantize(Decimal("0.01"))
    )


class StatementImportFactory(DjangoModelFactory):
    class Meta:
        model = models.StatementImport

    file_name = factory.Sequence(lambda n: f"israsas-{n}.xml")
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    file_format = models.StatementImport.Format.CAMT053
    status = models.StatementImport.Status.DONE


class BankEntryFactory(DjangoModelFactory):
    class Meta:
        model = models.BankEntry

    fingerprint = factory.Sequence(lambda n: f"entry-{n:058d}")
    first_import = factory.SubFactory(StatementImportFactory)
    account_iban = "LT121000011101001000"
    booking_date = datetime.date(2026, 3, 2)
    direction = models.BankEntry.Direction.CREDIT
    amount = Decimal("120.00")
    counterparty_name = "Bandomoji biblioteka"


class DonorFactory(DjangoModelFactory):
    class Meta:
        model = models.Donor

    kind = models.Donor.Kind.LEGAL
    name = factory.Sequence(lambda n: f"UAB „Rėmėjas {n + 1}“")
    code = factory.Sequence(lambda n: f"{304000000 + n:09d}")


class SupportReceivedFactory(DjangoModelFactory):
    class Meta:
        model = models.SupportReceived

    donor = factory.SubFactory(DonorFactory)
    received_on = datetime.date(2026, 2, 10)
    object = models.SupportReceived.Object.MONEY
    description = "Pinigai"
    value = Decimal("1000.00")
    purpose = "Bibliotekininkų kvalifikacijos tobulinimas"
    purpose_fits_statutes = True


class SupportUseFactory(DjangoModelFactory):
    class Meta:
        model = models.SupportUse

    support = factory.SubFactory(SupportReceivedFactory)
    used_on = datetime.date(2026, 3, 10)
    amount = Decimal("100.00")
    purpose = "Seminaro lektoriaus honoraras"
