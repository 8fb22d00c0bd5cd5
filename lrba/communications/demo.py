"""Demonstration data of newsletters and service announcements.

A year of the association's mail: newsletters sent about every two months (one to a
county only), each with its deliveries — mostly sent, a few failed, blocked addresses
left out as "suppressed", one reader unsubscribing on the way — a service announcement
to the member libraries' representatives, a newsletter scheduled for next week and a
draft. For the newsletters to have readers, about half of the members' people are given
a newsletter consent (as if imported from the earlier mailing list), plus the demo
member; a hard bounce and a complaint the mail provider reported are blocked addresses.

Runs after the register (the people), events and the knowledge demo. Recipients are
resolved by the communications selectors (`message_audience`) as a real send would;
the sending history is dated back from the day of loading. Natural keys — a message's
subject, a consent's person and purpose, a blocked address — make a second run create
nothing.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation

from lrba.accounts.models import ConsentRecord, User
from lrba.accounts.privacy.consent import CONSENT_TEXT_VERSION, CONSENT_TEXTS
from lrba.communications.models import Delivery, Message, Suppression
from lrba.core.demo import DEFAULT_SEED, DemoLoaded
from lrba.core.models import County
from lrba.members.demo import ADMIN_EMAIL, MEMBER_EMAIL, _audit_disabled, _bulk
from lrba.members.models import Employment, Membership, Person

CONSENT_SHARE = 0.55
BOUNCE = "550 5.1.1 <{email}>: Recipient address rejected: User unknown"
TEMPORARY = "421 4.7.0 Try again later: too many connections"


@dataclass(frozen=True)
class PlannedMessage:
    days_ago: int  # negative: scheduled that many days ahead
    subject: str
    subject_en: str
    body: str
    kind: str = Message.Kind.NEWSLETTER
    segment: str = Message.Segment.ALL_MEMBERS
    county: str = ""  # a county's code, for the county segment
    status: str = Message.Status.SENT


def _body(*items: tuple[str, str]) -> str:
    parts = ["<p>Mielos kolegės ir kolegos,</p>"]
    for title, text in items:
        parts.append(f"<h2>{title}</h2><p>{text}</p>")
    parts.append("<p>Gražios dienos!<br>Asociacijos sekretoriatas</p>")
    return "".join(parts)


MESSAGES = (
    PlannedMessage(
        320,
        "Naujienlaiškis: žiemos mokymai ir ateinančių metų planai",
        "Newsletter: winter training and next year's plans",
        _body(
            (
                "Žiemos mokymai",
                "Skaitmeninio raštingumo mokymų bibliotekininkams registracija jau "
                "atidaryta – vietų skaičius ribotas.",
            ),
            (
                "Metų apžvalga",
                "Seminare aptarėme regionų bibliotekų metų pasiekimus; pranešimų skaidrės "
                "– svetainėje.",
            ),
        ),
    ),
    PlannedMessage(
        250,
        "Naujienlaiškis: konferencija „Regionų bibliotekos – bendruomenės širdis“",
        "Newsletter: the conference on libraries as the heart of the community",
        _body(
            (
                "Kviečiame į konferenciją",
                "Pavasario konferencijoje kalbėsime apie bibliotekas kaip vietos "
                "bendruomenių traukos centrus.",
            ),
            (
                "Nauji projektai",
                "Prasideda projektas „Bibliotekos – skaitmeninio raštingumo centrai“.",
            ),
        ),
    ),
    PlannedMessage(
        185,
        "Naujienlaiškis: visuotinis susirinkimas ir vasaros skaitymo programa",
        "Newsletter: the General Meeting and the summer reading programme",
        _body(
            (
                "Visuotinis narių susirinkimas",
                "Susirinkimas patvirtino metų veiklos ataskaitą ir finansinių ataskaitų rinkinį.",
            ),
            (
                "Vasaros skaitymas",
                "Vasaros skaitymo programos medžiaga bibliotekoms – nariams skirtoje "
                "svetainės dalyje.",
            ),
        ),
    ),
    PlannedMessage(
        130,
        "Šiaulių apskrities bibliotekoms: regioninis metodinis pasitarimas",
        "For the libraries of Šiauliai county: a regional methodological meeting",
        _body(
            (
                "Regioninis pasitarimas",
                "Kviečiame apskrities bibliotekų metodininkus aptarti rudens mokymų poreikius.",
            ),
        ),
        segment=Message.Segment.COUNTY,
        county="siauliu",
    ),
    PlannedMessage(
        70,
        "Rudens naujienlaiškis: geroji patirtis ir nauji mokymai",
        "Autumn newsletter: good practice and new training",
        _body(
            (
                "Gerosios patirties biblioteka",
                "Svetainėje atsirado gerosios patirties biblioteka – kviečiame dalytis "
                "savo sėkmės istorijomis.",
            ),
            (
                "Mokymai",
                "Rudenį – mokymai apie duomenų apsaugą ir paslaugas senjorams.",
            ),
        ),
    ),
    PlannedMessage(
        45,
        "Svarbu: išsiųstos nario mokesčio sąskaitos",
        "Important: the membership fee invoices have been sent",
        _body(
            (
                "Nario mokestis",
                "Bibliotekoms išsiųstos ateinančių metų nario mokesčio sąskaitos. Jas "
                "rasite ir skiltyje „Mano biblioteka“.",
            ),
        ),
        kind=Message.Kind.ANNOUNCEMENT,
        segment=Message.Segment.REPRESENTATIVES,
    ),
    PlannedMessage(
        18,
        "Lapkričio naujienlaiškis: metodinė pagalba ir metų apžvalga",
        "November newsletter: methodological help and the year in review",
        _body(
            (
                "Metodinė pagalba",
                "Klausimus asociacijos konsultantams dabar galite užduoti svetainėje – "
                "atsakymą gausite el. paštu.",
            ),
            (
                "Metų apžvalgos seminaras",
                "Gruodžio pradžioje kviečiame į metų apžvalgos seminarą.",
            ),
        ),
    ),
    PlannedMessage(
        -6,
        "Gruodžio naujienlaiškis: šventinis numeris",
        "December newsletter: the festive issue",
        _body(
            (
                "Ačiū už metus",
                "Dėkojame visoms bibliotekoms už bendrus darbus ir kviečiame pasidalyti "
                "šventinių renginių akimirkomis.",
            ),
        ),
        status=Message.Status.SCHEDULED,
    ),
    PlannedMessage(
        0,
        "Naujienlaiškis: ateinančių metų renginių kalendorius",
        "Newsletter: next year's events calendar",
        _body(
            (
                "Renginių kalendorius",
                "Juodraštis: čia bus ateinančių metų mokymų ir renginių kalendorius.",
            ),
        ),
        status=Message.Status.DRAFT,
    ),
)
# The planned unsubscription: the reader withdraws while this newsletter goes out.
UNSUBSCRIBE_AT = 2  # the third newsletter


def demo_data_present() -> bool:
    return Message.objects.exists()


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The communications part of `manage.py demo_data`."""
    return DemoLoaded(created=communications_demo_load(seed=seed))


