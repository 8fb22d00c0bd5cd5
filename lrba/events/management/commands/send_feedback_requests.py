"""Invite the participants of yesterday's events to the feedback survey.

Run once a day (cron or the worker's scheduler). It asks the participants who attended
events that ended yesterday, Vilnius time, and have been neither asked nor answered; each
one asked is marked (`Registration.feedback_requested_at`) in the same transaction, so
running it again, or for an overlapping day, asks nobody twice.
`--event SLUG` asks one ended event's participants now, for events the daily run missed;
`--date YYYY-MM-DD` runs the daily window for another day.
"""

import datetime
from functools import partial
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from lrba.events.models import Event, Registration
from lrba.events.services.feedback import feedback_request_recipients
from lrba.events.tasks import send_feedback_request


class Command(BaseCommand):
    help = "Send the feedback survey to participants of events that ended yesterday."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--event", metavar="SLUG", help="one ended event, now")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="the day the events ended (default: yesterday, Vilnius time)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["event"] and options["date"]:
            raise CommandError("Give --event or --date, not both.")
        if options["event"]:
            event = Event.objects.filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(f"No event {options['event']!r}.")
            if event.ends_at > timezone.now():
                raise CommandError(f"{event} has not ended yet.")
            recipients = feedback_request_recipients(event=event)
        else:
            day = options["date"] or timezone.localdate() - datetime.timedelta(days=1)
            recipients = feedback_request_recipients(ended_on=day)
        with transaction.atomic():
            ids = list(recipients.select_for_update(of=("self",)).values_list("pk", flat=True))
            Registration.objects.filter(pk__in=ids).update(feedback_requested_at=timezone.now())
            for registration_id in ids:
                transaction.on_commit(partial(send_feedback_request.enqueue, registration_id))
        self.stdout.write(f"Feedback requests queued: {len(ids)}")
