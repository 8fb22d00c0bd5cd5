"""Fetch-and-authorise helpers of the help desk and of onboarding.

Read and write apart, as everywhere (lrba.accounts.access):

- a help request is read by its library's side (staff and representatives of the asking
  library), its assignee, the secretariat and the auditor; nobody else learns that its
  number exists (404);
- it is answered by the library's side, the assignee and the secretariat — never by the
  auditor (403);
- it is managed (status, internal notes) by the assignee and the secretariat, and handed
  to someone else by the secretariat alone;
- an onboarding is read by the secretariat, the auditor, the mentor library's
  representatives and the new library's own; its manual steps are ticked by the
  secretariat and the mentor library's representatives.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission
from lrba.knowledge.models import HelpAttachment, HelpRequest, Onboarding, OnboardingStep
from lrba.knowledge.selectors.helpdesk import (
    asking_libraries,
    help_requests_visible_to,
    is_desk_side,
    is_help_secretariat,
    is_library_side,
    may_read_all_requests,
)
from lrba.members.models import Library

ONBOARDING_READ_PERMISSION = "knowledge.view_onboarding"
ONBOARDING_WRITE_PERMISSION = "knowledge.change_onboarding"


def _signed_in(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to use the help desk."))


def access_help_asking(user: Any) -> None:
    """Raise PermissionDenied unless `user` works at a member library (who may ask)."""
    _signed_in(user)
    if not asking_libraries(user).exists():
        raise PermissionDenied(
            _("Questions are asked by the staff of member libraries, for their library.")
        )


def access_help_request(user: Any, number: str) -> HelpRequest:
    """A request `user` may read (its conversation, its attachments): 404 for any other."""
    _signed_in(user)
    return get_object_or_404(help_requests_visible_to(user), number=number)


def access_rw_help_request(user: Any, number: str) -> HelpRequest:
    """A request `user` may answer: the library's side, the assignee, the secretariat."""
    help_request = access_help_request(user, number)
    if is_desk_side(user, help_request) or is_library_side(user, help_request):
        return help_request
    raise PermissionDenied(_("Only the library and those answering may write here."))


def access_help_request_for_manage(user: Any, number: str) -> HelpRequest:
    """A request whose status `user` may set and where they may write internal notes:
    its assignee and the secretariat."""
    help_request = access_help_request(user, number)
    if is_desk_side(user, help_request):
        return help_request
    raise PermissionDenied(_("Only those answering the request may change it."))


def access_help_secretariat(user: Any) -> None:
    """Raise PermissionDenied unless `user` is the secretariat (reassigning, articles)."""
    if not is_help_secretariat(user):
        raise PermissionDenied(_("Only the secretariat may do this."))


def access_help_stats(user: Any) -> None:
    """The response times: the secretariat and the auditor."""
    if not may_read_all_requests(user):
        raise PermissionDenied(_("Response times are for the secretariat."))


def access_help_attachment(user: Any, number: str, pk: int) -> HelpAttachment:
    """An attachment of a request `user` may read; one of an internal note only for the
    desk's side (and the auditor)."""
    help_request = access_help_request(user, number)
    attachment = get_object_or_404(
        HelpAttachment.objects.select_related("message"), pk=pk, message__request=help_request
    )
    if attachment.message.is_internal and not (
        is_desk_side(user, help_request) or may_read_all_requests(user)
    ):
        raise Http404
    return attachment


# Onboarding ------------------------------------------------------------------------------


def may_read_all_onboardings(user: Any) -> bool:
    return has_permission(user, ONBOARDING_READ_PERMISSION)


def may_manage_onboardings(user: Any) -> bool:
    return has_permission(user, ONBOARDING_WRITE_PERMISSION)


def _onboarding(pk: int) -> Onboarding:
    return get_object_or_404(
        Onboarding.objects.select_related("library", "mentor_library", "template"), pk=pk
    )


def is_mentor(user: Any, onboarding: Onboarding) -> bool:
    if onboarding.mentor_library_id is None:
        return False
    represented = Library.objects.represented_by(user)
    return represented.filter(pk=onboarding.mentor_library_id).exists()


def access_onboarding(user: Any, pk: int) -> Onboarding:
    """An onboarding `user` may read: the secretariat, the auditor, the mentor library's
    representatives and the library's own representatives; 404 for anyone else."""
    _signed_in(user)
    onboarding = _onboarding(pk)
    if may_read_all_onboardings(user) or is_mentor(user, onboarding):
        return onboarding
    if Library.objects.represented_by(user).filter(pk=onboarding.library_id).exists():
        return onboarding
    raise Http404


def access_rw_onboarding_step(user: Any, pk: int, step: int) -> OnboardingStep:
    """A step `user` may tick or untick: the secretariat and the mentor's representatives."""
    onboarding = access_onboarding(user, pk)
    if not (may_manage_onboardings(user) or is_mentor(user, onboarding)):
        raise PermissionDenied(
            _("Steps are ticked by the secretariat and the mentor library's representatives.")
        )
    return get_object_or_404(
        OnboardingStep.objects.select_related("onboarding"), pk=step, onboarding=onboarding
    )


def access_rw_onboarding(user: Any, pk: int) -> Onboarding:
    """An onboarding whose mentor library `user` may set: the secretariat."""
    onboarding = access_onboarding(user, pk)
    if not may_manage_onboardings(user):
        raise PermissionDenied(_("Only the secretariat assigns the mentor library."))
    return onboarding