def communications_demo_load(*, seed: int = DEFAULT_SEED) -> dict[str, int]:
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    created: dict[str, int] = {}
    with transaction.atomic(), _audit_disabled():
        if Message.objects.filter(subject__in=[m.subject for m in MESSAGES]).exists():
            return {"newsletter consents": 0, "messages": 0, "deliveries": 0}
        rng = random.Random(f"{seed}:communications")
        created["newsletter consents"] = _load_consents(rng)
        messages, deliveries = _load_messages(rng, admin)
        created["messages"] = messages
        created["deliveries"] = deliveries
    return created


def _load_consents(rng: random.Random) -> int:
    """A newsletter consent for about half of the members' people (with an address) and
    for the demo member, given a year or two ago as imported from the old list."""
    people = Person.objects.exclude(email="").filter(
        pk__in=Employment.objects.current().at_member_libraries().values("person_id")
    ) | Person.objects.exclude(email="").filter(
        pk__in=Membership.objects.current().values("person_id")
    )
    having = set(
        ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.NEWSLETTER).values_list(
            "person_id", flat=True
        )
    )
    with translation.override("lt"):
        text = str(CONSENT_TEXTS[ConsentRecord.Purpose.NEWSLETTER])
    now = timezone.now()
    new = []
    for pk, email in people.order_by("pk").distinct().values_list("pk", "email"):
        if pk in having or (rng.random() >= CONSENT_SHARE and email != MEMBER_EMAIL):
            continue
        new.append(
            ConsentRecord(
                person_id=pk,
                purpose=ConsentRecord.Purpose.NEWSLETTER,
                text_version=CONSENT_TEXT_VERSION,
                text=text,
                given_at=now - datetime.timedelta(days=rng.randint(370, 720)),
                source=ConsentRecord.Source.IMPORT,
            )
        )
    _bulk(ConsentRecord, new)
    return len(new)


