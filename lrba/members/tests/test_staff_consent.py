"""Nobody joins a staff list without consent (issue 7, point 10).

A representative used to put any existing person on their library's staff list by typing
their e-mail address (any start date, no consent), then read that person's certificates
and training hours; and the page answered with the person's name from the register.
Now an address becomes an invitation the person accepts, and the page says the same
thing whoever the address belongs to.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from lrba.members.models import Employment, Invitation
from lrba.members.services import invitations, library_profile
from lrba.members.tests import factories
from lrba.training.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

LONG_AGO = "2015-01-01"


def _add(client, library, email, **extra):
    data = {
        "staff-first_name": extra.get("first_name", "Vardenis"),
        "staff-last_name": extra.get("last_name", "Pavardenis"),
        "staff-email": email,
        "staff-position": "bibliotekininkas",
        "staff-start_date": LONG_AGO,
    }
    return client.post(f"/mano-biblioteka/{library.slug}/darbuotojai/", data)


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_existing_account_is_invited_not_attached(client_for, carol, bob, library_b):
    response = _add(client_for(carol), library_b, "BOB@example.lt")

    assert response.status_code == 302
    assert not Employment.objects.filter(person=bob.person, library=library_b).exists()
    invitation = Invitation.objects.get(library=library_b)
    assert invitation.email == "bob@example.lt"
    assert invitation.role == Invitation.Role.STAFF


def test_a_person_the_register_knows_by_address_is_invited_not_attached(
    client_for, carol, library_b
):
    known = factories.PersonFactory(user=None, email="zinoma@example.lt")

    _add(client_for(carol), library_b, "zinoma@example.lt")

    assert not Employment.objects.filter(person=known, library=library_b).exists()
    assert Invitation.objects.filter(library=library_b, email="zinoma@example.lt").exists()


def test_the_representative_does_not_get_to_read_their_certificates(
    client_for, carol, bob, library_b
):
    certificate = CertificateFactory(person=bob.person)
    client = client_for(carol)

    _add(client, library_b, "bob@example.lt")

    download = client.get(f"/mano-mokymasis/pazymejimai/{certificate.pk}/pdf/")
    assert download.status_code == 403
    hours = client.get(f"/mano-mokymasis/biblioteka/{library_b.slug}/")
    assert bob.person.last_name not in hours.content.decode()


def test_the_page_says_the_same_whoever_the_address_belongs_to(client_for, carol, bob, library_b):
    factories.PersonFactory(user=None, email="zinoma@example.lt", last_name="Žinomaitė")
    client = client_for(carol)
    answers = {}
    for email in ("bob@example.lt", "zinoma@example.lt", "niekas@example.lt"):
        response = _add(client, library_b, email)
        page = client.get(response["Location"]).content.decode()
        answers[email] = (
            response.status_code,
            response["Location"],
            [m.replace(email, "…") for m in _messages(response)],
        )
        assert bob.person.last_name not in page
        assert "Žinomaitė" not in page

    assert len(set(map(repr, answers.values()))) == 1, answers


def test_accepting_starts_the_employment_that_day(bob, carol, library_b):
    invitation = library_profile.employment_add(
        library=library_b,
        email="bob@example.lt",
        position="bibliotekininkas",
        start_date=datetime.date(2015, 1, 1),
        by=carol,
    )
    assert isinstance(invitation, Invitation)

    invitations.invitation_accept(token=invitation.token, password=None)

    employment = Employment.objects.get(person=bob.person, library=library_b)
    assert employment.start_date == timezone.localdate()
    assert employment.position == "bibliotekininkas"


def test_without_an_address_a_new_entry_is_made_even_for_a_known_name(
    client_for, carol, bob, library_b
):
    response = _add(
        client_for(carol),
        library_b,
        "",
        first_name=bob.person.first_name,
        last_name=bob.person.last_name,
    )

    assert response.status_code == 302
    added = Employment.objects.get(library=library_b, person__user=None)
    assert added.person != bob.person
    assert added.start_date == datetime.date.fromisoformat(LONG_AGO)
    assert not Invitation.objects.exists()


def test_without_an_address_the_names_and_the_start_are_needed(client_for, carol, library_b):
    client = client_for(carol)
    response = client.post(
        f"/mano-biblioteka/{library_b.slug}/darbuotojai/",
        {"staff-position": "bibliotekininkas"},
    )

    assert response.status_code == 400
    errors = response.context["staff_form"].errors
    assert set(errors) == {"first_name", "last_name", "start_date"}
    assert not Employment.objects.filter(library=library_b, person__user=None).exists()
