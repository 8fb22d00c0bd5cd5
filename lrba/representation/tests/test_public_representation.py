"""The representation landing page: what the association does, the consultations open to
the visitor (members only), the latest positions the visitor may read, current
delegations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.accounts.tests.factories import MODEL_BACKEND
from lrba.representation.models import Consultation, Position
from lrba.representation.tests.factories import (
    ConsultationFactory,
    DelegationFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/atstovavimas/"


@pytest.fixture
def world():
    ConsultationFactory(title="Atvira konsultacija apie finansavimą")
    ConsultationFactory(title="Juodraštinė konsultacija", status=Consultation.Status.DRAFT)
    ConsultationFactory(
        title="Pasibaigusi konsultacija",
        deadline=timezone.now() - datetime.timedelta(days=1),
    )
    PositionFactory(
        title="Vieša pozicija",
        status=Position.Status.SENT,
        sent_on=timezone.localdate(),
        number="S-2026-001",
    )
    PositionFactory(
        title="Narių pozicija",
        status=Position.Status.ADOPTED,
        visibility=Position.Visibility.MEMBERS,
        adopted_on=timezone.localdate(),
    )
    PositionFactory(title="Pozicijos juodraštis")
    DelegationFactory(body_name="Bibliotekų taryba", person__last_name="Tarybaitė")


def test_the_landing_is_the_apps_index():
    assert reverse("representation:index") == URL


def test_a_visitor_sees_public_positions_and_delegations_and_is_asked_to_sign_in(client, world):
    response = client.get(URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Vieša pozicija" in content
    assert "Narių pozicija" not in content and "Pozicijos juodraštis" not in content
    assert "Bibliotekų taryba" in content and "Tarybaitė" in content
    assert "Atvira konsultacija" not in content
    assert lt("Sign in to answer") in content


def test_a_member_sees_the_open_consultations_and_members_only_positions(client, alice, world):
    client.force_login(alice, backend=MODEL_BACKEND)

    content = client.get(URL).content.decode()

    assert "Atvira konsultacija apie finansavimą" in content
    assert "Juodraštinė" not in content and "Pasibaigusi" not in content
    assert "Narių pozicija" in content and "Vieša pozicija" in content
    assert "Pozicijos juodraštis" not in content


def test_a_signed_in_stranger_sees_no_consultation(client, dave, world):
    client.force_login(dave, backend=MODEL_BACKEND)

    content = client.get(URL).content.decode()

    assert "Atvira konsultacija" not in content
    assert lt("No consultation is open for you at the moment.") in content


def test_the_secretariat_sees_no_draft_position_on_the_public_landing(staff_client, world):
    content = staff_client.get(URL).content.decode()

    assert "Pozicijos juodraštis" not in content
    assert "Vieša pozicija" in content


def test_a_delegate_finds_the_way_to_their_page(client, world):
    delegation = DelegationFactory(person__user=None)
    from lrba.members.tests.factories import UserFactory

    user = UserFactory()
    delegation.person.user = user
    delegation.person.save()
    client.force_login(user, backend=MODEL_BACKEND)

    content = client.get(URL).content.decode()

    assert reverse("representation:my_delegations") in content


def test_the_landing_runs_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for n in range(10):
        DelegationFactory(body_name=f"Grupė {n}")
        PositionFactory(status=Position.Status.ADOPTED, adopted_on=timezone.localdate())

    with django_assert_max_num_queries(15):
        client.get(URL)
