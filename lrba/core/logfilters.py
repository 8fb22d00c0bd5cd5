"""Logging filters named in settings.LOGGING (imported while logging is configured, so
nothing here imports Django)."""

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
