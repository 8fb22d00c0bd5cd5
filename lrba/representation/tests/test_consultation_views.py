"""The secretariat's consultation pages: who sees and who writes, drafting, the question
builder with and without htmx, opening and closing, and refusals that keep what was typed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.representation.models import Consultation, Question
from lrba.representation.tests.factories import (
    ChoiceFactory,
    ConsultationFactory,
    QuestionFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("representation:staff_consultations")
CREATE = reverse("representation:consultation_create")


def _in(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def _draft(**fields) -> Consultation:
    return ConsultationFactory(status=Consultation.Status.DRAFT, opened_at=None, **fields)


def _page(consultation: Consultation) -> str:
    return reverse("representation:consultation_staff", args=[consultation.pk])


def _question_data(**fields) -> dict:
    return {"kind": "text", "text": "Jūsų pastabos?", "required": "on", **fields}


# Who ----------------------------------------------------------------------------------------


def test_the_list_is_for_the_secretariat_and_the_auditor_only(
    staff_client, client_for, auditor, bob
):
    ConsultationFactory(title="Dėl finansavimo")

    assert "Dėl finansavimo" in staff_client.get(LIST).content.decode()
    auditor_page = client_for(auditor).get(LIST)
    assert auditor_page.status_code == 200
    assert lt("New consultation") not in auditor_page.content.decode()
    assert client_for(bob).get(LIST).status_code == 403


def test_the_auditor_reads_a_consultation_but_cannot_change_it(client_for, auditor):
    consultation = _draft(title="Senas")
    QuestionFactory(consultation=consultation)
    browser = client_for(auditor)

    assert browser.get(_page(consultation)).status_code == 200
    assert browser.post(_page(consultation), {"title": "Naujas"}).status_code == 403
    open_url = reverse("representation:consultation_open", args=[consultation.pk])
    assert browser.post(open_url).status_code == 403
    assert browser.get(CREATE).status_code == 403
    consultation.refresh_from_db()
    assert (consultation.title, consultation.status) == ("Senas", Consultation.Status.DRAFT)


def test_the_list_filters_by_kind_and_status(staff_client):
    ConsultationFactory(title="Atvira konsultacija")
    ConsultationFactory(title="Uždaryta apklausa", kind="survey", status="closed")

    page = staff_client.get(LIST, {"kind": "survey"}).content.decode()
    assert "Uždaryta apklausa" in page
    assert "Atvira konsultacija" not in page
    page = staff_client.get(LIST, {"status": "open"}).content.decode()
    assert "Atvira konsultacija" in page
    assert "Uždaryta apklausa" not in page


# Drafting -----------------------------------------------------------------------------------


def test_the_secretariat_drafts_a_consultation(staff_client):
    response = staff_client.post(
        CREATE,
        {
            "kind": "consultation",
            "subject": "draft_law",
            "title": "Dėl Bibliotekų įstatymo",
            "institution": "Kultūros ministerija",
            "deadline": _in(10).strftime("%Y-%m-%dT%H:%M"),
            "libraries_answer": "on",
            "remind_days_before": "3",
        },
    )

    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _page(consultation)
    assert consultation.status == Consultation.Status.DRAFT
    assert consultation.institution == "Kultūros ministerija"


def test_a_survey_is_started_from_its_own_link(staff_client):
    page = staff_client.get(CREATE, {"kind": "survey"}).content.decode()

    assert 'value="survey" selected' in page


def test_a_draft_with_a_past_deadline_is_refused_and_the_typed_title_kept(staff_client):
    response = staff_client.post(
        CREATE,
        {
            "kind": "consultation",
            "subject": "draft_law",
            "title": "Pavėluotas projektas",
            "deadline": _in(-2).strftime("%Y-%m-%dT%H:%M"),
            "libraries_answer": "on",
            "remind_days_before": "3",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert lt("The deadline must be in the future.") in page
    assert 'value="Pavėluotas projektas"' in page
    assert not Consultation.objects.exists()


def test_nobody_answering_is_refused(staff_client):
    response = staff_client.post(
        CREATE,
        {
            "kind": "consultation",
            "subject": "draft_law",
            "title": "Niekam",
            "deadline": _in(5).strftime("%Y-%m-%dT%H:%M"),
            "remind_days_before": "3",
        },
    )

    assert response.status_code == 200
    assert (
        lt("Choose who answers: the member libraries, the individual members or both.")
        in response.content.decode()
    )
    assert not Consultation.objects.exists()


# The question builder -----------------------------------------------------------------------


def test_a_question_is_added_without_javascript(staff_client):
    consultation = _draft()

    response = staff_client.post(
        reverse("representation:question_add", args=[consultation.pk]),
        _question_data(kind="single", text="Ar pritariate?", choices="Taip\nNe\n"),
    )

    assert response.status_code == 302
    assert response["Location"].startswith(_page(consultation))
    question = consultation.questions.get()
    assert list(question.choices.values_list("text", flat=True)) == ["Taip", "Ne"]


def test_with_htmx_the_questions_region_alone_comes_back(staff_client):
    consultation = _draft()

    response = staff_client.post(
        reverse("representation:question_add", args=[consultation.pk]),
        _question_data(text="Kokios pastabos?"),
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card" id="questions"')
    assert "Kokios pastabos?" in page
    assert "<html" not in page
    # The opening card comes along out of band: with a question, the button is offered.
    assert 'id="consultation-open" hx-swap-oob="true"' in page
    assert reverse("representation:consultation_open", args=[consultation.pk]) in page


def test_an_open_consultation_links_its_summary_export_and_a_position(staff_client):
    consultation = ConsultationFactory()

    page = staff_client.get(_page(consultation)).content.decode()

    assert reverse("representation:consultation_summary", args=[consultation.pk]) in page
    assert reverse("representation:consultation_export", args=[consultation.pk, "xlsx"]) in page
    assert f"{reverse('representation:position_create')}?consultation={consultation.pk}" in page


def test_a_choice_question_without_choices_keeps_what_was_typed(staff_client):
    consultation = _draft()

    response = staff_client.post(
        reverse("representation:question_add", args=[consultation.pk]),
        _question_data(kind="multiple", text="Kokios temos aktualios?", choices="Tik viena"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert lt("A choice question needs at least two choices, one a line.") in page
    assert 'value="Kokios temos aktualios?"' in page
    assert "Tik viena" in page
    assert not Question.objects.exists()


def test_a_question_is_edited_moved_and_removed(staff_client):
    consultation = _draft()
    first = QuestionFactory(consultation=consultation, text="Pirmas")
    second = QuestionFactory(consultation=consultation, text="Antras")
    edit = reverse("representation:question_edit", args=[consultation.pk, first.pk])

    assert 'value="Pirmas"' in staff_client.get(edit).content.decode()
    staff_client.post(edit, _question_data(text="Pirmasis"))
    staff_client.post(
        reverse("representation:question_move", args=[consultation.pk, second.pk]),
        {"direction": "up"},
    )
    staff_client.post(reverse("representation:question_remove", args=[consultation.pk, first.pk]))

    assert list(consultation.questions.values_list("text", flat=True)) == ["Antras"]


def test_questions_of_another_consultation_are_not_found_through_this_one(staff_client):
    question = QuestionFactory(consultation=_draft())
    other = _draft()

    url = reverse("representation:question_remove", args=[other.pk, question.pk])
    assert staff_client.post(url).status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_once_answered_the_questions_are_shown_without_editing_and_a_change_is_refused(
    staff_client,
):
    consultation = ConsultationFactory()
    question = QuestionFactory(consultation=consultation, text="Nekeičiamas")
    ResponseFactory(consultation=consultation)

    page = staff_client.get(_page(consultation)).content.decode()
    assert lt("Members have already answered: the questions can no longer change.") in page
    assert reverse("representation:question_add", args=[consultation.pk]) not in page

    response = staff_client.post(
        reverse("representation:question_remove", args=[consultation.pk, question.pk]),
        follow=True,
    )
    assert (
        lt(
            "Members have already answered: the questions can no longer change, or their "
            "answers would no longer say what they meant."
        )
        in response.content.decode()
    )
    assert Question.objects.filter(pk=question.pk).exists()


# Opening and closing ------------------------------------------------------------------------


def test_the_draft_page_says_what_is_missing_before_it_can_open(staff_client):
    consultation = _draft()
    QuestionFactory(consultation=consultation, kind="single", text="Kuris variantas?")

    page = staff_client.get(_page(consultation)).content.decode()

    assert lt("Before it can open:") in page
    assert "Kuris variantas?" in page
    assert reverse("representation:consultation_open", args=[consultation.pk]) not in page


def test_opening_from_the_page(staff_client):
    consultation = _draft()
    question = QuestionFactory(consultation=consultation, kind="single")
    ChoiceFactory(question=question)
    ChoiceFactory(question=question)

    response = staff_client.post(
        reverse("representation:consultation_open", args=[consultation.pk]), follow=True
    )

    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    assert consultation.announcement is not None
    assert response.status_code == 200


def test_a_refused_opening_says_why(staff_client):
    consultation = _draft()

    response = staff_client.post(
        reverse("representation:consultation_open", args=[consultation.pk]), follow=True
    )

    assert lt("Add at least one question.") in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAFT


def test_extending_and_closing_from_the_page(staff_client):
    consultation = ConsultationFactory(deadline=_in(2))

    early = staff_client.post(
        reverse("representation:consultation_deadline_extend", args=[consultation.pk]),
        {"deadline": _in(1).strftime("%Y-%m-%dT%H:%M")},
    )
    assert lt("The new deadline must be later than the present one.") in early.content.decode()
    staff_client.post(
        reverse("representation:consultation_deadline_extend", args=[consultation.pk]),
        {"deadline": _in(8).strftime("%Y-%m-%dT%H:%M")},
    )
    assert Consultation.objects.get(pk=consultation.pk).deadline > _in(7)

    staff_client.post(reverse("representation:consultation_close", args=[consultation.pk]))
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED


def test_the_details_of_an_open_consultation_are_saved_but_who_is_asked_stays(staff_client):
    consultation = ConsultationFactory(title="Senas")

    response = staff_client.post(
        _page(consultation),
        {
            "kind": "survey",
            "subject": consultation.subject,
            "title": "Naujas pavadinimas",
            "institution": consultation.institution,
            "individuals_answer": "on",
            "libraries_answer": "on",
            "remind_days_before": "2",
        },
    )

    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Naujas pavadinimas"
    assert consultation.kind == Consultation.Kind.CONSULTATION
    assert consultation.individuals_answer is False
