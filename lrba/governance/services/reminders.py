"""The governance reminders, sent by the daily `governance_reminders` command.

- Follow-up tasks: once when the task falls due within a week, once on (or after) its
  date, then weekly while it stays open. `FollowUp.reminded_on` keeps the last reminder,
  so running the command twice a day sends nothing twice.
- Minutes to sign: the chair and the secretary who have not signed are reminded a week
  before the signing deadline, on it, and weekly after it; `Minutes.reminded_on` keeps
  the last reminder likewise.
- The annual statements (CK 2.66(4), Assoc. Law 8(1)5): every year a
  STATEMENTS_APPROVAL follow-up due 30 April for the previous year's statements is
  created once; recording an annual_statements decision closes it
  (`services.decisions.decision_record`).

Mail goes out in tasks after the marks are committed.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks import task

from lrba.core.mail import mail_send
from lrba.core.urls import absolute_url
from lrba.governance.models import Decision, FollowUp, Minutes
from lrba.governance.selectors.minutes import minutes_unsigned
from lrba.governance.services.bodies import board_roles_sync

BEFORE_DAYS = 7
AGAIN_EVERY_DAYS = 7
ANNUAL_STATEMENTS = "annual_statements"


@dataclass
class RemindersSent:
    follow_ups: list[int] = field(default_factory=list)
    minutes: list[int] = field(default_factory=list)
    statements_created: bool = False


def reminder_due(*, due: datetime.date, today: datetime.date, last: datetime.date | None) -> bool:
    """Whether a reminder goes out today for something due on `due`, last reminded on
    `last`: once within the week before, once on or after the date, weekly after that."""
    if today < due - datetime.timedelta(days=BEFORE_DAYS):
        return False
    if last is not None and last >= today:
        return False  # already today (or, oddly, later)
    if today < due:
        # The "a week before" reminder: once in that week.
        return last is None or last < due - datetime.timedelta(days=BEFORE_DAYS)
    if last is None or last < due:
        return True  # the "due today" (or "past due") reminder
    return (today - last).days >= AGAIN_EVERY_DAYS


# Annual statements ----------------------------------------------------------------------------


def statements_deadline(year: int) -> datetime.date:
    """The previous year's statements are approved within four months of the year's end."""
    return datetime.date(year, 4, 30)


@transaction.atomic
def statements_reminder_ensure(*, today: datetime.date) -> FollowUp | None:
    """This year's STATEMENTS_APPROVAL follow-up (for last year's statements), created
    once; None when this year's approval is already recorded."""
    due = statements_deadline(today.year)
    existing = FollowUp.objects.filter(kind=FollowUp.Kind.STATEMENTS_APPROVAL, due_on=due).first()
    if existing is not None:
        return None
    approved = Decision.objects.filter(
        kind__code=ANNUAL_STATEMENTS, adopted_on__year=today.year
    ).exists()
    if approved:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        title = gettext(
            "Approve the annual statements and the activity report of %(year)s at the "
            "General Meeting"
        ) % {"year": today.year - 1}
    follow_up = FollowUp(kind=FollowUp.Kind.STATEMENTS_APPROVAL, title=title, due_on=due)
    follow_up.full_clean()
    follow_up.save()
    return follow_up


# Follow-up tasks ------------------------------------------------------------------------------


def follow_up_recipient(follow_up: FollowUp) -> tuple[str, str]:
    """(address, language): the assignee, or the secretariat's address."""
    user = follow_up.assignee
    if user is not None and user.email:
        return user.email, getattr(user, "language", "") or settings.LANGUAGE_CODE
    return settings.LRBA_SECRETARIAT_EMAIL, settings.LANGUAGE_CODE


