"""The register of the association's positions under /atstovavimas/pozicijos/.

Public positions are listed for everyone once adopted, members-only ones for members
(`lrba.representation.access.positions_visible_to`); the secretariat and the auditor
see drafts too. A position's kept PDF (as sent) and its documents marked public are
downloaded through these views only, after the same check; the secretariat and the
auditor open every document.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from lrba.core.downloads import file_download
from lrba.core.pagination import paginate
from lrba.representation.access import access_position, may_read_positions
from lrba.representation.forms_positions import RegisterFilterForm
from lrba.representation.models import Position
from lrba.representation.selectors.positions import (
    position_documents_for,
    position_register,
    position_register_years,
)
from lrba.representation.services.positions import position_pdf_filename


@login_not_required
@require_GET
def position_register_view(request: HttpRequest) -> HttpResponse:
    filters = RegisterFilterForm(request.GET, years=position_register_years(request.user))
    positions = position_register(request.user, **filters.filters())
    page, note = paginate(request.GET, positions, 25)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "representation/positions/register.html",
        {
            "items": page,
            "page_note": note,
            "filters": filters,
            "query": query.urlencode(),
            "filtered": any(request.GET.get(name) for name in filters.fields),
        },
    )


@login_not_required
@require_GET
def position_detail(request: HttpRequest, slug: str) -> HttpResponse:
    position = access_position(request.user, slug)
    return render(
        request,
        "representation/positions/detail.html",
        {
            "position": position,
            "documents": list(position_documents_for(request.user, position)),
            "staff": may_read_positions(request.user),
            "visible_to_all": position.visibility == Position.Visibility.PUBLIC,
        },
    )


@login_not_required
@require_GET
def position_pdf_view(request: HttpRequest, slug: str, filename: str) -> HttpResponseBase:
    """The PDF as it was sent (kept when sent); 404 before."""
    position = access_position(request.user, slug)
    if not position.pdf:
        raise Http404
    return file_download(
        position.pdf,
        filename=position_pdf_filename(position),
        private=position.visibility != Position.Visibility.PUBLIC,
    )


@login_not_required
@require_GET
def position_document(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    position = access_position(request.user, slug)
    document = get_object_or_404(position_documents_for(request.user, position), pk=pk)
    return file_download(
        document.file,
        private=not (document.public and position.visibility == Position.Visibility.PUBLIC),
    )


urlpatterns = [
    path("pozicijos/", position_register_view, name="position_register"),
    path("pozicijos/<slug:slug>/", position_detail, name="position_detail"),
    path("pozicijos/<slug:slug>/<str:filename>.pdf", position_pdf_view, name="position_pdf"),
    path("pozicijos/<slug:slug>/dokumentai/<int:pk>/", position_document, name="position_document"),
]
