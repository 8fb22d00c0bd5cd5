"""The secretariat's position pages under /atstovavimas/sekretoriatas/pozicijos/.

Read by the secretariat and the auditor (`representation.view_position`); every write
needs `representation.change_position`, checked before the position is looked up. One
page per position shows what can be done at its stage: edit (draft), adopt, preview the
PDF, send (adopted), record the reply (sent), add documents. Each form posts to its own
URL and comes back to the page with the errors and what was typed when refused.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, staff_page
from lrba.core.audit import refusals_recorded
from lrba.core.downloads import download_response
from lrba.core.forms import form_errors_add
from lrba.core.pagination import paginate
from lrba.representation.access import (
    POSITION_WRITE,
    positions_read_require,
    positions_write_require,
)
from lrba.representation.forms_positions import (
    PositionAdoptForm,
    PositionDocumentForm,
    PositionForm,
    PositionReplyForm,
    PositionSendForm,
    StaffFilterForm,
)
from lrba.representation.models import Consultation, Position
from lrba.representation.selectors.positions import position_list_staff
from lrba.representation.services.positions import (
    EDITABLE_FIELDS,
    position_adopt,
    position_create,
    position_document_add,
    position_pdf,
    position_prefill,
    position_reply_record,
    position_send,
    position_update,
)


@staff_page
@require_GET
def staff_positions(request: HttpRequest) -> HttpResponse:
    positions_read_require(request.user)
    filters = StaffFilterForm(request.GET or None)
    status = text = ""
    if filters.is_valid():
        status = filters.cleaned_data["status"]
        text = filters.cleaned_data["text"]
    page, note = paginate(request.GET, position_list_staff(status=status, text=text), 30)
    return render(
        request,
        "representation/positions/staff_list.html",
        {
            "items": page,
            "page_note": note,
            "filters": filters,
            "may_write": has_permission(request.user, POSITION_WRITE),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def position_create_staff(request: HttpRequest) -> HttpResponse:
    positions_write_require(request.user)
    initial: dict[str, Any] = {}
    consultation_pk = request.GET.get("consultation", "")
    if consultation_pk.isdigit():
        consultation = get_object_or_404(Consultation, pk=int(consultation_pk))
        initial = position_prefill(consultation)
    form = PositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            position = position_create(
                by=request.user, **{name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
            )
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The draft position is saved."))
            return redirect("representation:position_staff", pk=position.pk)
    return render(request, "representation/positions/staff_form.html", {"form": form})


def _edit_form(position: Position, data: Any = None) -> PositionForm:
    """The edit form: every field of a draft; only who sees it once adopted."""
    form = PositionForm(data, instance=Position.objects.get(pk=position.pk))
    if position.status != Position.Status.DRAFT:
        for name in set(form.fields) - {"visibility"}:
            del form.fields[name]
    return form


def _detail(request: HttpRequest, position: Position, **forms: BaseForm) -> HttpResponse:
    """The position's page, with the forms of its stage (those given keep their errors
    and what was typed)."""
    may_write = has_permission(request.user, POSITION_WRITE)
    draft = position.status == Position.Status.DRAFT
    context: dict[str, Any] = {
        "position": position,
        "may_write": may_write,
        "documents": list(position.documents.order_by("uploaded_at", "pk")),
    }
    if may_write:
        context["edit_form"] = forms.get("edit_form") or _edit_form(position)
        if draft:
            context["adopt_form"] = forms.get("adopt_form") or PositionAdoptForm()
        if position.status == Position.Status.ADOPTED:
            context["send_form"] = forms.get("send_form") or PositionSendForm()
        if position.status in (Position.Status.SENT, Position.Status.ANSWERED):
            context["reply_form"] = forms.get("reply_form") or PositionReplyForm(
                initial={
                    "received_on": position.reply_received_on,
                    "outcome": position.outcome,
                    "summary": position.reply_summary,
                }
            )
        context["document_form"] = forms.get("document_form") or PositionDocumentForm()
    return render(request, "representation/positions/staff_detail.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def position_staff(request: HttpRequest, pk: int) -> HttpResponse:
    """The position's page (GET); POST saves the edit form (the text while a draft, only
    who sees it once adopted)."""
    if request.method == "GET":
        positions_read_require(request.user)
        return _detail(request, get_object_or_404(Position, pk=pk))
    positions_write_require(request.user)
    position = get_object_or_404(Position, pk=pk)
    form = _edit_form(position, request.POST)
    names = [name for name in EDITABLE_FIELDS if name in form.fields]
    if form.is_valid():
        try:
            with refusals_recorded(user=request.user, target=position, attempt="position_update"):
                position_update(
                    position=position,
                    by=request.user,
                    **{name: form.cleaned_data[name] for name in names},
                )
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The position is saved."))
            return redirect("representation:position_staff", pk=position.pk)
    return _detail(request, position, edit_form=form)


def _stage_step(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.Form],
    form_name: str,
    service: Callable[..., Position | None],
    done: Callable[[Position], str],
) -> HttpResponse:
    """One step of a position's stages (adopt, send, record the reply): the form, the
    service with the refusal recorded, then the page again with a message or the errors
    and what was typed."""
    positions_write_require(request.user)
    position = get_object_or_404(Position, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            with refusals_recorded(user=request.user, target=position, attempt=service.__name__):
                position = (
                    service(position=position, by=request.user, **form.cleaned_data) or position
                )
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, done(position))
            return redirect("representation:position_staff", pk=position.pk)
    return _detail(request, position, **{form_name: form})


@staff_page
@require_POST
def position_adopt_staff(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage_step(
        request,
        pk,
        form_class=PositionAdoptForm,
        form_name="adopt_form",
        service=position_adopt,
        done=lambda position: _("The position is recorded as adopted."),
    )


@staff_page
@require_POST
def position_send_staff(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage_step(
        request,
        pk,
        form_class=PositionSendForm,
        form_name="send_form",
        service=position_send,
        done=lambda position: (
            _("The position is recorded as sent, No. %(number)s.") % {"number": position.number}
        ),
    )


@staff_page
@require_POST
def position_reply_staff(request: HttpRequest, pk: int) -> HttpResponse:
    return _stage_step(
        request,
        pk,
        form_class=PositionReplyForm,
        form_name="reply_form",
        service=position_reply_record,
        done=lambda position: _("The reply is recorded."),
    )


@staff_page
@require_POST
def position_document_add_staff(request: HttpRequest, pk: int) -> HttpResponse:
    positions_write_require(request.user)
    position = get_object_or_404(Position, pk=pk)
    form = PositionDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with refusals_recorded(
                user=request.user, target=position, attempt="position_document_add"
            ):
                position_document_add(
                    position=position,
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    file=form.cleaned_data["file"],
                    public=form.cleaned_data["public"],
                )
        except ValidationError as refusal:
            form_errors_add(form, refusal)
        else:
            messages.success(request, _("The document is added."))
            return redirect("representation:position_staff", pk=position.pk)
    return _detail(request, position, document_form=form)


@staff_page
@require_GET
def position_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF as it would be drawn now (a sent position's kept copy is in the register)."""
    positions_read_require(request.user)
    position = get_object_or_404(Position.objects.select_related("decision"), pk=pk)
    return download_response(
        position_pdf(position),
        filename=f"{position.number or position.slug}.pdf",
        content_type="application/pdf",
        inline=True,
    )


urlpatterns = [
    path("sekretoriatas/pozicijos/", staff_positions, name="staff_positions"),
    path("sekretoriatas/pozicijos/nauja/", position_create_staff, name="position_create"),
    path("sekretoriatas/pozicijos/<int:pk>/", position_staff, name="position_staff"),
    path("sekretoriatas/pozicijos/<int:pk>/priimta/", position_adopt_staff, name="position_adopt"),
    path("sekretoriatas/pozicijos/<int:pk>/issiusta/", position_send_staff, name="position_send"),
    path(
        "sekretoriatas/pozicijos/<int:pk>/atsakymas/", position_reply_staff, name="position_reply"
    ),
    path(
        "sekretoriatas/pozicijos/<int:pk>/dokumentai/",
        position_document_add_staff,
        name="position_document_add",
    ),
    path(
        "sekretoriatas/pozicijos/<int:pk>/perziura.pdf", position_preview, name="position_preview"
    ),
]
