"""Every URL walked as the association's roles (issue 7, point 1).

(a) The auditor reads and never writes: a POST to any URL of the project, as an auditor
    with two-factor set up and real objects behind every parameter, changes nothing in the
    database and sends no mail (but on the auditor's own self-service, SELF_SERVICE), and
    every staff page of the site refuses it (403/405).
(b) Two-factor belongs to the roles: every staff page (a view marked
    `lrba.accounts.access.staff_page`, and every page of the back office) sends the
    secretariat and the auditor to set up an authenticator app when they have none.

The route walk is the one of test_url_access (every pattern, every parameter filled).
"""

from typing import Any

import pytest
from django.core import mail
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

from lrba.accounts import roles
from lrba.accounts.access import is_staff_page
from lrba.accounts.tests.factories import MODEL_BACKEND
from tests.staff_access import (
    SLUG,
    database_fingerprint,
    fingerprint_diff,
    url_samples,
    world,
)
from tests.test_url_access import ADMIN_SIGN_IN, SIGN_IN, Route, _routes

pytestmark = pytest.mark.django_db

TOTP_SETUP = "/paskyra/2fa/totp/activate/"

# The auditor's own self-service: the only addresses where a POST of theirs may change
# something, each because it changes only their own account. Not posted to in the walk.
SELF_SERVICE = {
    # Signing out ends only their own sessions.
    "accounts:logout": "signs the auditor out",
    "account_logout": "signs the auditor out",
    "admin:logout": "signs the auditor out",
    "accounts:sign_out_everywhere": "ends the auditor's own other sessions",
    "usersessions_list": "ends the auditor's own other sessions",
    # Their own account.
    "accounts:my_account": "the auditor's own name and language",
    "set_language": "the auditor's own language",
    "account_email": "the auditor's own e-mail addresses",
    "account_change_password": "the auditor's own password",
    "account_set_password": "the auditor's own password",
    "admin:password_change": "the auditor's own password",
    "account_reauthenticate": "confirms the auditor's own password before a sensitive step",
    "account_request_reauthentication_code": "confirms the auditor's own identity",
    "account_confirm_reauthentication_code": "confirms the auditor's own identity",
    # Their own two-factor authentication.
    "mfa_index": "the auditor's own two-factor authentication",
    "mfa_reauthenticate": "confirms the auditor's own second factor",
    "mfa_activate_totp": "the auditor's own authenticator app",
    "mfa_deactivate_totp": "the auditor's own authenticator app",
    "mfa_view_recovery_codes": "the auditor's own recovery codes",
    "mfa_generate_recovery_codes": "the auditor's own recovery codes",
    "mfa_download_recovery_codes": "the auditor's own recovery codes",
    # Their own personal data, as a data subject like anyone else.
    "accounts:my_data": "the auditor's own personal data",
    "accounts:my_data_download": "the auditor's own personal data",
    "accounts:my_consent": "the auditor's own consents",
    "accounts:my_erasure_request": "the auditor's own erasure request",
}

# Staff pages that answer the auditor's POST without a refusal, and without writing.
STAFF_PAGES_ANSWERING_POST = {
    # A participant's QR code: whoever does not work the desk is sent to the registration.
    "events:checkin_scan": "not the desk: sent to the personal registration page",
}


# What a page needs in its POST to reach its access check rather than a 404 before it.
POST_DATA = {"events:colleagues_register": {"library": SLUG}}


def _paths(routes: list[Route], samples: dict[str, str]) -> list[tuple[Route, str]]:
    """Each route's address with the parameters naming real objects (see world())."""
    filled = []
    for route in routes:
        path = route.path
        try:
            match = resolve(route.path)
            kwargs = {key: samples.get(key, value) for key, value in match.kwargs.items()}
            path = reverse(match.view_name, kwargs=kwargs) if match.view_name else path
        except (Resolver404, NoReverseMatch):
            pass
        filled.append((route, path))
    return filled


@pytest.fixture
def staff_routes() -> list[Route]:
    found = list(_routes(get_resolver(), "/", "", SLUG))
    assert len(found) > 50, "the walk missed most of the URL configuration"
    return found


