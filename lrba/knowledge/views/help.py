"""The methodological help desk's pages (see lrba/knowledge/urls_help.py).

Every view parses, checks access through `lrba.knowledge.access_help`, calls one service
or selector and renders. Writes are plain form POSTs answered with a redirect and a
message; a refused write (a reply to a closed request) shows the page again with the
form as typed and the reason, with status 400.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import staff_page
from lrba.accounts.models import User
from lrba.core.downloads import file_download
from lrba.core.forms import form_errors_add
from lrba.core.pagination import paginate
from lrba.knowledge import access_help as access
from lrba.knowledge.forms_help import (
    HelpFilterForm,
    HelpReassignForm,
    HelpReplyForm,
    HelpRequestForm,
    HelpStatusForm,
)
from lrba.knowledge.models import HelpRequest
from lrba.knowledge.selectors import helpdesk as selectors
from lrba.knowledge.services import helpdesk as services

PER_PAGE = 25


def _user(request: HttpRequest) -> User:
    """The signed-in user (LoginRequiredMiddleware lets no one else reach these views)."""
    assert isinstance(request.user, User)
    return request.user


@staff_page  # the secretariat and the auditor see every request
@require_GET
def help_list(request: HttpRequest) -> HttpResponse:
    """The requests the user sees: their library's, those assigned to them, or all."""
    user = request.user
    form = HelpFilterForm(request.GET or None)
    filters = selectors.HelpListFilter()
    if form.is_valid():
        filters = selectors.HelpListFilter(
            status=form.cleaned_data["status"],
            topic=form.cleaned_data["topic"],
            queue=form.cleaned_data["queue"],
        )
    page, note = paginate(request.GET, selectors.help_request_list(user, filters), PER_PAGE)
    chosen = {
        "status": filters.status,
        "topic": filters.topic.pk if filters.topic else "",
        "queue": filters.queue,
    }
    context = {
        "form": form,
        "page_obj": page,
        "page_note": note,
        "query_string": urlencode({key: value for key, value in chosen.items() if value}),
        "may_ask": selectors.asking_libraries(user).exists(),
        "reads_all": selectors.may_read_all_requests(user),
        "today": timezone.localdate(),
    }
    return render(request, "knowledge/help_list.html", context)


