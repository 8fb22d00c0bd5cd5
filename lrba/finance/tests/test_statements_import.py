"""Importing statements into the database: entries recorded once across files, counts,
progress, per-line refusals, whole-file refusals, the matching of new credits, and the
task queued after commit."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.finance.models import BankEntry, Invoice, StatementImport
from lrba.finance.reference import creditor_reference
from lrba.finance.services import statements as service
from lrba.finance.services.statements import statement_import_create, statement_import_run
from lrba.finance.statements import safety
from lrba.finance.tests.factories import InvoiceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CAMT = SAMPLES_DIR / "camt"
EXPECTED = {  # file → entries it holds
    "camt053.v2.five.decimals.xml": [("credit", Decimal("8.85"), "EUR")],
    "camt053.v8.xml": [("credit", Decimal("8.85"), "EUR")],
    "test-camt053-txdtls": [
        ("credit", Decimal("2187.00"), "CHF"),
        ("credit", Decimal("1296.00"), "CHF"),
    ],
    "test-camt054": [("credit", Decimal("5.00"), "EUR")],
}


def imported(name: str, content: bytes, *, by=None, **options) -> StatementImport:
    statement = statement_import_create(file=(name, content), by=by, enqueue=False, **options)
    return statement_import_run(statement.pk)


def camt(entries: str, *, statement_id: str = "S1") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-02T10:00:00</CreDtTm></GrpHdr>
<Stmt><Id>{statement_id}</Id><Acct><Id><IBAN>LT121000011101001000</IBAN></Id></Acct>
{entries}
</Stmt></BkToCstmrStmt></Document>""".encode()


def ntry(amount: str, *, ref: str = "", text: str = "Nario mokestis", day: int = 2) -> str:
    reference = f"<AcctSvcrRef>{ref}</AcctSvcrRef>" if ref else ""
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        f"<BookgDt><Dt>2026-03-{day:02d}</Dt></BookgDt>{reference}<NtryDtls><TxDtls>"
        "<RltdPties><Dbtr><Nm>Biblioteka</Nm></Dbtr><DbtrAcct><Id><IBAN>LT601010012345678901"
        f"</IBAN></Id></DbtrAcct></RltdPties><RmtInf><Ustrd>{text}</Ustrd></RmtInf>"
        "</TxDtls></NtryDtls></Ntry>"
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
@needs_samples
def test_every_sample_file_imports_with_its_entries(name, staff_user):
    statement = imported(name, (CAMT / name).read_bytes(), by=staff_user)
    assert statement.status == StatementImport.Status.DONE, statement.error
    rows = statement.entries.all()
    assert sorted((e.direction, e.amount, e.currency) for e in rows) == sorted(EXPECTED[name])
    assert (statement.new_count, statement.known_count, statement.refused_count) == (
        len(EXPECTED[name]),
        0,
        0,
    )
    assert statement.processed_lines == statement.total_lines == len(EXPECTED[name])
    assert statement.imported_by == staff_user
    assert statement.finished_at is not None


@needs_samples
def test_the_samples_record_what_each_entry_says():
    statement = imported("v8.xml", (CAMT / "camt053.v8.xml").read_bytes())
    entry = statement.entries.get()
    assert (statement.file_format, statement.account_iban, statement.statement_id) == (
        "camt053",
        "NL26VAYB8060476890",
        "253EURNL26VAYB8060476890",
    )
    assert (statement.period_from, statement.period_to) == (
        datetime.date(2007, 10, 18),
        datetime.date(2007, 10, 18),
    )
    assert (
        entry.account_iban,
        entry.booking_date,
        entry.value_date,
        entry.counterparty_name,
        entry.counterparty_iban,
        entry.reference,
        entry.end_to_end_id,
        entry.bank_reference,
        entry.status,
    ) == (
        "NL26VAYB8060476890",
        datetime.date(2014, 12, 31),
        datetime.date(2015, 1, 2),
        "NAME NAME",
        "NL56AGDH9619008421",
        "4654654654654654",
        "MUELL/FINP/RA12345",
        "AAAASESS-FP-CN_98765/01",
        BankEntry.Status.UNMATCHED,
    )


@needs_samples
def test_the_same_file_imported_twice_records_every_entry_once():
    content = (CAMT / "test-camt053-txdtls").read_bytes()
    first = imported("a.xml", content)
    second = imported("a-again.xml", content)
    assert (first.new_count, first.known_count) == (2, 0)
    assert (second.new_count, second.known_count, second.status) == (0, 2, "done")
    assert BankEntry.objects.count() == 2
    assert second.sha256 == first.sha256


def test_overlapping_statements_record_the_shared_entries_once():
    march = imported("march.xml", camt(ntry("10.00", ref="E1") + ntry("20.00", ref="E2")))
    later = imported(
        "later.xml",
        camt(ntry("20.00", ref="E2", text="the bank says more now") + ntry("30.00", ref="E3")),
    )
    assert (march.new_count, later.new_count, later.known_count) == (2, 1, 1)
    assert sorted(BankEntry.objects.values_list("amount", flat=True)) == [
        Decimal("10.00"),
        Decimal("20.00"),
        Decimal("30.00"),
    ]


def test_entries_without_a_bank_reference_are_known_again_by_what_they_say():
    # Two equal payments the same day are two entries; the same file again adds none.
    content = camt(ntry("12.00") + ntry("12.00") + ntry("13.00"))
    first = imported("a.xml", content)
    again = imported("b.xml", content)
    assert (first.new_count, again.new_count, again.known_count) == (3, 0, 3)
    assert BankEntry.objects.count() == 3


