""" "My library" against every persona: the owner (alice, director of A), a colleague
without a mandate (bob, at A), the representative of another library (carol, B), a
stranger with an account (dave), an anonymous visitor, and the secretariat."""

import datetime

import pytest
from django.utils import timezone

from lrba.members.models import Employment, Invitation, Library
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def target(library_a):
    """A employee and a waiting invitation at library A, the objects the actions touch."""
    return {
        "employment": factories.EmploymentFactory(
            library=library_a, position="vyr. bibliotekininkė"
        ),
        "invitation": factories.InvitationFactory(library=library_a, email="nauja@example.lt"),
    }


def _requests(library, target):
    base = f"/mano-biblioteka/{library.slug}/"
    employment, invitation = target["employment"], target["invitation"]
    return {
        "page": ("get", base, {}),
        "end-confirm": ("get", f"{base}darbuotojai/{employment.pk}/pabaiga/", {}),
        "profile": ("post", base, {"city": "Naujoji Akmenė", "postal_code": "LT-85132"}),
        "add": (
            "post",
            f"{base}darbuotojai/",
            {
                "staff-first_name": "Ona",
                "staff-last_name": "Onaitė",
                "staff-position": "bibliotekininkė",
                "staff-start_date": "2026-01-05",
            },
        ),
        "end": (
            "post",
            f"{base}darbuotojai/{employment.pk}/pabaiga/",
            {"end_date": TODAY.isoformat()},
        ),
        "invite": (
            "post",
            f"{base}kvietimai/",
            {"invite-email": "kolege@example.lt", "invite-language": "lt"},
        ),
        "revoke": ("post", f"{base}kvietimai/{invitation.pk}/atsaukti/", {}),
    }


def _snapshot(library):
    library = Library.objects.get(pk=library.pk)
    return (
        library.city,
        Employment.objects.filter(library=library).count(),
        Employment.objects.filter(library=library, end_date__isnull=False).count(),
        Invitation.objects.filter(library=library).count(),
        Invitation.objects.filter(library=library, revoked_at__isnull=False).count(),
    )


ACTIONS = ["page", "end-confirm", "profile", "add", "end", "invite", "revoke"]


@pytest.mark.parametrize("action", ACTIONS)
def test_the_owner_may_do_everything(action, alice, library_a, target, client_for):
    method, url, data = _requests(library_a, target)[action]
    before = _snapshot(library_a)
    response = getattr(client_for(alice), method)(url, data)
    if method == "get":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert _snapshot(library_a) != before


@pytest.mark.parametrize("action", ACTIONS)
def test_the_secretariat_may_do_everything(action, staff_client, library_a, target):
    method, url, data = _requests(library_a, target)[action]
    response = getattr(staff_client, method)(url, data)
    assert response.status_code == (200 if method == "get" else 302)


