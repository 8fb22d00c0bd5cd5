import pytest
from django.contrib.auth.models import Group

from lrba.accounts import roles
from lrba.accounts.models import AuthEvent

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLE_NAMES)


def test_the_secretariat_may_change_the_register_and_read_the_history():
    codenames = set(
        Group.objects.get(name=roles.SECRETARIAT).permissions.values_list("codename", flat=True)
    )
    assert {"change_library", "add_membership", "view_logentry", "change_user"} <= codenames


def test_the_auditor_may_only_look():
    permissions = Group.objects.get(name=roles.AUDITOR).permissions.all()
    assert permissions.exists()
    assert all(p.codename.startswith("view_") for p in permissions)
    assert permissions.filter(codename="view_logentry").exists()


def test_granting_the_auditor_role_opens_the_back_office(member_user):
    roles.role_grant(user=member_user, role=roles.AUDITOR)
    member_user.refresh_from_db()
    assert member_user.is_staff
    assert roles.is_auditor(member_user) and not roles.is_secretariat(member_user)
    assert roles.requires_two_factor(member_user)


def test_a_board_member_needs_two_factors_but_not_the_back_office(member_user):
    roles.role_grant(user=member_user, role=roles.BOARD)
    member_user.refresh_from_db()
    assert roles.is_board_member(member_user) and not member_user.is_staff
    assert roles.requires_two_factor(member_user)


def test_a_plain_member_needs_no_second_factor(member_user):
    assert not roles.requires_two_factor(member_user)


def test_the_sign_in_audit_is_read_only_in_the_back_office(staff_client):
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN_FAILED, email="x@example.lt")
    response = staff_client.get("/admin/accounts/authevent/?q=x%40example")
    assert response.status_code == 200
    assert "x@example.lt" in response.content.decode()
    assert staff_client.get("/admin/accounts/authevent/add/").status_code == 403


def test_the_change_history_filters_and_searches(staff_client, staff_user):
    response = staff_client.get(f"/admin/auditlog/logentry/?actor__id__exact={staff_user.pk}&q=a")
    assert response.status_code == 200
