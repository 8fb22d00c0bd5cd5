"""Roles are Django groups; this module names them and answers "may this user …?".

The groups and their permissions are created by migration 0004 and kept in step with new
apps' permissions after every `migrate` (see `role_permissions_sync`). A person may hold
several roles. Object-level access (a representative edits only their own library) is
decided in each app's `access.py`, using these helpers for the role half.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

SECRETARIAT = "Secretariat"
BOARD = "Board"
AUDITOR = "Auditor"
# Library representative and librarian are object-scoped roles, not groups: they follow
# from the register (employment, mandates, membership); see lrba.members.representatives.
LIBRARY_REPRESENTATIVE = "Library representative"
LIBRARIAN = "Librarian"

ROLE_NAMES = (SECRETARIAT, BOARD, AUDITOR)
# Roles that work in the back office: granting one also grants `is_staff`.
BACK_OFFICE_ROLES = (SECRETARIAT, AUDITOR)

# The apps whose records the back office roles work on. A new app adds its label here.
ROLE_APP_LABELS = ("core", "accounts", "members", "website", "events", "training")
# Permissions outside those apps, as (app_label, codename).
SECRETARIAT_EXTRA_PERMISSIONS = (("auditlog", "view_logentry"),)
AUDITOR_EXTRA_PERMISSIONS = (("auditlog", "view_logentry"),)

AnyUser = AbstractBaseUser | AnonymousUser


def _group_names(user: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_lrba_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._lrba_group_names = cached
    return cached


def is_secretariat(user: Any) -> bool:
    return getattr(user, "is_superuser", False) or SECRETARIAT in _group_names(user)


def is_board_member(user: Any) -> bool:
    return BOARD in _group_names(user)


def is_auditor(user: Any) -> bool:
    return AUDITOR in _group_names(user)


def requires_two_factor(user: Any) -> bool:
    """Back-office users and the holders of the governing roles must use 2FA."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(_group_names(user) & set(ROLE_NAMES))


def role_permissions(role: str, permissions: Iterable[Any]) -> list[Any]:
    """Which of `permissions` (Permission rows with content_type loaded) a role gets."""
    chosen = []
    for permission in permissions:
        app_label = permission.content_type.app_label
        key = (app_label, permission.codename)
        if role == SECRETARIAT:
            if app_label in ROLE_APP_LABELS or key in SECRETARIAT_EXTRA_PERMISSIONS:
                chosen.append(permission)
        elif role == AUDITOR:
            in_apps = app_label in ROLE_APP_LABELS and permission.codename.startswith("view_")
            if in_apps or key in AUDITOR_EXTRA_PERMISSIONS:
                chosen.append(permission)
        # The Board works through purpose-built pages (governance), not the admin.
    return chosen


def role_permissions_sync(*, group_model: Any, permission_model: Any) -> None:
    """Create the role groups and add the permissions they should have.

    Takes the models so the data migration can pass its historical ones. Only adds:
    a permission the secretariat removed by hand in the admin comes back on the next
    migrate, which is the point — the roles are defined here, not in the database.
    """
    permissions = list(permission_model.objects.select_related("content_type"))
    for role in ROLE_NAMES:
        group, _created = group_model.objects.get_or_create(name=role)
        group.permissions.add(*role_permissions(role, permissions))


@transaction.atomic
def role_grant(*, user: Any, role: str) -> None:
    """Give `user` a role; back-office roles also open the back office (`is_staff`)."""
    from django.contrib.auth.models import Group

    if role not in ROLE_NAMES:
        raise ValueError(f"Unknown role {role!r}")
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_lrba_group_names", None)
    staff_roles_grant_staff(user)


def staff_roles_grant_staff(user: Any) -> None:
    """Set `is_staff` for a user who holds a back-office role (idempotent)."""
    holds = user.groups.filter(name__in=BACK_OFFICE_ROLES).exists()
    if holds and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
