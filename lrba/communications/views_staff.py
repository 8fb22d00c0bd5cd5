"""Staff pages for newsletters and announcements (under /naujienlaiskiai/siuntimas/).

Write a message (the prose editor, as in the back office), read it in both languages,
see how many it will reach, send a test to oneself, then send it now or at a set time
and watch the progress. The secretariat writes; the auditor reads.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import has_permission, staff_page
from lrba.communications import access
from lrba.communications.forms import MessageForm, ScheduleForm
from lrba.communications.models import Delivery, Message
from lrba.communications.rendering import message_content
from lrba.communications.selectors import messages as selectors
from lrba.communications.selectors.segments import message_audience
from lrba.communications.services import messages as services
from lrba.core.pagination import paginate

PER_PAGE = 30
DELIVERIES_PER_PAGE = 100


def _editor_response(request: HttpRequest, context: dict[str, Any], status: int) -> HttpResponse:
    """The message form's page (the editor's import map is allowed by lrba.core.csp)."""
    return render(request, "communications/message_form.html", context, status=status)


def _refusal_to_form(form: Any, refusal: ValidationError) -> None:
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


@staff_page
@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    access.messages_read_require(request.user)
    status = request.GET.get("status", "")
    status = status if status in Message.Status.values else ""
    page, note = paginate(request.GET, selectors.message_list(status=status), PER_PAGE)
    return render(
        request,
        "communications/message_list.html",
        {
            "items": page,
            "page_note": note,
            "statuses": Message.Status.choices,
            "chosen_status": status,
            "query_string": f"status={status}" if status else "",
            "may_add": has_permission(request.user, access.ADD_PERMISSION),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def message_create(request: HttpRequest) -> HttpResponse:
    access.messages_write_require(request.user, access.ADD_PERMISSION)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_create(by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The message is saved as a draft. Check it, then send it."))
            return redirect("communications:message_detail", pk=message.pk)
    return _editor_response(request, {"form": form}, 400 if form.errors else 200)


@staff_page
@require_http_methods(["GET", "POST"])
def message_edit(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.access_rw_message(request.user, pk)
    if message.status not in services.EDITABLE_STATUSES:
        messages.error(
            request, _("This message has already been sent and can no longer be changed.")
        )
        return redirect("communications:message_detail", pk=message.pk)
    form = MessageForm(request.POST or None, instance=message)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_update(message=message, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The message is saved."))
            return redirect("communications:message_detail", pk=message.pk)
    return _editor_response(
        request, {"form": form, "message": message}, 400 if form.errors else 200
    )


def _detail_context(request: HttpRequest, message: Message, **extra: Any) -> dict[str, Any]:
    unsent = message.status in services.EDITABLE_STATUSES
    return {
        "message": message,
        "previews": [
            ("lt", _("In Lithuanian"), message_content(message, "lt")),
            *(
                [("en", _("In English"), message_content(message, "en"))]
                if message.subject_en.strip() and message.body_en.strip()
                else []
            ),
        ],
        # Counted afresh before sending; after it, the deliveries are the record.
        "audience": message_audience(message) if unsent else None,
        "may_write": has_permission(request.user, access.WRITE_PERMISSION),
        "unsent": unsent,
        "schedule_form": extra.pop("schedule_form", None)
        or ScheduleForm(initial={"scheduled_at": message.scheduled_at}),
        "progress": selectors.message_progress(message),
        **extra,
    }


@staff_page
@require_GET
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.access_message(request.user, pk)
    return render(request, "communications/message_detail.html", _detail_context(request, message))


@staff_page
@require_POST
def message_test(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.access_rw_message(request.user, pk)
    user: Any = request.user
    services.message_test_send(message=message, to=user.email, language=user.language)
    messages.success(request, _("A test is on its way to %(email)s.") % {"email": user.email})
    return redirect("communications:message_detail", pk=message.pk)


@staff_page
@require_POST
def message_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send now, or (with a time) schedule. A refusal — already sent, nobody to send to,
    a time in the past — is shown on the message's page; nothing is sent."""
    message = access.access_rw_message(request.user, pk)
    if request.POST.get("when") == "later":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                services.message_schedule(
                    message=message, at=form.cleaned_data["scheduled_at"], by=request.user
                )
            except ValidationError as refusal:
                _refusal_to_form(form, refusal)
            else:
                messages.success(request, _("The message is scheduled."))
                return redirect("communications:message_detail", pk=message.pk)
        message.refresh_from_db()
        context = _detail_context(request, message, schedule_form=form)
        return render(request, "communications/message_detail.html", context, status=400)
    try:
        services.message_send(message=message, by=request.user)
    except ValidationError as refusal:
        for text in refusal.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Sending has started."))
    return redirect("communications:message_detail", pk=message.pk)


@staff_page
@require_POST
def message_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.access_rw_message(request.user, pk)
    try:
        message = services.message_cancel(message=message, by=request.user)
    except ValidationError as refusal:
        for text in refusal.messages:
            messages.error(request, text)
    else:
        if message.status == Message.Status.DRAFT:
            messages.success(request, _("The schedule is cancelled: the message is a draft again."))
        else:
            messages.success(request, _("Sending is stopped: the rest will not be sent."))
    return redirect("communications:message_detail", pk=message.pk)


@staff_page
@require_GET
def message_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress panel, which htmx polls while the message is being sent."""
    message = access.access_message(request.user, pk)
    return render(
        request,
        "communications/_progress.html",
        {"message": message, "progress": selectors.message_progress(message)},
    )


@staff_page
@require_GET
def message_deliveries(request: HttpRequest, pk: int) -> HttpResponse:
    message = access.access_message(request.user, pk)
    status = request.GET.get("status", "")
    status = status if status in Delivery.Status.values else ""
    page, note = paginate(
        request.GET, selectors.delivery_list(message=message, status=status), DELIVERIES_PER_PAGE
    )
    return render(
        request,
        "communications/message_deliveries.html",
        {
            "message": message,
            "items": page,
            "page_note": note,
            "statuses": Delivery.Status.choices,
            "chosen_status": status,
            "query_string": f"status={status}" if status else "",
        },
    )


urlpatterns = [
    path("siuntimas/", message_list, name="message_list"),
    path("siuntimas/naujas/", message_create, name="message_create"),
    path("siuntimas/<int:pk>/", message_detail, name="message_detail"),
    path("siuntimas/<int:pk>/redaguoti/", message_edit, name="message_edit"),
    path("siuntimas/<int:pk>/bandymas/", message_test, name="message_test"),
    path("siuntimas/<int:pk>/siusti/", message_send, name="message_send"),
    path("siuntimas/<int:pk>/atsaukti/", message_cancel, name="message_cancel"),
    path("siuntimas/<int:pk>/eiga/", message_progress, name="message_progress"),
    path("siuntimas/<int:pk>/gavejai/", message_deliveries, name="message_deliveries"),
]
