"""A library's representatives authorise its current employees for one kind of work
(ordering, answering consultations, publishing calendar events) and revoke it; nobody else
manages them, and each authorisation lets the employee act in that work only, while they
still work there.

Personas (conftest): alice directs library A, bob works at A, carol represents B,
charlie works at library C, dave has no library; the secretariat is staff_user."""

import datetime
import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from conftest import lt
from lrba.members.models import StaffAuthorisation
from lrba.members.selectors.authorisations import (
    acting_libraries,
    authorisable_people,
    authorised_libraries,
    current_authorisations,
    may_act_for,
    may_manage_authorisations,
)
from lrba.members.services.authorisations import authorisation_grant, authorisation_revoke
from lrba.members.tests.factories import (
    EmploymentFactory,
    PersonFactory,
    StaffAuthorisationFactory,
)

pytestmark = pytest.mark.django_db

ORDERING = StaffAuthorisation.Scope.ORDERING
CONSULTATIONS = StaffAuthorisation.Scope.CONSULTATIONS
CALENDAR = StaffAuthorisation.Scope.CALENDAR


@pytest.fixture(autouse=True)
def _english(english):
    """Service refusals are matched by their English source text."""


# Selectors ------------------------------------------------------------------------------------


def test_an_authorisation_counts_for_its_own_scope_only(bob, library_a):
    StaffAuthorisationFactory(library=library_a, person=bob.person, scope=CONSULTATIONS)

    assert list(authorised_libraries(bob, CONSULTATIONS)) == [library_a]
    assert may_act_for(bob, library_a, CONSULTATIONS)
    assert not may_act_for(bob, library_a, ORDERING)
    assert not may_act_for(bob, library_a, CALENDAR)


def test_a_representative_acts_in_every_scope_without_authorisation(alice, carol, library_a):
    for scope in StaffAuthorisation.Scope.values:
        assert list(acting_libraries(alice, scope)) == [library_a]
        assert not may_act_for(carol, library_a, scope)


def test_an_authorisation_lapses_when_the_employment_ends(bob, library_a):
    StaffAuthorisationFactory(library=library_a, person=bob.person, scope=CALENDAR)
    assert may_act_for(bob, library_a, CALENDAR)

    bob.person.employments.update(end_date=timezone.localdate() - datetime.timedelta(days=1))

    assert not may_act_for(bob, library_a, CALENDAR)
    assert StaffAuthorisation.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_revoked_authorisation_does_not_count(bob, library_a):
    StaffAuthorisationFactory(
        library=library_a, person=bob.person, scope=ORDERING, revoked_at=timezone.now()
    )

    assert not may_act_for(bob, library_a, ORDERING)
    assert not current_authorisations(library_a).exists()


def test_anonymous_visitors_act_for_nobody(library_a):
    from django.contrib.auth.models import AnonymousUser

    assert not acting_libraries(AnonymousUser(), ORDERING).exists()
    assert not may_manage_authorisations(AnonymousUser(), library_a)


def test_authorisable_people_are_current_employees_not_yet_authorised_for_the_scope(
    alice, bob, library_a
):
    former = PersonFactory(last_name="Buvęs")
    EmploymentFactory(person=former, library=library_a, end_date=datetime.date(2021, 1, 1))
    StaffAuthorisationFactory(library=library_a, person=bob.person, scope=ORDERING)

    assert list(authorisable_people(library_a, ORDERING)) == []
    assert list(authorisable_people(library_a, CALENDAR)) == [bob.person]  # not the director


def test_current_authorisations_filter_by_scope(bob, library_a):
    ordering = StaffAuthorisationFactory(library=library_a, person=bob.person, scope=ORDERING)
    calendar = StaffAuthorisationFactory(library=library_a, person=bob.person, scope=CALENDAR)

    assert set(current_authorisations(library_a)) == {ordering, calendar}
    assert list(current_authorisations(library_a, CALENDAR)) == [calendar]


# Services -------------------------------------------------------------------------------------


def test_a_representative_authorises_an_employee_who_then_acts(alice, bob, library_a):
    assert not may_act_for(bob, library_a, CONSULTATIONS)

    authorisation = authorisation_grant(
        library=library_a, person=bob.person, scope=CONSULTATIONS, user=alice
    )

    assert authorisation.granted_by == alice
    assert may_act_for(bob, library_a, CONSULTATIONS)
    assert not may_act_for(bob, library_a, ORDERING)


def test_authorising_twice_for_a_scope_is_refused_but_another_scope_is_not(alice, bob, library_a):
    authorisation_grant(library=library_a, person=bob.person, scope=ORDERING, user=alice)

    with pytest.raises(ValidationError, match="already authorised") as refused:
        authorisation_grant(library=library_a, person=bob.person, scope=ORDERING, user=alice)

    assert refused.value.code == "already_authorised"
    authorisation_grant(library=library_a, person=bob.person, scope=CALENDAR, user=alice)
    assert StaffAuthorisation.objects.count() == 2


def test_only_the_librarys_own_current_staff_can_be_authorised(alice, charlie, library_a):
    with pytest.raises(ValidationError, match="does not work at"):
        authorisation_grant(library=library_a, person=charlie.person, scope=ORDERING, user=alice)

    assert not StaffAuthorisation.objects.exists()


def test_an_unknown_scope_is_refused(alice, bob, library_a):
    with pytest.raises(ValidationError) as refused:
        authorisation_grant(library=library_a, person=bob.person, scope="voting", user=alice)

    assert refused.value.code == "scope"
    assert not StaffAuthorisation.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "carol", "dave", "staff_user"])
