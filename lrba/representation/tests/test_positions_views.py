"""Positions' pages: the secretariat's workflow from a draft to the recorded reply, and
the register as visitors, members and the secretariat see it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.representation.models import Position
from lrba.representation.services.positions import position_adopt, position_send
from lrba.representation.tests.factories import (
    ConsultationFactory,
    PositionDocumentFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def adopted(**kwargs) -> Position:
    return position_adopt(position=PositionFactory(**kwargs), adopted_on=TODAY(), by=None)


def sent(**kwargs) -> Position:
    return position_send(position=adopted(**kwargs), sent_on=TODAY(), sent_to="DVS", by=None)


def register(client, **query) -> str:
    response = client.get(reverse("representation:position_register"), query)
    assert response.status_code == 200
    return response.content.decode()


# The register ------------------------------------------------------------------------


def test_a_visitor_sees_adopted_public_positions_only(client, alice, client_for):
    PositionFactory(title="Juodraštis apie skaitmeninimą")
    adopted(title="Vieša pozicija dėl finansavimo")
    adopted(title="Narių pozicija dėl atlyginimų", visibility=Position.Visibility.MEMBERS)

    page = register(client)
    assert "Vieša pozicija dėl finansavimo" in page
    assert "Narių pozicija" not in page
    assert "Juodraštis" not in page

    member_page = register(client_for(alice))
    assert "Narių pozicija dėl atlyginimų" in member_page
    assert "Juodraštis" not in member_page


def test_the_register_filters_by_institution_without_lithuanian_letters_year_and_outcome(
    client,
):
    adopted(
        title="Kultūros ministerijai", addressee_name="Lietuvos Respublikos kultūros ministerija"
    )
    adopted(title="Savivaldybei", addressee_name="Šiaulių miesto savivaldybė")
    assert "Savivaldybei" in register(client, institution="siauliu")
    assert "Kultūros ministerijai" not in register(client, institution="siauliu")

    answered = sent(title="Atsakyta pozicija")
    Position.objects.filter(pk=answered.pk).update(
        status=Position.Status.ANSWERED, outcome=Position.Outcome.FULLY
    )
    fully = register(client, outcome="fully")
    assert "Atsakyta pozicija" in fully and "Savivaldybei" not in fully
    pending = register(client, outcome="pending")
    assert "Savivaldybei" in pending and "Atsakyta pozicija" not in pending

    last_year = TODAY().year - 1
    Position.objects.filter(title="Savivaldybei").update(adopted_on=datetime.date(last_year, 3, 1))
    assert "Savivaldybei" in register(client, year=last_year)
    assert "Savivaldybei" not in register(client, year=TODAY().year)
    # Unusable filters are dropped, never an error page.
    assert "Savivaldybei" in register(client, year="abc", outcome="<b>")


def test_a_members_only_position_asks_a_visitor_to_sign_in_and_a_draft_is_not_found(
    client, dave, client_for
):
    members_only = adopted(visibility=Position.Visibility.MEMBERS)
    draft = PositionFactory()
    url = reverse("representation:position_detail", args=[members_only.slug])
    assert client.get(url).status_code == 403
    assert client_for(dave).get(url).status_code == 404
    draft_url = reverse("representation:position_detail", args=[draft.slug])
    assert client.get(draft_url).status_code == 404


def test_the_pdf_as_sent_is_downloaded_once_sent(client):
    position = sent(title="Dėl bibliotekų")
    url = reverse("representation:position_pdf", args=[position.slug, position.number])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert position.number in response["Content-Disposition"]

    unsent = adopted()
    url = reverse("representation:position_pdf", args=[unsent.slug, "x"])
    assert client.get(url).status_code == 404


def test_only_public_documents_are_shown_to_visitors_and_all_to_the_secretariat(
    client_for, staff_client
):
    client = client_for(None)  # staff_client signs `client` in
    position = adopted()
    shown = PositionDocumentFactory(position=position, title="Atsakymas", public=True)
    hidden = PositionDocumentFactory(position=position, title="Vidinė pažyma", public=False)

    detail = client.get(reverse("representation:position_detail", args=[position.slug]))
    assert "Atsakymas" in detail.content.decode()
    assert "Vidinė pažyma" not in detail.content.decode()

    def document_url(document) -> str:
        return reverse("representation:position_document", args=[position.slug, document.pk])

    assert client.get(document_url(shown)).status_code == 200
    assert client.get(document_url(hidden)).status_code == 404
    assert staff_client.get(document_url(hidden)).status_code == 200


# The secretariat's pages ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name,args",
    [
        ("representation:staff_positions", []),
        ("representation:position_create", []),
        ("representation:position_staff", ["pk"]),
        ("representation:position_preview", ["pk"]),
    ],
)
def test_the_staff_pages_are_refused_to_others(client_for, alice, name, args):
    position = PositionFactory()
    url = reverse(name, args=[position.pk for _ in args])
    assert client_for(alice).get(url).status_code == 403
    assert client_for(None).get(url).status_code in (302, 403)


def test_writes_are_refused_to_a_member(client_for, alice):
    position = PositionFactory()
    response = client_for(alice).post(
        reverse("representation:position_adopt", args=[position.pk]),
        {"adopted_on": TODAY().isoformat()},
    )
    assert response.status_code == 403
    position.refresh_from_db()
    assert position.status == Position.Status.DRAFT


def test_the_secretariat_takes_a_position_from_a_consultation_to_its_reply(
    staff_client, client_for
):
    client = client_for(None)
    consultation = ConsultationFactory(
        title="Dėl viešųjų bibliotekų finansavimo",
        institution="Lietuvos Respublikos kultūros ministerija",
    )
    new = reverse("representation:position_create")
    form = staff_client.get(new, {"consultation": consultation.pk}).content.decode()
    assert "Dėl viešųjų bibliotekų finansavimo" in form

    response = staff_client.post(
        new,
        {
            "title": "Dėl viešųjų bibliotekų finansavimo",
            "addressee": "Lietuvos Respublikos kultūros ministerijai",
            "addressee_name": "Lietuvos Respublikos kultūros ministerija",
            "consultation": consultation.pk,
            "body": "Asociacija siūlo…",
            "visibility": "public",
        },
    )
    position = Position.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("representation:position_staff", args=[position.pk])

    preview = staff_client.get(reverse("representation:position_preview", args=[position.pk]))
    assert preview["Content-Type"] == "application/pdf"

    staff_client.post(
        reverse("representation:position_adopt", args=[position.pk]),
        {"adopted_on": TODAY().isoformat()},
    )
    response = staff_client.post(
        reverse("representation:position_send", args=[position.pk]),
        {"sent_on": TODAY().isoformat(), "sent_to": "info@lrkm.lt"},
        follow=True,
    )
    position.refresh_from_db()
    assert position.number == f"S-{TODAY().year}-001"
    assert position.number in response.content.decode()

    staff_client.post(
        reverse("representation:position_reply", args=[position.pk]),
        {"received_on": TODAY().isoformat(), "outcome": "partly", "summary": "Atsižvelgta."},
    )
    position.refresh_from_db()
    assert position.status == Position.Status.ANSWERED
    page = register(client)
    assert "Dėl viešųjų bibliotekų finansavimo" in page
    assert position.number in page
    assert lt("taken into account partly") in page


def test_sending_without_saying_to_whom_keeps_what_was_typed_and_saves_nothing(staff_client):
    position = adopted()
    response = staff_client.post(
        reverse("representation:position_send", args=[position.pk]),
        {"sent_on": "2001-01-01", "sent_to": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="2001-01-01"' in page
    assert "field__error" in page
    position.refresh_from_db()
    assert position.status == Position.Status.ADOPTED
    assert position.number == ""


def test_an_adopted_positions_text_is_no_longer_offered_for_editing(staff_client):
    position = adopted(body="Priimtas tekstas.")
    page = staff_client.get(reverse("representation:position_staff", args=[position.pk]))
    assert 'name="body"' not in page.content.decode()
    assert 'name="visibility"' in page.content.decode()
    staff_client.post(
        reverse("representation:position_staff", args=[position.pk]),
        {"visibility": "members", "body": "Kitas."},
    )
    position.refresh_from_db()
    assert (position.visibility, position.body) == ("members", "Priimtas tekstas.")


def test_the_auditor_reads_the_positions_and_changes_nothing(client_for, auditor):
    position = PositionFactory(title="Audituojama pozicija")
    client = client_for(auditor)
    listing = client.get(reverse("representation:staff_positions"))
    assert "Audituojama pozicija" in listing.content.decode()
    page = client.get(reverse("representation:position_staff", args=[position.pk]))
    assert page.status_code == 200
    assert 'name="body"' not in page.content.decode()
    response = client.post(
        reverse("representation:position_adopt", args=[position.pk]),
        {"adopted_on": TODAY().isoformat()},
    )
    assert response.status_code == 403


def test_the_secretariat_by_role_adopts_with_the_boards_decision(client_for, secretary):
    from lrba.governance.services.decisions import decision_record
    from lrba.governance.tests.factories import MeetingFactory, board, decision_kind

    body = board()
    decision = decision_record(
        body=body,
        kind=decision_kind(),
        title="Dėl pozicijos",
        text="Pritarti pozicijai.",
        adopted_on=TODAY(),
        meeting=MeetingFactory(body=body),
    )
    position = PositionFactory()
    response = client_for(secretary).post(
        reverse("representation:position_adopt", args=[position.pk]),
        {"adopted_on": TODAY().isoformat(), "decision": decision.pk},
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.status, position.decision) == (Position.Status.ADOPTED, decision)
