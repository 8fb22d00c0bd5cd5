"""A library's representatives authorise its current employees to order and revoke it;
nobody else manages them, and the authorisation is what lets an employee order.

Personas (conftest): alice directs library A, bob works at A, carol represents B,
charlie works at library C."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from lrba.acquisition.access import may_order_for
from lrba.acquisition.models import OrderingAuthorisation
from lrba.acquisition.services.authorisations import authorisation_grant, authorisation_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_representative_authorises_an_employee_who_then_orders(alice, bob, library_a):
    assert not may_order_for(bob, library_a)

    authorisation = authorisation_grant(library=library_a, person=bob.person, user=alice)

    assert authorisation.granted_by == alice
    assert may_order_for(bob, library_a)


def test_authorising_twice_is_refused(alice, bob, library_a):
    authorisation_grant(library=library_a, person=bob.person, user=alice)

    with pytest.raises(ValidationError, match="already authorised"):
        authorisation_grant(library=library_a, person=bob.person, user=alice)

    assert OrderingAuthorisation.objects.count() == 1


def test_only_the_librarys_own_staff_can_be_authorised(alice, charlie, library_a):
    with pytest.raises(ValidationError, match="does not work at"):
        authorisation_grant(library=library_a, person=charlie.person, user=alice)

    assert not OrderingAuthorisation.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "carol"])
def test_only_a_representative_of_the_library_authorises(request, persona, bob, library_a):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        authorisation_grant(library=library_a, person=bob.person, user=user)


def test_a_revoked_authorisation_stops_ordering_and_can_be_given_again(alice, bob, library_a):
    authorisation = authorisation_grant(library=library_a, person=bob.person, user=alice)

    authorisation_revoke(authorisation=authorisation, user=alice)

    assert not may_order_for(bob, library_a)
    with pytest.raises(ValidationError, match="already revoked"):
        authorisation_revoke(authorisation=authorisation, user=alice)
    authorisation_grant(library=library_a, person=bob.person, user=alice)
    assert may_order_for(bob, library_a)


def test_another_librarys_representative_cannot_revoke(alice, bob, carol, library_a):
    authorisation = authorisation_grant(library=library_a, person=bob.person, user=alice)

    with pytest.raises(PermissionDenied):
        authorisation_revoke(authorisation=authorisation, user=carol)

    authorisation.refresh_from_db()
    assert authorisation.revoked_at is None


# The page -----------------------------------------------------------------------------------


def test_the_page_authorises_and_revokes(client_for, alice, bob, library_a):
    client = client_for(alice)
    url = reverse("acquisition:authorisations", args=[library_a.pk])
    assert bob.person.full_name in client.get(url).content.decode()  # offered in the list

    response = client.post(url, {"person": bob.person.pk})

    assert response.status_code == 302
    authorisation = OrderingAuthorisation.objects.get(revoked_at__isnull=True)
    revoke = reverse("acquisition:authorisation_revoke", args=[library_a.pk, authorisation.pk])
    assert revoke in client.get(url).content.decode()
    assert client.post(revoke).status_code == 302
    assert not may_order_for(bob, library_a)


def test_the_page_refuses_someone_from_another_library(client_for, alice, charlie, library_a):
    response = client_for(alice).post(
        reverse("acquisition:authorisations", args=[library_a.pk]), {"person": charlie.person.pk}
    )

    assert response.status_code == 400
    assert "field--error" in response.content.decode()
    assert not OrderingAuthorisation.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "carol", "dave"])
def test_only_representatives_reach_the_page(client_for, request, persona, library_a):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("acquisition:authorisations", args=[library_a.pk])).status_code == 404
