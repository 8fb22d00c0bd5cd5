"""The secretariat's writes on consultations and surveys: drafting them and their
questions, opening (with the announcement to members), extending, closing, and the daily
reminders and closings run by `manage.py consultation_reminders`.

Questions change while the consultation is a draft, and after it opens only as long as
nobody has answered (fixing a typo then harms nobody); once an answer exists, changing a
question would change what that answer means, so it is refused. Each question write holds
a SELECT FOR UPDATE lock on the consultation row while it checks this.
"""

import datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from lrba.communications.models import Message
from lrba.communications.services.messages import message_create, message_send
from lrba.core.audit import acting_as
from lrba.core.mail import mail_send
from lrba.core.text import fold
from lrba.core.urls import absolute_url
from lrba.representation.models import Choice, Consultation, Question
from lrba.representation.selectors.consultations import (
    consultation_has_answers,
    consultation_open_problems,
    consultation_reminder_recipients,
)

# Fields the secretariat writes; the rest is the consultation's bookkeeping.
EDITABLE_FIELDS = (
    "kind",
    "subject",
    "title",
    "institution",
    "summary",
    "document",
    "document_url",
    "deadline",
    "libraries_answer",
    "individuals_answer",
    "remind_days_before",
)
# Who is asked cannot change once the announcement has gone out to them.
FIXED_ONCE_OPEN = ("kind", "libraries_answer", "individuals_answer")
CHOICE_KINDS = (Question.Kind.SINGLE, Question.Kind.MULTIPLE)


def _unique_slug(title: str) -> str:
    base = slugify(fold(title))[:120].strip("-") or "konsultacija"
    slug, n = base, 1
    while Consultation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _deadline_check(deadline: datetime.datetime | None) -> None:
    if deadline is not None and deadline <= timezone.now():
        raise ValidationError(
            {"deadline": _("The deadline must be in the future.")}, code="deadline_past"
        )


def consultation_create(*, by: Any, **fields: Any) -> Consultation:
    """A new draft consultation (or survey); its address is made from the title."""
    consultation = Consultation(
        **{name: fields[name] for name in EDITABLE_FIELDS if name in fields}
    )
    _deadline_check(consultation.deadline)
    consultation.slug = _unique_slug(consultation.title)
    consultation.created_by = by if getattr(by, "is_authenticated", False) else None
    consultation.full_clean()
    with acting_as(by):
        consultation.save()
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, by: Any, **fields: Any) -> Consultation:
    """Change a draft or an open consultation. Once open, who is asked stays as
    announced; a closed one is a record and does not change."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status == Consultation.Status.CLOSED:
        raise ValidationError(
            _("This consultation is closed and can no longer be changed."), code="closed"
        )
    old_deadline = locked.deadline
    for name in EDITABLE_FIELDS:
        if name not in fields:
            continue
        if locked.status == Consultation.Status.OPEN and name in FIXED_ONCE_OPEN:
            if getattr(locked, name) != fields[name]:
                raise ValidationError(
                    {
                        name: _(
                            "The consultation is open: who is asked stays as the announcement said."
                        )
                    },
                    code="fixed_once_open",
                )
            continue
        setattr(locked, name, fields[name])
    if locked.deadline != old_deadline:
        _deadline_check(locked.deadline)
        locked.reminded_at = None  # a new deadline earns a new reminder
    locked.full_clean()
    with acting_as(by):
        locked.save()
    return locked


# Questions --------------------------------------------------------------------------------


def _questions_editable(consultation: Consultation) -> Consultation:
    """The consultation locked (SELECT FOR UPDATE), or a refusal when its questions may
    no longer change. Call inside a transaction."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status == Consultation.Status.CLOSED:
        raise ValidationError(
            _("This consultation is closed: its questions can no longer change."),
            code="closed",
        )
    if consultation_has_answers(locked):
        raise ValidationError(
            _(
                "Members have already answered: the questions can no longer change, or "
                "their answers would no longer say what they meant."
            ),
            code="answered",
        )
    return locked


def _choices_clean(kind: str, choices: Any) -> list[str]:
    texts = [str(text).strip() for text in choices or () if str(text).strip()]
    if kind in CHOICE_KINDS:
        if len(texts) < 2:
            raise ValidationError(
                {"choices": _("A choice question needs at least two choices, one a line.")},
                code="choices_missing",
            )
        folded = [fold(text) for text in texts]
        if len(set(folded)) != len(folded):
            raise ValidationError(
                {"choices": _("The same choice is written twice.")}, code="choices_repeated"
            )
    else:
        texts = []
    return texts


