"""Demonstration data of finance: the year's membership fee and its invoices, three bank
statements paying them (in full by the RF reference, by the invoice number in the text,
in part, too much, two invoices at once, by a known account and the amount, and some
that match nothing), a credit note, support received and used, and support given.

Runs after the register and governance (it invoices their members) and goes through the
finance services as the secretariat would: the yearly run issues the invoices (numbers,
references, totals are the system's own), the statements are camt.053 files this module
writes (`camt053_document`, also used by bench/finance) and imports through the import
service, whose automatic matching pays the invoices. What a person would do by hand —
match part of an entry, ignore a donor's transfer recorded as support — is done through
the matching services.

The invoices are issued without e-mail (`send=False`): their PDFs are drawn by the task
worker after the load commits (`make run` starts one), or on demand when first opened.

Dates are relative to the day of loading: the demo year is the current one from June on
(before that, the last one), the fee is invoiced on 20 January and the statements cover
the weeks after it and the last month. Natural keys (the schedule's year and name, the
statements' file names, the donors' codes and the support items' agreements) make a
second run create nothing.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from lxml import etree

from lrba.accounts.models import User
from lrba.core.association import association
from lrba.core.demo import DemoLoaded
from lrba.finance.models import (
    BankEntry,
    FeeExemption,
    FeeRate,
    FeeSchedule,
    FinanceSettings,
    Invoice,
    InvoiceSeries,
    StatementImport,
    SupportReceived,
)
from lrba.members.demo import ADMIN_EMAIL, _audit_disabled, legal_entity_code
from lrba.members.models import Membership

FEE_NAME = "Nario mokestis"
FEE_NAME_EN = "Membership fee"
# The demo year's rates per member category (EUR). Branches are not members.
RATES = {
    FeeRate.Category.COUNTY_PUBLIC: Decimal("300.00"),
    FeeRate.Category.MUNICIPAL_PUBLIC: Decimal("200.00"),
    FeeRate.Category.SCHOOL: Decimal("60.00"),
    FeeRate.Category.ACADEMIC: Decimal("150.00"),
    FeeRate.Category.SPECIAL: Decimal("100.00"),
    FeeRate.Category.OTHER: Decimal("60.00"),
    FeeRate.Category.INDIVIDUAL: Decimal("20.00"),
}
# The demo General Meeting's decision "Dėl nario mokesčio dydžio 2027 metams" sets one fee
# for every library and one for a person (lrba.governance.demo.PAST_AGENDA).
NEXT_YEAR_LIBRARY = Decimal("150.00")
NEXT_YEAR_PERSON = Decimal("20.00")
# A made-up account of the association when the site has none configured.
DEMO_ACCOUNT = "LT307300010000000001"
SEMINAR = "Seminaro „Bibliotekų duomenų apsauga“ dalyvio mokestis"
SEMINAR_PRICE = Decimal("45.00")
DONOR_COMPANY = "UAB „Knygų namai“"
DONOR_AGREEMENT = "P-{year}/3"
SHARE_AMOUNT = Decimal("412.37")  # the 1.2 % income-tax share the tax authority transferred


def demo_data_present() -> bool:
    return FeeSchedule.objects.exists()


def demo_year(today: datetime.date) -> int:
    """The year the demo invoices: the current one once half of it has passed."""
    return today.year if today >= datetime.date(today.year, 6, 1) else today.year - 1


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The finance part of `manage.py demo_data`: loads after the register and governance."""
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    today = timezone.localdate()
    year = demo_year(today)
    created: dict[str, int] = {}
    with transaction.atomic(), _audit_disabled():
        _settings_fill()
        schedule, new_schedule = _load_fee_schedule(year, admin)
        created["fee schedules"] = int(new_schedule) + _load_next_year_schedule(year + 1)
        created["invoices"] = _load_invoices(schedule, admin) if new_schedule else 0
        plan = _payment_plan(schedule, admin, seed, today) if new_schedule else None
        created["bank statements"] = _load_statements(plan, admin) if plan else 0
        if plan:
            _after_import(plan, admin)
        created["support items"] = _load_support(year, today, seed, admin)
    return DemoLoaded(created=created)


# Settings and the fee -------------------------------------------------------------------------