def _at(days_ago: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _load_messages(rng: random.Random, admin: User | None) -> tuple[int, int]:
    from lrba.communications.selectors.segments import message_audience
    from lrba.communications.services.messages import message_create, message_schedule

    counties = list(County.objects.order_by("code"))
    sent_newsletters = [
        m for m in MESSAGES if m.kind == Message.Kind.NEWSLETTER and m.status == Message.Status.SENT
    ]
    # Who leaves and who bounces or complains, picked among the first newsletter's readers.
    leaver: tuple[str, int | None] | None = None
    bounced: list[str] = []
    complained = ""
    deliveries = 0
    for planned in MESSAGES:
        county = next((c for c in counties if c.code.startswith(planned.county)), None)
        message = message_create(
            by=admin,
            kind=planned.kind,
            subject=planned.subject,
            subject_en=planned.subject_en,
            body=planned.body,
            segment=planned.segment,
            county=county if planned.county else None,
            in_public_archive=planned.kind == Message.Kind.NEWSLETTER,
        )
        written = _at(max(planned.days_ago, 0) + 3, 10)
        Message.objects.filter(pk=message.pk).update(created_at=written)
        if planned.status == Message.Status.DRAFT:
            continue
        if planned.status == Message.Status.SCHEDULED:
            message_schedule(message=message, at=_at(planned.days_ago, 9), by=admin)
            continue
        audience = message_audience(message)
        if leaver is None and planned.kind == Message.Kind.NEWSLETTER:
            picks = rng.sample(audience.recipients, min(4, len(audience.recipients)))
            if len(picks) == 4:
                leaver = (picks[0].email, picks[0].person_id)
                bounced = [p.email for p in picks[1:3]]
                complained = picks[3].email
        index = sent_newsletters.index(planned) if planned in sent_newsletters else -1
        started = _at(planned.days_ago, 9)
        rows = []
        failed = sent = 0
        candidates = [(r, False) for r in audience.recipients]
        candidates += [(r, True) for r in audience.suppressed]
        for position, (recipient, blocked) in enumerate(candidates):
            status, error, attempts = Delivery.Status.SENT, "", 1
            if blocked:  # a bounce or a complaint reported earlier: never tried
                status, attempts = Delivery.Status.SUPPRESSED, 0
            elif recipient.email in bounced:
                status, error = Delivery.Status.FAILED, BOUNCE.format(email=recipient.email)
            elif leaver and recipient.email == leaver[0] and index == UNSUBSCRIBE_AT:
                # Withdrew while this one was going out: the rest are not sent to them.
                status, attempts = Delivery.Status.UNSUBSCRIBED, 0
            elif rng.random() < 0.006:
                status, error, attempts = Delivery.Status.FAILED, TEMPORARY, 3
            sent += status == Delivery.Status.SENT
            failed += status == Delivery.Status.FAILED
            rows.append(
                Delivery(
                    message=message,
                    email=recipient.email,
                    person_id=recipient.person_id,
                    language=recipient.language,
                    status=status,
                    attempts=attempts,
                    sent_at=(
                        started + datetime.timedelta(seconds=position // 4)
                        if status == Delivery.Status.SENT
                        else None
                    ),
                    error=error,
                )
            )
        _bulk(Delivery, rows)
        deliveries += len(rows)
        finished = started + datetime.timedelta(seconds=len(rows) // 4 + 30)
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENT,
            recipient_count=sum(r.status != Delivery.Status.SUPPRESSED for r in rows),
            sent_count=sent,
            failed_count=failed,
            started_at=started,
            finished_at=finished,
        )
        if index == 0 and bounced:  # the provider reported the bounces within the hour
            _blocked(bounced, Suppression.Reason.BOUNCED, finished + datetime.timedelta(hours=1))
        if index == 1 and complained:  # and a reader marked the second one as spam
            _blocked(
                [complained], Suppression.Reason.COMPLAINED, finished + datetime.timedelta(days=2)
            )
        if index == UNSUBSCRIBE_AT and leaver and leaver[1]:
            ConsentRecord.objects.filter(
                person_id=leaver[1],
                purpose=ConsentRecord.Purpose.NEWSLETTER,
                withdrawn_at__isnull=True,
            ).update(withdrawn_at=started + datetime.timedelta(minutes=3))
    return len(MESSAGES), deliveries


def _blocked(emails: list[str], reason: str, when: datetime.datetime) -> None:
    """Addresses the mail provider reported (django-anymail's tracking), now blocked."""
    for email in emails:
        detail = (
            BOUNCE.format(email=email)
            if reason == Suppression.Reason.BOUNCED
            else "The recipient marked the newsletter as spam."
        )
        row = Suppression(email=email, reason=reason, detail=detail, created_at=when)
        row.full_clean()
        row.save()
