"""Fetch-and-authorise helpers of the events app."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.roles import is_secretariat
from lrba.core.db import LithuanianOrder
from lrba.events.models import Event
from lrba.members.models import Library
from lrba.members.representatives import represented_libraries


def libraries_for_colleague_registration(user: Any) -> QuerySet[Library]:
    """The libraries whose staff `user` may register for events: the ones they represent."""
    return represented_libraries(user).order_by(LithuanianOrder("name"))


def access_library_for_colleague_registration(user: Any, slug: str) -> Library:
    library = get_object_or_404(Library, slug=slug)
    if (
        is_secretariat(user)
        or libraries_for_colleague_registration(user).filter(pk=library.pk).exists()
    ):
        return library
    raise PermissionDenied(_("Only the library's representatives may register its staff."))


def may_run_event_desk(user: Any) -> bool:
    """The secretariat and back-office staff work the registration desk on the day."""
    return bool(getattr(user, "is_staff", False)) or is_secretariat(user)


def access_event_for_checkin(user: Any, slug: str) -> Event:
    """The event whose check-in desk, participant lists, badges, attendance exports and
    feedback summary `user` may open; PermissionDenied for anyone but the desk staff."""
    if not may_run_event_desk(user):
        raise PermissionDenied(_("Only the secretariat works the registration desk."))
    return get_object_or_404(Event, slug=slug)
