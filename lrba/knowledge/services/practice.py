"""Good practice: a librarian writes an article for their library, the secretariat reviews
it (issue 11, point 5).

    draft ──submit──▶ submitted ──publish──▶ published ──withdraw──▶ withdrawn
      ▲                  │                                    (publish again)
      └──── returned ◀───┘ return (with a note; the author is e-mailed)

Only the author changes the text, images and attachments, while the article is a draft or
returned (lrba.knowledge.access decides who; these functions check the state). State
changes lock the article's row (`select_for_update`), so two reviewers clicking at once
cannot both publish, or return an article the other has just published.
The site search follows every save through lrba.core.search's signals.
"""

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lrba.core.images import image_renditions_schedule
from lrba.core.models import County
from lrba.core.sanitize import sanitize_html
from lrba.core.text import fold
from lrba.knowledge.models import (
    HelpMessage,
    HelpRequest,
    PracticeArticle,
    PracticeAttachment,
    PracticeImage,
    Topic,
)
from lrba.members.models import Library, Person

Status = PracticeArticle.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)
# Addresses under /geroji-patirtis/ that are pages, not articles.
RESERVED_SLUGS = {"nauja", "mano", "perziura"}


def article_body_clean(text: str) -> str:
    """The body as stored: plain text typed in a text box becomes paragraphs (an empty
    line between them, a line break inside); text with tags keeps the few the site allows
    (lrba.core.sanitize). Either way, scripts and event handlers are gone."""
    text = (text or "").strip()
    if "<" not in text:
        text = linebreaks(escape(text))
    return sanitize_html(text)


def _unique_slug(title: str) -> str:
    base = slugify(fold(title))[:100].strip("-") or "patirtis"
    slug, n = base, 1
    taken = PracticeArticle.objects.all()
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _author_name(user: Any) -> str:
    person = Person.objects.filter(user=user).first()
    if person is not None and person.full_name:
        return person.full_name
    return getattr(user, "full_name", "") or ""


def _locked(article: PracticeArticle) -> PracticeArticle:
    return PracticeArticle.objects.select_for_update().get(pk=article.pk)


def _refuse_unless(article: PracticeArticle, statuses: tuple[str, ...], message: str) -> None:
    if article.status not in statuses:
        raise ValidationError(
            message % {"status": article.get_status_display()}, code="wrong_status"
        )


