"""Writes to a user's own account: the profile ("My account") and signed-in sessions."""

from typing import Any

from allauth.usersessions.models import UserSession
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from lrba.accounts.models import User
from lrba.core.audit import acting_as


def user_person(user: User) -> Any:
    """The members.Person linked to `user`, or None."""
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


@transaction.atomic
def user_update_profile(*, user: User, data: dict[str, Any]) -> User:
    """Save what "My account" edits: `full_name` and `language` on the user and, when a
    person is linked, their `first_name`, `last_name` and `phone` (normalised by
    `Person.clean`). Keys missing from `data` keep their value. The user is the actor
    in the change history."""
    with acting_as(user):
        for field in ("full_name", "language"):
            if field in data:
                setattr(user, field, data[field].strip())
        user.full_clean()
        user.save(update_fields=["full_name", "language"])
        person = user_person(user)
        if person is not None:
            person_fields = [f for f in ("first_name", "last_name", "phone") if f in data]
            for field in person_fields:
                setattr(person, field, data[field].strip())
            if person_fields:
                person.full_clean()
                person.save(update_fields=[*person_fields, "updated_at"])
    return user


def user_sessions_end_all(*, user: User) -> int:
    """End every session `user` has signed in with, on any device; returns how many.

    Relies on allauth's session tracking (`UserSessionsMiddleware`), which records each
    session on its first signed-in request. The caller logs the current request out too.
    """
    sessions = list(UserSession.objects.filter(user_id=user.pk))
    for session in sessions:
        session.end()
    return len(sessions)
