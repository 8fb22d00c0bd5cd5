"""My account → access tokens: creating one (shown once), listing, revoking, and the
"My account" section; only a person's own tokens, only for a signed-in person."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.api.models import AccessToken
from lrba.api.tests.factories import AccessTokenFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api_tokens:list")
CREATE = reverse("api_tokens:create")


def _in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _create(client, **fields):
    data = {"name": "Bibliotekos svetainė", "scope": "read", "expires_on": _in(30)} | fields
    return client.post(CREATE, data)


def test_the_pages_need_a_signed_in_person(client, alice):
    token = AccessTokenFactory(user=alice)
    for response in (
        client.get(LIST),
        _create(client),
        client.get(reverse("api_tokens:revoke", args=[token.pk])),
        client.post(reverse("api_tokens:revoke", args=[token.pk])),
    ):
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert AccessToken.objects.count() == 1
    assert AccessToken.objects.get().revoked_at is None


def test_the_list_offers_a_form_with_a_ninety_day_expiry_and_no_staff_box_for_a_member(
    client_for, alice
):
    response = client_for(alice).get(LIST)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["expires_on"].value() == timezone.localdate() + timedelta(days=90)
    assert "staff" not in form.fields
    assert 'name="staff"' not in response.content.decode()
    assert lt("You have no access tokens yet.") in response.content.decode()


def test_a_holder_of_the_associations_roles_is_offered_a_staff_token(client_for, secretary):
    response = client_for(secretary).get(LIST)
    assert 'name="staff"' in response.content.decode()


def test_creating_shows_the_key_once_and_stores_only_its_hash(client_for, alice):
    client = client_for(alice)
    response = _create(client, scope="write")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = response.context["key"]
    assert key.startswith("lrba_")
    page = response.content.decode()
    assert key in page
    assert lt("Copy the token now: it will not be shown again.") in page
    token = AccessToken.objects.get(user=alice)
    assert token.name == "Bibliotekos svetainė"
    assert token.scope == AccessToken.Scope.WRITE
    assert token.staff is False
    assert token.key_hash == AccessToken.hash_of(key)
    assert key.startswith(token.prefix)
    assert timezone.localtime(token.expires_at).date() == timezone.localdate() + timedelta(30)
    # The key works at once, and is never shown again.
    listing = client.get(LIST).content.decode()
    assert token.prefix in listing
    assert key not in listing
    assert key not in client.get(reverse("accounts:my_account")).content.decode()


def test_the_api_accepts_the_created_key(client_for, alice):
    key = _create(client_for(alice)).context["key"]
    response = client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert response.json()["email"] == alice.email
    assert response.json()["token"]["name"] == "Bibliotekos svetainė"


def test_a_staff_token_is_created_for_a_role_holder(client_for, secretary):
    _create(client_for(secretary), staff="on")
    assert AccessToken.objects.get(user=secretary).staff is True


def test_a_member_cannot_smuggle_a_staff_token_through_the_form(client_for, alice):
    response = _create(client_for(alice), staff="on")
    assert response.status_code == 200
    assert AccessToken.objects.get(user=alice).staff is False


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "This field is required."),
        ({"expires_on": _in(0)}, "expires_on", "The expiry date must be in the future."),
        ({"expires_on": "rytoj"}, "expires_on", "Enter a valid date."),
        ({"scope": "admin"}, "scope", None),
    ],
)
def test_bad_input_is_refused_on_the_form_and_creates_nothing(
    client_for, alice, fields, field, message
):
    response = _create(client_for(alice), **fields)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert lt(message) in errors[field]
    assert "key" not in response.context
    assert AccessToken.objects.count() == 0


def test_the_services_refusal_shows_on_the_form(client_for, alice, settings, english):
    settings.LRBA_API_TOKEN_MAX_DAYS = 30
    response = _create(client_for(alice), expires_on=_in(31))
    assert response.status_code == 400
    assert response.context["form"].errors["expires_on"] == [
        lt("A token may live at most %(days)d days.") % {"days": 30}
    ]
    assert AccessToken.objects.count() == 0


def test_the_limit_of_usable_tokens_is_shown_above_the_form(client_for, alice, english):
    AccessTokenFactory.create_batch(20, user=alice)
    response = _create(client_for(alice))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        lt("You have %(count)d usable tokens: revoke one you no longer use first.") % {"count": 20}
    ]
    assert AccessToken.objects.filter(user=alice).count() == 20


def test_the_list_shows_each_tokens_facts_and_state(client_for, alice):
    now = timezone.now()
    AccessTokenFactory(user=alice, name="Skaičiuoklė", last_used_at=now)
    AccessTokenFactory(user=alice, name="Senas scenarijus", revoked_at=now)
    AccessTokenFactory(user=alice, name="Pasenęs", expires_at=now - timedelta(days=1))
    page = client_for(alice).get(LIST).content.decode()
    for text in ("Skaičiuoklė", "Senas scenarijus", "Pasenęs"):
        assert text in page
    assert lt("usable") in page
    assert lt("revoked") in page
    assert lt("expired") in page
    # Only the usable token can be revoked.
    assert page.count(lt("Revoke")) >= 1
    revoke_links = [
        reverse("api_tokens:revoke", args=[t.pk]) for t in AccessToken.objects.filter(user=alice)
    ]
    assert sum(link in page for link in revoke_links) == 1


def test_nobody_sees_another_persons_tokens(client_for, alice, bob):
    AccessTokenFactory(user=alice, name="Alės programa")
    assert "Alės programa" not in client_for(bob).get(LIST).content.decode()


def test_revoking_asks_first_then_revokes(client_for, alice):
    token = AccessTokenFactory(user=alice, name="Skaičiuoklė")
    client = client_for(alice)
    url = reverse("api_tokens:revoke", args=[token.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Skaičiuoklė" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == LIST
    token.refresh_from_db()
    assert token.revoked_at is not None
    # The API refuses it from now on.
    answer = client_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token.key}")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "token_revoked"


def test_revoking_a_revoked_token_changes_nothing(client_for, alice):
    revoked_at = timezone.now() - timedelta(days=2)
    token = AccessTokenFactory(user=alice, revoked_at=revoked_at)
    response = client_for(alice).post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at == revoked_at


def test_another_persons_token_is_not_found(client_for, alice, bob):
    token = AccessTokenFactory(user=alice)
    url = reverse("api_tokens:revoke", args=[token.pk])
    client = client_for(bob)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_creating_is_a_post_only_and_revoking_takes_no_other_method(client_for, alice):
    client = client_for(alice)
    assert client.get(CREATE).status_code == 405
    token = AccessTokenFactory(user=alice)
    assert client.delete(reverse("api_tokens:revoke", args=[token.pk])).status_code == 405


def test_my_account_lists_the_usable_tokens_and_links_to_them(client_for, alice):
    AccessTokenFactory(user=alice, name="Skaičiuoklė")
    AccessTokenFactory(user=alice, name="Atšauktas", revoked_at=timezone.now())
    page = client_for(alice).get(reverse("accounts:my_account")).content.decode()
    assert lt("Access tokens for programs") in page
    assert "Skaičiuoklė" in page
    assert "Atšauktas" not in page
    assert LIST in page


def test_my_account_says_when_no_program_may_act(client_for, dave):
    page = client_for(dave).get(reverse("accounts:my_account")).content.decode()
    assert lt("No program may act for you: you have no usable access token.") in page
