"""Two people answering for one library at the same moment never make two responses, and
the slower one is told rather than silently overwriting (PostgreSQL: real transactions in
two threads; SQLite serialises writers by itself)."""

from django.core.exceptions import ValidationError

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import LibraryFactory, MembershipFactory, representative
from lrba.members.tests.factories import authorised_employee as employee_authorised
from lrba.representation.models import Answer, Response
from lrba.representation.services.responses import response_save
from lrba.representation.tests.factories import ConsultationFactory, QuestionFactory

pytestmark = POSTGRES_RACE


def _library_and_two_answerers():
    library = LibraryFactory()
    MembershipFactory(library=library)
    director = representative(library)
    employee = employee_authorised(library, StaffAuthorisation.Scope.CONSULTATIONS)
    return library, director, employee


def test_two_first_answers_at_once_make_one_response_and_refuse_the_other():
    library, director, employee = _library_and_two_answerers()
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)

    def save(user, text):
        return lambda: response_save(
            consultation=consultation,
            answers={question.pk: text},
            by=user,
            library=library,
            based_on=None,
        )

    outcome = run_at_once([save(director, "Direktorės"), save(employee, "Darbuotojos")])

    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1
    assert isinstance(outcome.errors[0], ValidationError)
    assert outcome.errors[0].code == "changed_meanwhile"
    response = Response.objects.get(consultation=consultation, library=library)
    assert response.pk == outcome.results[0].pk
    assert Answer.objects.filter(response=response).count() == 1


def test_two_changes_from_the_same_version_at_once_keep_one_and_refuse_the_other():
    library, director, employee = _library_and_two_answerers()
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    first = response_save(
        consultation=consultation,
        answers={question.pk: "Pradinis"},
        by=director,
        library=library,
        based_on=None,
    )

    def change(user, text):
        return lambda: response_save(
            consultation=consultation,
            answers={question.pk: text},
            by=user,
            library=library,
            based_on=first.updated_at,
        )

    outcome = run_at_once([change(director, "Direktorės"), change(employee, "Darbuotojos")])

    assert len(outcome.results) == 1
    assert [error.code for error in outcome.errors] == ["changed_meanwhile"]
    kept = Answer.objects.get(response=first, question=question)
    assert (
        kept.text
        == {director: "Direktorės", employee: "Darbuotojos"}[outcome.results[0].submitted_by]
    )


def test_different_libraries_answer_at_once_without_refusals():
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation)
    libraries = [LibraryFactory() for _ in range(3)]
    jobs = []
    for library in libraries:
        MembershipFactory(library=library)
        user = representative(library)
        jobs.append(
            lambda user=user, library=library: response_save(
                consultation=consultation,
                answers={question.pk: "Pritariame"},
                by=user,
                library=library,
                based_on=None,
            )
        )

    outcome = run_at_once(jobs)

    assert not outcome.errors
    assert Response.objects.filter(consultation=consultation).count() == 3
