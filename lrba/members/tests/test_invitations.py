"""Invitations: sending (who may invite whom), the e-mail, and accepting the link."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lrba.accounts.models import User
from lrba.members.models import Employment, Invitation, Mandate
from lrba.members.services import invitations
from lrba.members.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PASSWORD = "Skaitykla-2026-rudenį"


def _link(message) -> str:
    match = re.search(r"https?://\S+(/paskyra/pakvietimas/[0-9a-f]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _accept_data(**extra):
    return {
        "first_name": "Rasa",
        "last_name": "Rūtenienė",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }


# Sending ------------------------------------------------------------------------------


def test_the_secretariat_invites_a_representative_in_lithuanian(
    staff_user, library_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.invitation_send(
            email="Rasa@Example.LT", library=library_a, role="representative", invited_by=staff_user
        )
    assert invitation.email == "rasa@example.lt"
    assert invitation.token_hash == Invitation.hash_token(invitation.token)
    (message,) = mail.outbox
    assert message.to == ["rasa@example.lt"]
    assert _link(message) == f"/paskyra/pakvietimas/{invitation.token}/"
    assert library_a.name in message.subject
    assert "Kilus klausimų" in message.body  # Lithuanian by default


def test_the_email_is_in_the_chosen_language(
    staff_user, library_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitation_send(
            email="x@example.lt",
            library=library_a,
            role="staff",
            invited_by=staff_user,
            language="en",
        )
    assert "Open this link to accept the invitation" in mail.outbox[0].body


def test_the_token_is_not_stored():
    invitation = factories.InvitationFactory()
    stored = Invitation.objects.filter(pk=invitation.pk).values()[0]
    assert invitation.token not in stored.values()


def test_a_representative_invites_staff_of_their_own_library(alice, library_a):
    invitation = invitations.invitation_send(
        email="kolega@example.lt", library=library_a, role="staff", invited_by=alice
    )
    assert invitation.invited_by == alice


@pytest.mark.parametrize(
    ("persona", "role"),
    [("alice", "representative"), ("bob", "staff"), ("carol", "staff"), ("dave", "staff")],
)
def test_others_may_not_invite(request, persona, role, library_a):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        invitations.invitation_send(
            email="x@example.lt", library=library_a, role=role, invited_by=user
        )
    assert not Invitation.objects.exists()


def test_a_second_open_invitation_to_the_same_address_is_refused(alice, library_a):
    invitations.invitation_send(
        email="x@example.lt", library=library_a, role="staff", invited_by=alice
    )
    with pytest.raises(ValidationError, match="already waiting"):
        invitations.invitation_send(
            email="X@example.lt", library=library_a, role="staff", invited_by=alice
        )


def test_an_expired_invitation_makes_way_for_a_new_one(alice, library_a):
    old = factories.InvitationFactory(
        library=library_a, email="x@example.lt", expires_at=timezone.now()
    )
    invitations.invitation_send(
        email="x@example.lt", library=library_a, role="staff", invited_by=alice
    )
    old.refresh_from_db()
    assert old.revoked_at is not None


def test_someone_who_already_works_there_is_not_invited_again(alice, bob, library_a):
    with pytest.raises(ValidationError, match="already works"):
        invitations.invitation_send(
            email="BOB@example.lt", library=library_a, role="staff", invited_by=alice
        )


def test_a_revoked_invitation_sends_no_mail(alice, library_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = invitations.invitation_send(
            email="x@example.lt", library=library_a, role="staff", invited_by=alice
        )
    invitations.invitation_revoke(invitation=invitation, by=alice)
    for callback in callbacks:
        callback()
    assert mail.outbox == []


# Accepting ----------------------------------------------------------------------------


def test_the_whole_flow_from_email_to_my_library(
    staff_client, library_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            f"/mano-biblioteka/{library_a.slug}/kvietimai/",
            {
                "invite-email": "rasa@example.lt",
                "invite-role": "representative",
                "invite-position": "direktorės pavaduotoja",
                "invite-language": "lt",
            },
        )
    link = _link(mail.outbox[0])
    browser = client_for(None)
    page = browser.get(link)
    assert page.status_code == 200
    assert library_a.name in page.content.decode()

    response = browser.post(link, _accept_data())
    assert response.status_code == 302
    assert response["Location"] == f"/mano-biblioteka/{library_a.slug}/"
    assert browser.get(response["Location"]).status_code == 200  # signed in, may edit

    user = User.objects.get(email="rasa@example.lt")
    assert user.full_name == "Rasa Rūtenienė" and user.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    employment = Employment.objects.get(person__user=user, library=library_a)
    assert employment.position == "direktorės pavaduotoja"
    mandate = Mandate.objects.get(person__user=user)
    assert mandate.kind == Mandate.Kind.AUTHORISED_EMPLOYEE and mandate.library == library_a
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at


def test_a_staff_member_lands_on_the_librarys_public_page(library_a, client_for):
    invitation = factories.InvitationFactory(library=library_a)
    browser = client_for(None)
    response = browser.post(f"/paskyra/pakvietimas/{invitation.token}/", _accept_data())
    assert response["Location"] == library_a.get_absolute_url()
    employment = Employment.objects.get(person__user__email=invitation.email)
    assert employment.position == "darbuotojas"
    assert not Mandate.objects.exists()


def test_a_weak_password_is_refused_and_nothing_is_created(library_a, client_for):
    invitation = factories.InvitationFactory(library=library_a)
    response = client_for(None).post(
        f"/paskyra/pakvietimas/{invitation.token}/",
        _accept_data(password1="123", password2="123"),
    )
    assert response.status_code == 400
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"expires_at": timezone.now() - datetime.timedelta(minutes=1)}, "has expired"),
        ({"revoked_at": timezone.now()}, "has been withdrawn"),
        ({"accepted_at": timezone.now()}, "has already been used"),
    ],
)
def test_an_unusable_link_is_refused_clearly(state, message, library_a, client_for):
    invitation = factories.InvitationFactory(library=library_a, **state)
    browser = client_for(None)
    browser.cookies["lrba_language"] = "en"
    url = f"/paskyra/pakvietimas/{invitation.token}/"
    assert browser.get(url).status_code == 410
    response = browser.post(url, _accept_data())
    assert response.status_code == 410
    assert message in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_an_unknown_link_is_not_found(client_for):
    response = client_for(None).get("/paskyra/pakvietimas/abc/")
    assert response.status_code == 404


def test_a_link_used_twice_makes_one_account(library_a, client_for):
    invitation = factories.InvitationFactory(library=library_a)
    url = f"/paskyra/pakvietimas/{invitation.token}/"
    assert client_for(None).post(url, _accept_data()).status_code == 302
    again = client_for(None).post(
        url, _accept_data(password1="Kitas-2026-x", password2="Kitas-2026-x")
    )
    assert again.status_code == 410
    assert User.objects.filter(email=invitation.email).count() == 1
    assert User.objects.get(email=invitation.email).check_password(PASSWORD)


def test_an_existing_account_in_another_letter_case_is_linked_not_duplicated(library_a, client_for):
    existing = factories.UserFactory(email="jonas@example.lt", password="senas")
    factories.PersonFactory(user=existing, email="jonas@example.lt")
    invitation = invitations.invitation_send(
        email="Jonas@EXAMPLE.lt",
        library=library_a,
        role="staff",
        invited_by=factories.UserFactory(is_superuser=True),
    )
    url = f"/paskyra/pakvietimas/{invitation.token}/"
    browser = client_for(None)
    page = browser.get(url)
    assert 'name="password1"' not in page.content.decode()  # no new password for this account
    response = browser.post(
        url, _accept_data(password1="Perimta-2026-x", password2="Perimta-2026-x")
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/paskyra/login/?next=")
    assert User.objects.filter(email__iexact="jonas@example.lt").count() == 1
    existing.refresh_from_db()
    assert existing.check_password("senas")  # the link did not change the password
    assert Employment.objects.filter(person__user=existing, library=library_a).exists()


def test_a_post_without_the_csrf_token_is_refused(library_a, client_for):
    invitation = factories.InvitationFactory(library=library_a)
    browser = client_for(None, enforce_csrf_checks=True)
    response = browser.post(f"/paskyra/pakvietimas/{invitation.token}/", _accept_data())
    assert response.status_code == 403
    assert not User.objects.filter(email=invitation.email).exists()


def test_revoking_an_accepted_invitation_is_refused(alice, library_a):
    invitation = factories.InvitationFactory(library=library_a, accepted_at=timezone.now())
    with pytest.raises(ValidationError):
        invitations.invitation_revoke(invitation=invitation, by=alice)


def test_the_director_accepting_a_representative_invitation_gets_no_extra_mandate(alice, library_a):
    invitation = factories.InvitationFactory(
        library=library_a, email="alice@example.lt", role="representative"
    )
    invitations.invitation_accept(token=invitation.token, password=None)
    assert not Mandate.objects.filter(person__user=alice).exists()
