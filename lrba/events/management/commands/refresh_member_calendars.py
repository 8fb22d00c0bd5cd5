"""Read every active iCalendar feed of the member libraries into the shared calendar (cron,
e.g. every few hours): `lrba.events.services.calendar_import.calendar_sources_refresh`."""

from typing import Any

from django.core.management.base import BaseCommand

from lrba.events.models import MemberCalendarImport


class Command(BaseCommand):
    help = "Read the member libraries' iCalendar feeds into the shared calendar."

    def handle(self, *args: Any, **options: Any) -> None:
        from lrba.events.services.calendar_import import calendar_sources_refresh

        started = MemberCalendarImport.objects.order_by("-pk").values_list("pk", flat=True).first()
        count = calendar_sources_refresh()
        readings = MemberCalendarImport.objects.filter(
            pk__gt=started or 0, source__isnull=False
        ).select_related("source")
        for reading in readings:
            line = (
                f"{reading.source.url if reading.source else reading.file_name}: "
                f"{reading.status}, new {reading.created_count}, "
                f"updated {reading.updated_count}, unchanged {reading.unchanged_count}, "
                f"refused {reading.rejected_count}"
            )
            if reading.error:
                line += f" ({reading.error})"
            self.stdout.write(line)
        self.stdout.write(f"Feeds read: {count}")