@pytest.mark.parametrize("persona", ["bob", "carol", "dave"])
@pytest.mark.parametrize("action", ACTIONS)
def test_others_are_refused_and_nothing_changes(
    request, persona, action, library_a, target, client_for
):
    user = request.getfixturevalue(persona)
    method, url, data = _requests(library_a, target)[action]
    before = _snapshot(library_a)
    response = getattr(client_for(user), method)(url, data)
    assert response.status_code == 403
    assert _snapshot(library_a) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_an_anonymous_visitor_is_sent_to_sign_in(action, library_a, target, client_for):
    method, url, data = _requests(library_a, target)[action]
    before = _snapshot(library_a)
    response = getattr(client_for(None), method)(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith("/paskyra/login/")
    assert _snapshot(library_a) == before


def test_the_refusal_is_in_the_users_language(bob, library_a, client_for):
    client = client_for(bob)
    client.cookies["lrba_language"] = "en"
    response = client.get(f"/mano-biblioteka/{library_a.slug}/")
    assert response.status_code == 403
    assert "Only the library&#x27;s representatives may change" in response.content.decode()


def test_a_forged_post_for_another_librarys_employment_changes_nothing(
    alice, carol, library_a, library_b, client_for
):
    theirs = Employment.objects.get(person__user=carol)
    response = client_for(alice).post(
        f"/mano-biblioteka/{library_a.slug}/darbuotojai/{theirs.pk}/pabaiga/",
        {"end_date": TODAY.isoformat()},
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.end_date is None


def test_an_employment_under_the_wrong_librarys_address_is_not_found(
    staff_client, carol, library_a
):
    theirs = Employment.objects.get(person__user=carol)
    response = staff_client.post(
        f"/mano-biblioteka/{library_a.slug}/darbuotojai/{theirs.pk}/pabaiga/",
        {"end_date": TODAY.isoformat()},
    )
    assert response.status_code == 404


def test_a_representative_cannot_rename_the_library(alice, library_a, client_for):
    client_for(alice).post(
        f"/mano-biblioteka/{library_a.slug}/",
        {"name": "Pervadinta", "legal_entity_code": "111111111", "city": "Akmenė"},
    )
    library_a.refresh_from_db()
    assert library_a.name == "Akmenės rajono savivaldybės viešoji biblioteka"
    assert library_a.city == "Akmenė"


def test_the_profile_text_is_sanitised(alice, library_a, client_for):
    client_for(alice).post(
        f"/mano-biblioteka/{library_a.slug}/",
        {"description": "<p>Sveiki</p><script>alert(1)</script>"},
    )
    library_a.refresh_from_db()
    assert library_a.description == "<p>Sveiki</p>"


def test_a_bad_profile_keeps_what_was_typed(alice, library_a, client_for):
    response = client_for(alice).post(
        f"/mano-biblioteka/{library_a.slug}/", {"city": "Akmenė", "postal_code": "neteisingas"}
    )
    assert response.status_code == 400
    assert 'value="Akmenė"' in response.content.decode()


def test_a_post_without_the_csrf_token_is_refused(alice, library_a, client_for):
    client = client_for(alice, enforce_csrf_checks=True)
    response = client.post(f"/mano-biblioteka/{library_a.slug}/", {"city": "Kitur"})
    assert response.status_code == 403
    assert "<h1>" in response.content.decode()  # the site's own page, not Django's bare one
    library_a.refresh_from_db()
    assert library_a.city == "Šiauliai"


def test_my_library_opens_the_only_library_at_once(alice, library_a, client_for):
    response = client_for(alice).get("/mano-biblioteka/")
    assert response.status_code == 302
    assert response["Location"] == f"/mano-biblioteka/{library_a.slug}/"


def test_my_library_lists_several_libraries(alice, library_b, client_for):
    person = alice.person
    factories.MandateFactory(person=person, library=library_b)
    response = client_for(alice).get("/mano-biblioteka/")
    assert response.status_code == 200
    assert library_b.name in response.content.decode()


def test_my_library_tells_a_colleague_without_a_mandate_what_to_do(bob, client_for):
    client = client_for(bob)
    client.cookies["lrba_language"] = "en"
    response = client.get("/mano-biblioteka/")
    assert response.status_code == 200
    assert "You do not represent any library" in response.content.decode()


def test_the_staff_list_shows_current_and_former_employees(alice, bob, library_a, client_for):
    factories.EmploymentFactory(
        library=library_a,
        person=factories.PersonFactory(last_name="Buvusė"),
        end_date=TODAY - datetime.timedelta(days=30),
    )
    html = client_for(alice).get(f"/mano-biblioteka/{library_a.slug}/").content.decode()
    assert "Bitinas" in html and "Buvusė" in html


def test_ending_an_employment_first_asks_for_the_date(alice, bob, library_a, client_for):
    employment = Employment.objects.get(person__user=bob)
    url = f"/mano-biblioteka/{library_a.slug}/darbuotojai/{employment.pk}/pabaiga/"
    response = client_for(alice).get(url)
    assert response.status_code == 200
    employment.refresh_from_db()
    assert employment.end_date is None
    response = client_for(alice).post(url, {"end_date": "2019-01-01"})
    assert response.status_code == 400  # before the employment began
    employment.refresh_from_db()
    assert employment.end_date is None


def test_a_representative_may_not_invite_another_representative(alice, library_a, client_for):
    client_for(alice).post(
        f"/mano-biblioteka/{library_a.slug}/kvietimai/",
        {"invite-email": "x@example.lt", "invite-language": "lt", "invite-role": "representative"},
    )
    assert Invitation.objects.get(email="x@example.lt").role == Invitation.Role.STAFF
