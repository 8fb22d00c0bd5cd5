"""Demonstration data: a year of the association's events, with who came and what they said.

Follows `lrba.members.demo`: everything is planned in memory from one seed, then only
what is missing is inserted, in batches. Natural keys: an event's slug, a session's
(event, title), a registration's (event, e-mail), a feedback's registration — so a second
run creates nothing. Run after the register demo: the participants are its people
(current staff of member libraries) and the demo member `nare@demo.lrba.lt`.

The calendar is fixed (December 2025 to March 2027), so the data do not depend on the day
they are loaded; whether an event is over (and so has attendance) is decided against now.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from lrba.core.cache import content_changed
from lrba.core.demo import DemoLoaded
from lrba.core.text import fold
from lrba.events.cache import EVENT_PAGES, EVENTS
from lrba.events.models import Event, Feedback, MemberEvent, Registration, Session
from lrba.members.demo import (
    DEFAULT_SEED,
    DEMO_DOMAIN,
    FEMALE_NAMES,
    MALE_NAMES,
    MEMBER_EMAIL,
    SURNAMES,
    _audit_disabled,
    _bulk,
    _female_surname,
)
from lrba.members.models import Employment, Library, Person

VILNIUS = ZoneInfo("Europe/Vilnius")
# Members of the public get addresses of their own subdomain: never a register person's.
PUBLIC_DOMAIN = f"lankytojai.{DEMO_DOMAIN}"

Kind = Event.Kind
PUBLIC, MEMBERS = Event.Audience.PUBLIC, Event.Audience.MEMBERS
RegStatus = Registration.Status

# The association's year, one event a line: date, kind, audience, flags, title. "online":
# no venue; "full": more people registered than there are seats, so some wait. Training
# titles are the titles of the training programmes (lrba.training.demo links the runs).
CALENDAR_TEXT = """
2025-12-04 seminar    members -           Metų apžvalga: regionų bibliotekų pasiekimai 2025
2025-12-11 webinar    public  online      Naujasis bibliotekų statistikos modulis
2026-01-15 training   members full        Skaitmeninio raštingumo mokymai bibliotekininkams
2026-01-22 meeting    members -           Asociacijos valdybos posėdis
2026-01-29 webinar    public  online      Autorių teisės bibliotekoje: ką būtina žinoti
2026-02-05 training   members -           Vaikų ir jaunimo skaitymo skatinimas
2026-02-12 seminar    public  -           Bibliotekos erdvių pertvarka: idėjos ir patirtys
2026-02-26 training   members online      Duomenų apsauga bibliotekoje
2026-03-05 conference public  full        Regionų bibliotekos – bendruomenės širdis
2026-03-12 training   members -           Bibliotekų paslaugos senjorams
2026-03-19 webinar    members online      Elektroninių išteklių prenumerata ir naudojimas
2026-03-26 training   members full        Komunikacija socialiniuose tinkluose
2026-04-09 excursion  members full        Pažintinė išvyka į Latvijos nacionalinę biblioteką
2026-04-16 training   members -           Kraštotyros darbas bibliotekoje
2026-04-23 seminar    public  -           Nacionalinė bibliotekų savaitė: renginių idėjos
2026-05-07 training   members -           Projektų rengimas ir valdymas
2026-05-14 meeting    members -           Visuotinis narių susirinkimas
2026-05-21 training   members -           Skaitmeninio raštingumo mokymai bibliotekininkams
2026-06-04 excursion  members full        Kultūrinė išvyka: Žemaitijos dvarų bibliotekos
2026-06-11 training   members -           Renginių organizavimas
2026-06-18 webinar    public  online      Dirbtinis intelektas bibliotekininko darbe
2026-08-27 seminar    members -           Vasaros skaitymo programos rezultatai
2026-09-10 training   members full        Vaikų ir jaunimo skaitymo skatinimas
2026-09-17 conference public  -           Bibliotekos ir vietos bendruomenių ateitis
2026-10-01 training   members online      Duomenų apsauga bibliotekoje
2026-10-08 seminar    public  -           Bibliotekos ir mokyklos: bendradarbiavimo modeliai
2026-10-15 meeting    members -           Regionų bibliotekų direktorių pasitarimas
2026-10-22 webinar    public  online      Prieinamumas: paslaugos žmonėms su negalia
2026-11-05 training   members -           Bibliotekų paslaugos senjorams
2026-11-12 seminar    members -           Metodinės veiklos planavimas 2027 metams
2026-11-19 training   members -           Kraštotyros darbas bibliotekoje
# Open for registration.
2026-12-03 seminar    members full        Metų apžvalga: regionų bibliotekų pasiekimai 2026
2026-12-10 webinar    public  online      Bibliotekų statistikos ataskaitų teikimas
2027-01-14 training   members -           Skaitmeninio raštingumo mokymai bibliotekininkams
2027-01-21 meeting    members -           Asociacijos valdybos posėdis
2027-02-04 training   members -           Projektų rengimas ir valdymas
2027-02-11 conference public  full        Skaitymo skatinimas regionuose
2027-02-25 webinar    public  online      Kibernetinė sauga bibliotekoje
2027-03-04 training   members -           Renginių organizavimas
2027-03-18 excursion  members -           Pažintinė išvyka į Kauno bibliotekas
2027-03-25 seminar    public  -           Bibliotekininkų profesinė diena
"""


def _calendar() -> list[tuple[str, str, str, str, bool, bool]]:
    """(date, kind, title, audience, online, full) of every line of CALENDAR_TEXT."""
    rows = []
    for line in CALENDAR_TEXT.strip().splitlines():
        if line.startswith("#"):
            continue
        day, kind, audience, flags, title = line.split(maxsplit=4)
        rows.append((day, kind, title, audience, "online" in flags, "full" in flags))
    return rows


CALENDAR = _calendar()
CANCELLED = {
    "Pažintinė išvyka į Kauno bibliotekas": (
        "Vežėjas atšaukė autobuso užsakymą, o kito transporto rasti nepavyko. "
        "Išvyką surengsime gegužę; užsiregistravusius informuosime el. paštu."
    )
}
# The demo member's own year: attended (past) or registered (upcoming), by (date, title).
MEMBER_EVENTS = {
    "2026-01-15",
    "2026-02-26",
    "2026-03-05",
    "2026-09-10",
    "2026-11-05",
    "2026-12-10",  # online: "My registrations" shows her the join link
    "2027-01-14",  # registered once its registration opens (not before, see below)
}
# (start hour, length in hours) per kind.
HOURS: dict[str, tuple[int, int]] = {
    Kind.CONFERENCE: (10, 7),
    Kind.SEMINAR: (10, 5),
    Kind.TRAINING: (9, 7),
    Kind.MEETING: (11, 3),
    Kind.WEBINAR: (13, 2),
    Kind.EXCURSION: (7, 12),
}
CAPACITY: dict[str, tuple[int, int]] = {
    Kind.CONFERENCE: (120, 200),
    Kind.SEMINAR: (40, 80),
    Kind.TRAINING: (25, 30),
    Kind.MEETING: (30, 60),
    Kind.WEBINAR: (100, 300),
    Kind.EXCURSION: (20, 45),
}
SUMMARIES: dict[str, str] = {
    Kind.CONFERENCE: "Dviejų dalių konferencija: pranešimai ir diskusijos apie regionų "
    "bibliotekų vaidmenį bendruomenėje.",
    Kind.SEMINAR: "Seminaras bibliotekininkams: patirties pasidalijimas ir praktiniai pavyzdžiai.",
    Kind.TRAINING: "Kvalifikacijos tobulinimo mokymai; dalyviams išduodami pažymėjimai.",
    Kind.MEETING: "Asociacijos narių susitikimas.",
    Kind.WEBINAR: "Nuotolinis seminaras; prisijungimo nuoroda bus atsiųsta el. paštu.",
    Kind.EXCURSION: "Pažintinė išvyka autobusu; kelionės išlaidas apmoka asociacija.",
}
SESSIONS: dict[str, list[str]] = {
    Kind.CONFERENCE: [
        "Sveikinimo žodis",
        "Pagrindinis pranešimas",
        "Gerosios patirties pristatymai",
        "Diskusija „Biblioteka po dešimties metų“",
        "Apibendrinimas ir išvados",
    ],
    Kind.SEMINAR: ["Įžanga", "Pranešimas", "Praktiniai pavyzdžiai", "Klausimai ir atsakymai"],
    Kind.TRAINING: ["Teorinė dalis", "Praktinės užduotys", "Darbas grupėse", "Aptarimas"],
    Kind.MEETING: ["Darbotvarkės tvirtinimas", "Ataskaitos", "Einamieji klausimai"],
    Kind.WEBINAR: ["Pristatymas", "Klausimai ir atsakymai"],
    Kind.EXCURSION: ["Išvykimas", "Ekskursija po biblioteką", "Susitikimas su kolegomis"],
}
COMMENTS = [
    "Labai naudinga, daug praktinių pavyzdžių.",
    "Puiki organizacija, ačiū!",
    "Norėtųsi daugiau laiko praktinėms užduotims.",
    "Lektorė kalbėjo aiškiai ir įdomiai.",
    "Gera proga susitikti su kolegomis iš kitų rajonų.",
    "Medžiagą būtų gerai gauti iš anksto.",
    "",
    "",
]
INSTITUTIONS = [
    "",
    "Vilniaus universitetas",
    "Kultūros ministerija",
    "Vietos bendruomenė",
    "Lietuvos nacionalinė Martyno Mažvydo biblioteka",
]


@dataclass
class PlannedRegistration:
    email: str
    first_name: str
    last_name: str
    person_id: int | None
    library_id: int | None
    institution: str
    status: str
    created_at: datetime.datetime
    checked_in_at: datetime.datetime | None = None
    cancelled_at: datetime.datetime | None = None
    feedback: tuple[int, int, int, str] | None = None


@dataclass
class PlannedEvent:
    slug: str
    fields: dict
    partner_ids: list[int]
    sessions: list[tuple[datetime.datetime, datetime.datetime, str, str]]
    registrations: list[PlannedRegistration] = field(default_factory=list)


@dataclass(frozen=True)
class Participant:
    person_id: int
    first_name: str
    last_name: str
    email: str
    library_id: int | None
    institution: str


def event_slug(day: str, title: str) -> str:
    """The title and the month ("…-konferencija-2026-05"); a year the title already ends
    with is not said twice ("…-2026-2026-05")."""
    base = slugify(fold(title))[:110].strip("-").removesuffix(f"-{day[:4]}")
    return f"{base}-{day[:7]}"


def _at(day: datetime.date, hour: float) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), VILNIUS) + datetime.timedelta(
        hours=hour
    )


def _speaker(rng: random.Random) -> str:
    female = rng.random() < 0.7
    first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    last = rng.choice(SURNAMES)
    return f"{first} {_female_surname(last, rng.random() < 0.6) if female else last}"


def staff_pool() -> list[Participant]:
    """Demo people working now in a member library (or a branch of one), one row each,
    in a stable order."""
    rows = (
        Employment.objects.current()
        .at_member_libraries()
        .filter(person__email__endswith=f"@{DEMO_DOMAIN}")
        .order_by("person__email", "library__slug")
        .values_list(
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__email",
            "library_id",
            "library__name",
        )
    )
    seen: set[int] = set()
    pool = []
    for person_id, first, last, email, library_id, library_name in rows:
        if person_id not in seen:
            seen.add(person_id)
            pool.append(Participant(person_id, first, last, email, library_id, library_name))
    return pool


def _organisers() -> list[tuple[int, int, str, str, str]]:
    """(id, municipality id, name, address) of the county and municipal member libraries."""
    return list(
        Library.objects.members()
        .filter(kind__in=[Library.Kind.COUNTY_PUBLIC, Library.Kind.MUNICIPAL_PUBLIC])
        .order_by("slug")
        .values_list("pk", "municipality_id", "name", "street_address", "city")
    )


def plan_events(
    *,
    seed: int,
    now: datetime.datetime,
    organisers: list[tuple],
    staff: list[Participant],
    member: Participant | None,
) -> list[PlannedEvent]:
    rng = random.Random(f"{seed}-events")
    planned = []
    public_no = iter(range(1, 10**6))
    for day_text, kind, title, audience, online, full in CALENDAR:
        day = datetime.date.fromisoformat(day_text)
        start_hour, length = HOURS[kind]
        starts_at, ends_at = _at(day, start_hour), _at(day, start_hour + length)
        organiser_id, municipality_id, organiser_name, street, city = rng.choice(organisers)
        low, high = CAPACITY[kind]
        capacity: int | None = rng.randrange(low, high + 1, 5)
        if kind == Kind.WEBINAR and not full and rng.random() < 0.5:
            capacity = None  # no limit online
        fields = {
            "title": title,
            "kind": kind,
            "audience": audience,
            "status": Event.Status.PUBLISHED,
            "summary": SUMMARIES[kind],
            "description": f"{SUMMARIES[kind]}\n\nOrganizatorius – {organiser_name}.",
            "venue_name": "" if online else organiser_name,
            "address": "" if online else f"{street}, {city}",
            "municipality_id": None if online else municipality_id,
            "online_url": f"https://susitikimai.{DEMO_DOMAIN}/{event_slug(day_text, title)}"
            if online
            else "",
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": capacity,
            "registration_opens_at": starts_at - datetime.timedelta(days=45),
            "registration_closes_at": starts_at - datetime.timedelta(days=2),
            "cancellation_deadline": starts_at - datetime.timedelta(days=3),
            "organiser_id": organiser_id,
            "cancelled_reason": CANCELLED.get(title, ""),
        }
        if title in CANCELLED:
            fields["status"] = Event.Status.CANCELLED
        if audience == PUBLIC and kind != Kind.WEBINAR and rng.random() < 0.5:
            fields["price_non_members"] = rng.choice([10, 15, 20])
        partners = [o[0] for o in rng.sample(organisers, rng.randint(0, 2)) if o[0] != organiser_id]
        names = SESSIONS[kind]
        step = length / len(names)
        sessions = [
            (
                _at(day, start_hour + i * step),
                _at(day, start_hour + (i + 1) * step),
                name,
                ", ".join(_speaker(rng) for _n in range(rng.randint(1, 2))),
            )
            for i, name in enumerate(names)
        ]
        event = PlannedEvent(event_slug(day_text, title), fields, partners, sessions)
        event.registrations = _plan_registrations(
            rng,
            event,
            staff,
            member if day_text in MEMBER_EVENTS else None,
            public_no,
            now=now,
            full=full,
        )
        planned.append(event)
    return planned


def _plan_registrations(
    rng: random.Random,
    event: PlannedEvent,
    staff: list[Participant],
    member: Participant | None,
    public_no: object,
    *,
    now: datetime.datetime,
    full: bool,
) -> list[PlannedRegistration]:
    """Who registered, in order, with statuses consistent with the seats: the first
    comers hold the seats, the rest wait; a few cancel; at a past event ~85 % of the
    seated came and ~40 % of those answered the survey. Nobody registers before the
    registration opens or after now: an event not yet open has no one (and is not full)."""
    fields = event.fields
    opens = fields["registration_opens_at"]
    if opens >= now:
        return []
    is_over = fields["ends_at"] < now
    capacity = fields["capacity"]
    if capacity is None:
        wanted = rng.randint(60, 140)
    elif full:
        wanted = capacity + rng.randint(3, 12)
    else:
        wanted = rng.randint(capacity // 2, capacity * 9 // 10)
    public_share = 0.3 if fields["audience"] == PUBLIC else 0.0
    people = rng.sample(staff, min(len(staff), wanted))
    entries: list[tuple[str, str, str, int | None, int | None, str]] = []
    if member is not None:
        entries.append(
            (member.email, member.first_name, member.last_name, member.person_id, None, "")
        )
    for person in people:
        if rng.random() < public_share:
            female = rng.random() < 0.7
            first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            last = rng.choice(SURNAMES)
            last = _female_surname(last, rng.random() < 0.5) if female else last
            email = f"{fold(first)}.{fold(last)}.{next(public_no)}@{PUBLIC_DOMAIN}"  # type: ignore[call-overload]
            entries.append((email, first, last, None, None, rng.choice(INSTITUTIONS)))
        elif person.email != (member.email if member else None):
            entries.append(
                (
                    person.email,
                    person.first_name,
                    person.last_name,
                    person.person_id,
                    person.library_id,
                    person.institution,
                )
            )
    cancelled_event = fields["status"] == Event.Status.CANCELLED
    window = (min(fields["registration_closes_at"], now) - opens).total_seconds()
    offsets = sorted(rng.uniform(0, window * 0.8) for _e in entries)
    seats_taken = 0
    registrations = []
    for (email, first, last, person_id, library_id, institution), offset in zip(
        entries, offsets, strict=True
    ):
        created_at = opens + datetime.timedelta(seconds=offset)
        registration = PlannedRegistration(
            email, first, last, person_id, library_id, institution, RegStatus.CONFIRMED, created_at
        )
        if person_id != (member.person_id if member else None) and rng.random() < 0.06:
            registration.status = RegStatus.CANCELLED
            registration.cancelled_at = min(
                created_at + datetime.timedelta(days=rng.randint(1, 10)), now
            )
        elif capacity is not None and seats_taken >= capacity:
            registration.status = RegStatus.WAITLISTED
        else:
            seats_taken += 1
            came = member is not None and person_id == member.person_id or rng.random() < 0.85
            if is_over and not cancelled_event and came:
                registration.status = RegStatus.ATTENDED
                registration.checked_in_at = fields["starts_at"] - datetime.timedelta(
                    minutes=rng.randint(0, 25)
                )
                if rng.random() < 0.4:
                    registration.feedback = (
                        rng.choices([3, 4, 5], [1, 4, 6])[0],
                        rng.choices([3, 4, 5], [1, 4, 5])[0],
                        rng.choices([2, 3, 4, 5], [1, 1, 4, 6])[0],
                        rng.choice(COMMENTS),
                    )
        registrations.append(registration)
    return registrations


def demo_member() -> Participant | None:
    person = Person.objects.filter(email=MEMBER_EMAIL).first()
    if person is None:
        return None
    return Participant(person.pk, person.first_name, person.last_name, person.email, None, "")


def events_demo_load(*, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Load the demo year of events; rows that exist already (by natural key) are skipped."""
    staff = staff_pool()
    organisers = _organisers()
    if not staff or not organisers:
        raise ValueError("Load the demo register first (no member library has staff).")
    planned = plan_events(
        seed=seed, now=timezone.now(), organisers=organisers, staff=staff, member=demo_member()
    )
    created: dict[str, int] = defaultdict(int)
    with transaction.atomic(), _audit_disabled():
        existing = set(Event.objects.values_list("slug", flat=True))
        new = [Event(slug=p.slug, **p.fields) for p in planned if p.slug not in existing]
        _bulk(Event, new)
        created["events"] = len(new)
        ids = dict(
            Event.objects.filter(slug__in=[p.slug for p in planned]).values_list("slug", "pk")
        )
        created["programme sessions"] = _load_sessions(planned, ids)
        created["partner links"] = _load_partners(planned, ids)
        created["registrations"] = _load_registrations(planned, ids)
        created["feedback"] = _load_feedback(planned, ids)
        created["library events"] = member_events_demo_load(seed=seed)
        if any(created.values()):
            # bulk_create sends no signals: tell the caches ourselves.
            content_changed(EVENTS, EVENT_PAGES)
    return dict(created)


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The events' part of `manage.py demo_data`: a year of events on the demo register."""
    return DemoLoaded(created=events_demo_load(seed=seed))


