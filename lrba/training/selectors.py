"""Reads of the training app: a person's hours, a library's staff, the yearly overview.

Only approved records count as hours. Every selector runs a fixed number of queries
whatever the amount of data (sums are done by the database, or once over one result).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from lrba.core.charts import HorizontalBarChart, horizontal_bar_chart
from lrba.core.db import LithuanianOrder
from lrba.core.models import County
from lrba.core.text import sort_key
from lrba.events.models import Event
from lrba.members.models import Employment, Library, Person
from lrba.training.models import Certificate, Programme, ProgrammeRun, TrainingRecord, YearlyTarget

ZERO = Decimal("0")
APPROVED = Q(status=TrainingRecord.Status.APPROVED)


# Public --------------------------------------------------------------------------------


def certificate_for_verification(*, code: str) -> Certificate | None:
    """The certificate with verification `code` (as `forms.normalise_code` writes it), with
    what its public verification shows (its programme, whether it was replaced); None when
    no certificate has it. The verification page and the API answer with this."""
    return (
        Certificate.objects.filter(verification_code=code)
        .select_related("programme", "replaced_by")
        .first()
    )


# A person ------------------------------------------------------------------------------


def hours_per_year(*, person: Person) -> dict[int, Decimal]:
    """{year: approved academic hours}, one query."""
    rows = (
        TrainingRecord.objects.filter(APPROVED, person=person)
        .annotate(year=ExtractYear("completed_on"))
        .values("year")
        .annotate(hours=Sum("hours"))
        .order_by("year")
    )
    return {row["year"]: row["hours"] for row in rows}


def hours_chart(*, hours: dict[int, Decimal], last_year: int, years: int = 5) -> HorizontalBarChart:
    """The last `years` years, oldest first, zero where nothing was recorded."""
    span = range(last_year - years + 1, last_year + 1)
    return horizontal_bar_chart([(str(y), hours.get(y, ZERO)) for y in span], bar_area=240)


def yearly_target(*, year: int) -> YearlyTarget | None:
    return YearlyTarget.objects.filter(year=year).first()


def certificate_list_for_person(*, person: Person) -> QuerySet[Certificate]:
    return Certificate.objects.filter(person=person).select_related("programme", "event")


def training_record_list_for_person(*, person: Person) -> QuerySet[TrainingRecord]:
    return TrainingRecord.objects.filter(person=person).select_related("certificate")


# A library's staff -----------------------------------------------------------------------


def _hours_in(year: int) -> Coalesce:
    return Coalesce(
        Sum(
            "training_records__hours",
            filter=Q(
                training_records__status=TrainingRecord.Status.APPROVED,
                training_records__completed_on__year=year,
            ),
        ),
        Value(ZERO),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )


def library_staff_hours(*, library: Library, year: int) -> list[Any]:
    """The library's current employees with `hours` in `year` and `hours_before` in the
    year before, in Lithuanian order of surname; one query."""
    employed = Employment.objects.current().filter(library=library, person=OuterRef("pk"))
    position = employed.order_by("-start_date")
    return list(
        Person.objects.filter(Exists(employed))
        .annotate(
            hours=_hours_in(year),
            hours_before=_hours_in(year - 1),
            position=Subquery(position.values("position")[:1]),
        )
        .order_by(LithuanianOrder("last_name"), LithuanianOrder("first_name"), "pk")
    )


# The secretariat's overview ------------------------------------------------------------


@dataclass
class Totals:
    label: str
    hours: Decimal = ZERO
    people: set[int] = field(default_factory=set)
    certificates: int = 0
    # For rows of libraries and municipalities: where they belong.
    parent: str = ""

    @property
    def people_trained(self) -> int:
        return len(self.people)

    def add(self, person_id: int, hours: Decimal, certificates: int) -> None:
        self.hours += hours
        self.people.add(person_id)
        self.certificates += certificates


@dataclass
class Overview:
    year: int
    total: Totals
    counties: list[Totals]
    municipalities: list[Totals]
    libraries: list[Totals]
    chart: HorizontalBarChart


def training_overview(*, year: int) -> Overview:
    """Approved hours in `year`, people trained and certificates, per county, municipality
    and library; three queries whatever the data.

    Each record counts for the library where the person worked on the day the training
    ended (the latest such employment); training of people with no library then is
    counted in the total only.
    """
    employment_then = Employment.objects.current(on=OuterRef("completed_on")).filter(
        person=OuterRef("person")
    )
    query = (
        TrainingRecord.objects.filter(APPROVED, completed_on__year=year)
        .annotate(
            library_id=Subquery(
                employment_then.order_by("-start_date", "-pk").values("library")[:1]
            )
        )
        .values("person_id", "library_id")
        .annotate(
            hours=Sum("hours"),
            certificates=Count("certificate", filter=Q(source=TrainingRecord.Source.CERTIFICATE)),
        )
        .order_by()
    )
    rows = list(query)
    library_ids = {row["library_id"] for row in rows if row["library_id"]}
    libraries = {
        library.pk: library
        for library in Library.objects.filter(pk__in=library_ids).select_related(
            "municipality__county"
        )
    }
    counties = {county.pk: Totals(label=county.name) for county in County.objects.all()}
    municipalities: dict[int, Totals] = {}
    by_library: dict[int, Totals] = {}
    total = Totals(label="")
    for row in rows:
        hours, person_id, certs = row["hours"] or ZERO, row["person_id"], row["certificates"]
        total.add(person_id, hours, certs)
        library = libraries.get(row["library_id"])
        if library is None:
            continue
        municipality = library.municipality
        if library.pk not in by_library:
            by_library[library.pk] = Totals(label=library.name, parent=municipality.name)
        by_library[library.pk].add(person_id, hours, certs)
        if municipality.pk not in municipalities:
            municipalities[municipality.pk] = Totals(
                label=municipality.name, parent=municipality.county.name
            )
        municipalities[municipality.pk].add(person_id, hours, certs)
        counties[municipality.county_id].add(person_id, hours, certs)

    def lithuanian(items: Any) -> list[Totals]:
        return sorted(items, key=lambda t: sort_key(t.label))

    county_rows = lithuanian(counties.values())
    return Overview(
        year=year,
        total=total,
        counties=county_rows,
        municipalities=lithuanian(municipalities.values()),
        libraries=lithuanian(by_library.values()),
        chart=horizontal_bar_chart([(c.label, c.hours) for c in county_rows]),
    )


# Public programme list ---------------------------------------------------------------------


def programme_list_offered() -> list[Programme]:
    """Offered programmes, each with `upcoming_runs`: published events not yet over."""
    now = timezone.now()
    programmes = list(Programme.objects.filter(is_active=True).order_by(LithuanianOrder("title")))
    runs = (
        ProgrammeRun.objects.filter(
            programme__in=programmes,
            event__status=Event.Status.PUBLISHED,
            event__ends_at__gte=now,
        )
        .select_related("event", "event__municipality")
        .order_by("event__starts_at")
    )
    by_programme: dict[int, list[ProgrammeRun]] = defaultdict(list)
    for run in runs:
        by_programme[run.programme_id].append(run)
    for programme in programmes:
        programme.upcoming_runs = by_programme.get(programme.pk, [])  # type: ignore[attr-defined]
    return programmes


# Runs in the back office ----------------------------------------------------------------


@dataclass(frozen=True)
class RunProgress:
    attended: int
    issued: int
    with_pdf: int

    @property
    def pdfs_ready(self) -> bool:
        return self.issued == self.with_pdf


def run_progress(*, run: ProgrammeRun) -> RunProgress:
    """How far issuing has come: people present, valid certificates, PDFs drawn."""
    from lrba.events.models import Registration

    attended = Registration.objects.filter(
        event_id=run.event_id, status=Registration.Status.ATTENDED
    ).count()
    counts = Certificate.objects.filter(
        event_id=run.event_id, status=Certificate.Status.VALID
    ).aggregate(issued=Count("pk"), with_pdf=Count("pk", filter=~Q(pdf="")))
    return RunProgress(attended=attended, issued=counts["issued"], with_pdf=counts["with_pdf"])


def certificate_list_for_run(*, run: ProgrammeRun) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        event_id=run.event_id, status=Certificate.Status.VALID
    ).order_by("number")