def _choices_set(question: Question, texts: list[str]) -> None:
    """The question's choices become `texts`, in order: existing rows keep their
    identity position by position (nobody has answered yet), extra ones go."""
    existing = list(question.choices.order_by("position", "pk"))
    for position, text in enumerate(texts):
        if position < len(existing):
            choice = existing[position]
            choice.text, choice.position = text, position
        else:
            choice = Choice(question=question, text=text, position=position)
        choice.full_clean()
        choice.save()
    for choice in existing[len(texts) :]:
        choice.delete()


QUESTION_FIELDS = (
    "kind",
    "text",
    "help_text",
    "required",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
)


@transaction.atomic
def question_add(
    *,
    consultation: Consultation,
    by: Any,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = True,
    scale_min: int = 1,
    scale_max: int = 5,
    scale_min_label: str = "",
    scale_max_label: str = "",
    choices: Any = (),
) -> Question:
    """A question at the end of `consultation`'s list, with its choices."""
    locked = _questions_editable(consultation)
    texts = _choices_clean(kind, choices)
    last = locked.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(
        consultation=locked,
        position=0 if last is None else last + 1,
        kind=kind,
        text=text,
        help_text=help_text,
        required=required,
        scale_min=scale_min,
        scale_max=scale_max,
        scale_min_label=scale_min_label,
        scale_max_label=scale_max_label,
    )
    question.full_clean()
    with acting_as(by):
        question.save()
        _choices_set(question, texts)
    return question


@transaction.atomic
def question_update(*, question: Question, by: Any, choices: Any = (), **fields: Any) -> Question:
    """Change a question (its `QUESTION_FIELDS` and its choices, given in order)."""
    _questions_editable(question.consultation)
    locked = Question.objects.select_for_update().get(pk=question.pk)
    for name in QUESTION_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    texts = _choices_clean(locked.kind, choices)
    locked.full_clean()
    with acting_as(by):
        locked.save()
        _choices_set(locked, texts)
    return locked


@transaction.atomic
def question_remove(*, question: Question, by: Any) -> None:
    _questions_editable(question.consultation)
    with acting_as(by):
        Question.objects.filter(pk=question.pk).delete()


