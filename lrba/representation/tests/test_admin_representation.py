"""Representation in the back office: every list and record opens, the workflow steps are
read-only there (they belong to the staff pages' services), and what members answered
cannot be edited or deleted."""

import pytest
from django.contrib import admin
from django.urls import reverse

from lrba.representation import models
from lrba.representation.tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    ConsultationFactory,
    DelegateReportFactory,
    DelegationFactory,
    PositionDocumentFactory,
    PositionFactory,
    QuestionFactory,
    ResponseFactory,
)
from lrba.training.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

REGISTERED = [m for m in admin.site._registry if m._meta.app_label == "representation"]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:representation_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def records(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, kind=models.Question.Kind.MULTIPLE)
    choice = ChoiceFactory(question=question, text="Skaitmeninis raštingumas")
    AnswerFactory(
        response=ResponseFactory(consultation=consultation), question=question, choices=[choice]
    )
    PositionDocumentFactory(position=PositionFactory(consultation=consultation))
    DelegateReportFactory(delegation=DelegationFactory())
    models.ProgrammeProposal.objects.create(
        consultation=consultation, choice=choice, programme=ProgrammeFactory(), demand=3
    )
    return consultation


def test_every_representation_list_and_record_opens_for_the_secretariat(staff_client, records):
    assert {m._meta.model_name for m in REGISTERED} == {
        "consultation",
        "response",
        "position",
        "delegation",
        "delegatereport",
        "programmeproposal",
    }
    for model in REGISTERED:
        assert staff_client.get(_url(model, "changelist")).status_code == 200, model
        obj = model._default_manager.first()
        assert staff_client.get(_url(model, "change", obj.pk)).status_code == 200, model
    for model in (models.Consultation, models.Position, models.Delegation):
        assert staff_client.get(_url(model, "add")).status_code == 200, model


def test_a_response_shows_its_answers_and_cannot_be_changed(staff_client, records):
    response = models.Response.objects.get()

    page = staff_client.get(_url(models.Response, "change", response.pk))

    assert "Skaitmeninis raštingumas" in page.content.decode()
    assert staff_client.get(_url(models.Response, "add")).status_code == 403
    assert staff_client.get(_url(models.Response, "delete", response.pk)).status_code == 403


def test_a_draft_consultation_is_edited_here_and_its_creator_recorded(staff_client, staff_user):
    response = staff_client.post(
        _url(models.Consultation, "add"),
        {
            "kind": "consultation",
            "subject": "draft_law",
            "title": "Dėl bibliotekų įstatymo",
            "slug": "del-bibliotekos-istatymo",
            "deadline_0": "2030-01-10",
            "deadline_1": "12:00",
            "libraries_answer": "on",
            "remind_days_before": 3,
            "questions-TOTAL_FORMS": 1,
            "questions-INITIAL_FORMS": 0,
            "questions-0-position": 1,
            "questions-0-kind": "text",
            "questions-0-text": "Ar pritariate?",
            "questions-0-scale_min": 1,
            "questions-0-scale_max": 5,
            "questions-0-required": "on",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    consultation = models.Consultation.objects.get()
    assert consultation.status == models.Consultation.Status.DRAFT
    assert consultation.created_by == staff_user
    assert [q.text for q in consultation.questions.all()] == ["Ar pritariate?"]


def test_an_open_consultations_questions_and_status_are_read_only(staff_client):
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation)
    model_admin = admin.site._registry[models.Consultation]
    request = staff_client.get(_url(models.Consultation, "change", consultation.pk)).wsgi_request

    readonly = model_admin.get_readonly_fields(request, consultation)
    inline = model_admin.get_inline_instances(request, consultation)[0]

    assert {"status", "libraries_answer", "individuals_answer"} <= set(readonly)
    assert not inline.has_change_permission(request, consultation)
    assert not inline.has_add_permission(request, consultation)
    assert not model_admin.has_delete_permission(request, consultation)
    draft = ConsultationFactory(status=models.Consultation.Status.DRAFT)
    assert "libraries_answer" not in model_admin.get_readonly_fields(request, draft)
    assert model_admin.has_delete_permission(request, draft)


def test_a_sent_positions_letter_and_workflow_are_read_only_but_its_visibility_is_not(
    staff_client,
):
    position = PositionFactory(status=models.Position.Status.SENT, number="S-2026-007")
    model_admin = admin.site._registry[models.Position]
    request = staff_client.get(_url(models.Position, "change", position.pk)).wsgi_request

    readonly = set(model_admin.get_readonly_fields(request, position))

    assert {"body", "addressee", "number", "sent_on", "outcome", "status"} <= readonly
    assert "visibility" not in readonly
    assert not model_admin.has_delete_permission(request, position)
    draft = PositionFactory()
    assert "body" not in model_admin.get_readonly_fields(request, draft)
    assert "number" in model_admin.get_readonly_fields(request, draft)


def test_the_auditor_reads_the_lists_and_changes_nothing(client_for, auditor, records):
    client = client_for(auditor)
    for model in REGISTERED:
        assert client.get(_url(model, "changelist")).status_code == 200, model
    delegation = models.Delegation.objects.get()

    response = client.post(
        _url(models.Delegation, "change", delegation.pk), {"body_name": "Pakeista"}
    )

    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.body_name != "Pakeista"
