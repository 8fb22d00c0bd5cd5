"""The daily run: reminders before a consultation's deadline to whoever answers for a
member library that has not answered (and individual members when asked), once; and the
closing of consultations past their deadline."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    StaffAuthorisationFactory,
    UserFactory,
)
from lrba.representation.models import Consultation
from lrba.representation.selectors.consultations import consultation_reminder_recipients
from lrba.representation.services.consultations import (
    consultations_close_due,
    consultations_remind_due,
)
from lrba.representation.tests.factories import ConsultationFactory, ResponseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _in(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _person(email: str, **fields):
    user = UserFactory(email=email)
    return PersonFactory(user=user, email=email, **fields)


@pytest.fixture
def libraries():
    """Two member libraries and a non-member, with the people who act for them."""
    waiting = LibraryFactory(name="Šakių biblioteka")
    answered = LibraryFactory(name="Alytaus biblioteka")
    outsider = LibraryFactory(name="Ne narių biblioteka")
    MembershipFactory(library=waiting)
    MembershipFactory(library=answered)
    EmploymentFactory(person=_person("direktorius@example.lt"), library=waiting, is_director=True)
    MandateFactory(person=_person("igaliotas@example.lt"), library=waiting)
    answerer = _person("atsako@example.lt")
    EmploymentFactory(person=answerer, library=waiting)
    StaffAuthorisationFactory(
        library=waiting, person=answerer, scope=StaffAuthorisation.Scope.CONSULTATIONS
    )
    orderer = _person("uzsako@example.lt")
    EmploymentFactory(person=orderer, library=waiting)
    StaffAuthorisationFactory(
        library=waiting, person=orderer, scope=StaffAuthorisation.Scope.ORDERING
    )
    EmploymentFactory(person=_person("atsake@example.lt"), library=answered, is_director=True)
    EmploymentFactory(person=_person("ne-narys@example.lt"), library=outsider, is_director=True)
    return waiting, answered


def test_the_reminder_goes_to_those_who_answer_for_libraries_that_have_not_answered(
    libraries,
):
    waiting, answered = libraries
    consultation = ConsultationFactory(deadline=_in(2), remind_days_before=3)
    ResponseFactory(consultation=consultation, library=answered)

    recipients = consultation_reminder_recipients(consultation)

    assert sorted(r.email for r in recipients) == [
        "atsako@example.lt",
        "direktorius@example.lt",
        "igaliotas@example.lt",
    ]
    assert all(r.libraries == ["Šakių biblioteka"] for r in recipients)


def test_an_authorised_employee_who_has_left_the_library_is_not_reminded(libraries):
    waiting, _answered = libraries
    person = _person("iseje@example.lt")
    EmploymentFactory(
        person=person,
        library=waiting,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    StaffAuthorisationFactory(
        library=waiting, person=person, scope=StaffAuthorisation.Scope.CONSULTATIONS
    )
    consultation = ConsultationFactory()

    emails = {r.email for r in consultation_reminder_recipients(consultation)}

    assert "iseje@example.lt" not in emails
    assert "direktorius@example.lt" in emails


def test_individual_members_who_have_not_answered_are_reminded_when_asked():
    asked = _person("narys@example.lt")
    done = _person("atsakes-narys@example.lt")
    for person in (asked, done):
        MembershipFactory(library=None, person=person)
    consultation = ConsultationFactory(libraries_answer=False, individuals_answer=True)
    ResponseFactory(consultation=consultation, library=None, person=done)

    recipients = consultation_reminder_recipients(consultation)

    assert [(r.email, r.for_self, r.libraries) for r in recipients] == [
        ("narys@example.lt", True, [])
    ]


def test_reminders_go_once_within_the_days_before_the_deadline(
    libraries, django_capture_on_commit_callbacks
):
    _waiting, answered = libraries
    due = ConsultationFactory(title="Dėl finansavimo", deadline=_in(2), remind_days_before=3)
    ResponseFactory(consultation=due, library=answered)
    ConsultationFactory(deadline=_in(10), remind_days_before=3)  # too early
    ConsultationFactory(deadline=_in(1), remind_days_before=0)  # no reminder wanted
    ConsultationFactory(deadline=_in(1), status=Consultation.Status.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        assert consultations_remind_due() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert consultations_remind_due() == 0

    due.refresh_from_db()
    assert due.reminded_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "atsako@example.lt",
        "direktorius@example.lt",
        "igaliotas@example.lt",
    ]
    message = mail.outbox[0]
    assert "Dėl finansavimo" in message.subject
    assert "Šakių biblioteka" in message.body
    assert f"/atstovavimas/konsultacijos/{due.slug}/" in message.body


def test_a_library_that_answers_after_the_mark_is_left_out_of_the_e_mail(
    libraries, django_capture_on_commit_callbacks
):
    waiting, answered = libraries
    consultation = ConsultationFactory(deadline=_in(1))
    ResponseFactory(consultation=consultation, library=answered)

    # The mark is set, then the library answers before the task runs.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        consultations_remind_due()
    ResponseFactory(consultation=consultation, library=waiting)
    for callback in callbacks:
        callback()

    assert mail.outbox == []


def test_past_deadlines_close_their_consultations_once():
    late = ConsultationFactory(deadline=_in(-0.1))
    running = ConsultationFactory(deadline=_in(1))

    assert consultations_close_due() == 1
    assert consultations_close_due() == 0

    late.refresh_from_db()
    running.refresh_from_db()
    assert late.status == Consultation.Status.CLOSED
    assert late.closed_at is not None
    assert running.status == Consultation.Status.OPEN


def test_the_command_reminds_and_closes(libraries, capsys):
    ConsultationFactory(deadline=_in(-1))
    ConsultationFactory(deadline=_in(1))

    call_command("consultation_reminders")

    assert "reminded: 1; closed: 1" in capsys.readouterr().out