@require_http_methods(["GET", "POST"])
def help_create(request: HttpRequest) -> HttpResponse:
    access.access_help_asking(request.user)
    libraries = selectors.asking_libraries(request.user)
    # A link from "My library" names the library; otherwise the form's own default stands.
    initial = {"library": request.GET["library"]} if request.GET.get("library") else {}
    form = HelpRequestForm(
        request.POST or None, request.FILES or None, libraries=libraries, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            help_request = services.help_request_create(
                library=form.cleaned_data["library"],
                asked_by=_user(request),
                topic=form.cleaned_data["topic"],
                subject=form.cleaned_data["subject"],
                description=form.cleaned_data["description"],
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your question is registered as %(number)s; the answer is due by "
                    "%(date)s. You will get an e-mail when it comes."
                )
                % {"number": help_request.number, "date": help_request.due_on},
            )
            return redirect(help_request)
    status = 400 if form.is_bound else 200
    return render(request, "knowledge/help_create.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest,
    help_request: HelpRequest,
    *,
    reply_form: HelpReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    desk = selectors.is_desk_side(user, help_request)
    library_side = selectors.is_library_side(user, help_request)
    sees_internal = desk or selectors.may_read_all_requests(user)
    closed = help_request.status == HelpRequest.Status.CLOSED
    may_write = desk or library_side
    context: dict[str, Any] = {
        "help_request": help_request,
        "conversation": selectors.help_conversation(help_request, internal=sees_internal),
        "desk": desk,
        "library_side": library_side,
        "sees_internal": sees_internal,
        "closed": closed,
        "reply_form": reply_form
        or (HelpReplyForm(desk=desk) if may_write and (not closed or desk) else None),
        "status_form": HelpStatusForm(initial={"status": help_request.status}) if desk else None,
        "reassign_form": (
            HelpReassignForm(
                initial={
                    "topic": help_request.topic_id,
                    "assignee": help_request.assignee_id,
                    "due_on": help_request.due_on,
                }
            )
            if selectors.is_help_secretariat(user)
            else None
        ),
        "may_reopen": library_side and services.may_reopen(help_request),
        "may_close": library_side and not closed,
        "may_make_article": selectors.is_help_secretariat(user)
        and help_request.status in (HelpRequest.Status.ANSWERED, HelpRequest.Status.CLOSED),
        "reopen_days": services.reopen_days(),
        "reply_address": services.help_reply_address(help_request) if may_write else "",
        "today": timezone.localdate(),
    }
    return render(request, "knowledge/help_detail.html", context, status=status)


@staff_page
@require_GET
def help_detail(request: HttpRequest, number: str) -> HttpResponse:
    help_request = access.access_help_request(request.user, number)
    return _detail(request, help_request)


@staff_page
@require_POST
def help_reply(request: HttpRequest, number: str) -> HttpResponse:
    help_request = access.access_rw_help_request(request.user, number)
    desk = selectors.is_desk_side(request.user, help_request)
    form = HelpReplyForm(request.POST, request.FILES, desk=desk)
    if form.is_valid():
        internal = bool(form.cleaned_data.get("internal"))
        try:
            services.help_message_add(
                help_request=help_request,
                author=_user(request),
                body=form.cleaned_data["body"],
                desk=desk,
                internal=internal,
                status=form.cleaned_data.get("status") or HelpRequest.Status.ANSWERED,
                files=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            if internal:
                messages.success(request, _("The internal note is saved."))
            else:
                messages.success(request, _("Your reply is sent."))
            return redirect(f"{help_request.get_absolute_url()}#conversation-end")
    help_request.refresh_from_db()
    return _detail(request, help_request, reply_form=form, status=400)


@staff_page
@require_POST
def help_update(request: HttpRequest, number: str) -> HttpResponse:
    """Status (the desk), handing over (the secretariat), closing and reopening (the
    library), chosen by the submit button's `action`."""
    action = request.POST.get("action", "")
    user = _user(request)
    try:
        if action == "status":
            help_request = access.access_help_request_for_manage(user, number)
            form: BaseForm = HelpStatusForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a status."))
            services.help_request_status_set(
                help_request=help_request, status=form.cleaned_data["status"], by=user
            )
            messages.success(request, _("The status is changed."))
        elif action == "reassign":
            help_request = access.access_help_request(user, number)
            access.access_help_secretariat(user)
            form = HelpReassignForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            services.help_request_reassign(
                help_request=help_request,
                assignee=form.cleaned_data["assignee"],
                due_on=form.cleaned_data["due_on"],
                topic=form.cleaned_data["topic"],
                by=user,
            )
            messages.success(request, _("The request is handed over."))
        elif action == "close":
            help_request = access.access_rw_help_request(user, number)
            services.help_request_close_by_library(help_request=help_request, by=user)
            messages.success(request, _("The request is closed. Thank you."))
        elif action == "reopen":
            help_request = access.access_rw_help_request(user, number)
            services.help_request_reopen(help_request=help_request, by=user)
            messages.success(request, _("The request is open again."))
        else:
            # Only someone who may write here learns that the button was missing.
            help_request = access.access_rw_help_request(user, number)
            raise ValidationError(_("Choose what to do."))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        help_request.refresh_from_db()
        return _detail(request, help_request, status=400)
    return redirect(help_request)


@staff_page
@require_GET
def help_attachment(request: HttpRequest, number: str, pk: int) -> HttpResponseBase:
    attachment = access.access_help_attachment(request.user, number, pk)
    return file_download(attachment.file, filename=attachment.original_name)


@staff_page
@require_GET
def help_stats(request: HttpRequest) -> HttpResponse:
    access.access_help_stats(request.user)
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    stats = selectors.help_stats(year=year)
    context = {
        "stats": stats,
        "years": range(this_year, max(this_year - 5, 1999), -1),
        "overdue": selectors.help_requests_overdue().select_related("library", "assignee")[:50],
        "due_days": services.due_days(),
    }
    return render(request, "knowledge/help_stats.html", context)


@staff_page
@require_POST
def help_to_article(request: HttpRequest, number: str) -> HttpResponse:
    """Start a good-practice article from an answered request (a draft the secretariat
    edits and publishes; lrba.knowledge.services.practice)."""
    from lrba.knowledge.services.practice import article_from_help_request

    help_request = access.access_help_request(request.user, number)
    access.access_help_secretariat(request.user)
    try:
        article = article_from_help_request(help_request=help_request, by=_user(request))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect(help_request)
    messages.success(
        request, _("A draft article is made from the request: edit it and publish it.")
    )
    return redirect("knowledge:article_edit", slug=article.slug)
