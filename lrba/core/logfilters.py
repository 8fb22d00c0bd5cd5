"""Logging filters named in settings.LOGGING (imported while logging is configured, so
nothing here reads Django's settings or models)."""

import logging

# WeasyPrint logs this once per font of every PDF when the operating system lacks
# HarfBuzz-Subset (libharfbuzz-subset0, which scripts/system_packages.sh installs where it
# can): the PDFs are right, fontTools subsets the fonts instead, and the task worker's
# terminal was buried under it.
FONT_SUBSET_NOTICE = "Using fontTools instead of HarfBuzz-Subset"


class FontSubsetNoticeFilter(logging.Filter):
    """Drops WeasyPrint's font-subsetting notice and nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.name.startswith("weasyprint") and str(record.msg).startswith(FONT_SUBSET_NOTICE)
        )


class RequestIdFilter(logging.Filter):
    """Puts the request's id (django-guid's, see settings.DJANGO_GUID) on every record as
    `request_id`, so each log line of one request can be found together; `missing` outside
    a request (the task worker, management commands)."""

    def __init__(self, missing: str | None = None) -> None:
        super().__init__()
        self.missing = missing

    def filter(self, record: logging.LogRecord) -> bool:
        # django_guid.context holds only the context variable (no Django settings read).
        from django_guid.context import guid

        record.request_id = guid.get() or self.missing
        return True
