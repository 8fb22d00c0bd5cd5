"""The staff endpoints: a staff token, two-factor where the roles demand it, and exactly
the permission of the back-office page each one mirrors."""

import datetime

import pytest
from django.utils import timezone

from lrba.accounts import roles
from lrba.api.tests.factories import token_for
from lrba.events.models import Event
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.tests.factories import LibraryFactory, MembershipFactory

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/staff/members/register/"
REGISTER_PAGE = "/admin/members/membership/register-report/"


def _get(client, url, token, **params):
    return client.get(url, params, HTTP_AUTHORIZATION=token)


def _error(response, status, code):
    assert response.status_code == status, response.content[:500]
    assert response.json()["error"]["code"] == code, response.json()
    return response.json()["error"]


def _registrations(event_id):
    return f"/api/v1/staff/events/{event_id}/registrations/"


# The member register ------------------------------------------------------------------------


def test_the_secretariat_reads_the_register_reports_rows(client, secretary, library_a, library_b):
    this_year = timezone.localdate().year
    body = _get(client, REGISTER, token_for(secretary, staff=True)).json()
    assert [item["name"] for item in body["items"]] == [library_a.name, library_b.name]
    assert body["items"][0]["legal_entity_code"] == library_a.legal_entity_code
    summary = _get(client, f"{REGISTER}summary", token_for(secretary, staff=True)).json()
    assert summary["year"] == this_year
    assert summary["as_of"] == f"{this_year}-12-31"
    assert any("3" in warning for warning in summary["warnings"])  # fewer than 3 members


def test_the_register_of_an_earlier_year(client, auditor):
    MembershipFactory(
        library=LibraryFactory(name="Anykščių biblioteka"),
        joined_on=datetime.date(2020, 2, 1),
        ended_on=datetime.date(2022, 6, 30),
    )
    token = token_for(auditor, staff=True)
    assert [i["name"] for i in _get(client, REGISTER, token, year=2021).json()["items"]] == [
        "Anykščių biblioteka"
    ]
    assert _get(client, REGISTER, token, year=2023).json()["items"] == []
    error = _error(_get(client, REGISTER, token, year=1990), 422, "invalid")
    assert error["details"][0]["field"] == "year"


def test_the_api_and_the_page_check_the_same_permission(
    client, client_for, board_member, secretary
):
    # The Board holds no permission on memberships: the page and the API both refuse.
    _error(_get(client, REGISTER, token_for(board_member, staff=True)), 403, "forbidden")
    # The page's own check (the back office lets only staff in at all).
    assert client_for(secretary).get(REGISTER_PAGE).status_code == 200
    assert client_for(board_member).get(REGISTER_PAGE).status_code != 200


def test_a_personal_token_is_not_a_staff_token(client, secretary):
    _error(_get(client, REGISTER, token_for(secretary)), 403, "token_not_staff")
    _error(
        _get(client, _registrations(1), token_for(secretary, write=True)), 403, "token_not_staff"
    )


def test_a_staff_token_without_two_factor_is_refused(client, role_holder_without_two_factor):
    holder = role_holder_without_two_factor(roles.SECRETARIAT)
    _error(_get(client, REGISTER, token_for(holder, staff=True)), 403, "two_factor_required")


def test_a_staff_token_of_someone_without_roles_is_refused(client, bob):
    event = EventFactory()
    _error(_get(client, REGISTER, token_for(bob, staff=True)), 403, "forbidden")
    _error(_get(client, _registrations(event.pk), token_for(bob, staff=True)), 403, "forbidden")


def test_revoked_and_expired_staff_tokens_are_refused(client, secretary):
    revoked = token_for(secretary, staff=True, revoked_at=timezone.now())
    expired = token_for(
        secretary, staff=True, expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    _error(_get(client, REGISTER, revoked), 401, "token_revoked")
    _error(_get(client, REGISTER, expired), 401, "token_expired")


# An event's registrations --------------------------------------------------------------------


def test_the_auditor_reads_an_events_registrations_in_every_status(client, auditor):
    event = EventFactory()
    confirmed = RegistrationFactory(event=event, last_name="Žemaitis")
    waiting = RegistrationFactory(event=event, last_name="Ąžuolas", status="waitlisted")
    cancelled = RegistrationFactory(event=event, last_name="Bartkus", status="cancelled")
    RegistrationFactory()  # another event's
    token = token_for(auditor, staff=True)
    body = _get(client, _registrations(event.pk), token).json()
    # Lithuanian order: Ą after A, before B; Ž last.
    assert [i["id"] for i in body["items"]] == [waiting.pk, cancelled.pk, confirmed.pk]
    only = _get(client, _registrations(event.pk), token, status="waitlisted").json()
    assert [i["id"] for i in only["items"]] == [waiting.pk]
    _error(_get(client, _registrations(event.pk), token, status="kita"), 422, "invalid")


def test_a_draft_events_registrations_for_staff_and_unknown_events(client, secretary):
    draft = EventFactory(status=Event.Status.DRAFT)
    RegistrationFactory(event=draft)
    token = token_for(secretary, staff=True)
    assert _get(client, _registrations(draft.pk), token).json()["count"] == 1
    _error(_get(client, _registrations(draft.pk + 1000), token), 404, "not_found")


def test_the_board_may_not_read_registrations(client, board_member):
    event = EventFactory()
    _error(
        _get(client, _registrations(event.pk), token_for(board_member, staff=True)),
        403,
        "forbidden",
    )


def test_huge_pages_are_refused(client, secretary):
    event = EventFactory()
    response = _get(
        client, _registrations(event.pk), token_for(secretary, staff=True), page_size=1000
    )
    error = _error(response, 422, "invalid")
    assert error["details"][0]["field"] == "page_size"