@pytest.fixture
def objects(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world()


def _refused(response: Any) -> bool:
    if response.status_code in (403, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith((SIGN_IN, ADMIN_SIGN_IN))


def _is_staff_route(route: Route) -> bool:
    if route.path.startswith("/admin/"):
        return True
    try:
        return is_staff_page(resolve(route.path).func)
    except Resolver404:
        return False


def test_no_post_of_the_auditor_succeeds_anywhere(
    client, staff_routes, objects, auditor, django_capture_on_commit_callbacks
):
    assert SELF_SERVICE.keys() <= {route.name for route in staff_routes}, "stale allowlist"
    failures = []
    for route, path in _paths(staff_routes, url_samples(objects)):
        if route.name in SELF_SERVICE:
            continue
        client.force_login(auditor, backend=MODEL_BACKEND)
        before = database_fingerprint()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(path, POST_DATA.get(route.name, {}))
        changed = fingerprint_diff(before, database_fingerprint())
        # Pages for everyone may show a form again (an empty POST is not valid); the back
        # office shows a view-only user its lists again (its permission checks refuse the
        # writes). A staff page of the site itself must refuse the auditor outright.
        must_refuse = (
            _is_staff_route(route)
            and not route.path.startswith("/admin/")
            and route.name not in STAFF_PAGES_ANSWERING_POST
        )
        if changed or mail.outbox or (must_refuse and not _refused(response)):
            failures.append((route.name, path, response.status_code, changed))
        mail.outbox.clear()
    assert not failures, f"The auditor's POST went through: {failures}"


def test_the_auditor_reads_the_participant_lists_but_cannot_check_anyone_in(
    client, objects, auditor
):
    client.force_login(auditor, backend=MODEL_BACKEND)
    assert client.get(f"/renginiai/{SLUG}/dalyviai.pdf").status_code == 200
    assert client.get(f"/renginiai/{SLUG}/lankomumas.csv").status_code == 200
    registration = objects["registration"]
    response = client.post(reverse("events:checkin_mark", args=[SLUG, registration.pk]))
    assert response.status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize("role", [roles.SECRETARIAT, roles.AUDITOR])
def test_every_staff_page_sends_a_role_without_two_factor_to_set_it_up(
    client, staff_routes, objects, role, role_holder_without_two_factor
):
    person = role_holder_without_two_factor(role)
    client.force_login(person, backend=MODEL_BACKEND)
    staff = [(r, p) for r, p in _paths(staff_routes, url_samples(objects)) if _is_staff_route(r)]
    names = {route.name for route, _path in staff}
    # The pages the code as it was let through without two-factor.
    assert {"events:checkin", "events:checkin_mark", "training:overview"} <= names
    failures = []
    for route, path in staff:
        response = client.get(path)
        if response.status_code != 302 or response["Location"] != TOTP_SETUP:
            failures.append((route.name, path, response.status_code))
    assert not failures, f"Staff pages open without two-factor: {failures}"


@pytest.mark.parametrize("role", [roles.SECRETARIAT, roles.AUDITOR])
def test_the_check_in_desk_and_the_training_reports_demand_two_factor(
    client, objects, role, role_holder_without_two_factor
):
    """The pages the probe opened without two-factor (they were outside the URL prefixes
    the old middleware knew)."""
    person = role_holder_without_two_factor(role)
    client.force_login(person, backend=MODEL_BACKEND)
    for path in (
        reverse("events:checkin", args=[SLUG]),
        reverse("events:participant_sheet", args=[SLUG]),
        reverse("training:overview"),
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == TOTP_SETUP


@pytest.mark.parametrize("role", [roles.SECRETARIAT, roles.BOARD, roles.AUDITOR])
def test_outside_staff_pages_a_role_without_two_factor_gets_only_what_anyone_gets(
    client_for, staff_routes, objects, role, role_holder_without_two_factor, dave
):
    """A page that grants more because of a role must be a staff page (so the role's
    two-factor applies there): elsewhere, a role holder without two-factor is answered
    like a signed-in user without any role."""
    holder = client_for(role_holder_without_two_factor(role))
    nobody = client_for(dave)  # signed in, without any role
    differ = []
    for route, path in _paths(staff_routes, url_samples(objects)):
        if _is_staff_route(route) or route.name in SELF_SERVICE:
            continue
        with_role, without = holder.get(path), nobody.get(path)
        if with_role.status_code != without.status_code:
            differ.append((route.name, path, with_role.status_code, without.status_code))
    assert not differ, f"Pages that grant a role more but are not staff pages: {differ}"


def test_a_librarian_without_roles_is_not_asked_for_two_factor_on_staff_pages(
    client, staff_routes, objects, member_user
):
    client.force_login(member_user, backend=MODEL_BACKEND)
    response = client.get(reverse("events:checkin", args=[SLUG]))
    assert response.status_code == 403
    response = client.get(reverse("training:overview"))
    assert response.status_code == 403
