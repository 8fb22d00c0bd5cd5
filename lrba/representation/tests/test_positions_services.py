"""Positions' services: drafting (from a consultation), adoption, sending with the
outgoing number and the PDF on the letterhead, the reply and the documents."""

import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lrba.core.models import Audience
from lrba.representation.models import Position
from lrba.representation.search import position_document
from lrba.representation.services.positions import (
    position_adopt,
    position_create,
    position_document_add,
    position_pdf,
    position_reply_record,
    position_send,
    position_update,
)
from lrba.representation.tests.factories import ConsultationFactory, PositionFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def adopted(**kwargs) -> Position:
    position = PositionFactory(**kwargs)
    return position_adopt(position=position, adopted_on=TODAY(), by=None)


def test_a_position_from_a_consultation_starts_with_its_title_institution_and_summary(
    staff_user,
):
    consultation = ConsultationFactory(
        title="Dėl Bibliotekų įstatymo pakeitimo projekto",
        institution="Lietuvos Respublikos kultūros ministerija",
        summary="Ministerija prašo pastabų.",
    )
    position = position_create(
        by=staff_user,
        consultation=consultation,
        addressee="Lietuvos Respublikos kultūros ministerijai",
        body="Asociacija siūlo…",
    )
    assert position.title == consultation.title
    assert position.addressee_name == consultation.institution
    assert position.summary == "Ministerija prašo pastabų."
    assert position.status == Position.Status.DRAFT
    assert position.created_by == staff_user
    assert position.slug == "del-biblioteku-istatymo-pakeitimo-projekto"


def test_two_positions_of_one_title_get_distinct_addresses(staff_user):
    fields = {
        "title": "Dėl finansavimo",
        "addressee": "Ministerijai",
        "addressee_name": "Ministerija",
        "body": "Tekstas.",
    }
    first = position_create(by=staff_user, **fields)
    second = position_create(by=staff_user, **fields)
    assert first.slug == "del-finansavimo"
    assert second.slug == "del-finansavimo-2"


def test_an_adopted_position_keeps_its_text_but_may_change_who_sees_it(english):
    position = adopted()
    with pytest.raises(ValidationError, match="adopted"):
        position_update(position=position, by=None, body="Kitas tekstas.")
    position_update(position=position, by=None, visibility=Position.Visibility.MEMBERS)
    position.refresh_from_db()
    assert position.visibility == Position.Visibility.MEMBERS
    assert position.body != "Kitas tekstas."


def test_adoption_is_refused_in_the_future_and_twice(english):
    position = PositionFactory()
    with pytest.raises(ValidationError, match="future"):
        position_adopt(position=position, adopted_on=TODAY() + datetime.timedelta(days=1), by=None)
    position_adopt(position=position, adopted_on=TODAY(), by=None)
    with pytest.raises(ValidationError, match="already adopted"):
        position_adopt(position=position, adopted_on=TODAY(), by=None)


def test_a_draft_is_not_sent(english):
    position = PositionFactory()
    with pytest.raises(ValidationError, match="Adopt"):
        position_send(position=position, sent_on=TODAY(), sent_to="Ministerijai", by=None)
    position.refresh_from_db()
    assert position.number == ""
    assert not position.pdf


def test_sending_numbers_the_positions_of_a_year_in_turn_and_keeps_the_pdf(staff_user):
    year = TODAY().year
    first = position_send(position=adopted(), sent_on=TODAY(), sent_to="el. paštu", by=staff_user)
    second = position_send(position=adopted(), sent_on=TODAY(), sent_to="el. paštu", by=staff_user)
    assert (first.number, second.number) == (f"S-{year}-001", f"S-{year}-002")
    assert first.status == Position.Status.SENT
    assert first.sent_by == staff_user
    first.refresh_from_db()
    assert first.pdf.name.endswith(".pdf")
    with first.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_position_is_sent_once(english):
    position = position_send(position=adopted(), sent_on=TODAY(), sent_to="DVS", by=None)
    with pytest.raises(ValidationError, match="already sent"):
        position_send(position=position, sent_on=TODAY(), sent_to="DVS", by=None)
    assert Position.objects.exclude(number="").count() == 1


