"""Saving a member's answers (services/responses.py): one response per library, changed
until the deadline, only by whoever answers for it, and never over a colleague's newer
answers unknowingly."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import MembershipFactory, PersonFactory, UserFactory
from lrba.members.tests.factories import authorised_employee as employee_authorised
from lrba.representation.models import Answer, Consultation, Question, Response
from lrba.representation.services.responses import response_save
from lrba.representation.tests.factories import (
    ChoiceFactory,
    ConsultationFactory,
    QuestionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def consultation():
    consultation = ConsultationFactory()
    text = QuestionFactory(consultation=consultation, position=1, kind=Question.Kind.TEXT)
    single = QuestionFactory(consultation=consultation, position=2, kind=Question.Kind.SINGLE)
    multiple = QuestionFactory(
        consultation=consultation, position=3, kind=Question.Kind.MULTIPLE, required=False
    )
    scale = QuestionFactory(
        consultation=consultation, position=4, kind=Question.Kind.SCALE, scale_max=5
    )
    consultation.q = {
        "text": text,
        "single": single,
        "multiple": multiple,
        "scale": scale,
        "yes": ChoiceFactory(question=single, text="Pritariame"),
        "no": ChoiceFactory(question=single, text="Nepritariame"),
        "a": ChoiceFactory(question=multiple, text="Finansavimas"),
        "b": ChoiceFactory(question=multiple, text="Mokymai"),
    }
    return consultation


def _answers(consultation, **changes):
    q = consultation.q
    answers = {
        q["text"].pk: "Siūlome palikti dabartinę tvarką.",
        q["single"].pk: q["yes"].pk,
        q["multiple"].pk: [q["a"].pk, q["b"].pk],
        q["scale"].pk: 4,
    }
    answers.update({q[name].pk: value for name, value in changes.items()})
    return answers


def _save(consultation, user, library=None, person=None, based_on=None, **changes):
    return response_save(
        consultation=consultation,
        answers=_answers(consultation, **changes),
        by=user,
        library=library,
        person=person,
        based_on=based_on,
    )


def test_a_representative_answers_every_kind_of_question_for_the_library(
    consultation, alice, library_a
):
    response = _save(consultation, alice, library=library_a)

    q = consultation.q
    answers = {answer.question_id: answer for answer in response.answers.all()}
    assert response.library == library_a
    assert response.submitted_by == alice
    assert answers[q["text"].pk].text == "Siūlome palikti dabartinę tvarką."
    assert list(answers[q["single"].pk].choices.all()) == [q["yes"]]
    assert set(answers[q["multiple"].pk].choices.all()) == {q["a"], q["b"]}
    assert answers[q["scale"].pk].scale_value == 4


def test_a_second_save_changes_the_same_response_and_drops_an_answer_left_blank(
    consultation, alice, library_a
):
    first = _save(consultation, alice, library=library_a)

    second = _save(
        consultation, alice, library=library_a, based_on=first.updated_at, multiple=[], scale=2
    )

    assert second.pk == first.pk
    assert Response.objects.filter(consultation=consultation).count() == 1
    assert not Answer.objects.filter(response=second, question=consultation.q["multiple"]).exists()
    assert Answer.objects.get(response=second, question=consultation.q["scale"]).scale_value == 2


def test_an_employee_authorised_for_consultations_answers_for_the_library(consultation, library_a):
    employee = employee_authorised(library_a, StaffAuthorisation.Scope.CONSULTATIONS)

    response = _save(consultation, employee, library=library_a)

    assert response.submitted_by == employee


def test_an_employee_authorised_only_to_order_does_not_answer(consultation, library_a):
    orderer = employee_authorised(library_a, StaffAuthorisation.Scope.ORDERING)

    with pytest.raises(PermissionDenied):
        _save(consultation, orderer, library=library_a)

    assert not Response.objects.exists()


def test_nobody_answers_for_another_library(consultation, alice, library_b):
    with pytest.raises(PermissionDenied):
        _save(consultation, alice, library=library_b)
    assert not Response.objects.exists()


def test_a_library_that_is_not_a_member_does_not_answer(consultation, charlie, library_c):
    with pytest.raises(PermissionDenied):
        _save(consultation, charlie, library=library_c)


def test_an_employee_without_authorisation_does_not_answer(consultation, bob, library_a):
    with pytest.raises(PermissionDenied):
        _save(consultation, bob, library=library_a)


def test_answers_after_the_deadline_are_refused_and_nothing_is_saved(
    consultation, alice, library_a
):
    Consultation.objects.filter(pk=consultation.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )

    with pytest.raises(ValidationError) as refused:
        _save(consultation, alice, library=library_a)

    assert refused.value.code == "not_open"
    assert "The answers were due by" in refused.value.messages[0]
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("status", "words"),
    [(Consultation.Status.DRAFT, "not open"), (Consultation.Status.CLOSED, "is closed")],
)
def test_a_draft_or_closed_consultation_takes_no_answers(
    consultation, alice, library_a, status, words
):
    Consultation.objects.filter(pk=consultation.pk).update(status=status)

    with pytest.raises(ValidationError) as refused:
        _save(consultation, alice, library=library_a)

    assert words in refused.value.messages[0]
    assert not Response.objects.exists()


def test_a_required_question_left_blank_is_refused_by_name_and_nothing_is_saved(
    consultation, alice, library_a
):
    with pytest.raises(ValidationError) as refused:
        _save(consultation, alice, library=library_a, text="  ", scale=None)

    assert refused.value.message_dict == {
        str(consultation.q["text"].pk): ["This question needs an answer."],
        str(consultation.q["scale"].pk): ["This question needs an answer."],
    }
    assert not Response.objects.exists()


def test_a_choice_of_another_question_is_refused(consultation, alice, library_a):
    with pytest.raises(ValidationError) as refused:
        _save(consultation, alice, library=library_a, single=consultation.q["a"].pk)

    assert refused.value.message_dict == {
        str(consultation.q["single"].pk): ["Choose among this question's choices."]
    }
    assert not Response.objects.exists()


def test_two_choices_for_a_one_choice_question_are_refused(consultation, alice, library_a):
    q = consultation.q
    with pytest.raises(ValidationError):
        _save(consultation, alice, library=library_a, single=[q["yes"].pk, q["no"].pk])


@pytest.mark.parametrize("value", [0, 6, "daug"])
def test_a_value_outside_the_scale_is_refused(consultation, alice, library_a, value):
    with pytest.raises(ValidationError) as refused:
        _save(consultation, alice, library=library_a, scale=value)

    assert str(consultation.q["scale"].pk) in refused.value.message_dict
    assert not Response.objects.exists()


def test_a_save_over_a_colleagues_newer_answers_is_refused_naming_them(
    consultation, alice, library_a
):
    colleague = employee_authorised(
        library_a, StaffAuthorisation.Scope.CONSULTATIONS, full_name="Rūta Rimkutė"
    )
    # Alice opened the form when there was no response; her colleague saved first.
    _save(consultation, colleague, library=library_a, text="Kolegės atsakymas.")

    with pytest.raises(ValidationError) as refused:
        _save(consultation, alice, library=library_a, based_on=None)

    assert refused.value.code == "changed_meanwhile"
    assert "Rūta Rimkutė saved these answers at" in refused.value.messages[0]
    answer = Answer.objects.get(question=consultation.q["text"])
    assert answer.text == "Kolegės atsakymas."
    assert Response.objects.get().submitted_by == colleague


def test_a_save_from_a_form_older_than_the_last_change_is_refused(consultation, alice, library_a):
    first = _save(consultation, alice, library=library_a)
    opened_then = first.updated_at
    second = _save(consultation, alice, library=library_a, based_on=opened_then, scale=1)

    with pytest.raises(ValidationError) as refused:
        _save(consultation, alice, library=library_a, based_on=opened_then, scale=5)

    assert refused.value.code == "changed_meanwhile"
    assert Answer.objects.get(response=second, question=consultation.q["scale"]).scale_value == 1


def test_an_individual_member_answers_for_themself():
    consultation = ConsultationFactory(individuals_answer=True, libraries_answer=False)
    question = QuestionFactory(consultation=consultation)
    user = UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(library=None, person=person)

    response = response_save(
        consultation=consultation,
        answers={question.pk: "Mano nuomonė."},
        by=user,
        person=person,
        based_on=None,
    )

    assert response.person == person and response.library is None


def test_someone_who_is_not_an_individual_member_does_not_answer_as_one(alice):
    consultation = ConsultationFactory(individuals_answer=True)
    question = QuestionFactory(consultation=consultation)

    with pytest.raises(PermissionDenied):
        response_save(
            consultation=consultation,
            answers={question.pk: "Mano nuomonė."},
            by=alice,
            person=alice.person,
            based_on=None,
        )


def test_a_library_does_not_answer_a_consultation_of_individuals(alice, library_a):
    consultation = ConsultationFactory(individuals_answer=True, libraries_answer=False)

    with pytest.raises(PermissionDenied):
        response_save(
            consultation=consultation, answers={}, by=alice, library=library_a, based_on=None
        )
