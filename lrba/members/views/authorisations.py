""" "My library" → who may act for the library: the employees its representatives
authorised to order in buying rounds, to answer consultations and surveys, or to
publish the library's events in the shared calendar (`StaffAuthorisation`, one scope
each). A representative authorises a current employee for one or more of these and
revokes an authorisation; the secretariat sees the page but grants nothing (the
authorisation is the library's act).

Writes are plain form POSTs answered with a redirect and a message, so the page works
without JavaScript. Unknown library: 404; anyone but its representatives and the
secretariat: the 403 page.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lrba.accounts.access import staff_page
from lrba.accounts.roles import is_secretariat
from lrba.core.db import LithuanianOrder
from lrba.core.text import sort_key
from lrba.members.forms_authorisations import StaffAuthorisationForm
from lrba.members.models import Library, Person, StaffAuthorisation
from lrba.members.selectors.authorisations import (
    authorisable_people,
    current_authorisations,
    may_manage_authorisations,
)
from lrba.members.services.authorisations import authorisation_grant, authorisation_revoke

Scope = StaffAuthorisation.Scope


@dataclass(frozen=True)
class ScopeSection:
    scope: str
    label: str
    authorisations: list[StaffAuthorisation]


def _access(user: Any, slug: str) -> tuple[Library, bool]:
    """The library and whether `user` may authorise for it (its representatives);
    the secretariat reads. Raises Http404 / PermissionDenied otherwise."""
    library = get_object_or_404(Library, slug=slug)
    if may_manage_authorisations(user, library):
        return library, True
    if is_secretariat(user):
        return library, False
    raise PermissionDenied(_("Only the library's representatives authorise its staff."))


def _people(library: Library) -> QuerySet[Person]:
    """Current employees (not the director) not yet authorised for at least one scope."""
    people = Person.objects.none()
    for scope in Scope.values:
        people = people | authorisable_people(library, scope)
    return people.distinct().order_by(
        LithuanianOrder("last_name"), LithuanianOrder("first_name"), "pk"
    )


def _sections(library: Library) -> list[ScopeSection]:
    by_scope: dict[str, list[StaffAuthorisation]] = {scope: [] for scope in Scope.values}
    for authorisation in current_authorisations(library):
        by_scope[authorisation.scope].append(authorisation)
    return [
        ScopeSection(
            scope=scope,
            label=str(Scope(scope).label),
            authorisations=sorted(
                by_scope[scope],
                key=lambda a: (sort_key(a.person.last_name), sort_key(a.person.first_name)),
            ),
        )
        for scope in Scope.values
    ]


def _grant(library: Library, person: Person, scopes: list[str], user: Any) -> None:
    """All the chosen scopes or none: a refusal of one (already authorised for it)
    leaves the others ungranted too, so the form can be sent again as corrected."""
    with transaction.atomic():
        for scope in scopes:
            authorisation_grant(library=library, person=person, scope=scope, user=user)


@staff_page  # the secretariat reads any library's authorisations
@require_http_methods(["GET", "POST"])
def staff_authorisations(request: HttpRequest, slug: str) -> HttpResponse:
    """The current authorisations per scope; a representative authorises an employee."""
    library, may_manage = _access(request.user, slug)
    people = _people(library)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied(_("Only the library's representatives authorise its staff."))
    form = StaffAuthorisationForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        scopes = form.cleaned_data["scopes"]
        try:
            _grant(library, person, scopes, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            labels = ", ".join(str(Scope(scope).label) for scope in scopes)
            messages.success(
                request,
                _("Authorised: %(person)s (%(scopes)s).")
                % {"person": person.full_name, "scopes": labels},
            )
            return redirect("members:staff_authorisations", slug=library.slug)
    return render(
        request,
        "members/authorisations.html",
        {
            "library": library,
            "may_manage": may_manage,
            "sections": _sections(library),
            "form": form,
            "has_people": people.exists(),
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
def staff_authorisation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    library, may_manage = _access(request.user, slug)
    if not may_manage:
        raise PermissionDenied(_("Only the library's representatives authorise its staff."))
    authorisation = get_object_or_404(
        StaffAuthorisation.objects.select_related("person"), pk=pk, library=library
    )
    try:
        authorisation_revoke(authorisation=authorisation, user=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("Authorisation revoked: %(person)s (%(scope)s).")
            % {"person": authorisation.person.full_name, "scope": Scope(authorisation.scope).label},
        )
    return redirect("members:staff_authorisations", slug=library.slug)