def _load_sessions(planned: list[PlannedEvent], ids: dict[str, int]) -> int:
    existing = set(
        Session.objects.filter(event_id__in=ids.values()).values_list("event_id", "title")
    )
    new = [
        Session(event_id=ids[p.slug], starts_at=start, ends_at=end, title=title, speakers=speakers)
        for p in planned
        for start, end, title, speakers in p.sessions
        if (ids[p.slug], title) not in existing
    ]
    _bulk(Session, new)
    return len(new)


def _load_partners(planned: list[PlannedEvent], ids: dict[str, int]) -> int:
    through = Event.partner_libraries.through
    existing = set(
        through.objects.filter(event_id__in=ids.values()).values_list("event_id", "library_id")
    )
    new = [
        through(event_id=ids[p.slug], library_id=library_id)
        for p in planned
        for library_id in p.partner_ids
        if (ids[p.slug], library_id) not in existing
    ]
    _bulk(through, new)
    return len(new)


def _load_registrations(planned: list[PlannedEvent], ids: dict[str, int]) -> int:
    existing = set(
        Registration.objects.filter(event_id__in=ids.values())
        .annotate(email_lower=Lower("email"))
        .values_list("event_id", "email_lower")
    )
    new = [
        (
            Registration(
                event_id=ids[p.slug],
                person_id=r.person_id,
                library_id=r.library_id,
                first_name=r.first_name,
                last_name=r.last_name,
                email=r.email,
                institution=r.institution,
                status=r.status,
                checked_in_at=r.checked_in_at,
                cancelled_at=r.cancelled_at,
            ),
            r.created_at,
        )
        for p in planned
        for r in p.registrations
        if (ids[p.slug], r.email.lower()) not in existing
    ]
    registrations = _bulk(Registration, (registration for registration, _at in new))
    # auto_now_add stamped them all "now": put the planned moments back (the waiting
    # list is ordered by them).
    for registration, (_r, created_at) in zip(registrations, new, strict=True):
        registration.created_at = created_at
    Registration.objects.bulk_update(registrations, ["created_at"], batch_size=500)
    return len(registrations)


