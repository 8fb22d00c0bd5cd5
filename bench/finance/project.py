"""The in-project half of bench/finance: each command runs in its own process (Django set
up on the benchmark's database) and prints one JSON line for bench/finance/run to read.

    python bench/finance/project.py demo
    python bench/finance/project.py demo-rate
    python bench/finance/project.py setup MEMBERS
    python bench/finance/project.py run
    python bench/finance/project.py pdfs COUNT
    python bench/finance/project.py camt PATH ENTRIES
    python bench/finance/project.py import PATH

Not part of the site; run it only through bench/finance/run, which gives it a throwaway
database.
"""

import datetime
import json
import os
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count, Exists, OuterRef  # noqa: E402
from django.utils import timezone  # noqa: E402

from lrba.accounts.models import User  # noqa: E402
from lrba.core.models import Municipality  # noqa: E402
from lrba.finance.models import (  # noqa: E402
    Allocation,
    BankEntry,
    FeeRate,
    FeeSchedule,
    Invoice,
    InvoiceSeries,
    StatementImport,
)
from lrba.members.models import Library, Membership, Person  # noqa: E402

AUTO = (Allocation.Method.REFERENCE, Allocation.Method.NUMBER, Allocation.Method.IBAN_AMOUNT)
KINDS = [
    (Library.Kind.MUNICIPAL_PUBLIC, Decimal("200.00")),
    (Library.Kind.SCHOOL, Decimal("60.00")),
    (Library.Kind.ACADEMIC, Decimal("150.00")),
    (Library.Kind.SPECIAL, Decimal("100.00")),
    (Library.Kind.OTHER, Decimal("60.00")),
]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_seconds() -> float:
    """This process's CPU time (user and system): on a busy machine a fairer figure than
    the wall clock (the database server's own time is not in it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def admin() -> User:
    user = User.objects.filter(is_superuser=True).first()
    if user is None:
        user = User.objects.create_superuser("bench@bench.lrba.lt", "bench", full_name="Bench")
    return user


def demo_rate() -> dict:
    """The share of the demo statements' received payments matched automatically."""
    credits = BankEntry.objects.filter(direction=BankEntry.Direction.CREDIT)
    active = Allocation.objects.filter(reversed_at__isnull=True)
    auto = credits.filter(_has_allocation(active, AUTO)).count()
    manual = credits.filter(_has_allocation(active, (Allocation.Method.MANUAL,))).count()
    by_method = dict(
        active.filter(entry__isnull=False)
        .values_list("method")
        .annotate(n=Count("entry", distinct=True))
    )
    total = credits.count()
    statuses = dict(credits.values_list("status").annotate(n=Count("pk")))
    # The support transfers are ignored by design: the rest are payments to the association.
    payments = credits.exclude(status=BankEntry.Status.IGNORED).count()
    return {
        "statements": StatementImport.objects.count(),
        "credits": total,
        "auto": auto,
        "manual": manual,
        "statuses": statuses,
        "by_method": by_method,
        "rate": auto / total if total else 0.0,
        "rate_of_payments": auto / payments if payments else 0.0,
        "invoices": Invoice.objects.invoices().issued().count(),
    }


def _has_allocation(allocations, methods):
    return Exists(allocations.filter(entry=OuterRef("pk"), method__in=methods))


def demo() -> dict:
    """`manage.py demo_data`, timed."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("demo_data", stdout=out)
    return {"seconds": time.perf_counter() - started, "output": out.getvalue()[-300:]}


def _codes(count: int) -> list[str]:
    """`count` distinct made-up legal-entity codes with a valid checksum (Facts §5.4)."""
    codes: list[str] = []
    number = 0
    while len(codes) < count:
        head = f"3{number:07d}"
        remainder = sum(int(d) * i for i, d in enumerate(head, start=1)) % 11
        if remainder != 10:
            codes.append(head + str(remainder))
        number += 1
    return codes


def setup(members: int) -> dict:
    """`members` current members: seven in ten libraries (of five kinds, each with a
    legal-entity code), the rest individual members."""
    municipalities = list(Municipality.objects.order_by("code"))
    libraries_wanted = members * 7 // 10
    with transaction.atomic():
        libraries = Library.objects.bulk_create(
            Library(
                name=f"Bandomoji biblioteka Nr. {n}",
                slug=f"bandomoji-biblioteka-{n}",
                kind=KINDS[n % len(KINDS)][0],
                legal_entity_code=code,
                municipality=municipalities[n % len(municipalities)],
            )
            for n, code in enumerate(_codes(libraries_wanted))
        )
        people = Person.objects.bulk_create(
            Person(first_name="Narė", last_name=f"Bandomoji {n}", email=f"nare{n}@bench.lrba.lt")
            for n in range(members - libraries_wanted)
        )
        joined = datetime.date(2020, 2, 1)
        Membership.objects.bulk_create(
            [
                Membership(
                    library=library,
                    status=Membership.Status.ACTIVE,
                    applied_on=datetime.date(2020, 1, 1),
                    joined_on=joined,
                )
                for library in libraries
            ]
            + [
                Membership(
                    person=person,
                    status=Membership.Status.ACTIVE,
                    applied_on=datetime.date(2020, 1, 1),
                    joined_on=joined,
                )
                for person in people
            ],
            batch_size=1000,
        )
    return {"members": Membership.objects.current().count()}


def run() -> dict:
    """The yearly run of a fee for every member, timed (issuing only: each invoice's PDF
    is enqueued to the database task queue after its commit, as in production)."""
    from lrba.finance.services import runs

    year = timezone.localdate().year
    schedule = FeeSchedule.objects.create(
        year=year, name="Nario mokestis", decision_reference="Bandymas"
    )
    for kind, amount in KINDS:
        FeeRate.objects.create(schedule=schedule, category=kind, amount=amount)
    FeeRate.objects.create(
        schedule=schedule, category=FeeRate.Category.INDIVIDUAL, amount=Decimal("20.00")
    )
    series = InvoiceSeries.objects.get(kind=InvoiceSeries.Kind.INVOICE, is_default=True)
    cpu = cpu_seconds()
    started = time.perf_counter()
    run = runs.invoice_run_start(
        schedule,
        series=series,
        issue_date=datetime.date(year, 1, 20),
        by=admin(),
        send_emails=False,
    )
    run = runs.invoice_run_execute(run.pk)
    seconds = time.perf_counter() - started
    return {
        "cpu_seconds": cpu_seconds() - cpu,
        "status": run.status,
        "members": run.total,
        "issued": run.issued,
        "skipped": run.skipped,
        "refused": run.refused,
        "seconds": seconds,
        "queued_tasks": _queued_tasks(),
    }


def _queued_tasks() -> int | None:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return None
    return DBTaskResult.objects.count()


def pdfs(count: int) -> dict:
    """Draw and store `count` invoices' PDFs, one after another, as the task does."""
    from lrba.finance import documents

    invoices = list(Invoice.objects.invoices().issued().order_by("number")[:count])
    sizes = []
    cpu = cpu_seconds()
    started = time.perf_counter()
    for invoice in invoices:
        documents.invoice_pdf_store(invoice)
        sizes.append(invoice.pdf.size if invoice.pdf else 0)
    seconds = time.perf_counter() - started
    return {
        "pdfs": len(invoices),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds() - cpu,
        "average_kb": sum(sizes) / 1024 / max(len(sizes), 1),
    }


