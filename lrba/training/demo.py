"""Demonstration data: training programmes, their runs, certificates and everyone's hours.

Run after `lrba.events.demo`: each training event of the demo year runs the programme of
the same title. The certificates of the runs that are over are issued by the real service
(`certificates_issue_for_run`), so numbers, hours and records are what the secretariat's
button would give. That service only *enqueues* the PDFs, after commit: with the database
task backend a worker draws them later, so loading never waits for WeasyPrint.

Natural keys: a programme's code, a run's event, a yearly target's year, an external
record's (person, title, completion date); a run is issued once (`certificates_issued_at`).
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from lrba.accounts.models import User
from lrba.core.demo import DemoLoaded
from lrba.events.demo import CALENDAR as EVENT_CALENDAR
from lrba.events.demo import VILNIUS, event_slug, staff_pool
from lrba.events.models import Event
from lrba.members.demo import ADMIN_EMAIL, DEFAULT_SEED, MEMBER_EMAIL, _audit_disabled, _bulk
from lrba.members.models import Person
from lrba.training.models import Certificate, Programme, ProgrammeRun, TrainingRecord, YearlyTarget
from lrba.training.services.certificates import certificates_issue_for_run

APPROVER = "Lietuvos regionų bibliotekų asociacijos valdyba"
# (code, title, academic hours, audience, topics)
PROGRAMMES = [
    (
        "skaitmeninis-rastingumas",
        "Skaitmeninio raštingumo mokymai bibliotekininkams",
        "16",
        "Viešųjų bibliotekų darbuotojai",
        "Elektroninės paslaugos ir e. valdžia\nSaugus naudojimasis internetu\n"
        "Skaitmeninio raštingumo užsiėmimai lankytojams",
    ),
    (
        "skaitymo-skatinimas",
        "Vaikų ir jaunimo skaitymo skatinimas",
        "8",
        "Vaikų ir jaunimo skyrių bibliotekininkai",
        "Skaitymo skatinimo metodai\nKnygų pristatymai ir garsiniai skaitymai\n"
        "Bendradarbiavimas su mokyklomis",
    ),
    (
        "paslaugos-senjorams",
        "Bibliotekų paslaugos senjorams",
        "8",
        "Aptarnavimo skyrių bibliotekininkai",
        "Senjorų poreikiai\nSkaitmeninės kompetencijos senjorams\nNamų aptarnavimas",
    ),
    (
        "krastotyra",
        "Kraštotyros darbas bibliotekoje",
        "12",
        "Kraštotyros darbą dirbantys bibliotekininkai",
        "Kraštotyros fondai\nAtsiminimų rinkimas\nSkaitmeninimas ir viešinimas",
    ),
    (
        "duomenu-apsauga",
        "Duomenų apsauga bibliotekoje",
        "6",
        "Visi bibliotekų darbuotojai",
        "BDAR pagrindai\nSkaitytojų duomenys\nVaizdo stebėjimas ir renginių nuotraukos",
    ),
    (
        "projektu-valdymas",
        "Projektų rengimas ir valdymas",
        "16",
        "Bibliotekų vadovai ir projektų koordinatoriai",
        "Finansavimo šaltiniai\nParaiškos rengimas\nProjekto biudžetas ir ataskaitos",
    ),
    (
        "renginiu-organizavimas",
        "Renginių organizavimas",
        "8",
        "Renginius organizuojantys bibliotekininkai",
        "Renginio planavimas\nPartnerystė ir rėmėjai\nRenginio viešinimas",
    ),
    (
        "socialiniai-tinklai",
        "Komunikacija socialiniuose tinkluose",
        "8",
        "Už komunikaciją atsakingi bibliotekininkai",
        "Turinio planas\nNuotraukos ir trumpi vaizdo įrašai\nBendruomenės įtraukimas",
    ),
]
EXTERNAL = [
    (
        "Tarptautinė konferencija „Bibliotekos ir skaitmeninė transformacija“",
        "Lietuvos nacionalinė Martyno Mažvydo biblioteka",
        6,
    ),
    ("Vaikų literatūros seminaras", "Lietuvos vaikų ir jaunimo literatūros centras", 4),
    ("Viešųjų pirkimų mokymai", "Viešųjų pirkimų tarnyba", 8),
    ("Pirmosios pagalbos mokymai", "Visuomenės sveikatos biuras", 8),
    ("Anglų kalbos kursai (A2)", "Švietimo centras", 40),
    ("Informacinių technologijų kursai", "Švietimo centras", 24),
]
REJECTED_REASON = "Pažymėjime nenurodyta mokymų trukmė akademinėmis valandomis."
TARGET_HOURS = Decimal("40")


def programmes_by_title() -> dict[str, tuple]:
    return {row[1]: row for row in PROGRAMMES}


def training_demo_load(*, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Load the demo programmes, runs, certificates and records; existing rows are skipped."""
    created: dict[str, int] = defaultdict(int)
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    with transaction.atomic(), _audit_disabled():
        created["programmes"] = _load_programmes()
        created["programme runs"] = _load_runs()
        created["certificates"] = _issue_certificates(admin)
        created["external training records"] = _load_external(seed, admin)
        existing = set(YearlyTarget.objects.values_list("year", flat=True))
        targets = [
            YearlyTarget(year=y, hours=TARGET_HOURS) for y in (2025, 2026) if y not in existing
        ]
        created["yearly targets"] = len(_bulk(YearlyTarget, targets))
    return dict(created)


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """Training's part of `manage.py demo_data`: programmes, runs and records."""
    return DemoLoaded(created=training_demo_load(seed=seed))