def _settings_fill() -> None:
    """The issuer and the bank, when the secretariat has not set them yet."""
    settings = FinanceSettings.current()
    changed = False
    for name, value in (
        ("issuer_name", "Jūratė Kazlauskienė"),
        ("issuer_position", "Vyriausioji finansininkė"),
        ("bank_name", "AB SEB bankas"),
        ("bic", "CBVILT2X"),
    ):
        if not getattr(settings, name):
            setattr(settings, name, value)
            changed = True
    if changed:
        settings.full_clean()
        settings.save()


def _load_fee_schedule(year: int, admin: User | None) -> tuple[FeeSchedule, bool]:
    existing = FeeSchedule.objects.filter(year=year, name=FEE_NAME).first()
    if existing is not None:
        return existing, False
    schedule = FeeSchedule(
        year=year,
        name=FEE_NAME,
        name_en=FEE_NAME_EN,
        decision_reference=f"VNS {year - 1}-04-24 nutarimas Nr. VNS-{year - 1}-2",
        proration=FeeSchedule.Proration.MONTHLY,
        notes="Demonstraciniai duomenys.",
    )
    schedule.full_clean()
    schedule.save()
    for category, amount in RATES.items():
        rate = FeeRate(schedule=schedule, category=category, amount=amount)
        rate.full_clean()
        rate.save()
    # One member pays half (its building flooded), one individual member nothing.
    current = Membership.objects.current().order_by("pk")
    exempt: list[tuple[Membership | None, Decimal | None, str]] = [
        (
            current.filter(library__kind="municipal_public").last(),
            Decimal("100.00"),
            "Valdybos sprendimu: pastatą apsėmė potvynis, moka pusę mokesčio",
        ),
        (
            current.filter(person__isnull=False).last(),
            None,
            "Garbės narė: nario mokesčio nemoka (įstatų 6.4 p.)",
        ),
    ]
    for membership, pays, reason in exempt:
        if membership is None:
            continue
        exemption = FeeExemption(
            schedule=schedule, membership=membership, amount=pays, reason=reason
        )
        exemption.full_clean()
        exemption.save()
    return schedule, True


def _load_next_year_schedule(year: int) -> int:
    """Next year's fee as the demo General Meeting decided it, linked to that decision;
    not yet invoiced, so the yearly run can be tried on it."""
    from lrba.governance.models import Decision

    if FeeSchedule.objects.filter(year=year, name=FEE_NAME).exists():
        return 0
    decision = Decision.objects.filter(kind__code="fees", title__contains=str(year)).first()
    schedule = FeeSchedule(
        year=year,
        name=FEE_NAME,
        name_en=FEE_NAME_EN,
        decision=decision,
        decision_reference="" if decision else f"VNS {year - 1} nutarimas dėl nario mokesčio",
        proration=FeeSchedule.Proration.MONTHLY,
    )
    schedule.full_clean()
    schedule.save()
    for category in FeeRate.Category.values:
        if category == FeeRate.Category.BRANCH:
            continue
        amount = NEXT_YEAR_PERSON if category == FeeRate.Category.INDIVIDUAL else NEXT_YEAR_LIBRARY
        rate = FeeRate(schedule=schedule, category=category, amount=amount)
        rate.full_clean()
        rate.save()
    return 1


def _issue_date(schedule: FeeSchedule) -> datetime.date:
    return datetime.date(schedule.year, 1, 20)


def _default_series(kind: str) -> InvoiceSeries:
    return InvoiceSeries.objects.get(kind=kind, is_default=True)


def _load_invoices(schedule: FeeSchedule, admin: User | None) -> int:
    """The yearly run, started and run here (the worker would run it after commit; a
    second run of the same schedule issues nothing)."""
    from lrba.finance.services import runs

    run = runs.invoice_run_start(
        schedule,
        series=_default_series(InvoiceSeries.Kind.INVOICE),
        issue_date=_issue_date(schedule),
        by=admin,
        send_emails=False,
    )
    runs.invoice_run_task.call(run.pk)
    return Invoice.objects.filter(fee_schedule=schedule).issued().count()


# Who pays what ------------------------------------------------------------------------------


