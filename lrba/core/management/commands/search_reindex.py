"""`manage.py search_reindex [--kind K]`.

Rebuilds the site search's index from every source (`lrba.core.search`), or from one kind's
only: after loading data in bulk (fixtures, `bulk_create`, a restore), after a change to a
source's document, or to repair an index. Safe to run at any time and again.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lrba.core.search import search_kinds, search_reindex


class Command(BaseCommand):
    help = "Rebuild the site search's index (every kind, or one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", help="Only this kind (library, event, document, …).")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        kinds = [known for known, _label in search_kinds()]
        if kind is not None and kind not in kinds:
            raise CommandError(f"Unknown kind {kind!r}; the kinds are: {', '.join(kinds)}.")
        started = time.monotonic()
        indexed = search_reindex(kind=kind)
        self.stdout.write(
            f"Indexed {indexed} entries ({kind or 'every kind'}) "
            f"in {time.monotonic() - started:.1f} s."
        )
