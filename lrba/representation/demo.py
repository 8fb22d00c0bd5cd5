"""Demonstration data of representation.

- A closed consultation of the member libraries on a draft amendment of the Law on
  Libraries, asked by the Ministry of Culture: four questions (one choice, several
  choices, a scale, free text), answered by twelve member libraries through the
  answering service while it was open, then closed. From it, the association's position:
  adopted (with a Board decision when the governance demo made one), sent with its
  outgoing number and PDF, and the Ministry's reply recorded (taken into account partly).
- An open consultation on the municipal libraries' funding rules, closing within the
  week, answered by some libraries (not by the demo representative's, who can try it).
- An open member survey of training needs, whose topics the secretariat can turn into
  programme proposals.
- Two current delegations (a ministry working group and an international organisation),
  each with a report back, and one that has ended.

The demo does not e-mail anyone: the consultations are marked open directly instead of
through `consultation_open`, which would announce them to every member. Everything
follows the seed; a second run creates nothing.
"""

import datetime
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from lrba.accounts.models import User
from lrba.core.demo import DemoLoaded
from lrba.governance.models import BoardSeat, Body, Decision
from lrba.members.demo import ADMIN_EMAIL, _audit_disabled, directors_with_sign_in
from lrba.members.models import Library, Person
from lrba.representation.models import Consultation, Delegation, Question
from lrba.representation.services.consultations import consultation_create, question_add
from lrba.representation.services.delegations import delegate_report_submit, delegation_create
from lrba.representation.services.positions import (
    position_adopt,
    position_create,
    position_reply_record,
    position_send,
)
from lrba.representation.services.responses import response_save

CLOSED_SLUG_TITLE = "Lietuvos Respublikos bibliotekų įstatymo pakeitimo projektas"
ANSWERING_CLOSED = 12
ANSWERING_OPEN = 5
ANSWERING_SURVEY = 8


def demo_data_present() -> bool:
    return Consultation.objects.filter(title=CLOSED_SLUG_TITLE).exists()


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The representation part of `manage.py demo_data`: after the register, governance
    (a Board decision adopts the position) and training."""
    if demo_data_present():
        return DemoLoaded(created={"consultations": 0})
    rng = random.Random(f"{seed}:representation")
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    answerers = directors_with_sign_in(ANSWERING_CLOSED + 1)
    created: dict[str, int] = {}
    with transaction.atomic(), _audit_disabled():
        closed = _closed_consultation(admin, answerers[1:], rng)
        created["consultations"] = 1
        created["responses"] = closed.responses.count()
        _position_from(closed, admin)
        created["positions"] = 1
        # The demo representative's library (first) leaves the open ones to answer.
        created["responses"] += _open_consultation(admin, answerers[1 : 1 + ANSWERING_OPEN], rng)
        created["responses"] += _open_survey(admin, answerers[1 : 1 + ANSWERING_SURVEY], rng)
        created["consultations"] += 2
        created["delegations"] = _delegations(admin)
    return DemoLoaded(created=created)


def _mark_open(consultation: Consultation, opened_days_ago: int) -> None:
    """Open without the announcement (see the module's docstring)."""
    consultation.status = Consultation.Status.OPEN
    consultation.opened_at = timezone.now() - datetime.timedelta(days=opened_days_ago)
    consultation.save(update_fields=["status", "opened_at"])


def _answers(consultation: Consultation, rng: random.Random, comments: list[str]) -> dict:
    answers: dict[int, Any] = {}
    for question in consultation.questions.prefetch_related("choices"):
        choices = [choice.pk for choice in question.choices.all()]
        if question.kind == Question.Kind.SINGLE:
            answers[question.pk] = rng.choice(choices[:2] * 3 + choices)
        elif question.kind == Question.Kind.MULTIPLE:
            answers[question.pk] = rng.sample(choices, rng.randint(1, min(3, len(choices))))
        elif question.kind == Question.Kind.SCALE:
            answers[question.pk] = rng.randint(question.scale_min + 1, question.scale_max)
        else:
            answers[question.pk] = rng.choice(comments)
    return answers


def _answer_all(
    consultation: Consultation, answerers: list[tuple[Library, User]], rng, comments
) -> int:
    for library, user in answerers:
        response_save(
            consultation=consultation,
            answers=_answers(consultation, rng, comments),
            by=user,
            library=library,
            based_on=None,
        )
    return len(answerers)


CLOSED_COMMENTS = [
    "Pritariame, tačiau dokumentų įsigijimo lėšos turi būti skiriamos pagal gyventojų "
    "skaičių ir aptarnaujamą teritoriją, ne tik pagal gyventojų skaičių.",
    "Siūlome aiškiai numatyti, kad kaimo filialai nebūtų uždaromi be bendruomenės konsultacijos.",
    "Projektas nenumato lėšų bibliotekininkų kvalifikacijos tobulinimui — to reikia.",
    "Pritariame be pastabų.",
    "Būtina įtvirtinti viešųjų bibliotekų vaidmenį skaitmeninio raštingumo srityje.",
    "Nepritariame bibliotekų funkcijų perkėlimui kultūros centrams.",
]


def _closed_consultation(admin, answerers, rng: random.Random) -> Consultation:
    consultation = consultation_create(
        by=admin,
        kind=Consultation.Kind.CONSULTATION,
        subject=Consultation.Subject.DRAFT_LAW,
        title=CLOSED_SLUG_TITLE,
        institution="Lietuvos Respublikos kultūros ministerija",
        summary=(
            "Kultūros ministerija prašo asociacijos nuomonės dėl Bibliotekų įstatymo "
            "pakeitimo projekto: savivaldybių viešųjų bibliotekų tinklo, dokumentų "
            "įsigijimo finansavimo ir filialų steigimo bei uždarymo tvarkos."
        ),
        document_url="https://e-seimas.lrs.lt/",
        deadline=timezone.now() + datetime.timedelta(days=1),
    )
    question_add(
        consultation=consultation,
        by=admin,
        kind=Question.Kind.SINGLE,
        text="Ar pritariate projektui?",
        choices=["Pritariame", "Pritariame su pastabomis", "Nepritariame"],
    )
    question_add(
        consultation=consultation,
        by=admin,
        kind=Question.Kind.MULTIPLE,
        text="Kurios projekto nuostatos labiausiai paveiktų jūsų biblioteką?",
        choices=[
            "Dokumentų įsigijimo finansavimas",
            "Filialų tinklo pertvarka",
            "Darbuotojų kvalifikacijos reikalavimai",
            "Skaitmeninės paslaugos",
        ],
    )
    question_add(
        consultation=consultation,
        by=admin,
        kind=Question.Kind.SCALE,
        text="Kaip vertinate projekto poveikį jūsų bibliotekai?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Labai neigiamas",
        scale_max_label="Labai teigiamas",
    )
    question_add(
        consultation=consultation,
        by=admin,
        kind=Question.Kind.TEXT,
        text="Jūsų pastabos ir pasiūlymai",
        required=False,
    )
    _mark_open(consultation, opened_days_ago=30)
    _answer_all(consultation, answerers, rng, CLOSED_COMMENTS)
    # Closed three weeks ago, as the deadline said.
    closed_at = timezone.now() - datetime.timedelta(days=21)
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Consultation.Status.CLOSED, deadline=closed_at, closed_at=closed_at
    )
    consultation.refresh_from_db()
    return consultation