def test_only_a_representative_of_the_library_authorises(request, persona, bob, library_a):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        authorisation_grant(library=library_a, person=bob.person, scope=ORDERING, user=user)

    assert not StaffAuthorisation.objects.exists()


def test_a_revoked_authorisation_stops_acting_and_can_be_given_again(alice, bob, library_a):
    authorisation = authorisation_grant(
        library=library_a, person=bob.person, scope=ORDERING, user=alice
    )

    authorisation_revoke(authorisation=authorisation, user=alice)

    assert not may_act_for(bob, library_a, ORDERING)
    with pytest.raises(ValidationError, match="already revoked"):
        authorisation_revoke(authorisation=authorisation, user=alice)
    authorisation_grant(library=library_a, person=bob.person, scope=ORDERING, user=alice)
    assert may_act_for(bob, library_a, ORDERING)


def test_another_librarys_representative_cannot_revoke(alice, bob, carol, library_a):
    authorisation = authorisation_grant(
        library=library_a, person=bob.person, scope=ORDERING, user=alice
    )

    with pytest.raises(PermissionDenied):
        authorisation_revoke(authorisation=authorisation, user=carol)

    authorisation.refresh_from_db()
    assert authorisation.revoked_at is None


# The page -------------------------------------------------------------------------------------


def _url(library) -> str:
    return reverse("members:staff_authorisations", args=[library.slug])


def test_the_page_authorises_for_several_scopes_and_revokes(client_for, alice, bob, library_a):
    client = client_for(alice)
    page = client.get(_url(library_a)).content.decode()
    assert bob.person.full_name in page  # offered in the list
    assert lt("Who may act for the library") in page

    response = client.post(
        _url(library_a), {"person": bob.person.pk, "scopes": [ORDERING, CALENDAR]}
    )

    assert response.status_code == 302
    assert set(
        StaffAuthorisation.objects.filter(person=bob.person).values_list("scope", flat=True)
    ) == {ORDERING, CALENDAR}
    calendar = StaffAuthorisation.objects.get(scope=CALENDAR)
    revoke = reverse("members:staff_authorisation_revoke", args=[library_a.slug, calendar.pk])
    assert revoke in client.get(_url(library_a)).content.decode()

    assert client.post(revoke).status_code == 302

    assert not may_act_for(bob, library_a, CALENDAR)
    assert may_act_for(bob, library_a, ORDERING)


def test_a_double_grant_on_the_page_says_so_and_saves_none_of_the_scopes(
    client_for, alice, bob, library_a
):
    StaffAuthorisationFactory(library=library_a, person=bob.person, scope=ORDERING)

    response = client_for(alice).post(
        _url(library_a), {"person": bob.person.pk, "scopes": [CALENDAR, ORDERING]}
    )

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    with translation.override("lt"):
        refusal = translation.gettext(
            "%(person)s is already authorised (%(scope)s) at %(library)s."
        ) % {
            "person": bob.person,
            "library": library_a,
            "scope": StaffAuthorisation.Scope(ORDERING).label,
        }
    assert refusal in page
    assert not StaffAuthorisation.objects.filter(scope=CALENDAR).exists()
    assert re.search(r'value="calendar"[^>]*checked', page)  # what was ticked stays ticked


def test_the_page_refuses_someone_from_another_library_and_no_scope(
    client_for, alice, charlie, library_a
):
    client = client_for(alice)

    wrong_person = client.post(_url(library_a), {"person": charlie.person.pk, "scopes": [ORDERING]})
    no_scope = client.post(_url(library_a), {"person": alice.person.pk})

    assert wrong_person.status_code == 400
    assert "field--error" in wrong_person.content.decode()
    assert no_scope.status_code == 400
    assert lt("Choose at least one kind of work.") in no_scope.content.decode()
    assert not StaffAuthorisation.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "carol", "dave"])
def test_only_representatives_reach_the_page(client_for, request, persona, library_a):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(_url(library_a)).status_code == 403


def test_an_unknown_library_is_not_found(client_for, alice):
    assert (
        client_for(alice).get(reverse("members:staff_authorisations", args=["nera"])).status_code
        == 404
    )


def test_the_secretariat_reads_the_page_but_grants_and_revokes_nothing(
    staff_client, bob, library_a
):
    authorisation = StaffAuthorisationFactory(library=library_a, person=bob.person)
    revoke = reverse("members:staff_authorisation_revoke", args=[library_a.slug, authorisation.pk])

    page = staff_client.get(_url(library_a))

    assert page.status_code == 200
    assert bob.person.full_name in page.content.decode()
    assert revoke not in page.content.decode()
    assert (
        staff_client.post(
            _url(library_a), {"person": bob.person.pk, "scopes": [CALENDAR]}
        ).status_code
        == 403
    )
    assert staff_client.post(revoke).status_code == 403
    authorisation.refresh_from_db()
    assert authorisation.revoked_at is None


def test_another_librarys_representative_cannot_revoke_on_the_page(
    client_for, bob, carol, library_a, library_b
):
    authorisation = StaffAuthorisationFactory(library=library_a, person=bob.person)

    # Carol's own library in the address, another library's authorisation: not found.
    response = client_for(carol).post(
        reverse("members:staff_authorisation_revoke", args=[library_b.slug, authorisation.pk])
    )

    assert response.status_code == 404
    authorisation.refresh_from_db()
    assert authorisation.revoked_at is None


def test_my_library_links_to_the_page(client_for, alice, library_a):
    page = client_for(alice).get(reverse("members:my_library_detail", args=[library_a.slug]))

    assert _url(library_a) in page.content.decode()