@transaction.atomic
def question_move(*, question: Question, up: bool, by: Any) -> None:
    """Swap `question` with its neighbour above (`up`) or below; the positions are
    renumbered 0, 1, 2… on the way. At the top (bottom) nothing moves."""
    locked = _questions_editable(question.consultation)
    ordered = list(locked.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    with acting_as(by):
        for position, item in enumerate(ordered):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


# Opening, extending, closing ----------------------------------------------------------------


def _announcement_texts(consultation: Consultation) -> tuple[str, str]:
    """The announcement's subject and HTML body in the active language."""
    url = absolute_url(reverse("representation:consultation_detail", args=[consultation.slug]))
    deadline = date_format(timezone.localtime(consultation.deadline), "DATETIME_FORMAT")
    if consultation.kind == Consultation.Kind.SURVEY:
        subject = _("Members' survey: %(title)s") % {"title": consultation.title}
        invitation = _("The association asks its members to answer a survey.")
    else:
        subject = _("Consultation: %(title)s") % {"title": consultation.title}
        invitation = _("The association asks its members' opinion before it states its position.")
    body = format_html(
        '<p>{}</p><p><strong>{}</strong></p>{}{}<p>{}</p><p><a href="{}">{}</a></p>',
        invitation,
        consultation.title,
        format_html("<p>{}: {}</p>", _("Institution asking"), consultation.institution)
        if consultation.institution
        else "",
        format_html("<p>{}</p>", consultation.summary) if consultation.summary else "",
        _("Answers are awaited until %(deadline)s.") % {"deadline": deadline},
        url,
        _("Read the questions and answer"),
    )
    return subject, str(body)


def _announcement_create(consultation: Consultation, by: Any) -> Message:
    texts = {}
    for language in ("lt", "en"):
        with translation.override(language):
            texts[language] = _announcement_texts(consultation)
    return message_create(
        by=by,
        kind=Message.Kind.ANNOUNCEMENT,
        subject=texts["lt"][0][:200],
        subject_en=texts["en"][0][:200],
        body=texts["lt"][1],
        body_en=texts["en"][1],
        segment=Message.Segment.ALL_MEMBERS
        if consultation.individuals_answer
        else Message.Segment.REPRESENTATIVES,
        in_public_archive=False,
    )


@transaction.atomic
def consultation_open(*, consultation: Consultation, by: Any) -> Consultation:
    """Open `consultation` for answers and announce it to those asked: the member
    libraries' representatives, or all members when individual members answer too.

    Refused (nothing saved) without questions, with a choice question lacking choices,
    or with a deadline not in the future. When nobody could receive the announcement
    (no addresses), it stays a draft in communications and the consultation opens all
    the same: the page says so. Holds a SELECT FOR UPDATE lock on the consultation."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != Consultation.Status.DRAFT:
        raise ValidationError(_("This consultation has already been opened."), code="not_draft")
    problems = consultation_open_problems(locked, now=timezone.now())
    if problems:
        raise ValidationError(problems, code="not_ready")
    locked.status = Consultation.Status.OPEN
    locked.opened_at = timezone.now()
    announcement = _announcement_create(locked, by)
    try:
        announcement = message_send(message=announcement, by=by)
    except ValidationError as refusal:
        if refusal.code != "empty_segment":
            raise
    locked.announcement = announcement
    with acting_as(by):
        locked.save()
    return locked


@transaction.atomic
def consultation_deadline_extend(
    *, consultation: Consultation, deadline: datetime.datetime, by: Any
) -> Consultation:
    """Give members longer: only later than the present deadline and in the future.
    Only while open: a closed consultation stays closed (its summary may be in use)."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != Consultation.Status.OPEN:
        raise ValidationError(
            _("Only an open consultation's deadline can be extended."), code="not_open"
        )
    if deadline <= locked.deadline:
        raise ValidationError(
            {"deadline": _("The new deadline must be later than the present one.")},
            code="not_later",
        )
    _deadline_check(deadline)
    locked.deadline = deadline
    locked.reminded_at = None  # a new deadline earns a new reminder
    with acting_as(by):
        locked.save(update_fields=["deadline", "reminded_at", "updated_at"])
    return locked


def _close(locked: Consultation, by: Any, now: datetime.datetime) -> None:
    locked.status = Consultation.Status.CLOSED
    locked.closed_at = now
    with acting_as(by):
        locked.save(update_fields=["status", "closed_at", "updated_at"])


@transaction.atomic
def consultation_close(*, consultation: Consultation, by: Any) -> Consultation:
    """Close an open consultation now (before its deadline if need be): no more answers."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != Consultation.Status.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."), code="not_open")
    _close(locked, by, timezone.now())
    return locked


# The daily run -----------------------------------------------------------------------------


def consultations_close_due(*, now: datetime.datetime | None = None) -> int:
    """Close every open consultation whose deadline has passed; returns how many.
    Idempotent: a closed one is not open any more."""
    now = now or timezone.now()
    closed = 0
    due = Consultation.objects.filter(status=Consultation.Status.OPEN, deadline__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            locked = Consultation.objects.select_for_update().get(pk=pk)
            if locked.status == Consultation.Status.OPEN and locked.deadline <= now:
                _close(locked, None, now)
                closed += 1
    return closed


@task()
def send_consultation_reminders(consultation_id: int) -> None:
    """E-mail everyone still to answer `consultation` (read afresh: whoever answered
    since the mark was set is left out)."""
    consultation = Consultation.objects.get(pk=consultation_id)
    if not consultation.is_open_at():
        return
    url = absolute_url(reverse("representation:consultation_detail", args=[consultation.slug]))
    for recipient in consultation_reminder_recipients(consultation):
        mail_send(
            to=recipient.email,
            template="representation/email/consultation_reminder",
            context={
                "consultation": consultation,
                "recipient": recipient,
                "url": url,
            },
            language=recipient.language,
        )


def consultations_remind_due(*, now: datetime.datetime | None = None) -> int:
    """Mark and (after commit) send the reminder of every open consultation whose
    deadline is within its `remind_days_before` days; once per consultation (and once
    more after its deadline is extended). Returns how many consultations are reminded."""
    now = now or timezone.now()
    reminded = 0
    candidates = Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        reminded_at__isnull=True,
        deadline__gt=now,
        remind_days_before__gt=0,
    ).values_list("pk", "deadline", "remind_days_before")
    for pk, deadline, days in candidates:
        if deadline - datetime.timedelta(days=days) > now:
            continue
        with transaction.atomic():
            locked = Consultation.objects.select_for_update().get(pk=pk)
            if locked.reminded_at is not None or locked.status != Consultation.Status.OPEN:
                continue  # reminded meanwhile by another run
            locked.reminded_at = now
            locked.save(update_fields=["reminded_at"])
            transaction.on_commit(partial(send_consultation_reminders.enqueue, pk))
        reminded += 1
    return reminded