def _load_programmes() -> int:
    existing = set(Programme.objects.values_list("code", flat=True))
    new = [
        Programme(
            code=code,
            title=title,
            hours=Decimal(hours),
            description=f"Kvalifikacijos tobulinimo programa „{title}“ ({hours} akad. val.).",
            topics=topics,
            competences="Dalykinės ir bendrosios kompetencijos, reikalingos bibliotekininko darbe.",
            target_audience=audience,
            approved_by=APPROVER,
            approval_number=f"KT-2025-{number:02d}",
            approved_on=datetime.date(2025, 9, 15),
        )
        for number, (code, title, hours, audience, topics) in enumerate(PROGRAMMES, start=1)
        if code not in existing
    ]
    return len(_bulk(Programme, new))


def _load_runs() -> int:
    """A run for every training event of the demo calendar."""
    codes = dict(Programme.objects.values_list("code", "pk"))
    by_title = programmes_by_title()
    wanted = {
        event_slug(day, title): codes[by_title[title][0]]
        for day, kind, title, _audience, _online, _full in EVENT_CALENDAR
        if kind == Event.Kind.TRAINING
    }
    events = dict(
        Event.objects.filter(slug__in=wanted, programme_run__isnull=True).values_list("slug", "pk")
    )
    new = [ProgrammeRun(programme_id=wanted[slug], event_id=pk) for slug, pk in events.items()]
    return len(_bulk(ProgrammeRun, new))


def _issue_certificates(by: User | None) -> int:
    """Issue the certificates of the demo runs that are over, through the real service.

    Dated as the secretariat would have issued them, a few days after the event."""
    runs = ProgrammeRun.objects.filter(
        certificates_issued_at__isnull=True,
        event__ends_at__lt=timezone.now(),
        event__status=Event.Status.PUBLISHED,
        event__slug__in=[event_slug(day, title) for day, _k, title, *_rest in EVENT_CALENDAR],
    ).select_related("event")
    issued = 0
    for run in runs.order_by("event__starts_at"):
        issued += certificates_issue_for_run(run=run, by=by)
        issued_at = run.event.ends_at + datetime.timedelta(days=3)
        Certificate.objects.filter(event_id=run.event_id).update(
            issued_on=issued_at.astimezone(VILNIUS).date()
        )
        ProgrammeRun.objects.filter(pk=run.pk).update(certificates_issued_at=issued_at)
    return issued


def _load_external(seed: int, by: User | None) -> int:
    """External training of some staff (approved, waiting, rejected) and of the demo member."""
    rng = random.Random(f"{seed}-external-training")
    staff = staff_pool()
    people = rng.sample(staff, min(40, len(staff)))
    now = timezone.now()
    rows: list[tuple[int, str, str, int, datetime.date, str]] = []
    for person in people:
        for _n in range(rng.randint(1, 2)):
            title, provider, hours = rng.choice(EXTERNAL)
            completed = datetime.date(2025, 12, 1) + datetime.timedelta(days=rng.randint(0, 340))
            status = rng.choices(["approved", "pending", "rejected"], [6, 3, 1])[0]
            rows.append((person.person_id, title, provider, hours, completed, status))
    member = Person.objects.filter(email=MEMBER_EMAIL).first()
    if member is not None:
        rows.append((member.pk, *EXTERNAL[0][:2], 6, datetime.date(2026, 4, 24), "approved"))
        rows.append((member.pk, *EXTERNAL[1][:2], 4, datetime.date(2026, 10, 30), "pending"))
    existing = set(
        TrainingRecord.objects.filter(source=TrainingRecord.Source.EXTERNAL).values_list(
            "person_id", "title", "completed_on"
        )
    )
    new = []
    for person_id, title, provider, hours, completed, status in rows:
        if (person_id, title, completed) in existing:
            continue
        existing.add((person_id, title, completed))
        decided = status != "pending"
        new.append(
            TrainingRecord(
                person_id=person_id,
                source=TrainingRecord.Source.EXTERNAL,
                status=status,
                title=title,
                provider=provider,
                completed_on=completed,
                hours=Decimal(hours),
                decided_by=by if decided else None,
                decided_at=now if decided else None,
                rejection_reason=REJECTED_REASON if status == "rejected" else "",
            )
        )
    return len(_bulk(TrainingRecord, new))