def _board_decision() -> Decision | None:
    return (
        Decision.objects.filter(body__kind=Body.Kind.BOARD).order_by("-adopted_on", "-pk").first()
    )


def _head_name() -> str:
    """The association head's name, from the Board's current seats (governance demo)."""
    seat = BoardSeat.objects.current().filter(office="head").select_related("person").first()
    return seat.person.full_name if seat else ""


def _position_from(consultation: Consultation, admin) -> None:
    position = position_create(
        by=admin,
        consultation=consultation,
        addressee="Lietuvos Respublikos kultūros ministerijai",
        body=(
            "Lietuvos regionų bibliotekų asociacija, apklaususi savo narius, pritaria "
            "Bibliotekų įstatymo pakeitimo projekto tikslams, tačiau siūlo:\n\n"
            "1. Dokumentų įsigijimo lėšas skirstyti pagal gyventojų skaičių ir "
            "aptarnaujamą teritoriją.\n\n"
            "2. Numatyti, kad filialų tinklas pertvarkomas tik pasikonsultavus su "
            "vietos bendruomenėmis.\n\n"
            "3. Skirti lėšų bibliotekininkų kvalifikacijos tobulinimui."
        ),
        signatory_name=_head_name(),
        signatory_title="Asociacijos pirmininkė",
    )
    today = timezone.localdate()
    decision = _board_decision()
    adopted_on = today - datetime.timedelta(days=18)
    if decision is not None and decision.adopted_on <= today:
        adopted_on = max(decision.adopted_on, adopted_on)
    position_adopt(position=position, adopted_on=adopted_on, decision=decision, by=admin)
    position_send(
        position=position,
        sent_on=adopted_on + datetime.timedelta(days=1) if adopted_on < today else today,
        sent_to="Lietuvos Respublikos kultūros ministerija, dokumentai@lrkm.lt",
        by=admin,
    )
    position_reply_record(
        position=position,
        received_on=today,
        summary=(
            "Ministerija atsižvelgė į pasiūlymą dėl lėšų skirstymo kriterijų; dėl filialų "
            "tinklo pertvarkos nuostata paliekama savivaldybių sprendimui."
        ),
        outcome="partly",
        by=admin,
    )


OPEN_COMMENTS = [
    "Tvarkos aprašas turėtų numatyti mažiausią lėšų sumą kiekvienam filialui.",
    "Pritariame.",
    "Siūlome lėšas skirti dvejiems metams, kad būtų galima planuoti.",
]


