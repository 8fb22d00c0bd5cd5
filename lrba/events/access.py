"""Fetch-and-authorise helpers of the events app."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission, permission_require
from lrba.accounts.roles import is_secretariat
from lrba.core.db import LithuanianOrder
from lrba.events.models import Attachment, Event, Registration
from lrba.events.selectors.registrations import registrations_of_user_filter
from lrba.members.models import Library
from lrba.members.selectors.representatives import represented_libraries


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


# The registration desk and the lists behind it. Read and write apart: the auditor (view
# permissions only) reads the participant lists, badges, exports and feedback; only
# whoever may change registrations (the secretariat) works the desk.
DESK_READ_PERMISSION = "events.view_registration"
DESK_WRITE_PERMISSION = "events.change_registration"


def may_work_event_desk(user: Any) -> bool:
    """Whether `user` may check participants in (the desk, a scanned QR code)."""
    return has_permission(user, DESK_WRITE_PERMISSION)


def access_event_for_desk(user: Any, slug: str) -> Event:
    """The event whose participant lists, badges, attendance exports and feedback summary
    `user` may read; PermissionDenied for anyone without the view permission."""
    permission_require(
        user, DESK_READ_PERMISSION, _("Only the secretariat and the auditor see the participants.")
    )
    return get_object_or_404(Event, slug=slug)


def access_rw_event_for_desk(user: Any, slug: str) -> Event:
    """The event whose check-in desk `user` may work (mark arrivals, undo them)."""
    permission_require(
        user, DESK_WRITE_PERMISSION, _("Only the secretariat works the registration desk.")
    )
    return get_object_or_404(Event, slug=slug)


def access_event_attachment(user: Any, pk: int) -> Attachment:
    """An attachment of an event, for download: anyone may read those of a published or
    cancelled event (its page is public); a draft's only whoever may view events in the
    back office. Http404 otherwise, so a draft's files do not reveal that it exists."""
    attachment = get_object_or_404(Attachment.objects.select_related("event"), pk=pk)
    if attachment.event.status in (Event.Status.PUBLISHED, Event.Status.CANCELLED):
        return attachment
    if has_permission(user, "events.view_event"):
        return attachment
    raise Http404


def access_own_registration(user: Any, pk: int) -> Registration:
    """One of `user`'s own registrations (see `selectors.registrations_of_user_filter`);
    anyone else's is a 404, so a guessed number tells nothing."""
    return get_object_or_404(
        Registration.objects.select_related("event").filter(registrations_of_user_filter(user)),
        pk=pk,
    )
