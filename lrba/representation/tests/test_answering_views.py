"""The members' consultation pages: the list (open ones first with each library's
answering state), a consultation with its document, and the answering form (prefilled,
refusals that keep what was typed, read-only after the deadline); nobody reaches another
library's answers.

Personas (conftest): alice directs library A, bob works at A, carol represents B, charlie
works at a library that is not a member, dave has no library."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.members.models import StaffAuthorisation
from lrba.members.tests.factories import (
    EmploymentFactory,
    MembershipFactory,
    PersonFactory,
    StaffAuthorisationFactory,
    UserFactory,
)
from lrba.representation.models import Answer, Consultation, Question, Response
from lrba.representation.services.responses import response_save
from lrba.representation.tests.factories import (
    ChoiceFactory,
    ConsultationFactory,
    QuestionFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="Dėl bibliotekų įstatymo projekto")
    QuestionFactory(consultation=consultation, position=1, text="Jūsų pastabos projektui?")
    scale = QuestionFactory(
        consultation=consultation,
        position=2,
        kind=Question.Kind.SCALE,
        text="Kiek projektas jums svarbus?",
        scale_max=5,
    )
    consultation.scale = scale
    return consultation


def edit_url(consultation, library):
    return reverse("representation:response_edit", args=[consultation.slug, library.pk])


def detail_url(consultation):
    return reverse("representation:consultation_detail", args=[consultation.slug])


def _fields(consultation, text="Pritariame.", scale="4", based_on=""):
    first, scale_question = consultation.questions.order_by("position")
    return {f"q{first.pk}": text, f"q{scale_question.pk}": scale, "based_on": based_on}


# The list ---------------------------------------------------------------------------------


def test_the_list_shows_open_ones_with_whether_the_library_answered(
    client, alice, library_a, consultation
):
    other = ConsultationFactory(title="Dėl finansavimo programos")
    ResponseFactory(consultation=other, library=library_a, submitted_by=alice)
    ConsultationFactory(title="Juodraštis", status=Consultation.Status.DRAFT)
    ConsultationFactory(
        title="Praėjusi apklausa",
        kind=Consultation.Kind.SURVEY,
        status=Consultation.Status.CLOSED,
        deadline=timezone.now() - dt.timedelta(days=20),
    )
    client.force_login(alice)

    page = client.get(reverse("representation:consultation_list")).content.decode()

    assert "Dėl bibliotekų įstatymo projekto" in page
    assert lt("not yet") in page
    assert lt("answered") in page
    assert edit_url(consultation, library_a) in page
    assert "Praėjusi apklausa" in page
    assert "Juodraštis" not in page
    assert page.index("Dėl bibliotekų įstatymo projekto") < page.index("Praėjusi apklausa")


def test_the_list_filters_surveys(client, alice, consultation):
    ConsultationFactory(title="Mokymų poreikių apklausa", kind=Consultation.Kind.SURVEY)
    client.force_login(alice)

    page = client.get(reverse("representation:consultation_list"), {"rusis": "survey"})

    text = page.content.decode()
    assert "Mokymų poreikių apklausa" in text
    assert "Dėl bibliotekų įstatymo projekto" not in text


def test_someone_who_is_not_a_member_is_refused_the_list(client, dave, charlie):
    for user in (dave, charlie):
        client.force_login(user)
        assert client.get(reverse("representation:consultation_list")).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, consultation):
    response = client.get(reverse("representation:consultation_list"))
    assert response.status_code == 302


# A consultation ---------------------------------------------------------------------------


def test_the_consultation_shows_the_questions_and_who_answered_for_my_library(
    client, alice, library_a, library_b, consultation
):
    ResponseFactory(consultation=consultation, library=library_a, submitted_by=alice)
    client.force_login(alice)

    page = client.get(detail_url(consultation)).content.decode()

    assert "Jūsų pastabos projektui?" in page
    assert "Kiek projektas jums svarbus?" in page
    assert library_a.name in page
    assert str(alice.get_full_name()) in page
    assert library_b.name not in page  # not alice's to answer for


def test_a_draft_is_not_found_by_members(client, alice):
    draft = ConsultationFactory(status=Consultation.Status.DRAFT)
    client.force_login(alice)
    assert client.get(detail_url(draft)).status_code == 404


def test_the_document_is_downloaded_by_members_only(client, alice, dave, consultation):
    consultation.document.save("projektas.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    url = reverse("representation:consultation_document", args=[consultation.slug])
    client.force_login(alice)

    assert reverse("representation:consultation_document", args=[consultation.slug]) in (
        client.get(detail_url(consultation)).content.decode()
    )
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(dave)
    assert client.get(url).status_code == 404


def test_a_consultation_without_a_document_has_no_download(client, alice, consultation):
    client.force_login(alice)
    url = reverse("representation:consultation_document", args=[consultation.slug])
    assert client.get(url).status_code == 404


# Answering --------------------------------------------------------------------------------


def test_a_representative_answers_and_is_sent_back_to_the_consultation(
    client, alice, library_a, consultation
):
    client.force_login(alice)

    response = client.post(edit_url(consultation, library_a), _fields(consultation))

    assert response.status_code == 302
    assert response["Location"] == detail_url(consultation)
    saved = Response.objects.get(consultation=consultation, library=library_a)
    assert Answer.objects.get(response=saved, question=consultation.scale).scale_value == 4


def test_the_form_is_prefilled_with_the_libraries_answers(client, alice, library_a, consultation):
    client.force_login(alice)
    client.post(edit_url(consultation, library_a), _fields(consultation, text="Mūsų pastaba"))

    page = client.get(edit_url(consultation, library_a)).content.decode()

    assert "Mūsų pastaba</textarea>" in page
    scale = consultation.scale.pk
    assert f'value="4" required id="id_q{scale}_3" checked' in page
    saved = Response.objects.get()
    assert saved.updated_at.isoformat() in page  # the version the form was made from


def test_a_missing_answer_keeps_what_was_typed_and_saves_nothing(
    client, alice, library_a, consultation
):
    client.force_login(alice)

    page = client.post(
        edit_url(consultation, library_a), _fields(consultation, text="Ilgas tekstas", scale="")
    )

    assert page.status_code == 200
    assert "Ilgas tekstas</textarea>" in page.content.decode()
    assert "field__error" in page.content.decode()
    assert not Response.objects.exists()


def test_a_save_over_a_colleagues_answers_shows_theirs_and_keeps_mine(
    client, alice, library_a, consultation
):
    colleague = UserFactory(full_name="Rūta Rimkutė")
    StaffAuthorisationFactory(
        library=library_a,
        person=PersonFactory(user=colleague),
        scope=StaffAuthorisation.Scope.CONSULTATIONS,
    )
    EmploymentFactory(person=colleague.person, library=library_a)
    first, scale = consultation.questions.order_by("position")
    response_save(
        consultation=consultation,
        answers={first.pk: "Kolegės tekstas", scale.pk: 2},
        by=colleague,
        library=library_a,
        based_on=None,
    )
    client.force_login(alice)

    page = client.post(
        edit_url(consultation, library_a), _fields(consultation, text="Mano tekstas")
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "Rūta Rimkutė" in text
    assert "Kolegės tekstas" in text
    assert "Mano tekstas</textarea>" in text
    assert Answer.objects.get(question=first).text == "Kolegės tekstas"
    # The form now carries the colleague's version: saving again replaces it knowingly.
    current = Response.objects.get()
    again = client.post(
        edit_url(consultation, library_a),
        _fields(consultation, text="Mano tekstas", based_on=current.updated_at.isoformat()),
    )
    assert again.status_code == 302
    assert Answer.objects.get(question=first).text == "Mano tekstas"


def test_another_library_is_not_found(client, alice, library_b, consultation):
    client.force_login(alice)

    assert client.get(edit_url(consultation, library_b)).status_code == 404
    assert client.post(edit_url(consultation, library_b), _fields(consultation)).status_code == 404
    assert not Response.objects.exists()


def test_an_employee_without_authorisation_is_not_found(client, bob, library_a, consultation):
    client.force_login(bob)
    assert client.get(edit_url(consultation, library_a)).status_code == 404


def test_after_the_deadline_the_form_is_read_only_and_a_post_saves_nothing(
    client, alice, library_a, consultation
):
    Consultation.objects.filter(pk=consultation.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1)
    )
    client.force_login(alice)

    page = client.get(edit_url(consultation, library_a)).content.decode()
    posted = client.post(edit_url(consultation, library_a), _fields(consultation, text="Vėlai"))

    assert lt("Save the answers") not in page
    assert "readonly" in page
    assert posted.status_code == 200
    assert "Vėlai</textarea>" in posted.content.decode()
    assert not Response.objects.exists()


def test_a_choice_question_is_a_group_of_radio_buttons_with_a_legend(
    client, alice, library_a, consultation
):
    question = QuestionFactory(
        consultation=consultation, position=3, kind=Question.Kind.SINGLE, text="Ar pritariate?"
    )
    ChoiceFactory(question=question, text="Taip")
    client.force_login(alice)

    page = client.get(edit_url(consultation, library_a)).content.decode()

    assert "<legend>Ar pritariate?" in page
    assert 'type="radio"' in page


# An individual member -----------------------------------------------------------------------


def test_an_individual_member_answers_for_themself(client):
    consultation = ConsultationFactory(individuals_answer=True)
    question = QuestionFactory(consultation=consultation)
    user = UserFactory()
    person = PersonFactory(user=user)
    MembershipFactory(library=None, person=person)
    client.force_login(user)
    url = reverse("representation:response_edit_personal", args=[consultation.slug])

    response = client.post(url, {f"q{question.pk}": "Mano nuomonė", "based_on": ""})

    assert response.status_code == 302
    assert Response.objects.get().person == person


def test_a_librarian_who_is_not_an_individual_member_is_refused_the_personal_form(client, alice):
    consultation = ConsultationFactory(individuals_answer=True)
    client.force_login(alice)
    url = reverse("representation:response_edit_personal", args=[consultation.slug])
    assert client.get(url).status_code == 403
