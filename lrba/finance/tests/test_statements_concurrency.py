"""The same statement imported twice at the same moment, on PostgreSQL (SQLite
serialises writers by itself): every entry is recorded once, and the two imports' counts
of new entries add up to the entries in the file."""

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.core.tests.samples import SAMPLES_DIR, needs_samples
from lrba.finance.models import BankEntry
from lrba.finance.services import statements as service
from lrba.finance.services.statements import statement_import_create, statement_import_run

pytestmark = POSTGRES_RACE

CAMT = SAMPLES_DIR / "camt"


def statement(entries: int, *, backwards: bool = False) -> bytes:
    numbers = range(entries, 0, -1) if backwards else range(1, entries + 1)
    rows = "".join(
        f'<Ntry><Amt Ccy="EUR">{n}.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        f"<BookgDt><Dt>2026-03-02</Dt></BookgDt>"
        + (f"<AcctSvcrRef>R{n}</AcctSvcrRef>" if n % 2 else "")  # half known by content
        + "</Ntry>"
        for n in numbers
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
<Stmt><Id>S</Id><Acct><Id><IBAN>LT121000011101001000</IBAN></Id></Acct>{rows}</Stmt>
</BkToCstmrStmt></Document>""".encode()


def test_the_same_statement_imported_twice_at_once_records_each_entry_once():
    content = statement(1200)  # more than two batches
    imports = [
        statement_import_create(file=(f"{n}.xml", content), by=None, enqueue=False)
        for n in range(2)
    ]

    outcome = run_at_once([lambda pk=i.pk: statement_import_run(pk) for i in imports])

    assert outcome.errors == []
    assert BankEntry.objects.count() == 1200
    done = sorted(outcome.results, key=lambda s: s.pk)
    assert [s.status for s in done] == ["done", "done"]
    assert sum(s.new_count for s in done) == 1200
    assert [s.new_count + s.known_count for s in done] == [1200, 1200]


@needs_samples
def test_a_sample_imported_four_times_at_once_is_recorded_once():
    content = (CAMT / "test-camt053-txdtls").read_bytes()
    imports = [
        statement_import_create(file=("txdtls.xml", content), by=None, enqueue=False)
        for _ in range(4)
    ]
    outcome = run_at_once([lambda pk=i.pk: statement_import_run(pk) for i in imports])
    assert outcome.errors == []
    assert BankEntry.objects.count() == 2
    assert (
        sorted(s.new_count for s in outcome.results) == [0, 0, 0, 2]
        or sum(s.new_count for s in outcome.results) == 2
    )


def test_overlapping_statements_with_entries_in_opposite_orders_imported_at_once(monkeypatch):
    # Without a common order the two inserts would wait on each other (a deadlock).
    monkeypatch.setattr(service, "BATCH_SIZE", 3000)
    forward, backward = statement(3000), statement(3000, backwards=True)
    imports = [
        statement_import_create(file=(name, content), by=None, enqueue=False)
        for name, content in (("forward.xml", forward), ("backward.xml", backward))
    ]
    outcome = run_at_once([lambda pk=i.pk: statement_import_run(pk) for i in imports])
    assert outcome.errors == []
    assert [s.status for s in outcome.results] == ["done", "done"], [
        s.error for s in outcome.results
    ]
    assert BankEntry.objects.count() == 3000
    assert sum(s.new_count for s in outcome.results) == 3000
