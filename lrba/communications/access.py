"""Fetch-and-authorise helpers of the communications app.

Read and write apart: holders of `communications.view_message` (the secretariat, the
auditor) read the messages, their recipients and progress; `change_message` writes,
tests, sends and cancels; `add_message` writes a new one. The public archive shows sent
newsletters marked for it, never announcements, to anyone.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import permission_require
from lrba.communications.models import Message

READ_PERMISSION = "communications.view_message"
WRITE_PERMISSION = "communications.change_message"
ADD_PERMISSION = "communications.add_message"


def messages_read_require(user: Any) -> None:
    permission_require(
        user, READ_PERMISSION, _("Only the secretariat and the auditor see the messages.")
    )


def messages_write_require(user: Any, permission: str = WRITE_PERMISSION) -> None:
    permission_require(user, permission, _("Only the secretariat writes and sends messages."))


def access_message(user: Any, pk: int) -> Message:
    messages_read_require(user)
    return get_object_or_404(Message.objects.select_related("county", "event", "created_by"), pk=pk)


def access_rw_message(user: Any, pk: int) -> Message:
    messages_write_require(user)
    return get_object_or_404(Message.objects.select_related("county", "event"), pk=pk)


def archived_newsletters() -> Any:
    return Message.objects.filter(
        kind=Message.Kind.NEWSLETTER, status=Message.Status.SENT, in_public_archive=True
    )


def access_archived_newsletter(pk: int) -> Message:
    """A sent newsletter in the public archive; 404 for anything else."""
    return get_object_or_404(archived_newsletters(), pk=pk)
