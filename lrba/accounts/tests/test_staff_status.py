"""`is_staff` follows the roles, two-factor follows the roles, and only a superuser may
touch a superuser (issue 7, point 10)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lrba.accounts import roles
from lrba.accounts.access import has_permission, staff_page
from lrba.accounts.models import User
from lrba.accounts.tests.factories import totp_activate

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


# is_staff --------------------------------------------------------------------------------


def test_revoking_the_last_back_office_role_closes_the_back_office(dave):
    roles.role_grant(user=dave, role=roles.AUDITOR)
    assert _fresh(dave).is_staff
    roles.role_revoke(user=dave, role=roles.AUDITOR)
    assert not _fresh(dave).is_staff


def test_revoking_one_of_two_back_office_roles_keeps_the_back_office_open(dave):
    roles.role_grant(user=dave, role=roles.AUDITOR)
    roles.role_grant(user=dave, role=roles.SECRETARIAT)
    roles.role_revoke(user=dave, role=roles.AUDITOR)
    assert _fresh(dave).is_staff


def test_removing_the_group_directly_clears_is_staff_too(dave):
    roles.role_grant(user=dave, role=roles.SECRETARIAT)
    dave.groups.remove(Group.objects.get(name=roles.SECRETARIAT))
    assert not _fresh(dave).is_staff


def test_clearing_a_users_groups_clears_is_staff(dave):
    roles.role_grant(user=dave, role=roles.SECRETARIAT)
    dave.groups.clear()
    assert not _fresh(dave).is_staff


def test_emptying_the_group_from_its_side_clears_is_staff(dave):
    roles.role_grant(user=dave, role=roles.AUDITOR)
    Group.objects.get(name=roles.AUDITOR).user_set.clear()
    assert not _fresh(dave).is_staff


def test_adding_the_group_directly_opens_the_back_office(dave):
    dave.groups.add(Group.objects.get(name=roles.AUDITOR))
    assert _fresh(dave).is_staff


def test_the_board_alone_does_not_open_the_back_office(dave):
    roles.role_grant(user=dave, role=roles.BOARD)
    assert not _fresh(dave).is_staff


def test_a_superuser_keeps_is_staff_without_any_role(staff_user):
    staff_user.groups.add(Group.objects.get(name=roles.AUDITOR))
    staff_user.groups.clear()
    assert _fresh(staff_user).is_staff


def test_removing_the_role_in_the_user_admin_clears_is_staff(staff_client, dave):
    roles.role_grant(user=dave, role=roles.SECRETARIAT)
    url = reverse("admin:accounts_user_change", args=[dave.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and key not in ("groups", "password")
    }
    data.update(
        {
            "email": dave.email,
            "full_name": dave.full_name,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        }
    )
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not _fresh(dave).is_staff


def test_is_staff_cannot_be_ticked_by_hand_in_the_user_admin(staff_client, dave):
    url = reverse("admin:accounts_user_change", args=[dave.pk])
    form = staff_client.get(url).context["adminform"].form
    assert "is_staff" not in form.fields


# Two-factor ------------------------------------------------------------------------------


def test_two_factor_follows_the_roles_not_is_staff(dave):
    dave.is_staff = True  # as a stale flag from before the roles derived it
    dave.save()
    assert not roles.requires_two_factor(dave)
    roles.role_grant(user=dave, role=roles.BOARD)
    assert roles.requires_two_factor(_fresh(dave))


def test_a_staff_page_sends_a_role_without_two_factor_to_set_it_up(rf, settings, dave):
    from lrba.accounts.middleware import RequireTwoFactorMiddleware

    roles.role_grant(user=dave, role=roles.AUDITOR)

    @staff_page
    def page(request):
        raise AssertionError("must not run")

    request = rf.get("/bet-kur/")
    request.user = _fresh(dave)
    request.session = {}
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    request.resolver_match = None
    response = RequireTwoFactorMiddleware(lambda r: None).process_view(request, page, [], {})
    assert response is not None and response["Location"] == reverse("mfa_activate_totp")
    totp_activate(dave)
    request.user = _fresh(dave)
    assert RequireTwoFactorMiddleware(lambda r: None).process_view(request, page, [], {}) is None


def test_an_unmarked_page_asks_nobody_for_two_factor(rf, dave):
    from lrba.accounts.middleware import RequireTwoFactorMiddleware

    roles.role_grant(user=dave, role=roles.AUDITOR)
    request = rf.get("/bet-kur/")
    request.user = _fresh(dave)
    request.resolver_match = None
    page = lambda request: None  # noqa: E731
    assert RequireTwoFactorMiddleware(lambda r: None).process_view(request, page, [], {}) is None


def test_permissions_come_from_the_role_not_from_is_staff(dave):
    dave.is_staff = True
    dave.save()
    assert not has_permission(_fresh(dave), "events.view_registration")
    roles.role_grant(user=dave, role=roles.AUDITOR)
    auditor = _fresh(dave)
    assert has_permission(auditor, "events.view_registration")
    assert not has_permission(auditor, "events.change_registration")


# Superusers ------------------------------------------------------------------------------


@pytest.fixture
def secretariat_client(client_for, secretary):
    return client_for(secretary)


@pytest.fixture
def superuser():
    """Another superuser than staff_user (the root persona), whose power is at stake."""
    return User.objects.create_superuser(email="vadove@example.lt", password="senas-slaptazodis")


NEW_PASSWORD = "Naujas-slaptazodis-1"


def _set_password(client, user: User):
    """Post the back office's set-password form for `user`, complete and valid, so that
    only the permission decides."""
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    return client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )


def test_the_secretariat_cannot_change_a_superusers_password(secretariat_client, superuser):
    response = _set_password(secretariat_client, superuser)
    assert response.status_code == 403
    assert _fresh(superuser).check_password("senas-slaptazodis")


def test_the_secretariat_cannot_edit_a_superuser(secretariat_client, superuser):
    url = reverse("admin:accounts_user_change", args=[superuser.pk])
    response = secretariat_client.post(url, {"email": "kitas@example.lt", "is_active": ""})
    assert response.status_code == 403
    assert _fresh(superuser).email == "vadove@example.lt"
    assert _fresh(superuser).is_active


def test_the_secretariat_cannot_delete_a_superuser(secretariat_client, superuser):
    url = reverse("admin:accounts_user_delete", args=[superuser.pk])
    assert secretariat_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:accounts_user_changelist")
    secretariat_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [superuser.pk], "post": "yes"}
    )
    assert User.objects.filter(pk=superuser.pk).exists()


def test_the_secretariat_cannot_make_someone_a_superuser(secretariat_client, dave):
    url = reverse("admin:accounts_user_change", args=[dave.pk])
    form = secretariat_client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields


def test_the_secretariat_still_changes_an_ordinary_users_password(secretariat_client, dave):
    response = _set_password(secretariat_client, dave)
    assert response.status_code == 302
    assert _fresh(dave).check_password(NEW_PASSWORD)


def test_a_superuser_changes_another_superusers_password(staff_client, superuser):
    response = _set_password(staff_client, superuser)
    assert response.status_code == 302
    assert _fresh(superuser).check_password(NEW_PASSWORD)


# The header ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"), [(roles.AUDITOR, True), (roles.SECRETARIAT, True), (roles.BOARD, False)]
)
def test_the_header_links_to_the_back_office_by_role(client_for, role, shown, dave):
    roles.role_grant(user=dave, role=role)
    totp_activate(dave)
    html = client_for(_fresh(dave)).get(reverse("accounts:my_account")).content.decode()
    assert (f'href="{reverse("admin:index")}"' in html) is shown


def test_a_stale_is_staff_flag_shows_no_back_office_link(client_for, dave):
    User.objects.filter(pk=dave.pk).update(is_staff=True)  # as before the roles derived it
    html = client_for(_fresh(dave)).get(reverse("accounts:my_account")).content.decode()
    assert f'href="{reverse("admin:index")}"' not in html


@pytest.mark.parametrize(("role", "shown"), [(roles.SECRETARIAT, True), (roles.AUDITOR, False)])
def test_the_about_page_offers_editing_to_whoever_may_change_pages(client_for, role, shown, dave):
    roles.role_grant(user=dave, role=role)
    html = client_for(_fresh(dave)).get(reverse("website:about")).content.decode()
    assert ("/admin/website/page/" in html) is shown