def test_a_refused_sending_gives_its_number_back(english):
    position = adopted()
    with pytest.raises(ValidationError):
        position_send(
            position=position, sent_on=TODAY() - datetime.timedelta(days=1), sent_to="", by=None
        )
    sent = position_send(position=position, sent_on=TODAY(), sent_to="DVS", by=None)
    assert sent.number.endswith("-001")


def test_the_letter_names_the_number_the_addressee_and_reads_in_lithuanian():
    position = adopted(
        title="Dėl Šiaulių regiono bibliotekų finansavimo",
        addressee="Lietuvos Respublikos kultūros ministerijai",
        body="Pirmoji pastraipa apie ūkį.\n\nAntroji pastraipa – įžanga.",
        signatory_name="Žydrūnė Čiužienė",
        signatory_title="Pirmininkė",
    )
    position = position_send(position=position, sent_on=TODAY(), sent_to="DVS", by=None)
    text = pdf_text(position_pdf(position))
    assert position.number in text
    assert "Lietuvos Respublikos kultūros ministerijai" in text
    assert "DĖL ŠIAULIŲ REGIONO BIBLIOTEKŲ FINANSAVIMO" in text
    assert "Antroji pastraipa – įžanga." in text
    assert "Žydrūnė Čiužienė" in text


def test_the_preview_has_no_number_yet():
    position = adopted(title="finansavimo")
    text = pdf_text(position_pdf(position))
    assert "DĖL FINANSAVIMO" in text
    assert "S-" not in text


def test_the_reply_is_recorded_after_sending_only(english):
    position = adopted()
    with pytest.raises(ValidationError, match="sent"):
        position_reply_record(
            position=position, received_on=TODAY(), summary="", outcome="partly", by=None
        )
    position_send(position=position, sent_on=TODAY(), sent_to="DVS", by=None)
    with pytest.raises(ValidationError) as refusal:
        position_reply_record(
            position=position,
            received_on=TODAY() - datetime.timedelta(days=3),
            summary="",
            outcome="partly",
            by=None,
        )
    assert "received_on" in refusal.value.message_dict
    answered = position_reply_record(
        position=position,
        received_on=TODAY(),
        summary="Atsižvelgta iš dalies.",
        outcome=Position.Outcome.PARTLY,
        by=None,
    )
    assert answered.status == Position.Status.ANSWERED
    assert answered.get_outcome_display() == "taken into account partly"


def test_a_document_is_checked_and_stored(english):
    position = adopted()
    document = position_document_add(
        position=position,
        kind="reply",
        title="Ministerijos atsakymas",
        file=SimpleUploadedFile("atsakymas.pdf", b"%PDF-1.4\n%%EOF\n"),
        public=True,
        by=None,
    )
    assert document.file.name.startswith("representation/positions/")
    with pytest.raises(ValidationError):
        position_document_add(
            position=position,
            kind="reply",
            title="Blogas",
            file=SimpleUploadedFile("atsakymas.exe", b"MZ"),
            public=True,
            by=None,
        )
    assert position.documents.count() == 1


def test_the_search_finds_published_positions_for_their_audience():
    assert position_document(PositionFactory()) is None
    public = adopted()
    members_only = adopted(visibility=Position.Visibility.MEMBERS)
    assert position_document(public).audience == Audience.PUBLIC
    assert position_document(members_only).audience == Audience.MEMBERS
    assert position_document(public).url == f"/atstovavimas/pozicijos/{public.slug}/"


def test_the_site_search_finds_a_position_once_adopted_for_its_audience():
    from lrba.core.search import search_entries as search

    position = PositionFactory(title="Dėl skaitmeninimo programos", body="Skaitmeninimas.")
    assert not search(query="skaitmeninimo", audiences=[Audience.PUBLIC]).exists()
    position_adopt(position=position, adopted_on=TODAY(), by=None)
    assert search(query="skaitmeninimo", audiences=[Audience.PUBLIC]).exists()
    position_update(position=position, by=None, visibility=Position.Visibility.MEMBERS)
    assert not search(query="skaitmeninimo", audiences=[Audience.PUBLIC]).exists()
    assert search(query="skaitmeninimo", audiences=[Audience.MEMBERS]).exists()