@dataclass
class CamtEntry:
    """One entry of a generated statement: a credit from `name`'s account, or a debit to it."""

    booking_date: datetime.date
    amount: Decimal
    credit: bool
    name: str
    iban: str
    bank_reference: str
    end_to_end_id: str = "NOTPROVIDED"
    reference: str = ""  # a structured creditor reference (RF)
    text: str = ""  # the unstructured payment purpose


@dataclass
class Statement:
    file_name: str
    statement_id: str
    period_from: datetime.date
    period_to: datetime.date
    entries: list[CamtEntry] = field(default_factory=list)


@dataclass
class PaymentPlan:
    statements: list[Statement]
    # End-to-end ids of entries a person handles after the import.
    by_hand: dict[str, tuple[str, Any]] = field(default_factory=dict)


def payer_iban(key: str) -> str:
    """A made-up Lithuanian IBAN (valid check digits) that is the same for `key` in every run."""
    digits = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10**11
    bban = f"70440{digits:011d}"
    check = 98 - int(bban + "212900") % 97  # "LT" = 21 29, check digits 00 for the sum
    return f"LT{check:02d}{bban}"


def _payer(invoice: Invoice) -> tuple[str, str]:
    return invoice.buyer_name[:70], payer_iban(f"payer:{invoice.buyer_code or invoice.buyer_name}")