def test_refused_entries_are_reported_per_line_and_the_rest_recorded():
    statement = imported("a.xml", camt(ntry("18.155", ref="X1") + ntry("18.150", ref="X2")))
    assert statement.status == StatementImport.Status.DONE
    assert (statement.new_count, statement.refused_count) == (1, 1)
    assert statement.line_errors == [
        {
            "line": 5,
            "message": "The amount “18.155” has more than two decimal places: "
            "euro have cents only.",
        }
    ]
    assert statement.entries.get().amount == Decimal("18.15")


def test_the_report_is_written_in_the_importers_language(staff_user, monkeypatch):
    # The catalogue may not hold the message yet: check the language it is written in.
    from django.utils import translation

    languages = []
    original = service.statement_read

    def spy(*args, **kwargs):
        languages.append(translation.get_language())
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "statement_read", spy)
    staff_user.language = "lt"
    staff_user.save()
    imported("a.xml", camt(ntry("1.00")), by=staff_user)
    staff_user.language = "en"
    staff_user.save()
    imported("b.xml", camt(ntry("2.00")), by=staff_user)
    assert languages == ["lt", "en"]


def test_a_hostile_file_is_refused_whole_and_records_nothing():
    content = camt(ntry("1.00", ref="H")).replace(
        b"<Document", b'<!DOCTYPE Document [<!ENTITY x "y">]>\n<Document', 1
    )
    statement = imported("bomb.xml", content)
    assert statement.status == StatementImport.Status.FAILED
    assert "refused for safety" in statement.error
    assert BankEntry.objects.count() == 0


def test_a_file_broken_half_way_records_nothing():
    content = camt(ntry("1.00", ref="A") + ntry("2.00", ref="B"))[:-40]
    statement = imported("broken.xml", content)
    assert statement.status == StatementImport.Status.FAILED
    assert statement.error.startswith("The file is not well-formed XML")
    assert BankEntry.objects.count() == 0


def test_an_unknown_format_is_refused_naming_the_formats_accepted():
    statement = imported("notes.txt", b"just some notes\n")
    assert statement.status == StatementImport.Status.FAILED
    assert "camt.053" in statement.error and "LITAS-ESIS" in statement.error


def test_an_unexpected_error_fails_the_import_without_a_traceback_for_the_user(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(service, "statement_read", broken)
    statement = imported("a.xml", camt(ntry("1.00")))
    assert statement.status == StatementImport.Status.FAILED
    assert "error on our side" in statement.error
    assert "RuntimeError" not in statement.error


def test_the_progress_is_saved_batch_by_batch(monkeypatch):
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    seen = []
    original = service._record

    def spy(statement, batch, occurrences):
        seen.append(StatementImport.objects.get(pk=statement.pk).processed_lines)
        return original(statement, batch, occurrences)

    monkeypatch.setattr(service, "_record", spy)
    statement = imported("a.xml", camt("".join(ntry(f"{n}.00", ref=f"P{n}") for n in range(1, 6))))
    assert seen == [0, 2, 4]  # what the page showed when each batch began
    assert statement.processed_lines == statement.total_lines == 5
    assert statement.new_count == 5


def test_running_an_import_again_does_nothing():
    statement = imported("a.xml", camt(ntry("1.00", ref="R")))
    again = statement_import_run(statement.pk)
    assert (again.new_count, again.known_count) == (1, 0)
    assert BankEntry.objects.count() == 1


def test_upload_queues_the_import_after_commit(django_capture_on_commit_callbacks, staff_user):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statement = statement_import_create(
            file=("a.xml", camt(ntry("1.00", ref="Q"))), by=staff_user
        )
    assert len(callbacks) == 1
    statement.refresh_from_db()
    assert (statement.status, statement.new_count) == ("done", 1)
    assert statement.file.read().startswith(b"<?xml")


def test_an_empty_or_too_large_upload_is_refused_at_once(monkeypatch):
    with pytest.raises(ValidationError, match="The file is empty."):
        statement_import_create(file=("a.xml", b""), by=None)
    monkeypatch.setattr(safety, "MAX_STATEMENT_BYTES", 10)
    with pytest.raises(ValidationError, match="too large"):
        statement_import_create(file=("a.xml", b"x" * 11), by=None)
    assert StatementImport.objects.count() == 0


def test_recorded_entries_are_in_the_audit_log(staff_user):
    statement = imported("a.xml", camt(ntry("1.00", ref="AU")), by=staff_user)
    entry = statement.entries.get()
    log = LogEntry.objects.get_for_object(entry).get()
    assert (log.action, log.actor) == (LogEntry.Action.CREATE, staff_user)


def test_new_credits_are_matched_to_invoices_by_their_reference():
    invoice = InvoiceFactory(
        status=Invoice.Status.ISSUED,
        number=42,
        reference=creditor_reference("LRBA", 42),
        issue_date=datetime.date(2026, 2, 1),
        due_date=datetime.date(2026, 3, 1),
        total_net=Decimal("120.00"),
        total=Decimal("120.00"),
    )
    content = camt(ntry("120.00", ref="M1", text=f"Mokestis {invoice.reference}"))
    statement = imported("a.xml", content)
    assert statement.matched_count == 1
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (Invoice.Status.PAID, Decimal("120.00"))
    # Known entries are not matched again on a second import.
    again = imported("b.xml", content)
    assert again.matched_count == 0


def test_a_file_name_with_nothing_usable_is_stored_under_a_plain_name():
    statement = imported("..", camt(ntry("1.00", ref="N")))
    assert statement.file_name == ".."
    assert statement.file.name.startswith("finance/statements/")
    assert "-statement" in statement.file.name
    assert statement.status == "done"
