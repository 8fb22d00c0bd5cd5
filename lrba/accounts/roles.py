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

from lrba.core.plugins import staff_app_labels

SECRETARIAT = "Secretariat"
BOARD = "Board"
AUDITOR = "Auditor"
# Library representative and librarian are object-scoped roles, not groups: they follow
# from the register (employment, mandates, membership); see lrba.members.selectors.representatives.
LIBRARY_REPRESENTATIVE = "Library representative"
LIBRARIAN = "Librarian"

ROLE_NAMES = (SECRETARIAT, BOARD, AUDITOR)
# Roles that work in the back office: granting one also grants `is_staff`.
BACK_OFFICE_ROLES = (SECRETARIAT, AUDITOR)

# The apps whose records the back office roles work on: each app says so in its AppConfig
# (`staff_roles`, lrba.core.plugins).
ROLE_APP_LABELS = staff_app_labels()
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


def works_in_back_office(user: Any) -> bool:
    """Superusers and the holders of a back-office role (secretariat, auditor): the people
    whose `is_staff` the roles set (see `user_staff_derive`)."""
    return getattr(user, "is_superuser", False) or bool(_group_names(user) & set(BACK_OFFICE_ROLES))


def requires_two_factor(user: Any) -> bool:
    """Superusers and the holders of the association's roles (secretariat, Board,
    auditor) must use 2FA. Decided from the roles, not from `is_staff`."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
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
    """Give `user` a role; back-office roles also open the back office (`is_staff`, set
    by `user_staff_derive` through the `m2m_changed` signal on `User.groups`)."""
    from django.contrib.auth.models import Group

    if role not in ROLE_NAMES:
        raise ValueError(f"Unknown role {role!r}")
    user.groups.add(Group.objects.get(name=role))
    user.__dict__.pop("_lrba_group_names", None)
    user_staff_derive(user=user)


@transaction.atomic
def role_revoke(*, user: Any, role: str) -> None:
    """Take a role from `user`; losing the last back-office role closes the back office
    (`is_staff` cleared) unless they are a superuser."""
    from django.contrib.auth.models import Group

    if role not in ROLE_NAMES:
        raise ValueError(f"Unknown role {role!r}")
    user.groups.remove(Group.objects.get(name=role))
    user.__dict__.pop("_lrba_group_names", None)
    user_staff_derive(user=user)


def user_staff_derive(*, user: Any) -> bool:
    """Set `is_staff` from the roles: true for superusers and holders of a back-office
    role, false for everyone else. Saves only when it changes; returns the value.

    Called from every place the roles change — `role_grant`, `role_revoke`, the
    `m2m_changed` signal on `User.groups` (the admin's group widget, `groups.remove`,
    `groups.clear`) and the user admin's save — so `is_staff` is never set by hand.
    """
    holds = user.groups.filter(name__in=BACK_OFFICE_ROLES).exists()
    staff = bool(user.is_superuser or holds)
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    return staff