@task()
def send_follow_up_reminder(follow_up_id: int, today_iso: str) -> None:
    follow_up = FollowUp.objects.select_related("decision", "assignee").get(pk=follow_up_id)
    to, language = follow_up_recipient(follow_up)
    today = datetime.date.fromisoformat(today_iso)
    url = (
        reverse("governance:decision_detail", args=[follow_up.decision_id])
        if follow_up.decision_id
        else reverse("admin:governance_followup_change", args=[follow_up.pk])
    )
    mail_send(
        to=to,
        template="governance/email/follow_up_reminder",
        context={
            "follow_up": follow_up,
            "overdue": follow_up.due_on < today,
            "due_today": follow_up.due_on == today,
            "url": absolute_url(url),
        },
        language=language,
    )


def follow_up_reminders_send(*, today: datetime.date) -> list[int]:
    """Mark and (after commit) send today's follow-up reminders; returns their ids."""
    sent = []
    with transaction.atomic():
        candidates = FollowUp.objects.select_for_update().filter(
            status=FollowUp.Status.OPEN,
            due_on__lte=today + datetime.timedelta(days=BEFORE_DAYS),
        )
        for follow_up in candidates.order_by("due_on", "pk"):
            if not reminder_due(due=follow_up.due_on, today=today, last=follow_up.reminded_on):
                continue
            follow_up.reminded_on = today
            follow_up.save(update_fields=["reminded_on"])
            sent.append(follow_up.pk)
        for pk in sent:
            transaction.on_commit(partial(send_follow_up_reminder.enqueue, pk, today.isoformat()))
    return sent


# Minutes to sign ------------------------------------------------------------------------------


def minutes_signatories_unsigned(minutes: Minutes) -> list:
    """The people (chair, secretary) who still have to sign, each once."""
    meeting = minutes.meeting
    people = []
    if minutes.chair_signed_at is None and meeting.chair is not None:
        people.append(meeting.chair)
    if (
        minutes.secretary_signed_at is None
        and meeting.secretary is not None
        and meeting.secretary not in people
    ):
        people.append(meeting.secretary)
    return people


@task()
def send_minutes_signing_reminder(minutes_id: int, today_iso: str) -> None:
    minutes = Minutes.objects.select_related(
        "meeting__chair__user", "meeting__secretary__user", "meeting__body"
    ).get(pk=minutes_id)
    today = datetime.date.fromisoformat(today_iso)
    for person in minutes_signatories_unsigned(minutes):
        user = person.user
        to = person.email or (user.email if user is not None else "")
        if not to:
            continue
        mail_send(
            to=to,
            template="governance/email/minutes_signing_reminder",
            context={
                "person": person,
                "minutes": minutes,
                "meeting": minutes.meeting,
                "overdue": minutes.is_overdue(today),
                "url": absolute_url(reverse("governance:minutes_detail", args=[minutes.pk])),
            },
            language=(user.language if user is not None and user.language else "lt"),
        )


def minutes_reminders_send(*, today: datetime.date) -> list[int]:
    sent = []
    with transaction.atomic():
        candidates = (
            minutes_unsigned()
            .select_for_update(of=("self",))
            .filter(
                signing_deadline__lte=today + datetime.timedelta(days=BEFORE_DAYS),
                generated_at__isnull=False,
            )
        )
        for minutes in candidates:
            if not reminder_due(
                due=minutes.signing_deadline, today=today, last=minutes.reminded_on
            ):
                continue
            minutes.reminded_on = today
            minutes.save(update_fields=["reminded_on"])
            sent.append(minutes.pk)
        for pk in sent:
            transaction.on_commit(
                partial(send_minutes_signing_reminder.enqueue, pk, today.isoformat())
            )
    return sent


def reminders_send(*, today: datetime.date | None = None) -> RemindersSent:
    """Everything the daily run does; idempotent within a day."""
    today = today or timezone.localdate()
    # A seat recorded with a future end date loses its Board role on the day it ends.
    board_roles_sync(on=today)
    created = statements_reminder_ensure(today=today) is not None
    return RemindersSent(
        follow_ups=follow_up_reminders_send(today=today),
        minutes=minutes_reminders_send(today=today),
        statements_created=created,
    )