def _load_feedback(planned: list[PlannedEvent], ids: dict[str, int]) -> int:
    registration_ids = {
        (event_id, email.lower()): pk
        for pk, event_id, email in Registration.objects.filter(
            event_id__in=ids.values(), status=RegStatus.ATTENDED
        ).values_list("pk", "event_id", "email")
    }
    answered = set(
        Feedback.objects.filter(registration__event_id__in=ids.values()).values_list(
            "registration_id", flat=True
        )
    )
    new, moments = [], []
    for p in planned:
        for r in p.registrations:
            pk = registration_ids.get((ids[p.slug], r.email.lower()))
            if r.feedback is None or pk is None or pk in answered:
                continue
            overall, content, organisation, comment = r.feedback
            new.append(
                Feedback(
                    registration_id=pk,
                    overall=overall,
                    content=content,
                    organisation=organisation,
                    comment=comment,
                )
            )
            moments.append(p.fields["ends_at"] + datetime.timedelta(days=1, hours=len(new) % 48))
    feedback = _bulk(Feedback, new)
    for answer, moment in zip(feedback, moments, strict=True):
        answer.submitted_at = moment
    Feedback.objects.bulk_update(feedback, ["submitted_at"], batch_size=500)
    return len(feedback)


# The members' shared calendar: member libraries' own events in several counties, published
# through the service as a library would (each known by a UID of its own, `demo-member-<n>`,
# as an imported event is, so a second run creates nothing). Dated from today on, so they
# are upcoming whenever they are loaded.
MEMBER_EVENT_TITLES = [
    ("reading", "Susitikimas su knygos „Vasara prie ežero“ autore"),
    ("reading", "Poezijos vakaras bibliotekoje"),
    ("exhibition", "Kraštiečių fotografijų paroda"),
    ("exhibition", "Senųjų knygų paroda"),
    ("course", "Išmaniojo telefono pradžiamokslis senjorams"),
    ("course", "Kompiuterinio raštingumo kursai"),
    ("info_literacy", "Kaip atpažinti melagienas internete"),
    ("info_literacy", "Saugus elgesys internete vaikams"),
    ("campaign", "Vasaros skaitymo iššūkis"),
    ("campaign", "Nacionalinis garsiųjų skaitymų konkursas"),
    ("other", "Stalo žaidimų popietė"),
    ("other", "Bibliotekos gimtadienio šventė"),
]
MEMBER_EVENT_COUNT = 40


