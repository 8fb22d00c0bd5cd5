"""Fetch-and-authorise helpers for the training pages.

Each `access_*` returns the object or raises: Http404 when it does not exist,
PermissionDenied (the 403 page) when the user may not see it.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lrba.accounts.access import has_permission, permission_require
from lrba.members.models import Employment, Library
from lrba.members.selectors.representatives import is_library_representative, represented_libraries
from lrba.training.models import Certificate, ProgrammeRun

# The secretariat and the auditor read every library's training and certificates: the
# view permissions. Nothing here writes, so there is no read-write form yet; the writes
# (issuing, revoking, approving) are back-office actions that need the change permission.
REPORTS_PERMISSION = "training.view_trainingrecord"
CERTIFICATES_PERMISSION = "training.view_certificate"


def may_see_reports(user: Any) -> bool:
    return has_permission(user, REPORTS_PERMISSION)


def access_reports(user: Any) -> None:
    permission_require(
        user,
        REPORTS_PERMISSION,
        _("Only the secretariat and the auditor see the training reports."),
    )


def access_library_for_training(user: Any, slug: str) -> Library:
    """The library's representatives and the secretariat see its staff's hours."""
    library = get_object_or_404(Library, slug=slug)
    if not (may_see_reports(user) or is_library_representative(user, library)):
        raise PermissionDenied(_("Only the library's representatives see its staff's training."))
    return library


def access_certificate_for_download(user: Any, pk: int) -> Certificate:
    """The certificate's owner, a representative of a library they work at, and staff."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("person", "programme", "event"), pk=pk
    )
    if has_permission(user, CERTIFICATES_PERMISSION):
        return certificate
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is not None and certificate.person_id == person.pk:
        return certificate
    employers = Employment.objects.filter(person_id=certificate.person_id).values("library")
    if represented_libraries(user).filter(pk__in=employers).exists():
        return certificate
    raise PermissionDenied(_("This certificate is not yours."))


def access_run_for_download(user: Any, pk: int) -> ProgrammeRun:
    run = get_object_or_404(ProgrammeRun.objects.select_related("programme", "event"), pk=pk)
    permission_require(
        user, CERTIFICATES_PERMISSION, _("Only the secretariat downloads a run's certificates.")
    )
    return run
