"""Public pages: the archive of sent newsletters and the one-click unsubscribe.

The unsubscribe address is what a newsletter's List-Unsubscribe header names (RFC 8058):
mail programs POST "List-Unsubscribe=One-Click" to it with no session and no CSRF token,
so the view is open and CSRF-exempt; the signed token is the only credential, and it can
do one thing only — withdraw that person's newsletter consent. A GET (a person clicking
the link in the text) shows a confirmation with a button, because link checkers and
previews open links on their own.
"""

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from lrba.communications.access import access_archived_newsletter, archived_newsletters
from lrba.communications.rendering import message_content
from lrba.communications.services.unsubscribe import newsletter_unsubscribe, unsubscribe_link_read
from lrba.core.pagination import paginate

PER_PAGE = 20


@login_not_required
@require_GET
def archive_list(request: HttpRequest) -> HttpResponse:
    page, note = paginate(
        request.GET, archived_newsletters().order_by("-finished_at", "-pk"), PER_PAGE
    )
    language = translation.get_language() or "lt"
    rows = [(message, message_content(message, language)) for message in page]
    return render(
        request,
        "communications/archive_list.html",
        {"items": page, "rows": rows, "page_note": note},
    )


@login_not_required
@require_GET
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = access_archived_newsletter(pk)
    content = message_content(message, translation.get_language() or "lt")
    return render(
        request, "communications/archive_detail.html", {"message": message, "content": content}
    )


@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = unsubscribe_link_read(token)
    except signing.BadSignature:
        return render(request, "communications/unsubscribe_invalid.html", status=400)
    # The page speaks the language the newsletter was sent in.
    language = link.delivery.language if link.delivery else translation.get_language()
    with translation.override(language):
        if request.method == "POST":
            withdrawn = newsletter_unsubscribe(link=link)
            state = "done" if withdrawn else ("test" if link.is_test else "already")
        elif link.is_test:
            state = "test"
        else:
            state = "confirm" if link.subscribed else "already"
        return render(
            request,
            "communications/unsubscribe.html",
            {"link": link, "state": state, "token": token},
        )


urlpatterns = [
    path("", archive_list, name="archive_list"),
    path("<int:pk>/", archive_detail, name="archive_detail"),
    path("atsisakyti/<str:token>/", unsubscribe, name="unsubscribe"),
]
