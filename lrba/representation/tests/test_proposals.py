"""Training programmes proposed from a survey's answers: once per choice, inactive, with
the demand; refused for a consultation, a foreign choice or a second time."""

from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import lt
from lrba.members.tests.factories import LibraryFactory, MembershipFactory
from lrba.representation.models import Choice, Consultation, ProgrammeProposal, Question
from lrba.representation.services.proposals import programme_proposals_create
from lrba.representation.tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    ConsultationFactory,
    QuestionFactory,
    ResponseFactory,
)
from lrba.training.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    """A training-needs survey: three libraries answered which topics they need."""
    consultation = ConsultationFactory(
        kind=Consultation.Kind.SURVEY,
        subject=Consultation.Subject.TRAINING_NEEDS,
        title="2027 m. mokymų poreikio apklausa",
        institution="",
    )
    topics = QuestionFactory(consultation=consultation, kind=Question.Kind.MULTIPLE)
    literacy = ChoiceFactory(question=topics, text="Informacinis raštingumas", position=1)
    children = ChoiceFactory(question=topics, text="Darbas su vaikais", position=2)
    law = ChoiceFactory(question=topics, text="Autorių teisės", position=3)
    for chosen in ([literacy, children], [literacy], [literacy, law]):
        library = LibraryFactory()
        MembershipFactory(library=library)
        response = ResponseFactory(consultation=consultation, library=library)
        AnswerFactory(response=response, question=topics, text="", choices=chosen)
    return {"survey": consultation, "literacy": literacy, "children": children, "law": law}


def test_proposing_creates_an_inactive_programme_per_choice_with_its_demand(survey, staff_user):
    proposals = programme_proposals_create(
        consultation=survey["survey"],
        choices=[survey["children"], survey["literacy"]],
        by=staff_user,
    )
    assert [(p.programme.title, p.demand) for p in proposals] == [
        ("Informacinis raštingumas", 3),
        ("Darbas su vaikais", 1),
    ]
    programme = Programme.objects.get(title="Informacinis raštingumas")
    assert programme.is_active is False
    assert "2027 m. mokymų poreikio apklausa" in programme.description
    assert "3" in programme.description
    assert programme.code.startswith("pasiulymas-informacinis-rastingumas")
    assert proposals[0].created_by == staff_user


def test_a_choice_is_proposed_once_and_a_second_time_creates_nothing(survey, staff_user):
    programme_proposals_create(
        consultation=survey["survey"], choices=[survey["literacy"]], by=staff_user
    )
    with pytest.raises(ValidationError) as refused:
        programme_proposals_create(
            consultation=survey["survey"],
            choices=[survey["law"], survey["literacy"]],
            by=staff_user,
        )
    assert refused.value.code == "already_proposed"
    assert "Informacinis raštingumas" in refused.value.messages[0]
    assert ProgrammeProposal.objects.count() == 1
    assert not Programme.objects.filter(title="Autorių teisės").exists()


def test_codes_stay_unique_when_a_programme_already_has_the_code(survey, staff_user):
    Programme.objects.create(
        title="Sena", code="pasiulymas-informacinis-rastingumas", hours=8, is_active=True
    )
    (proposal,) = programme_proposals_create(
        consultation=survey["survey"], choices=[survey["literacy"]], by=staff_user
    )
    assert proposal.programme.code == "pasiulymas-informacinis-rastingumas-2"


def test_a_consultation_that_is_not_a_survey_proposes_nothing(staff_user):
    consultation = ConsultationFactory()
    choice = cast(
        Choice, ChoiceFactory(question=QuestionFactory(consultation=consultation, kind="single"))
    )
    with pytest.raises(ValidationError) as refused:
        programme_proposals_create(consultation=consultation, choices=[choice], by=staff_user)
    assert refused.value.code == "not_survey"
    assert not Programme.objects.exists()


def test_a_choice_of_another_survey_is_refused(survey, staff_user):
    other = cast(Choice, ChoiceFactory())  # of another consultation's question
    with pytest.raises(ValidationError) as refused:
        programme_proposals_create(
            consultation=survey["survey"], choices=[survey["literacy"], other], by=staff_user
        )
    assert refused.value.code == "foreign_choice"
    assert not Programme.objects.exists()


def test_no_choices_is_refused(survey, staff_user):
    with pytest.raises(ValidationError) as refused:
        programme_proposals_create(consultation=survey["survey"], choices=[], by=staff_user)
    assert refused.value.code == "none"


# The page ---------------------------------------------------------------------------------


def propose_url(consultation: Consultation) -> str:
    return reverse("representation:programme_proposals_create", args=[consultation.pk])


def test_the_secretariat_proposes_from_the_summary_and_sees_the_proposals(survey, staff_client):
    consultation = survey["survey"]
    response = staff_client.post(
        propose_url(consultation), {"choices": [survey["literacy"].pk]}, follow=True
    )
    assert response.status_code == 200
    programme = Programme.objects.get(title="Informacinis raštingumas")
    page = response.content.decode()
    assert reverse("admin:training_programme_change", args=[programme.pk]) in page
    assert lt("already proposed") in page
    messages = [str(m) for m in response.context["messages"]]
    proposed = lt("Programmes proposed: %(count)s. Complete them in training before offering them.")
    assert messages == [proposed % {"count": 1}]


def test_a_second_proposal_of_the_same_choice_shows_a_message(survey, staff_client):
    consultation = survey["survey"]
    staff_client.post(propose_url(consultation), {"choices": [survey["literacy"].pk]})
    response = staff_client.post(
        propose_url(consultation), {"choices": [survey["literacy"].pk]}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("Informacinis raštingumas" in m for m in messages)
    assert ProgrammeProposal.objects.count() == 1


def test_the_summary_of_a_survey_offers_the_choices_to_propose(survey, staff_client):
    response = staff_client.get(
        reverse("representation:consultation_summary", args=[survey["survey"].pk])
    )
    assert f'name="choices" value="{survey["law"].pk}"' in response.content.decode()


def test_the_auditor_may_not_propose(survey, client_for, auditor):
    response = client_for(auditor).post(
        propose_url(survey["survey"]), {"choices": [survey["literacy"].pk]}
    )
    assert response.status_code == 403
    assert not Programme.objects.exists()


def test_the_auditor_sees_no_proposal_form(survey, client_for, auditor):
    response = client_for(auditor).get(
        reverse("representation:consultation_summary", args=[survey["survey"].pk])
    )
    assert response.status_code == 200
    assert 'name="choices"' not in response.content.decode()


def test_proposing_is_a_post(survey, staff_client):
    assert staff_client.get(propose_url(survey["survey"])).status_code == 405