def member_events_demo_load(*, seed: int = DEFAULT_SEED) -> int:
    """About 40 member libraries' events in the next four months, two libraries per county
    in every county that has member libraries; returns how many were created."""
    from lrba.events.selectors.member_calendar import current_member_libraries
    from lrba.events.services.member_events import member_event_publish

    rng = random.Random(seed + 14)
    by_county: dict[int, list[Library]] = defaultdict(list)
    for library in (
        current_member_libraries()
        .filter(municipality__isnull=False)
        .select_related("municipality")
        .order_by("pk")
    ):
        if len(by_county[library.municipality.county_id]) < 2:
            by_county[library.municipality.county_id].append(library)
    libraries = [library for county in sorted(by_county) for library in by_county[county]]
    if not libraries:
        return 0
    existing = set(
        MemberEvent.objects.filter(uid__startswith="demo-member-").values_list("uid", flat=True)
    )
    today = timezone.localdate()
    created = 0
    with transaction.atomic(), _audit_disabled():
        for n in range(MEMBER_EVENT_COUNT):
            library = libraries[n % len(libraries)]
            kind, title = MEMBER_EVENT_TITLES[n % len(MEMBER_EVENT_TITLES)]
            uid = f"demo-member-{n}"
            if uid in existing:
                continue
            day = today + datetime.timedelta(days=3 + rng.randint(0, 120))
            starts = _at(day, rng.choice([10, 13, 15, 17, 18]))
            long = kind == "exhibition"
            ends = starts + (datetime.timedelta(days=30) if long else datetime.timedelta(hours=2))
            member_event_publish(
                library=library,
                by=None,
                title=title,
                kind=kind,
                description="Renginys nemokamas, laukiame visų norinčių.",
                starts_at=starts,
                ends_at=ends,
                all_day=False,
                venue=rng.choice(["Skaitykla", "Vaikų literatūros skyrius", "Parodų salė", ""]),
                url="",
                uid=uid,
            )
            created += 1
    return created