def camt(path: str, entries: int) -> dict:
    """A camt.053.001.02 of `entries` entries (lrba.finance.demo.camt053_document): every
    issued invoice paid once (eight in ten by the RF reference, one by the number in the
    text, one with neither), other people's transfers, and one debit in ten."""
    from lrba.finance.demo import DEMO_ACCOUNT, CamtEntry, camt053_document, payer_iban

    rng = random.Random(20260101)
    year = timezone.localdate().year
    start = datetime.date(year, 2, 1)
    invoices = list(
        Invoice.objects.invoices()
        .issued()
        .order_by("number")
        .values_list("reference", "number", "series__code", "total", "buyer_name", "buyer_code")[
            : entries * 9 // 10
        ]
    )
    made: list[CamtEntry] = []
    for n, (reference, number, series, total, name, code) in enumerate(invoices):
        roll = rng.random()
        made.append(
            CamtEntry(
                booking_date=start + datetime.timedelta(days=n % 28),
                amount=total,
                credit=True,
                name=name[:70],
                iban=payer_iban(f"bench:{code or name}"),
                bank_reference=f"B{n:015d}",
                end_to_end_id=f"E2E{n:09d}",
                reference=reference if roll < 0.8 else "",
                text=(
                    f"Nario mokestis, sąskaita {series}-{number:05d}"
                    if 0.8 <= roll < 0.9
                    else ("Nario mokestis" if roll >= 0.9 else "")
                ),
            )
        )
    n = len(made)
    while len(made) < entries:
        debit = len(made) % 10 == 0
        made.append(
            CamtEntry(
                booking_date=start + datetime.timedelta(days=len(made) % 28),
                amount=Decimal(rng.randint(100, 50_000)) / 100,
                credit=not debit,
                name="UAB Tiekėjas" if debit else f"Asmuo {len(made)}",
                iban=payer_iban(f"other:{len(made)}"),
                bank_reference=f"B{len(made):015d}",
                end_to_end_id=f"E2E{len(made):09d}",
                text="Prekės ir paslaugos" if debit else "Pavedimas",
            )
        )
    content = camt053_document(
        account_iban=DEMO_ACCOUNT,
        statement_id=f"BENCH-{entries}",
        period_from=start,
        period_to=start + datetime.timedelta(days=27),
        entries=made,
    )
    Path(path).write_bytes(content)
    return {"entries": len(made), "paying_invoices": n, "bytes": len(content)}


def import_(path: str) -> dict:
    """Import `path` through the statement service (stored, read, recorded in batches,
    matched), timed; the process's peak resident memory before and after."""
    from lrba.finance.services.statements import statement_import_create, statement_import_run

    content = Path(path).read_bytes()
    by = admin()
    before = maxrss_mb()
    cpu = cpu_seconds()
    started = time.perf_counter()
    record = statement_import_create(file=(Path(path).name, content), by=by, enqueue=False)
    record = statement_import_run(record.pk)
    seconds = time.perf_counter() - started
    return {
        "status": record.status,
        "error": record.error,
        "entries": record.total_lines,
        "new": record.new_count,
        "known": record.known_count,
        "refused": record.refused_count,
        "matched": record.matched_count,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds() - cpu,
        "maxrss_before_mb": before,
        "maxrss_after_mb": maxrss_mb(),
        "open_invoices_left": Invoice.objects.open().count(),
    }


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "demo":
        result = demo()
    elif command == "demo-rate":
        result = demo_rate()
    elif command == "setup":
        result = setup(int(args[0]))
    elif command == "run":
        result = run()
    elif command == "pdfs":
        result = pdfs(int(args[0]))
    elif command == "camt":
        result = camt(args[0], int(args[1]))
    elif command == "import":
        result = import_(args[0])
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
