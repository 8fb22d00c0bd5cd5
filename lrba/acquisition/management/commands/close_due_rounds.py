"""`manage.py close_due_rounds`: close every open round whose closing time has come and
make its supplier orders (run from cron every few minutes; see docs/deploy.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from lrba.acquisition.services.closing import rounds_close_due


class Command(BaseCommand):
    help = "Close the buying rounds whose closing time has passed and make their supplier orders."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = rounds_close_due()
        for round_ in closed:
            orders = round_.supplier_orders.order_by("number")
            numbers = ", ".join(order.number for order in orders) or "-"
            self.stdout.write(f"Closed round {round_.pk} ({round_}): supplier orders {numbers}")
        if not closed:
            self.stdout.write("No round is due to close.")
