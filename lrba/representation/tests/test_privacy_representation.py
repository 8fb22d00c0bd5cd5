"""Representation's personal data: "My data" holds the responses a person gave (their own
and for a library) with the answers, their delegations and reports; erasure keeps the
libraries' responses and the delegations (public office records) without the account,
and removes an individual member's own answers, history included."""

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.test import TestCase

from lrba.accounts.privacy.erasure import erasure_request_confirm, erasure_request_create
from lrba.accounts.privacy.export import personal_data_export
from lrba.core.audit import acting_as
from lrba.members.tests.factories import LibraryFactory, PersonFactory, UserFactory
from lrba.representation.models import (
    Answer,
    Consultation,
    DelegateReport,
    Delegation,
    Position,
    Response,
)
from lrba.representation.tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    ConsultationFactory,
    DelegateReportFactory,
    DelegationFactory,
    PositionFactory,
    QuestionFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db

OWN_OPINION = "Mano asmeninė nuomonė apie Žemaitijos bibliotekas"


@pytest.fixture
def rasa():
    """A librarian who answered for her library, answered as an individual member, and
    represents the association in a working group, with a report."""
    user = UserFactory(email="rasa.atstove@example.lt", full_name="Rasa Atstovė")
    person = PersonFactory(first_name="Rasa", last_name="Atstovė", user=user)
    consultation = ConsultationFactory(title="Dėl finansavimo", individuals_answer=True)
    question = QuestionFactory(consultation=consultation, text="Jūsų pastabos?")
    choice_question = QuestionFactory(consultation=consultation, kind="multiple")
    first = ChoiceFactory(question=choice_question, text="Pirmas")
    second = ChoiceFactory(question=choice_question, text="Antras")
    library_response = ResponseFactory(
        consultation=consultation,
        library=LibraryFactory(name="Rasos biblioteka"),
        submitted_by=user,
    )
    AnswerFactory(response=library_response, question=question, text="Bibliotekos pastaba")
    with acting_as(user):
        own = ResponseFactory(consultation=consultation, library=None, person=person)
        AnswerFactory(response=own, question=question, text=OWN_OPINION)
        AnswerFactory(response=own, question=choice_question, text="", choices=[first, second])
    delegation = DelegationFactory(person=person, body_name="Skaitymo skatinimo grupė")
    DelegateReportFactory(delegation=delegation, title="Pirmasis posėdis", submitted_by=user)
    return person


def _data(person) -> dict:
    archive = zipfile.ZipFile(io.BytesIO(personal_data_export(person=person)))
    return json.loads(archive.read("data.json"))


def test_my_data_holds_the_responses_answers_delegations_and_reports(rasa):
    data = _data(rasa)

    libraries = sorted(str(row["library__name"]) for row in data["representation_responses"])
    assert libraries == ["None", "Rasos biblioteka"]
    answers = {row["text"]: row["choices"] for row in data["representation_answers"]}
    assert answers[OWN_OPINION] == ""
    assert answers["Bibliotekos pastaba"] == ""
    assert answers[""] == "Pirmas; Antras"
    assert [r["body_name"] for r in data["representation_delegations"]] == [
        "Skaitymo skatinimo grupė"
    ]
    assert [r["title"] for r in data["representation_delegate_reports"]] == ["Pirmasis posėdis"]


def test_my_data_of_someone_else_has_none_of_it(rasa):
    data = _data(PersonFactory(user=UserFactory()))

    assert data.get("representation_responses", []) == []
    assert data.get("representation_delegations", []) == []


def _erase(person, secretary) -> None:
    request = erasure_request_create(person=person, requested_by=secretary)
    with TestCase.captureOnCommitCallbacks(execute=True):
        erasure_request_confirm(request=request, decided_by=secretary)


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, format="json")
    return out.getvalue()


def test_erasure_keeps_the_librarys_response_and_the_delegation_without_the_account(
    rasa, secretary
):
    user = rasa.user
    position = PositionFactory(created_by=user, sent_by=user)
    consultation = Consultation.objects.get()
    consultation.created_by = user
    consultation.save()

    _erase(rasa, secretary)

    library_response = Response.objects.get()  # the library's stays, her own is gone
    assert library_response.library is not None and library_response.submitted_by is None
    assert Answer.objects.get().text == "Bibliotekos pastaba"
    assert Delegation.objects.get().person == rasa
    assert DelegateReport.objects.get().submitted_by is None
    position = Position.objects.get(pk=position.pk)
    assert position.created_by is None and position.sent_by is None
    assert Consultation.objects.get().created_by is None
    kept = rasa.erasure_requests.get().kept_records
    assert "atstovo paskyrimai" in kept and "Bibliotekų atsakymai" in kept


def test_erasure_removes_an_individual_members_own_answers_from_the_change_history(rasa, secretary):
    assert OWN_OPINION in _dump()  # the history holds the answer

    _erase(rasa, secretary)

    assert OWN_OPINION not in _dump()