def _copy_state(target: PracticeArticle, source: PracticeArticle) -> None:
    """Let the caller's object see what was written to the locked copy."""
    for field in (
        "status",
        "audience",
        "submitted_at",
        "published_at",
        "reviewed_by",
        "review_note",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def article_create(
    *,
    library: Library,
    by: Any,
    title: str,
    summary: str,
    body: str,
    topic: Topic,
    audience: str = PracticeArticle.Audience.PUBLIC,
    county: County | None = None,
    help_request: HelpRequest | None = None,
) -> PracticeArticle:
    """A draft article of `library` written by `by`; the county is the library's unless
    another is given (a practice may come from a branch in another county)."""
    article = PracticeArticle(
        title=title.strip(),
        slug=_unique_slug(title),
        summary=summary.strip(),
        body=article_body_clean(body),
        library=library,
        county=county or library.municipality.county,
        topic=topic,
        audience=audience,
        author=by,
        author_name=_author_name(by),
        help_request=help_request,
        status=Status.DRAFT,
    )
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def article_update(
    *,
    article: PracticeArticle,
    title: str,
    summary: str,
    body: str,
    topic: Topic,
    county: County,
    audience: str,
) -> PracticeArticle:
    """Change a draft or returned article's text. The address stays (links shared while
    it was a draft keep working)."""
    locked = _locked(article)
    _refuse_unless(
        locked,
        EDITABLE,
        _("The article is %(status)s: it can no longer be changed."),
    )
    locked.title = title.strip()
    locked.summary = summary.strip()
    locked.body = article_body_clean(body)  # type: ignore[assignment]
    locked.topic = topic
    locked.county = county
    locked.audience = audience
    locked.full_clean()
    locked.save()
    return locked


@transaction.atomic
def article_submit(*, article: PracticeArticle, by: Any) -> PracticeArticle:
    """Send a draft or returned article to the secretariat for review."""
    locked = _locked(article)
    _refuse_unless(locked, EDITABLE, _("The article is %(status)s: it cannot be submitted again."))
    locked.status = Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.full_clean()
    locked.save()
    _copy_state(article, locked)
    return locked


@transaction.atomic
def article_publish(*, article: PracticeArticle, by: Any, audience: str) -> PracticeArticle:
    """Publish a submitted (or a withdrawn) article for `audience`: everyone or members.
    Published again after a withdrawal, it keeps its first publication date."""
    locked = _locked(article)
    _refuse_unless(
        locked,
        (Status.SUBMITTED, Status.WITHDRAWN),
        _("The article is %(status)s: only a submitted or withdrawn article is published."),
    )
    locked.status = Status.PUBLISHED
    locked.audience = audience
    locked.published_at = locked.published_at or timezone.now()
    locked.reviewed_by = by
    locked.review_note = ""
    locked.full_clean()
    locked.save()
    _copy_state(article, locked)
    transaction.on_commit(_enqueue("send_article_published", locked.pk))
    return locked


@transaction.atomic
def article_return(*, article: PracticeArticle, by: Any, note: str) -> PracticeArticle:
    """Return a submitted article to its author with a note saying what to change; the
    author is e-mailed after commit."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            _("Write the author a note saying what to change."), code="note_required"
        )
    locked = _locked(article)
    _refuse_unless(
        locked,
        (Status.SUBMITTED,),
        _("The article is %(status)s: only a submitted article is returned."),
    )
    locked.status = Status.RETURNED
    locked.review_note = note
    locked.reviewed_by = by
    locked.full_clean()
    locked.save()
    _copy_state(article, locked)
    transaction.on_commit(_enqueue("send_article_returned", locked.pk))
    return locked


@transaction.atomic
def article_withdraw(*, article: PracticeArticle, by: Any, note: str = "") -> PracticeArticle:
    """Take a published or submitted article off the site (the search forgets it too)."""
    locked = _locked(article)
    _refuse_unless(
        locked,
        (Status.PUBLISHED, Status.SUBMITTED),
        _("The article is %(status)s: only a published or submitted article is withdrawn."),
    )
    locked.status = Status.WITHDRAWN
    locked.reviewed_by = by
    if note.strip():
        locked.review_note = note.strip()
    locked.full_clean()
    locked.save()
    _copy_state(article, locked)
    return locked


def _enqueue(task_name: str, article_id: int) -> Any:
    from lrba.knowledge import tasks_practice

    return partial(getattr(tasks_practice, task_name).enqueue, article_id=article_id)


def _check_editable(article: PracticeArticle) -> None:
    _refuse_unless(
        _locked(article),
        EDITABLE,
        _("The article is %(status)s: its pictures and files can no longer be changed."),
    )


@transaction.atomic
def article_image_add(
    *,
    article: PracticeArticle,
    image: UploadedFile,
    alt_text: str,
    caption: str = "",
    credit: str = "",
) -> PracticeImage:
    """Add a picture (alternative text required); its renditions are drawn after commit."""
    _check_editable(article)
    position = article.images.count()
    picture = PracticeImage(
        article=article,
        image=image,
        alt_text=alt_text.strip(),
        caption=caption.strip(),
        credit=credit.strip(),
        position=position,
    )
    picture.full_clean()
    picture.save()
    image_renditions_schedule(picture)
    return picture


@transaction.atomic
def article_image_remove(*, image: PracticeImage) -> None:
    _check_editable(image.article)
    image.delete()


@transaction.atomic
def article_attachment_add(
    *, article: PracticeArticle, file: UploadedFile, title: str
) -> PracticeAttachment:
    """Attach a file (an office document, a PDF or a picture, checked by its content)."""
    _check_editable(article)
    attachment = PracticeAttachment(
        article=article,
        file=file,
        title=title.strip() or (file.name or "").rsplit("/", 1)[-1][:200],
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def article_attachment_remove(*, attachment: PracticeAttachment) -> None:
    _check_editable(attachment.article)
    attachment.delete()


def _help_request_body(help_request: HelpRequest) -> str:
    """The question and the answers given to the library, as paragraphs; internal notes
    never leave the help desk."""
    parts = [f"<h2>{escape(_('The question'))}</h2>", linebreaks(escape(help_request.description))]
    answers = HelpMessage.objects.filter(request=help_request, is_internal=False).order_by(
        "created_at", "pk"
    )
    if answers.exists():
        parts.append(f"<h2>{escape(_('The answer'))}</h2>")
        parts += [linebreaks(escape(message.body)) for message in answers]
    return "".join(parts)


@transaction.atomic
def article_from_help_request(*, help_request: HelpRequest, by: Any) -> PracticeArticle:
    """A draft article of the asking library from an answered help request: its question
    and the answers (not the internal notes), linked to the request. `by` becomes the
    author and goes on from there like any author (edits, submits).

    Refused when the request has no topic (an article needs one) or is not answered yet.
    """
    if help_request.status not in (HelpRequest.Status.ANSWERED, HelpRequest.Status.CLOSED):
        raise ValidationError(
            _("Only an answered question can become a good-practice article."),
            code="not_answered",
        )
    if help_request.topic is None:
        raise ValidationError(
            _("Choose the request's topic first: every article is filed under one."),
            code="topic_required",
        )
    return article_create(
        library=help_request.library,
        by=by,
        title=help_request.subject,
        summary=help_request.description[:500],
        body=_help_request_body(help_request),
        topic=help_request.topic,
        help_request=help_request,
    )