def _payment_plan(
    schedule: FeeSchedule, admin: User | None, seed: int, today: datetime.date
) -> PaymentPlan | None:
    """Decide who pays what, issue the few invoices the story needs besides the fee (two
    seminar fees, a credit note), and write the three statements' entries."""
    from lrba.finance.services import invoices as invoice_services

    issued = list(Invoice.objects.filter(fee_schedule=schedule).issued().order_by("number"))
    if len(issued) < 12:
        return None
    rng = random.Random(f"{seed}:finance")
    issue = _issue_date(schedule)
    first = Statement(
        f"israsas-{schedule.year}-1.xml",
        f"LRBA-{schedule.year}-001",
        issue + datetime.timedelta(days=1),
        issue + datetime.timedelta(days=40),
    )
    second = Statement(
        f"israsas-{schedule.year}-2.xml",
        f"LRBA-{schedule.year}-002",
        first.period_to,  # overlaps the first statement by a day: its entries import once
        issue + datetime.timedelta(days=75),
    )
    last = Statement(
        f"israsas-{today:%Y-%m}.xml",
        f"LRBA-{today:%Y%m}-003",
        max(today - datetime.timedelta(days=30), second.period_to + datetime.timedelta(days=1)),
        today - datetime.timedelta(days=1),
    )
    plan = PaymentPlan([first, second, last])
    counter = iter(range(1, 100_000))

    def entry(statement: Statement, day: datetime.date, **values: Any) -> CamtEntry:
        n = next(counter)
        made = CamtEntry(
            booking_date=day,
            bank_reference=f"{day:%Y%m%d}{n:08d}",
            end_to_end_id=f"E2E-{schedule.year}-{n:05d}",
            **values,
        )
        statement.entries.append(made)
        return made

    def day_in(statement: Statement) -> datetime.date:
        span = (statement.period_to - statement.period_from).days
        return statement.period_from + datetime.timedelta(days=rng.randint(1, max(span - 1, 1)))

    libraries = [i for i in issued if i.library_id]
    people = [i for i in issued if i.person_id]
    taken: set[int] = set()

    def pick(preferred: list[Invoice], count: int = 1) -> list[Invoice]:
        """`count` invoices not yet given a part, from `preferred` first (a small demo
        may have few individual members), then from any."""
        chosen: list[Invoice] = []
        for invoice in [*preferred, *issued]:
            if len(chosen) == count:
                break
            if invoice.pk not in taken:
                taken.add(invoice.pk)
                chosen.append(invoice)
        return chosen

    # The special cases first, each on its own invoice.
    (iban_payer,) = pick(libraries)
    (partial,) = pick(libraries)
    (overpaid,) = pick(people)
    together = pick(people, 2)
    (by_hand,) = pick(libraries)
    (credited,) = pick(people)
    special = {partial.pk, overpaid.pk, by_hand.pk, credited.pk, iban_payer.pk}
    special |= {i.pk for i in together}
    rest = [i for i in issued if i.pk not in special]
    rng.shuffle(rest)
    by_reference = rest[: len(rest) * 60 // 100]
    by_number = rest[len(by_reference) : len(by_reference) + len(rest) * 12 // 100]
    done = len(by_reference) + len(by_number)
    # Paid without a reference or number from an account not yet known: the queue's work.
    unreferenced = rest[done : done + max(len(rest) * 4 // 100, 2)]
    # (the rest stays unpaid: the arrears list)

    year = schedule.year
    for invoice in [iban_payer, *by_reference]:
        name, iban = _payer(invoice)
        statement = first if rng.random() < 0.8 else second
        entry(
            statement,
            day_in(statement),
            amount=invoice.total,
            credit=True,
            name=name,
            iban=iban,
            reference=invoice.reference,
        )
    for invoice in by_number:
        name, iban = _payer(invoice)
        entry(
            second,
            day_in(second),
            amount=invoice.total,
            credit=True,
            name=name,
            iban=iban,
            text=f"Nario mokestis už {year} m., sąskaita {invoice.display_number}",
        )
    for invoice in unreferenced:
        name, iban = _payer(invoice)
        entry(
            second,
            day_in(second),
            amount=invoice.total,
            credit=True,
            name=name,
            iban=iban,
            text=f"Nario mokestis {year}",
        )
    # A payment booked on the day both statements cover is in both files: recorded once.
    shared = next((e for e in first.entries if e.reference), None)
    if shared is not None:
        shared.booking_date = first.period_to
        second.entries.append(shared)
    name, iban = _payer(partial)
    half = (partial.total / 2).quantize(Decimal("0.01"))
    entry(
        second,
        day_in(second),
        amount=half,
        credit=True,
        name=name,
        iban=iban,
        reference=partial.reference,
        text="Pirmoji nario mokesčio dalis",
    )
    name, iban = _payer(overpaid)
    entry(
        second,
        day_in(second),
        amount=overpaid.total + Decimal("20.00"),
        credit=True,
        name=name,
        iban=iban,
        reference=overpaid.reference,
        text=f"Nario mokestis už {year} ir {year + 1} m.",
    )
    name, iban = _payer(together[0])
    numbers = ", ".join(i.display_number for i in together)
    entry(
        second,
        day_in(second),
        amount=sum((i.total for i in together), Decimal("0.00")),
        credit=True,
        name=name,
        iban=iban,
        text=f"Nario mokestis už save ir kolegę: sąskaitos {numbers}",
    )
    # Bank fees and a supplier: debits, which matching leaves alone.
    for statement in plan.statements:
        entry(
            statement,
            statement.period_to,
            amount=Decimal("4.50"),
            credit=False,
            name="AB SEB bankas",
            iban=payer_iban("bank"),
            text="Sąskaitos aptarnavimo mokestis",
        )
    entry(
        second,
        day_in(second),
        amount=Decimal("360.00"),
        credit=False,
        name="UAB „Salių nuoma“",
        iban=payer_iban("hall"),
        text="Sąskaita SN-0457: salės nuoma seminarui",
    )

    # The last month: a seminar fee paid from a known account without a word of reference,
    # a payment nobody can place, a donor's transfer, the 1.2 % share, and a library that
    # pays its fee and its seminar seat in one sum (matched by hand, in part).
    seminar_day = max(
        issue + datetime.timedelta(days=90), last.period_from - datetime.timedelta(days=20)
    )
    seminar = _seminar_invoice(iban_payer, seminar_day, admin, invoice_services)
    name, iban = _payer(iban_payer)
    entry(
        last,
        day_in(last),
        amount=seminar.total,
        credit=True,
        name=name,
        iban=iban,
        text="Apmokėjimas",
    )
    entry(
        last,
        day_in(last),
        amount=Decimal("35.00"),
        credit=True,
        name="Vardenis Pavardenis",
        iban=payer_iban("stranger"),
        text="Pavedimas",
    )
    donation = entry(
        last,
        day_in(last),
        amount=Decimal("1500.00"),
        credit=True,
        name=DONOR_COMPANY,
        iban=payer_iban("donor"),
        text=f"Parama pagal sutartį Nr. {DONOR_AGREEMENT.format(year=year)}",
    )
    plan.by_hand[donation.end_to_end_id] = ("ignore", "Parama: įrašyta į paramos apskaitą")
    share = entry(
        last,
        day_in(last),
        amount=SHARE_AMOUNT,
        credit=True,
        name="Valstybinė mokesčių inspekcija",
        iban="LT247300010112394300",
        text="GPM 1,2 proc. parama",
    )
    plan.by_hand[share.end_to_end_id] = ("ignore", "1,2 % GPM dalis: įrašyta į paramos apskaitą")
    name, iban = _payer(by_hand)
    mixed = entry(
        last,
        day_in(last),
        amount=by_hand.total + SEMINAR_PRICE,
        credit=True,
        name=name,
        iban=iban,
        text="Nario mokestis ir seminaras",
    )
    plan.by_hand[mixed.end_to_end_id] = ("match", by_hand.pk)
    # A member that left: its fee cancelled by a credit note.
    invoice_services.credit_note_issue(
        credited,
        amount=None,
        reason="Narystė nutraukta narės prašymu iki mokėjimo termino",
        by=admin,
        issue_date=issue + datetime.timedelta(days=25),
        send=False,
    )
    for statement in plan.statements:
        statement.entries.sort(key=lambda e: (e.booking_date, e.bank_reference))
    return plan


def _seminar_invoice(
    paid_fee: Invoice, day: datetime.date, admin: User | None, invoice_services: Any
) -> Invoice:
    """A seminar seat invoiced to a library that paid its fee already (so its account is
    known when it pays this one without a reference)."""
    draft = invoice_services.invoice_draft_create(
        membership=paid_fee.membership,
        library=paid_fee.library,
        person=paid_fee.person,
        lines=[invoice_services.LineInput(description=SEMINAR, unit_price=SEMINAR_PRICE)],
        by=admin,
    )
    return invoice_services.invoice_issue(draft, by=admin, issue_date=day, send=False)


# The statements ----------------------------------------------------------------------------

CAMT053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


def camt053_document(
    *,
    account_iban: str,
    statement_id: str,
    period_from: datetime.date,
    period_to: datetime.date,
    entries: list[CamtEntry],
    opening_balance: Decimal = Decimal("5000.00"),
    created_at: datetime.datetime | None = None,
) -> bytes:
    """A bank-to-customer statement (ISO 20022 camt.053.001.02) of `entries`, shaped as
    the banks' files in /work/shared/samples/camt are: the group header, one statement
    with the account, its opening and closing booked balances, and one booked entry per
    payment with its transaction details (references, the other party and its account,
    the remittance information: an RF reference as structured, text as unstructured)."""
    created_at = created_at or datetime.datetime.combine(
        period_to, datetime.time(23, 0), tzinfo=datetime.UTC
    )
    stamp = created_at.replace(microsecond=0).isoformat()
    ns = f"{{{CAMT053}}}"

    def add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
        element = etree.SubElement(parent, ns + tag, attrs)
        if text is not None:
            element.text = text
        return element

    def balance(parent: etree._Element, code: str, amount: Decimal, day: datetime.date) -> None:
        bal = add(parent, "Bal")
        add(add(add(bal, "Tp"), "CdOrPrtry"), "Cd", code)
        add(bal, "Amt", f"{abs(amount):.2f}", Ccy="EUR")
        add(bal, "CdtDbtInd", "CRDT" if amount >= 0 else "DBIT")
        add(add(bal, "Dt"), "Dt", day.isoformat())

    root = etree.Element(ns + "Document", nsmap={None: CAMT053})
    report = add(root, "BkToCstmrStmt")
    header = add(report, "GrpHdr")
    add(header, "MsgId", f"MSG-{statement_id}")
    add(header, "CreDtTm", stamp)
    statement = add(report, "Stmt")
    add(statement, "Id", statement_id)
    add(statement, "CreDtTm", stamp)
    period = add(statement, "FrToDt")
    add(period, "FrDtTm", f"{period_from.isoformat()}T00:00:00")
    add(period, "ToDtTm", f"{period_to.isoformat()}T23:59:59")
    account = add(statement, "Acct")
    add(add(account, "Id"), "IBAN", account_iban)
    add(account, "Ccy", "EUR")
    closing = opening_balance + sum(
        (e.amount if e.credit else -e.amount for e in entries), Decimal("0.00")
    )
    balance(statement, "OPBD", opening_balance, period_from - datetime.timedelta(days=1))
    balance(statement, "CLBD", closing, period_to)
    for item in entries:
        ntry = add(statement, "Ntry")
        add(ntry, "Amt", f"{item.amount:.2f}", Ccy="EUR")
        add(ntry, "CdtDbtInd", "CRDT" if item.credit else "DBIT")
        add(ntry, "Sts", "BOOK")
        add(add(ntry, "BookgDt"), "Dt", item.booking_date.isoformat())
        add(add(ntry, "ValDt"), "Dt", item.booking_date.isoformat())
        add(ntry, "AcctSvcrRef", item.bank_reference)
        code = add(add(ntry, "BkTxCd"), "Domn")
        add(code, "Cd", "PMNT")
        family = add(code, "Fmly")
        add(family, "Cd", "RCDT" if item.credit else "ICDT")
        add(family, "SubFmlyCd", "ESCT")
        details = add(add(ntry, "NtryDtls"), "TxDtls")
        add(add(details, "Refs"), "EndToEndId", item.end_to_end_id)
        parties = add(details, "RltdPties")
        party, party_account = ("Dbtr", "DbtrAcct") if item.credit else ("Cdtr", "CdtrAcct")
        add(add(parties, party), "Nm", item.name)
        add(add(add(parties, party_account), "Id"), "IBAN", item.iban)
        if item.reference or item.text:
            remittance = add(details, "RmtInf")
            if item.text:
                add(remittance, "Ustrd", item.text[:140])
            if item.reference:
                reference = add(add(remittance, "Strd"), "CdtrRefInf")
                kind = add(reference, "Tp")
                add(add(kind, "CdOrPrtry"), "Cd", "SCOR")
                add(kind, "Issr", "ISO")
                add(reference, "Ref", item.reference)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _account() -> str:
    return association().bank_account.replace(" ", "") or DEMO_ACCOUNT


def _load_statements(plan: PaymentPlan, admin: User | None) -> int:
    """Import the statements through the import service, as an upload would."""
    from lrba.finance.services.statements import statement_import_create, statement_import_run

    imported = 0
    balance = Decimal("5000.00")
    for statement in plan.statements:
        if StatementImport.objects.filter(file_name=statement.file_name).exists():
            continue
        content = camt053_document(
            account_iban=_account(),
            statement_id=statement.statement_id,
            period_from=statement.period_from,
            period_to=statement.period_to,
            entries=statement.entries,
            opening_balance=balance,
        )
        balance += sum(
            (e.amount if e.credit else -e.amount for e in statement.entries), Decimal("0.00")
        )
        upload = SimpleUploadedFile(statement.file_name, content, content_type="application/xml")
        # Run here rather than by the worker after commit: the demo needs the entries now.
        record = statement_import_create(file=upload, by=admin, enqueue=False)
        record = statement_import_run(record.pk)
        if record.status != StatementImport.Status.DONE:
            raise RuntimeError(f"The demo statement {record.file_name} was refused: {record.error}")
        imported += 1
    return imported


def _after_import(plan: PaymentPlan, admin: User | None) -> None:
    """What the secretariat does in the queue: a donor's transfer and the 1.2 % share
    ignored (they are support, recorded below), a mixed payment matched in part."""
    from lrba.finance.services import matching

    for end_to_end_id, (action, argument) in plan.by_hand.items():
        entry = BankEntry.objects.filter(end_to_end_id=end_to_end_id).first()
        if entry is None or entry.status != BankEntry.Status.UNMATCHED:
            continue
        if action == "ignore":
            matching.entry_ignore(entry=entry, reason=argument, by=admin)
        else:
            invoice = Invoice.objects.get(pk=argument)
            if invoice.balance > 0:
                matching.allocation_create(
                    entry=entry, invoice=invoice, amount=invoice.balance, by=admin
                )


# Support ------------------------------------------------------------------------------------


def _load_support(year: int, today: datetime.date, seed: int, admin: User | None) -> int:
    """A company's money for the regional conference (used in part, some of it on its
    publicity), a reader's books (passed on to a library), anonymous cash at an event, the
    1.2 % share, and books the association gave a school library."""
    from lrba.finance.services import support as services

    agreement = DONOR_AGREEMENT.format(year=year)
    if SupportReceived.objects.filter(agreement_number=agreement).exists():
        return 0
    day = max(today - datetime.timedelta(days=20), datetime.date(year, 1, 2))
    credits = BankEntry.objects.filter(direction=BankEntry.Direction.CREDIT)
    transfer = credits.filter(counterparty_name=DONOR_COMPANY).first()
    share_transfer = credits.filter(amount=SHARE_AMOUNT, text__contains="GPM").first()
    company = services.donor_resolve(
        kind="legal",
        name=DONOR_COMPANY,
        code=legal_entity_code(f"{seed}:donor", "30"),
        address="Gedimino pr. 10, LT-01103 Vilnius",
        by=admin,
    )
    money = services.support_receive(
        donor=company,
        received_on=transfer.booking_date if transfer else day,
        object=SupportReceived.Object.MONEY,
        description="Piniginė parama",
        value=Decimal("1500.00"),
        purpose="Regioninė bibliotekininkų konferencija",
        purpose_fits_statutes=True,
        earmarked=True,
        agreement_number=agreement,
        agreement_date=day - datetime.timedelta(days=14),
        obliged_publicity=True,
        obliged_report=True,
        bank_entry=transfer,
        by=admin,
    )
    services.support_use_record(
        support=money,
        used_on=min(money.received_on + datetime.timedelta(days=2), today),
        amount=Decimal("900.00"),
        purpose="Konferencijos salės nuoma ir pranešėjų kelionės",
        by=admin,
    )
    services.support_use_record(
        support=money,
        used_on=money.received_on,
        amount=Decimal("120.00"),
        purpose="Rėmėjo logotipas konferencijos leidiniuose",
        is_publicity=True,
        by=admin,
    )
    reader = services.donor_resolve(kind="natural", name="Ona Petraitienė", by=admin)
    books = services.support_receive(
        donor=reader,
        received_on=datetime.date(year, 3, 14),
        object=SupportReceived.Object.GOODS,
        description="42 knygos apie kraštotyrą",
        value=Decimal("380.00"),
        valuation="Knygų rinkos kaina pagal knygynų kainoraščius",
        purpose="Bibliotekų fondų papildymas",
        purpose_fits_statutes=True,
        by=admin,
    )
    school = (
        Membership.objects.current()
        .filter(library__kind="school")
        .exclude(library__legal_entity_code="")
        .select_related("library")
        .order_by("pk")
        .first()
    )
    recipient = school.library.name if school else "Mokyklos biblioteka"
    services.support_use_record(
        support=books,
        used_on=datetime.date(year, 4, 2),
        amount=Decimal("380.00"),
        purpose="Perduota mokyklos bibliotekai",
        final_recipient=recipient,
        by=admin,
    )
    anonymous = services.donor_resolve(kind="anonymous", by=admin)
    services.support_receive(
        donor=anonymous,
        received_on=datetime.date(year, 4, 23),
        object=SupportReceived.Object.MONEY,
        description="Aukos Knygos dienos renginyje",
        value=Decimal("86.40"),
        purpose="Asociacijos įstatuose numatyta veikla",
        purpose_fits_statutes=True,
        by=admin,
    )
    share = services.donor_resolve(kind="gpm_share", by=admin)
    services.support_receive(
        donor=share,
        received_on=share_transfer.booking_date if share_transfer else day,
        object=SupportReceived.Object.GPM_SHARE,
        description="Gyventojų pajamų mokesčio 1,2 % dalis",
        value=SHARE_AMOUNT,
        purpose="Asociacijos įstatuose numatyta veikla",
        purpose_fits_statutes=True,
        bank_entry=share_transfer,
        by=admin,
    )
    if school is not None:
        services.support_give(
            kind="support",
            recipient_kind="legal",
            recipient_name=school.library.name,
            recipient_code=school.library.legal_entity_code,
            given_on=datetime.date(year, 4, 2),
            object=SupportReceived.Object.GOODS,
            description="Knygos apie kraštotyrą",
            value=Decimal("380.00"),
            purpose="Mokyklos bibliotekos fondo papildymas",
            by=admin,
        )
    return 4