def _open_consultation(admin, answerers, rng: random.Random) -> int:
    consultation = consultation_create(
        by=admin,
        kind=Consultation.Kind.CONSULTATION,
        subject=Consultation.Subject.FUNDING,
        title="Savivaldybių viešųjų bibliotekų dokumentų įsigijimo finansavimo tvarkos aprašas",
        institution="Lietuvos Respublikos kultūros ministerija",
        summary="Ministerija rengia naują lėšų dokumentams įsigyti skirstymo tvarką.",
        deadline=timezone.now() + datetime.timedelta(days=5),
    )
    question_add(
        consultation=consultation,
        by=admin,
        kind=Question.Kind.SINGLE,
        text="Ar siūlomi lėšų skirstymo kriterijai tinka jūsų bibliotekai?",
        choices=["Tinka", "Tinka iš dalies", "Netinka"],
    )
    question_add(
        consultation=consultation,
        by=admin,
        kind=Question.Kind.TEXT,
        text="Ką siūlytumėte keisti?",
        required=False,
    )
    _mark_open(consultation, opened_days_ago=9)
    return _answer_all(consultation, answerers, rng, OPEN_COMMENTS)


SURVEY_TOPICS = [
    "Skaitmeninis raštingumas senjorams",
    "Vaikų skaitymo skatinimas",
    "Bibliotekos renginių vadyba",
    "Autorių teisės bibliotekoje",
    "Duomenų apsauga",
    "Projektų rašymas ir finansavimas",
]


def _open_survey(admin, answerers, rng: random.Random) -> int:
    survey = consultation_create(
        by=admin,
        kind=Consultation.Kind.SURVEY,
        subject=Consultation.Subject.TRAINING_NEEDS,
        title=f"{timezone.localdate().year + 1} m. kvalifikacijos tobulinimo poreikių apklausa",
        summary="Kokių mokymų labiausiai reikia jūsų bibliotekos darbuotojams?",
        deadline=timezone.now() + datetime.timedelta(days=20),
    )
    question_add(
        consultation=survey,
        by=admin,
        kind=Question.Kind.MULTIPLE,
        text="Kurios temos jūsų darbuotojams aktualiausios?",
        choices=SURVEY_TOPICS,
    )
    question_add(
        consultation=survey,
        by=admin,
        kind=Question.Kind.SCALE,
        text="Kiek darbuotojų dalyvautų mokymuose per metus?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Vienas",
        scale_max_label="Penki ir daugiau",
    )
    _mark_open(survey, opened_days_ago=3)
    return _answer_all(survey, answerers, rng, [""])


def _delegates() -> list[Person]:
    """Two people with sign-ins (so they can report back), Board members first."""
    people = list(
        Person.objects.filter(user__isnull=False, board_seats__isnull=False)
        .distinct()
        .order_by("pk")[:3]
    )
    if len(people) < 3:
        people += list(
            Person.objects.filter(user__isnull=False)
            .exclude(pk__in=[p.pk for p in people])
            .order_by("pk")[: 3 - len(people)]
        )
    return people


def _delegations(admin) -> int:
    people = _delegates()
    if len(people) < 2:
        return 0
    today = timezone.localdate()
    ministry = delegation_create(
        by=admin,
        person=people[0],
        body_name="Kultūros ministerijos bibliotekų finansavimo darbo grupė",
        body_kind=Delegation.BodyKind.WORKING_GROUP,
        convened_by="Lietuvos Respublikos kultūros ministerija",
        role="darbo grupės narė",
        starts_on=today - datetime.timedelta(days=200),
        mandate_document="Valdybos nutarimas",
    )
    international = delegation_create(
        by=admin,
        person=people[1],
        body_name="EBLIDA (European Bureau of Library, Information and Documentation Associations)",
        body_kind=Delegation.BodyKind.INTERNATIONAL,
        convened_by="EBLIDA",
        role="atstovas Generalinėje asamblėjoje",
        starts_on=today - datetime.timedelta(days=400),
    )
    delegate_report_submit(
        delegation=ministry,
        by=people[0].user,
        title="Darbo grupės posėdis dėl lėšų skirstymo kriterijų",
        text="Aptarti dokumentų įsigijimo lėšų skirstymo kriterijai; asociacijos siūlymas "
        "dėl aptarnaujamos teritorijos įtrauktas į svarstymą.",
        reported_on=today - datetime.timedelta(days=30),
    )
    delegate_report_submit(
        delegation=international,
        by=people[1].user,
        title="EBLIDA metinė konferencija",
        text="Pristatyta Lietuvos regionų bibliotekų patirtis skaitmeninio raštingumo srityje.",
        reported_on=today - datetime.timedelta(days=60),
    )
    count = 2
    if len(people) > 2:
        delegation_create(
            by=admin,
            person=people[2],
            body_name="Lietuvos nacionalinės kultūros tarybos ekspertų grupė",
            body_kind=Delegation.BodyKind.COUNCIL,
            convened_by="Lietuvos kultūros taryba",
            role="ekspertė",
            starts_on=today - datetime.timedelta(days=900),
            ends_on=today - datetime.timedelta(days=170),
        )
        count += 1
    return count
