"""Good-practice pages: the public list and articles, writing an article (librarians of
member libraries), "My articles", and the secretariat's review queue.

Members-only articles are read by members only: an anonymous visitor is asked to sign in,
a signed-in outsider gets 404. Pictures and files are served only through these views,
after the same check as the article (lrba.core.downloads, lrba.core.images).
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lrba.accounts.access import staff_page
from lrba.core.downloads import file_download
from lrba.core.images import image_response
from lrba.core.pagination import paginate
from lrba.knowledge import access
from lrba.knowledge.forms_practice import (
    ArticleAttachmentForm,
    ArticleForm,
    ArticleImageForm,
    ArticleReviewForm,
)
from lrba.knowledge.models import PracticeArticle, PracticeAttachment, PracticeImage
from lrba.knowledge.selectors import practice as selectors
from lrba.knowledge.services import practice as services

PER_PAGE = 12


def _show_refusal(request: HttpRequest, refusal: ValidationError) -> None:
    for message in refusal.messages:
        messages.error(request, message)


@login_not_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.article_filters(request.GET)
    articles = selectors.article_list(
        audiences=access.readable_audiences(request.user), filters=filters
    )
    page, note = paginate(request.GET, articles, PER_PAGE)
    chosen = {
        "tema": filters.topic.slug if filters.topic else "",
        "apskritis": filters.county.code if filters.county else "",
        "q": filters.query,
    }
    return render(
        request,
        "knowledge/article_list.html",
        {
            "page_obj": page,
            "page_note": note,
            "filters": filters,
            "chosen": chosen,
            "query_string": urlencode({key: value for key, value in chosen.items() if value}),
            "topics": selectors.article_topics(),
            "counties": selectors.article_counties(),
            "may_write": access.librarian_libraries(request.user).exists(),
        },
    )


@login_not_required
@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        article = access.access_article(request.user, slug)
    except Http404:
        if not request.user.is_authenticated and access.article_is_members_only(slug):
            return redirect_to_login(request.get_full_path())
        raise
    return render(
        request,
        "knowledge/article_detail.html",
        {
            "article": article,
            "images": list(article.images.all()),
            "attachments": list(article.attachments.all()),
            "may_edit": access.may_edit_article(request.user, article),
            "may_review": access.may_review_articles(request.user),
        },
    )


@login_not_required
@require_GET
def article_image(request: HttpRequest, slug: str, pk: int, width: int) -> HttpResponseBase:
    article, image = access.access_article_image(request.user, slug, pk)
    return image_response(image, width, private=not access.article_is_public(article))


@login_not_required
@require_GET
def article_attachment(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    article, attachment = access.access_article_attachment(request.user, slug, pk)
    return file_download(attachment.file, private=not access.article_is_public(article))


@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    libraries = access.access_article_create(request.user)
    form = ArticleForm(request.POST or None, libraries=libraries)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = services.article_create(
                library=data["library"],
                by=request.user,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                topic=data["topic"],
                county=data["county"],
                audience=data["audience"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(
                request,
                _("The draft is saved. Add pictures and files, then submit it for review."),
            )
            return redirect("knowledge:article_edit", article.slug)
    return render(request, "knowledge/article_form.html", {"form": form, "article": None})


def _edit_page(request: HttpRequest, article: PracticeArticle, **forms: Any) -> HttpResponse:
    context = {
        "article": article,
        "form": forms.get("form") or ArticleForm(initial=ArticleForm.initial_of(article)),
        "image_form": forms.get("image_form") or ArticleImageForm(),
        "attachment_form": forms.get("attachment_form") or ArticleAttachmentForm(),
        "images": list(article.images.all()),
        "attachments": list(article.attachments.all()),
    }
    status = 400 if forms else 200
    return render(request, "knowledge/article_form.html", context, status=status)


@staff_page  # the secretariat edits too: two-factor for staff roles
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    article = access.access_rw_article(request.user, slug)
    if request.method != "POST":
        return _edit_page(request, article)
    form = ArticleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.article_update(
                article=article,
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                topic=data["topic"],
                county=data["county"],
                audience=data["audience"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            if "submit" in request.POST:
                return _submit(request, article)
            messages.success(request, _("The draft is saved."))
            return redirect("knowledge:article_edit", article.slug)
    return _edit_page(request, article, form=form)


def _submit(request: HttpRequest, article: PracticeArticle) -> HttpResponse:
    try:
        services.article_submit(article=article, by=request.user)
    except ValidationError as refusal:
        _show_refusal(request, refusal)
        return redirect("knowledge:my_articles")
    messages.success(
        request,
        _("The article is submitted. The secretariat will read it and publish it or write back."),
    )
    return redirect("knowledge:my_articles")


@staff_page  # the secretariat edits too: two-factor for staff roles
@require_POST
def article_submit(request: HttpRequest, slug: str) -> HttpResponse:
    article = access.access_rw_article(request.user, slug)
    return _submit(request, article)


@staff_page  # the secretariat edits too: two-factor for staff roles
@require_POST
def article_image_add(request: HttpRequest, slug: str) -> HttpResponse:
    article = access.access_rw_article(request.user, slug)
    form = ArticleImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.article_image_add(article=article, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The picture is added."))
            return redirect("knowledge:article_edit", article.slug)
    return _edit_page(request, article, image_form=form)


@staff_page  # the secretariat edits too: two-factor for staff roles
@require_POST
def article_image_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article = access.access_rw_article(request.user, slug)
    image = get_object_or_404(PracticeImage, article=article, pk=pk)
    try:
        services.article_image_remove(image=image)
    except ValidationError as refusal:
        _show_refusal(request, refusal)
    else:
        messages.success(request, _("The picture is removed."))
    return redirect("knowledge:article_edit", article.slug)


@staff_page  # the secretariat edits too: two-factor for staff roles
@require_POST
def article_attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    article = access.access_rw_article(request.user, slug)
    form = ArticleAttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.article_attachment_add(article=article, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("knowledge:article_edit", article.slug)
    return _edit_page(request, article, attachment_form=form)


@staff_page  # the secretariat edits too: two-factor for staff roles
@require_POST
def article_attachment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    article = access.access_rw_article(request.user, slug)
    attachment = get_object_or_404(PracticeAttachment, article=article, pk=pk)
    try:
        services.article_attachment_remove(attachment=attachment)
    except ValidationError as refusal:
        _show_refusal(request, refusal)
    else:
        messages.success(request, _("The file is removed."))
    return redirect("knowledge:article_edit", article.slug)


@require_GET
def my_articles(request: HttpRequest) -> HttpResponse:
    """The author's articles in every state; anyone signed in may open it (a former
    librarian still sees what they wrote)."""
    return render(
        request,
        "knowledge/article_mine.html",
        {
            "articles": selectors.articles_of_author(request.user),
            "may_write": access.librarian_libraries(request.user).exists(),
        },
    )


@staff_page
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    access.access_article_reviews(request.user)
    status = request.GET.get("busena", PracticeArticle.Status.SUBMITTED)
    if status not in selectors.REVIEW_FILTERS:
        status = PracticeArticle.Status.SUBMITTED
    page, note = paginate(request.GET, selectors.articles_for_review(status=status), 25)
    return render(
        request,
        "knowledge/article_review_list.html",
        {
            "page_obj": page,
            "page_note": note,
            "status": status,
            "statuses": [
                (value, PracticeArticle.Status(value).label, count)
                for value, count in selectors.review_counts().items()
            ],
            "query_string": urlencode({"busena": status}),
        },
    )


@staff_page
@require_http_methods(["GET", "POST"])
def article_review(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        article = access.access_article_review(request.user, slug)
        form = ArticleReviewForm(article=article, initial={"note": article.review_note})
        return _review_page(request, article, form)
    article = access.access_rw_article_review(request.user, slug)
    form = ArticleReviewForm(request.POST, article=article)
    if form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == ArticleReviewForm.RETURN:
                services.article_return(article=article, by=request.user, note=note)
                done = _("The article is returned to its author, who is e-mailed your note.")
            elif decision == ArticleReviewForm.WITHDRAW:
                services.article_withdraw(article=article, by=request.user, note=note)
                done = _("The article is withdrawn from the site.")
            else:
                audience = (
                    PracticeArticle.Audience.MEMBERS
                    if decision == ArticleReviewForm.PUBLISH_MEMBERS
                    else PracticeArticle.Audience.PUBLIC
                )
                services.article_publish(article=article, by=request.user, audience=audience)
                done = _("The article is published.")
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, done)
            return redirect("knowledge:review_list")
    return _review_page(request, article, form, status=400)


def _review_page(
    request: HttpRequest, article: PracticeArticle, form: ArticleReviewForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "knowledge/article_review.html",
        {
            "article": article,
            "form": form,
            "images": list(article.images.all()),
            "attachments": list(article.attachments.all()),
            "may_decide": access.may_decide_articles(request.user),
        },
        status=status,
    )
