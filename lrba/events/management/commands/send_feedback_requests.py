"""Invite the participants of yesterday's events to the feedback survey.

Run once a day (cron or the worker's scheduler). It asks the participants who attended
events that ended yesterday, Vilnius time, and have been neither asked nor answered; each
one asked is marked (`Registration.feedback_requested_at`) in the same transaction, so
running it again, or for an overlapping day, asks nobody twice.
`--event SLUG` asks one ended event's participants now, for events the daily run missed;
`--date YYYY-MM-DD` runs the daily window for another day.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lrba.events.models import Event
from lrba.events.services.feedback import feedback_request_recipients, feedback_requests_mark


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
        ids = feedback_requests_mark(recipients=recipients)
        self.stdout.write(f"Feedback requests queued: {len(ids)}")
