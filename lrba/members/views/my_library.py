""" "My library": a library representative keeps the profile and the staff list.

Every page loads its library through `lrba.members.access` (the representative of that
library or the secretariat; anyone else gets the 403 page). Each action is a plain form
POST answered with a redirect and a message, so everything works without JavaScript.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lrba.accounts.access import staff_page
from lrba.accounts.models import User
from lrba.accounts.roles import is_secretariat
from lrba.core import plugins
from lrba.core.db import LithuanianOrder
from lrba.core.forms import form_errors_add
from lrba.members.access import (
    access_employment_for_edit,
    access_invitation_for_revoke,
    access_library_for_edit,
)
from lrba.members.forms import (
    EmploymentAddForm,
    EmploymentEndForm,
    InvitationForm,
    LibraryProfileForm,
)
from lrba.members.models import Invitation, Library
from lrba.members.selectors import libraries as selectors
from lrba.members.selectors.representatives import represented_libraries
from lrba.members.services import invitations, library_profile


def _user(request: HttpRequest) -> User:
    """The signed-in user (LoginRequiredMiddleware lets no one else reach these views)."""
    assert isinstance(request.user, User)
    return request.user


def library_url(library: Library) -> str:
    return reverse("members:my_library_detail", kwargs={"slug": library.slug})


def _page(request: HttpRequest, library: Library, **forms: Any) -> HttpResponse:
    """The "My library" page, with any bound (invalid) form kept as typed."""
    context = {
        "library": library,
        "staff": selectors.library_staff(library),
        "profile_form": forms.get("profile_form") or LibraryProfileForm(instance=library),
        "staff_form": forms.get("staff_form")
        or EmploymentAddForm(initial={"start_date": timezone.localdate()}),
        "invite_form": forms.get("invite_form")
        or InvitationForm(may_invite_representatives=is_secretariat(request.user)),
        "today": timezone.localdate(),
        # Other apps' sections (the library's invoices…), drawn by their own templates.
        "sections": [
            render_to_string(template, section_context, request=request)
            for template, section_context in plugins.my_library_sections(request, library)
        ],
    }
    status = 400 if forms else 200
    return render(request, "members/my_library_detail.html", context, status=status)


@require_GET
def my_library(request: HttpRequest) -> HttpResponse:
    """The libraries the user represents; with just one, that library's page."""
    libraries = list(represented_libraries(request.user).order_by(LithuanianOrder("name")))
    if len(libraries) == 1:
        return redirect("members:my_library_detail", slug=libraries[0].slug)
    return render(request, "members/my_library.html", {"libraries": libraries})


@staff_page  # the secretariat edits any library
def my_library_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The page (GET) and the profile form (POST)."""
    library = access_library_for_edit(request.user, slug)
    if request.method != "POST":
        return _page(request, library)
    form = LibraryProfileForm(request.POST, instance=library)
    if form.is_valid():
        try:
            library_profile.library_update_profile(
                library=library,
                data=form.cleaned_data,
                by=_user(request),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("The library's profile is saved."))
            return redirect("members:my_library_detail", slug=library.slug)
    library.refresh_from_db()
    return _page(request, library, profile_form=form)


@staff_page
@require_POST
def employment_add(request: HttpRequest, slug: str) -> HttpResponse:
    library = access_library_for_edit(request.user, slug)
    form = EmploymentAddForm(request.POST)
    if form.is_valid():
        try:
            added = library_profile.employment_add(
                library=library,
                by=_user(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            if isinstance(added, Invitation):
                # The same words whoever the address belongs to: the page tells nothing
                # about who has an account or is in the register.
                messages.success(
                    request,
                    _(
                        "The invitation is on its way to %(email)s; they join the staff "
                        "list when they accept it."
                    )
                    % {"email": added.email},
                )
                return redirect(f"{library_url(library)}#invitations")
            messages.success(
                request,
                # The names as typed: the register's own are not shown.
                _("%(name)s is on the staff list.")
                % {"name": f"{added.person.first_name} {added.person.last_name}"},
            )
            return redirect(f"{library_url(library)}#staff")
    return _page(request, library, staff_form=form)


@staff_page
def employment_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """GET asks for the last working day (the confirmation); POST records it."""
    employment = access_employment_for_edit(request.user, pk)
    if employment.library.slug != slug:
        raise Http404
    form = EmploymentEndForm(
        request.POST if request.method == "POST" else None,
        initial={"end_date": timezone.localdate()},
    )
    if form.is_valid():
        try:
            library_profile.employment_end(
                employment=employment,
                end_date=form.cleaned_data["end_date"],
                by=_user(request),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The employment of %(name)s ends on %(date)s.")
                % {"name": employment.person, "date": form.cleaned_data["end_date"].isoformat()},
            )
            return redirect(f"{library_url(employment.library)}#staff")
    context = {"employment": employment, "library": employment.library, "form": form}
    status = 400 if form.is_bound else 200
    return render(request, "members/my_library_employment_end.html", context, status=status)


@staff_page
@require_POST
def invitation_send(request: HttpRequest, slug: str) -> HttpResponse:
    library = access_library_for_edit(request.user, slug)
    form = InvitationForm(request.POST, may_invite_representatives=is_secretariat(request.user))
    if form.is_valid():
        try:
            invitation = invitations.invitation_send(
                email=form.cleaned_data["email"],
                library=library,
                role=form.chosen_role,
                position=form.cleaned_data["position"],
                language=form.cleaned_data["language"],
                invited_by=_user(request),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect(f"{library_url(library)}#invitations")
    return _page(request, library, invite_form=form)


@staff_page
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    invitation = access_invitation_for_revoke(request.user, pk)
    if invitation.library.slug != slug:
        raise Http404
    try:
        invitations.invitation_revoke(invitation=invitation, by=_user(request))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
        )
    return redirect(f"{library_url(invitation.library)}#invitations")
